#pragma once

// What one scrape looked like, for the per-scrape limits of prometheus.yml
// (sample_limit, label_limit, label name and value length limits): a target
// whose scrape breaks one is rejected whole by Prometheus.
#include <cstdint>
#include <string>
#include <string_view>

#include "config/scrape_limits.h"
#include "diag/diagnostic.h"
#include "expfmt/events.h"

namespace ttam::fleet {

/// Label counts and lengths include __name__ (as Prometheus counts them) but
/// not the target labels (job, instance, ...) Prometheus adds.
struct ScrapeStats {
  uint64_t samples = 0;
  uint64_t max_labels_per_series = 0;
  std::string widest_series;  ///< a sample with that many labels, as written
  uint64_t longest_label_name = 0;
  std::string longest_label_name_example;
  uint64_t longest_label_value = 0;
  std::string longest_label_value_example;  ///< `name="value"`
};

/// Measures ScrapeStats from parse events (after metric_relabel_configs, as
/// Prometheus checks the limits).
class ScrapeStatsConsumer final : public expfmt::Consumer {
 public:
  void OnSample(const expfmt::SampleEvent& event) override;
  /// What the samples so far looked like.
  const ScrapeStats& stats() const { return stats_; }

 private:
  ScrapeStats stats_;
};

/// "<id_prefix>/target-limit": one error per limit the scrape of `target`
/// (of job `job`) breaks.
void CheckScrapeLimits(const ScrapeStats& stats, const config::ScrapeLimits& limits,
                       std::string_view target, std::string_view job, std::string_view id_prefix,
                       diag::Sink& sink);

}  // namespace ttam::fleet
