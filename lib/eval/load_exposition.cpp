#include "eval/load_exposition.h"

#include <algorithm>
#include <utility>

#include "eval/promqltest.h"
#include "support/number.h"

namespace ttam::eval {
namespace {

bool IsBlankOrComment(std::string_view line) {
  size_t first = line.find_first_not_of(" \t\r");
  return first == std::string_view::npos || line[first] == '#';
}

}  // namespace

std::optional<std::string> NormalizedFloatLabel(expfmt::MetricType type, std::string_view name,
                                                std::string_view value) {
  bool bound = (type == expfmt::MetricType::kHistogram && name == "le") ||
               (type == expfmt::MetricType::kSummary && name == "quantile");
  double f = 0;
  if (!bound || !ParseFloat(value, &f)) return std::nullopt;
  // Go's shortest %g, with ".0" when that reads as an integer.
  std::string out = FormatGoG(f);
  if (out.find_first_of(".eIN") == std::string::npos) out += ".0";
  if (out == value) return std::nullopt;
  return out;
}

diag::CheckInfo DataCheckInfo() {
  return {kDataCheck, diag::Severity::kError,
          "a data file's sample cannot be stored (no timestamp, or two values at one time)"};
}

ExpositionLoader::ExpositionLoader(Storage& storage, ExpositionLoadOptions options,
                                   diag::Sink& sink)
    : storage_(storage), options_(std::move(options)), sink_(sink) {}

void ExpositionLoader::OnFormat(expfmt::Format format) { format_ = format; }

std::string ExpositionLoader::Written(const expfmt::SampleEvent& event) {
  std::string out(event.name);
  out += '\xff';
  for (const expfmt::Label& l : event.labels) {
    if (l.value.empty()) continue;
    out.append(l.name);
    out += '\xff';
    out.append(l.value);
    out += '\xff';
  }
  return out;
}

bool ExpositionLoader::SameAsWritten(const expfmt::SampleEvent& event, std::string_view written) {
  auto take = [&](std::string_view part) {
    if (written.size() <= part.size() || written.compare(0, part.size(), part) != 0 ||
        written[part.size()] != '\xff') {
      return false;
    }
    written.remove_prefix(part.size() + 1);
    return true;
  };
  if (!take(event.name)) return false;
  for (const expfmt::Label& l : event.labels) {
    if (l.value.empty()) continue;
    if (!take(l.name) || !take(l.value)) return false;
  }
  return written.empty();
}

Series& ExpositionLoader::SeriesOf(const expfmt::SampleEvent& event) {
  std::vector<Known>& same_hash = known_[event.series_hash];
  for (const Known& k : same_hash) {
    if (SameAsWritten(event, k.written)) return *k.series;
  }
  // Not written this way before: the sorted label set decides.
  scratch_.clear();
  scratch_.emplace_back(model::kMetricName, event.name);
  // At most one label is rewritten (a histogram's le, a summary's quantile).
  std::optional<std::string> normalized;
  for (const expfmt::Label& l : event.labels) {
    if (l.value.empty()) continue;
    std::optional<std::string> n;
    if (!normalized) n = NormalizedFloatLabel(event.family.type, l.name, l.value);
    if (n) {
      normalized = std::move(n);
      scratch_.emplace_back(l.name, *normalized);
    } else {
      scratch_.emplace_back(l.name, l.value);
    }
  }
  std::sort(scratch_.begin(), scratch_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<model::Label> built;
  built.reserve(scratch_.size());
  for (const auto& [name, value] : scratch_) {
    built.push_back({std::string(name), std::string(value)});
  }
  Series& series = storage_.SeriesFor(model::Labels::FromUnsorted(std::move(built)));
  same_hash.push_back({Written(event), &series});
  return series;
}

void ExpositionLoader::Fail(const expfmt::SampleEvent& event, uint32_t column,
                            std::string message) {
  ++errors_;
  diag::Diagnostic d;
  d.path = options_.path;
  d.line = static_cast<uint32_t>(event.line);
  d.column = column;
  d.severity = diag::Severity::kError;
  d.check = std::string(kDataCheck);
  d.message = std::move(message);
  d.source_line = std::string(event.line_text);
  sink_.Report(std::move(d));
}

void ExpositionLoader::OnSample(const expfmt::SampleEvent& event) {
  if (format_ == expfmt::Format::kOpenMetrics && event.suffix == expfmt::Suffix::kCreated) return;
  int64_t t = 0;
  if (event.has_timestamp) {
    t = event.timestamp_ms;
  } else if (options_.scrape_time_ms) {
    t = *options_.scrape_time_ms;
  } else {
    if (untimed_++ == 0) {
      Fail(event, event.column,
           "sample has no timestamp: give the file as FILE@TIME (RFC 3339 or Unix seconds) to "
           "take its samples at that time");
    } else {
      ++errors_;
    }
    return;
  }
  Series& series = SeriesOf(event);
  if (!event.has_timestamp) NoteScraped(series.labels());
  if (event.has_timestamp && event.name == "up" &&
      std::find(up_series_.begin(), up_series_.end(), &series) == up_series_.end()) {
    up_series_.push_back(&series);
  }
  Status stored = storage_.AppendTo(series, t, event.value);
  if (!stored) {
    Fail(event, event.has_timestamp ? event.timestamp_column : event.value_column,
         stored.error().message);
    return;
  }
  ++samples_;
}

void ExpositionLoader::NoteScraped(const model::Labels& labels) {
  std::vector<size_t>& same = scraped_by_hash_[labels.Hash()];
  for (size_t i : same) {
    if (scraped_series_[i] == labels) return;
  }
  same.push_back(scraped_series_.size());
  scraped_series_.push_back(labels);
}

void ExpositionLoader::OnEnd(uint64_t /*lines*/) {
  if (untimed_ > 1) {
    diag::Diagnostic d;
    d.path = options_.path;
    d.severity = diag::Severity::kError;
    d.check = std::string(kDataCheck);
    d.message = std::to_string(untimed_ - 1) + " more samples without a timestamp";
    sink_.Report(std::move(d));
  }
  storage_.Compact();
}

void AddStalenessMarkers(std::vector<Snapshot> snapshots, Storage& storage) {
  std::stable_sort(snapshots.begin(), snapshots.end(),
                   [](const Snapshot& a, const Snapshot& b) { return a.time_ms < b.time_ms; });
  for (size_t i = 0; i + 1 < snapshots.size(); ++i) {
    const Snapshot& now = snapshots[i];
    const Snapshot& next = snapshots[i + 1];
    if (next.time_ms == now.time_ms) continue;
    std::unordered_map<uint64_t, std::vector<const model::Labels*>> in_next;
    for (const model::Labels& l : next.series) in_next[l.Hash()].push_back(&l);
    for (const model::Labels& l : now.series) {
      bool present = false;
      for (const model::Labels* other : in_next[l.Hash()]) present = present || *other == l;
      if (present) continue;
      const Series* series = storage.Find(l);
      if (series == nullptr) continue;
      // A sample of its own at that time wins over the marker.
      if (!series->Window(next.time_ms - 1, next.time_ms).empty()) continue;
      (void)storage.Append(l, next.time_ms, StaleNaN());
    }
  }
}

void AddScrapeStalenessMarkers(const std::vector<const Series*>& up_series, Storage& storage) {
  std::vector<std::pair<model::Labels, int64_t>> markers;
  for (const Series* up : up_series) {
    std::vector<int64_t> scrapes;
    for (const Sample& s : up->samples()) scrapes.push_back(s.t);
    if (scrapes.size() < 2) continue;
    std::vector<Matcher> matchers;
    for (const model::Label& l : up->labels().WithoutName()) {
      auto m = Matcher::Make(l.name, promql::MatchOp::kEqual, l.value);
      if (m) matchers.push_back(std::move(*m));
    }
    for (const Series* series : storage.Select(matchers)) {
      std::span<const Sample> samples = series->samples();
      auto has_sample_at = [&](int64_t t) {
        auto it = std::lower_bound(samples.begin(), samples.end(), t,
                                   [](const Sample& s, int64_t v) { return s.t < v; });
        return it != samples.end() && it->t == t;
      };
      for (size_t i = 0; i + 1 < scrapes.size(); ++i) {
        if (has_sample_at(scrapes[i]) && !has_sample_at(scrapes[i + 1])) {
          markers.emplace_back(series->labels(), scrapes[i + 1]);
        }
      }
    }
  }
  for (const auto& [labels, t] : markers) (void)storage.Append(labels, t, StaleNaN());
}

DataKind SniffDataKind(std::string_view head) {
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find('\n', pos);
    std::string_view line = head.substr(pos, end == std::string_view::npos ? end : end - pos);
    pos = end == std::string_view::npos ? head.size() : end + 1;
    if (IsBlankOrComment(line)) continue;
    size_t first = line.find_first_not_of(" \t");
    line.remove_prefix(first);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    size_t space = line.find_first_of(" \t");
    std::string_view word = line.substr(0, space);
    std::string_view rest =
        space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
    if (word == "clear" && rest.empty()) return DataKind::kPromqlTest;
    if (word == "eval" || word.starts_with("eval_")) return DataKind::kPromqlTest;
    if (word == "load" || word == "load_with_nhcb") {
      // `load 5m` is a test file; `load 5` is a metric called load.
      bool duration = promqltest::ParseTestDuration(rest).has_value() && !rest.empty() &&
                      rest.find_first_not_of("0123456789") != std::string_view::npos;
      return duration ? DataKind::kPromqlTest : DataKind::kExposition;
    }
    return DataKind::kExposition;
  }
  return DataKind::kExposition;
}

std::optional<int64_t> NewestSampleTime(const Storage& storage) {
  std::optional<int64_t> newest;
  for (const Series* series : storage.AllSeries()) {
    if (series->samples().empty()) continue;
    int64_t t = series->samples().back().t;
    if (!newest || t > *newest) newest = t;
  }
  return newest;
}

}  // namespace ttam::eval
