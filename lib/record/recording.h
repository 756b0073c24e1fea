#pragma once

// A recording: the series scraped from targets over time, grouped by
// metric family, as `ttam record` writes them. Each scrape of a target is
// added whole: its samples get the target's labels as Prometheus's scrape
// loop attaches them (honor_labels, metric_relabel_configs after the target
// labels) and the scrape's time unless they carry their own, and the
// target's report series (up, scrape_duration_seconds, ...) follow.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/relabel.h"
#include "config/scrape_limits.h"
#include "expfmt/events.h"
#include "record/scrape_buffer.h"
#include "support/result.h"

namespace ttam::record {

/// One stored sample.
struct RecordedSample {
  int64_t time_ms = 0;
  double value = 0;
};

/// One series: name, labels sorted by name (no `__name__`), samples in time order.
struct RecordedSeries {
  std::string name;
  std::vector<LabelPair> labels;
  std::vector<RecordedSample> samples;
};

/// One metric family as OpenMetrics writes it: its name (without `_total`,
/// `_bucket`, ...), its type and metadata, and its series in first-seen order.
struct RecordedFamily {
  std::string name;
  expfmt::MetricType type = expfmt::MetricType::kUnknown;
  BufferedMetadata metadata;
  std::vector<size_t> series;  ///< indexes into Recording::series()
};

/// How a target's samples are labelled, from its job's scrape config.
struct TargetLabeling {
  /// The target's labels (job, instance, ...); empty values are no label.
  std::map<std::string, std::string> labels;
  /// honor_labels: exposed labels win over target labels; otherwise a
  /// clashing exposed label is kept as `exported_<name>`.
  bool honor_labels = false;
  /// honor_timestamps: a sample's own timestamp is kept; otherwise the scrape time is used.
  bool honor_timestamps = true;
  /// The job's metric_relabel_configs (applied after the target labels, as
  /// Prometheus does); null: none. Must outlive the call that uses it.
  const std::vector<config::RelabelConfig>* metric_relabel_configs = nullptr;
  /// The job's sample_limit and label limits: a scrape that breaks one is
  /// rejected whole, as Prometheus rejects it. 0 = no limit.
  config::ScrapeLimits limits;
};

/// What Prometheus records about a scrape beside its samples.
struct ScrapeReport {
  bool up = false;                              ///< the scrape succeeded
  double duration_seconds = 0;                  ///< how long it took
  uint64_t samples_scraped = 0;                 ///< samples in the exposition
  uint64_t samples_post_metric_relabeling = 0;  ///< samples kept after metric_relabel_configs
};

/// The store of a recording.
class Recording {
 public:
  /// Adds the samples of one successful scrape taken at `scrape_ms`; returns
  /// how many samples were kept after metric_relabel_configs (the report's
  /// samples_post_metric_relabeling). A sample at or before its series'
  /// last time (a repeated or backwards timestamp of the target's own) is
  /// dropped and counted in dropped_samples(). A scrape that breaks the
  /// target's limits adds nothing: an Error with upstream's message
  /// ("sample limit exceeded", "label_limit exceeded (...)", ...).
  Result<uint64_t> AddScrape(const TargetLabeling& target, int64_t scrape_ms,
                             const ScrapeBuffer& buffer);
  /// Adds the target's report series at `scrape_ms`: `up`,
  /// `scrape_duration_seconds`, `scrape_samples_scraped` and
  /// `scrape_samples_post_metric_relabeling`, with the target's labels.
  void AddReport(const TargetLabeling& target, int64_t scrape_ms, const ScrapeReport& report);

  /// Families in first-seen order.
  const std::vector<RecordedFamily>& families() const { return families_; }
  /// Every series, in first-seen order.
  const std::vector<RecordedSeries>& series() const { return series_; }
  /// Samples stored.
  uint64_t sample_count() const { return samples_; }
  /// Samples dropped for a timestamp at or before their series' last one.
  uint64_t dropped_samples() const { return dropped_; }

 private:
  void Add(std::map<std::string, std::string> labels, const std::string& family,
           expfmt::MetricType type, const BufferedMetadata* metadata, int64_t time_ms,
           double value);
  size_t FamilyIndex(const std::string& name, expfmt::MetricType type);

  std::vector<RecordedFamily> families_;
  std::unordered_map<std::string, size_t> family_index_;
  std::vector<RecordedSeries> series_;
  std::unordered_map<std::string, size_t> series_index_;  // by name and labels
  uint64_t samples_ = 0;
  uint64_t dropped_ = 0;
};

/// The family and type a sample is written under in OpenMetrics: the
/// parser's family when the sample's name fits its type (`x_total` of a
/// counter `x`, `x_bucket` of a histogram `x`, ...), otherwise a family
/// `unknown` of the sample's own name (a text-format counter without
/// `_total`, untyped samples, samples renamed by relabelling).
std::pair<std::string, expfmt::MetricType> OpenMetricsFamilyOf(const std::string& sample_name,
                                                               const std::string& family,
                                                               expfmt::MetricType type);

}  // namespace ttam::record
