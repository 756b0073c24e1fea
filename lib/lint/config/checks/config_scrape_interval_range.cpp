// Only extreme intervals: a 5s interval in a demo stack is deliberate (the
// getting-started guide uses it) and 1m is Prometheus's own default. Under 5s
// multiplies load and storage; over 2m, fewer than three samples fall in the
// 5m lookback window, so one missed scrape makes series flap stale and rate()
// over 5m windows unreliable.
#include "lint/config/helpers.h"
#include "support/units.h"

namespace ttam::lint::checks {
namespace {

constexpr int64_t kMinMs = 5'000;
constexpr int64_t kMaxMs = 120'000;

bool OutOfRange(int64_t ms) { return ms < kMinMs || ms > kMaxMs; }

std::string Advice(int64_t ms) {
  if (ms < kMinMs) {
    return "scraping faster than every 5s multiplies the load on targets and the samples "
           "stored; scrape every 5s or slower unless the data needs it";
  }
  return "past 2m, one missed scrape makes series go stale (5m lookback) and rate() over 5m "
         "windows unreliable; scrape every 2m or faster";
}

class ScrapeIntervalRange : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    const config::Config& cfg = input.config.config;
    const config::GlobalConfig& global = cfg.global;
    const yaml::Node* global_value = FindValue(global.origin.node, "scrape_interval");
    if (global_value != nullptr && global.origin.doc != nullptr &&
        OutOfRange(global.scrape_interval_ms)) {
      out.Report(*global.origin.doc, *global_value,
                 "global.scrape_interval is " + FormatDuration(global.scrape_interval_ms) +
                     ", outside 5s to 2m; " + Advice(global.scrape_interval_ms));
    }
    // Jobs that inherit Prometheus's default (1m) because nothing sets it:
    // reported once, at the first of them.
    const config::ScrapeConfig* first_default = nullptr;
    size_t defaults = 0;
    for (const config::ScrapeConfig& job : cfg.scrape_configs) {
      if (job.origin.doc == nullptr || job.origin.node == nullptr) continue;
      const yaml::Node* own = FindValue(job.origin.node, "scrape_interval");
      if (own != nullptr) {
        if (OutOfRange(job.scrape_interval_ms)) {
          out.Report(*job.origin.doc, *own,
                     "job " + Quote(job.job_name) + " scrapes every " +
                         FormatDuration(job.scrape_interval_ms) + ", outside 5s to 2m; " +
                         Advice(job.scrape_interval_ms));
        }
      } else if (global_value == nullptr && OutOfRange(job.scrape_interval_ms)) {
        if (first_default == nullptr) first_default = &job;
        ++defaults;
      }
    }
    if (first_default != nullptr) {
      const yaml::Node* at = FindValue(first_default->origin.node, "job_name");
      if (at == nullptr) at = first_default->origin.node;
      std::string who = "job " + Quote(first_default->job_name);
      if (defaults > 1) who += " and " + std::to_string(defaults - 1) + " other job(s)";
      out.Report(*first_default->origin.doc, *at,
                 who + (defaults > 1 ? " scrape every " : " scrapes every ") +
                     FormatDuration(first_default->scrape_interval_ms) +
                     ", Prometheus's default, because neither the job nor global sets "
                     "scrape_interval; " +
                     Advice(first_default->scrape_interval_ms) +
                     ": set global.scrape_interval (e.g. 15s)");
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigScrapeIntervalRange() { return std::make_unique<ScrapeIntervalRange>(); }

}  // namespace ttam::lint::checks
