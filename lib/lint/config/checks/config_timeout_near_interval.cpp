// A scrape that takes almost the whole interval overlaps the next one as soon
// as the target slows down. Only a scrape_timeout written in the config is
// reported: Prometheus's own default (min(10s, interval)) is not the user's
// choice, and every real finding on the default was noise.
#include "lint/config/helpers.h"
#include "support/units.h"

namespace ttam::lint::checks {
namespace {

// timeout > 80% of interval; timeout > interval is config::Load's error.
bool TooClose(int64_t timeout_ms, int64_t interval_ms) {
  return interval_ms > 0 && timeout_ms <= interval_ms && timeout_ms * 5 > interval_ms * 4;
}

std::string Percent(int64_t timeout_ms, int64_t interval_ms) {
  return std::to_string(timeout_ms * 100 / interval_ms) + "%";
}

std::string Fix(int64_t interval_ms) {
  return "a target that slows down keeps the scrape running until the next one is due, and "
         "a timeout leaves a gap; set scrape_timeout to at most " +
         FormatDuration(interval_ms * 4 / 5) + " (80% of the interval)";
}

class TimeoutNearInterval : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    const config::Config& cfg = input.config.config;
    const config::GlobalConfig& global = cfg.global;
    const yaml::Node* global_timeout = FindValue(global.origin.node, "scrape_timeout");
    const yaml::Node* global_interval = FindValue(global.origin.node, "scrape_interval");
    bool global_reported = false;
    auto report_global = [&] {
      if (global_reported || global.origin.doc == nullptr || global.origin.node == nullptr) return;
      const yaml::Node* at = global_timeout != nullptr ? global_timeout : global_interval;
      if (at == nullptr) at = FindKey(global.origin.node, "scrape_interval");
      if (at == nullptr) at = global.origin.node;
      if (at == nullptr) return;
      global_reported = true;
      out.Report(*global.origin.doc, *at,
                 "global.scrape_timeout is " + FormatDuration(global.scrape_timeout_ms) + ", " +
                     Percent(global.scrape_timeout_ms, global.scrape_interval_ms) +
                     " of global.scrape_interval " + FormatDuration(global.scrape_interval_ms) +
                     "; " + Fix(global.scrape_interval_ms));
    };
    if (global_timeout != nullptr &&
        TooClose(global.scrape_timeout_ms, global.scrape_interval_ms)) {
      report_global();
    }
    for (const config::ScrapeConfig& job : cfg.scrape_configs) {
      if (job.origin.doc == nullptr || job.origin.node == nullptr) continue;
      if (!TooClose(job.scrape_timeout_ms, job.scrape_interval_ms)) continue;
      const yaml::Node* own_timeout = FindValue(job.origin.node, "scrape_timeout");
      const yaml::Node* own_interval = FindValue(job.origin.node, "scrape_interval");
      if (own_timeout == nullptr && (own_interval == nullptr || global_timeout == nullptr)) {
        // The timeout is Prometheus's default, or inherited with the
        // interval: one finding at global covers every such job.
        if (global_timeout != nullptr && own_interval == nullptr) report_global();
        continue;
      }
      const yaml::Node* at = own_timeout != nullptr ? own_timeout : own_interval;
      std::string timeout = FormatDuration(job.scrape_timeout_ms);
      if (own_timeout == nullptr) timeout += " (from global.scrape_timeout)";
      out.Report(*job.origin.doc, *at,
                 "job " + Quote(job.job_name) + ": scrape_timeout " + timeout + " is " +
                     Percent(job.scrape_timeout_ms, job.scrape_interval_ms) +
                     " of scrape_interval " + FormatDuration(job.scrape_interval_ms) + "; " +
                     Fix(job.scrape_interval_ms));
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigTimeoutNearInterval() { return std::make_unique<TimeoutNearInterval>(); }

}  // namespace ttam::lint::checks
