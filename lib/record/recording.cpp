#include "record/recording.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace ttam::record {
namespace {

constexpr char kExportedPrefix[] = "exported_";

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Attaches the target's labels as the scrape loop's mutateSampleLabels does:
// with honor_labels the exposed value wins; without, the target's value wins
// and each clashing exposed value moves to exported_<name> (shortest names
// first, adding the prefix until the name is free).
void AttachTargetLabels(const TargetLabeling& target, std::map<std::string, std::string>& labels) {
  if (target.honor_labels) {
    for (const auto& [name, value] : target.labels) {
      auto it = labels.find(name);
      if (it == labels.end() || it->second.empty()) labels[name] = value;
    }
    return;
  }
  std::vector<LabelPair> clashes;
  for (const auto& [name, value] : target.labels) {
    auto it = labels.find(name);
    if (it != labels.end() && !it->second.empty()) clashes.emplace_back(name, it->second);
    labels[name] = value;
  }
  std::stable_sort(clashes.begin(), clashes.end(), [](const LabelPair& a, const LabelPair& b) {
    return a.first.size() < b.first.size();
  });
  for (const auto& [name, value] : clashes) {
    std::string renamed = name;
    while (true) {
      renamed = kExportedPrefix + renamed;
      auto it = labels.find(renamed);
      if (it == labels.end() || it->second.empty()) {
        labels[renamed] = value;
        break;
      }
    }
  }
}

std::string SeriesKey(const std::string& name, const std::vector<LabelPair>& labels) {
  std::string key = name;
  key += '\xff';
  for (const auto& [n, v] : labels) {
    key += n;
    key += '\xff';
    key += v;
    key += '\xff';
  }
  return key;
}

}  // namespace

std::pair<std::string, expfmt::MetricType> OpenMetricsFamilyOf(const std::string& sample_name,
                                                               const std::string& family,
                                                               expfmt::MetricType type) {
  using expfmt::MetricType;
  auto is = [&](const char* suffix) { return sample_name == family + suffix; };
  switch (type) {
    case MetricType::kCounter:
      // The text format names a counter family with its _total; OpenMetrics without.
      if (EndsWith(sample_name, "_total") && (is("_total") || sample_name == family)) {
        return {sample_name.substr(0, sample_name.size() - 6), MetricType::kCounter};
      }
      break;
    case MetricType::kGauge:
      if (sample_name == family) return {family, MetricType::kGauge};
      break;
    case MetricType::kHistogram:
      if (is("_bucket") || is("_count") || is("_sum")) return {family, MetricType::kHistogram};
      break;
    case MetricType::kGaugeHistogram:
      if (is("_bucket") || is("_gcount") || is("_gsum")) {
        return {family, MetricType::kGaugeHistogram};
      }
      break;
    case MetricType::kSummary:
      if (sample_name == family || is("_count") || is("_sum")) {
        return {family, MetricType::kSummary};
      }
      break;
    case MetricType::kInfo:
      if (is("_info")) return {family, MetricType::kInfo};
      break;
    case MetricType::kStateset:
      if (sample_name == family) return {family, MetricType::kStateset};
      break;
    case MetricType::kUntyped:
    case MetricType::kUnknown:
      break;
  }
  return {sample_name, MetricType::kUnknown};
}

Result<uint64_t> Recording::AddScrape(const TargetLabeling& target, int64_t scrape_ms,
                                      const ScrapeBuffer& buffer) {
  std::unique_ptr<config::Relabeler> relabeler;
  if (target.metric_relabel_configs != nullptr && !target.metric_relabel_configs->empty()) {
    relabeler = std::make_unique<config::Relabeler>(*target.metric_relabel_configs);
  }
  // Every sample's final labels first: a scrape over a limit adds nothing.
  struct Pending {
    std::map<std::string, std::string> labels;
    const BufferedSample* sample;
  };
  std::vector<Pending> pending;
  pending.reserve(buffer.samples().size());
  const config::ScrapeLimits& limits = target.limits;
  for (const BufferedSample& s : buffer.samples()) {
    std::map<std::string, std::string> labels(s.labels.begin(), s.labels.end());
    labels["__name__"] = s.name;
    AttachTargetLabels(target, labels);
    if (relabeler && !relabeler->Apply(&labels)) continue;
    std::erase_if(labels, [](const auto& l) { return l.second.empty(); });
    auto name = labels.find("__name__");
    if (name == labels.end()) continue;
    // Upstream's verifyLabelLimits, on the labels as stored.
    std::string metric = name->second.substr(0, 50);
    if (limits.label_limit > 0 && labels.size() > limits.label_limit) {
      return Error{"label_limit exceeded (metric: " + metric +
                   ", number of labels: " + std::to_string(labels.size()) +
                   ", limit: " + std::to_string(limits.label_limit) + ")"};
    }
    for (const auto& [n, v] : labels) {
      if (limits.label_name_length_limit > 0 && n.size() > limits.label_name_length_limit) {
        return Error{"label_name_length_limit exceeded (metric: " + metric +
                     ", label name: " + n.substr(0, 50) + ", length: " + std::to_string(n.size()) +
                     ", limit: " + std::to_string(limits.label_name_length_limit) + ")"};
      }
      if (limits.label_value_length_limit > 0 && v.size() > limits.label_value_length_limit) {
        return Error{"label_value_length_limit exceeded (metric: " + metric +
                     ", label name: " + n.substr(0, 50) + ", value: \"" + v.substr(0, 50) +
                     "\", length: " + std::to_string(v.size()) +
                     ", limit: " + std::to_string(limits.label_value_length_limit) + ")"};
      }
    }
    pending.push_back({std::move(labels), &s});
  }
  if (limits.sample_limit > 0 && pending.size() > limits.sample_limit) {
    return Error{"sample limit exceeded (" + std::to_string(pending.size()) +
                 " samples, sample_limit " + std::to_string(limits.sample_limit) + ")"};
  }
  for (Pending& p : pending) {
    const BufferedSample& s = *p.sample;
    std::string name = p.labels["__name__"];
    auto [family, type] = name == s.name ? OpenMetricsFamilyOf(s.name, s.family, s.type)
                                         : std::pair{name, expfmt::MetricType::kUnknown};
    auto meta = buffer.metadata().find(s.family);
    const BufferedMetadata* metadata =
        meta == buffer.metadata().end() || name != s.name ? nullptr : &meta->second;
    int64_t t = s.has_timestamp && target.honor_timestamps ? s.timestamp_ms : scrape_ms;
    Add(std::move(p.labels), family, type, metadata, t, s.value);
  }
  return static_cast<uint64_t>(pending.size());
}

void Recording::AddReport(const TargetLabeling& target, int64_t scrape_ms,
                          const ScrapeReport& report) {
  struct Row {
    const char* name;
    const char* help;
    double value;
  };
  const Row rows[] = {
      {"up", "1 if the target was scraped, 0 if the scrape failed (recorded by ttam record).",
       report.up ? 1.0 : 0.0},
      {"scrape_duration_seconds", "Duration of the scrape.", report.duration_seconds},
      {"scrape_samples_scraped", "The number of samples the target exposed.",
       static_cast<double>(report.samples_scraped)},
      {"scrape_samples_post_metric_relabeling",
       "The number of samples remaining after metric relabeling was applied.",
       static_cast<double>(report.samples_post_metric_relabeling)},
  };
  for (const Row& row : rows) {
    std::map<std::string, std::string> labels;
    for (const auto& [name, value] : target.labels) labels[name] = value;
    labels["__name__"] = row.name;
    BufferedMetadata metadata;
    metadata.help = row.help;
    metadata.has_help = true;
    Add(std::move(labels), row.name, expfmt::MetricType::kGauge, &metadata, scrape_ms, row.value);
  }
}

size_t Recording::FamilyIndex(const std::string& name, expfmt::MetricType type) {
  auto [it, added] = family_index_.try_emplace(name, families_.size());
  if (added) {
    RecordedFamily f;
    f.name = name;
    f.type = type;
    families_.push_back(std::move(f));
  }
  // A name seen with another type (two targets disagree) stays in the
  // first family: OpenMetrics allows one block per name.
  return it->second;
}

void Recording::Add(std::map<std::string, std::string> labels, const std::string& family,
                    expfmt::MetricType type, const BufferedMetadata* metadata, int64_t time_ms,
                    double value) {
  std::string name = labels["__name__"];
  std::vector<LabelPair> pairs;
  pairs.reserve(labels.size());
  for (auto& [n, v] : labels) {
    if (n == "__name__" || v.empty()) continue;
    pairs.emplace_back(n, std::move(v));
  }
  std::string key = SeriesKey(name, pairs);
  auto [it, added] = series_index_.try_emplace(std::move(key), series_.size());
  if (added) {
    size_t f = FamilyIndex(family, type);
    families_[f].series.push_back(series_.size());
    series_.push_back({std::move(name), std::move(pairs), {}});
  }
  auto family_it = family_index_.find(family);
  if (metadata != nullptr && family_it != family_index_.end()) {
    RecordedFamily& f = families_[family_it->second];
    if (metadata->has_help && !f.metadata.has_help) {
      f.metadata.help = metadata->help;
      f.metadata.has_help = true;
    }
    if (metadata->has_unit && !f.metadata.has_unit) {
      f.metadata.unit = metadata->unit;
      f.metadata.has_unit = true;
    }
  }
  RecordedSeries& series = series_[it->second];
  if (!series.samples.empty() && series.samples.back().time_ms >= time_ms) {
    ++dropped_;
    return;
  }
  series.samples.push_back({time_ms, value});
  ++samples_;
}

}  // namespace ttam::record
