#include "lint/rules/metric_types.h"

#include <utility>

namespace ttam::lint {
namespace {

// The text of lib/lint/rules/data/metric_types.txt, as CMake wrote it into a
// raw string literal (metric_types_data.inc.in).
constexpr std::string_view kBuiltinMetricTypesText =
#include "metric_types_data.inc"
    ;

bool ParseAnyMetricType(std::string_view word, expfmt::MetricType* out) {
  return expfmt::ParseMetricType(word, expfmt::Format::kText, out) ||
         expfmt::ParseMetricType(word, expfmt::Format::kOpenMetrics, out);
}

// Splits `line` at blanks into at most `n` words; false when there are fewer.
bool SplitMetricTypeWords(std::string_view line, std::string_view* words, size_t n) {
  size_t found = 0;
  size_t at = 0;
  while (found < n) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
    if (at >= line.size()) return false;
    size_t end = line.find_first_of(" \t", at);
    if (end == std::string_view::npos) end = line.size();
    words[found++] = line.substr(at, end - at);
    at = end;
  }
  return true;
}

template <typename F>
void ForEachMetricTypeLine(std::string_view text, F&& f) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(line);
    start = end + 1;
  }
}

}  // namespace

std::string_view SeriesKindName(SeriesKind kind) {
  switch (kind) {
    case SeriesKind::kCounter:
      return "counter";
    case SeriesKind::kGauge:
      return "gauge";
    case SeriesKind::kHistogram:
      return "histogram";
  }
  return "";
}

void MetricTypes::Add(std::string_view family, expfmt::MetricType type, std::string_view source) {
  if (type == expfmt::MetricType::kUntyped || type == expfmt::MetricType::kUnknown) return;
  families_.try_emplace(std::string(family), FamilyType{type, std::string(source)});
}

void MetricTypes::Merge(const MetricTypes& other) {
  for (const auto& [name, t] : other.families_) families_.try_emplace(name, t);
}

const MetricTypes::FamilyType* MetricTypes::Find(std::string_view family) const {
  auto it = families_.find(family);
  return it == families_.end() ? nullptr : &it->second;
}

std::optional<KnownSeries> MetricTypes::Lookup(std::string_view series) const {
  using T = expfmt::MetricType;
  if (const FamilyType* f = Find(series)) {
    switch (f->type) {
      case T::kCounter:
        return KnownSeries{SeriesKind::kCounter, f->type, f->source};
      case T::kGauge:
      case T::kInfo:
      case T::kStateset:
      case T::kSummary:  // selected whole: its quantiles
        return KnownSeries{SeriesKind::kGauge, f->type, f->source};
      case T::kHistogram:
      case T::kGaugeHistogram:
        return KnownSeries{SeriesKind::kHistogram, f->type, f->source};
      case T::kUntyped:
      case T::kUnknown:
        return std::nullopt;
    }
  }
  struct SuffixRule {
    std::string_view suffix;
    T family;
    SeriesKind kind;
  };
  static constexpr SuffixRule kRules[] = {
      {"_total", T::kCounter, SeriesKind::kCounter},
      {"_created", T::kCounter, SeriesKind::kGauge},
      {"_bucket", T::kHistogram, SeriesKind::kCounter},
      {"_count", T::kHistogram, SeriesKind::kCounter},
      {"_sum", T::kHistogram, SeriesKind::kCounter},
      {"_created", T::kHistogram, SeriesKind::kGauge},
      {"_count", T::kSummary, SeriesKind::kCounter},
      {"_sum", T::kSummary, SeriesKind::kCounter},
      {"_created", T::kSummary, SeriesKind::kGauge},
      {"_bucket", T::kGaugeHistogram, SeriesKind::kGauge},
      {"_gcount", T::kGaugeHistogram, SeriesKind::kGauge},
      {"_gsum", T::kGaugeHistogram, SeriesKind::kGauge},
      {"_info", T::kInfo, SeriesKind::kGauge},
  };
  for (const SuffixRule& r : kRules) {
    if (!series.ends_with(r.suffix)) continue;
    const FamilyType* f = Find(series.substr(0, series.size() - r.suffix.size()));
    if (f != nullptr && f->type == r.family) return KnownSeries{r.kind, f->type, f->source};
  }
  return std::nullopt;
}

size_t AddExpositionTypes(std::string_view text, std::string_view source, MetricTypes& out) {
  size_t n = 0;
  ForEachMetricTypeLine(text, [&](std::string_view line) {
    if (!line.starts_with("# TYPE ")) return;
    std::string_view words[2];
    if (!SplitMetricTypeWords(line.substr(7), words, 2)) return;
    expfmt::MetricType type;
    if (!ParseAnyMetricType(words[1], &type)) return;
    out.Add(words[0], type, source);
    ++n;
  });
  return n;
}

const MetricTypes& BuiltinMetricTypes() {
  static const MetricTypes* table = [] {
    auto* t = new MetricTypes();
    ForEachMetricTypeLine(kBuiltinMetricTypesText, [&](std::string_view line) {
      if (line.empty() || line[0] == '#') return;
      std::string_view words[3];
      expfmt::MetricType type;
      if (!SplitMetricTypeWords(line, words, 3) || !ParseAnyMetricType(words[1], &type)) return;
      t->Add(words[0], type, words[2]);
    });
    return t;
  }();
  return *table;
}

}  // namespace ttam::lint
