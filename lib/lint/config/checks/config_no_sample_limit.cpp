// With service discovery the targets are whatever shows up; one of them
// exposing a metric with a request ID in a label adds millions of series and
// takes Prometheus down. sample_limit fails just that target's scrape instead.
#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

class NoSampleLimit : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const config::ScrapeConfig& job : input.config.config.scrape_configs) {
      if (job.discovery.empty() || job.limits.sample_limit != 0 || job.origin.doc == nullptr ||
          job.origin.node == nullptr)
        continue;
      const yaml::Node* at = FindValue(job.origin.node, "job_name");
      if (at == nullptr) at = job.origin.node;
      if (at == nullptr) continue;
      std::string kinds = job.discovery[0];
      for (size_t i = 1; i < job.discovery.size(); ++i) kinds += ", " + job.discovery[i];
      out.Report(*job.origin.doc, *at,
                 "job " + Quote(job.job_name) + " discovers its targets (" + kinds +
                     ") but sets no sample_limit, so one target that starts exposing a "
                     "high-cardinality metric can add millions of series and exhaust "
                     "Prometheus's memory; set sample_limit (or global.sample_limit) above what "
                     "a healthy target exposes, e.g. 10000");
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigNoSampleLimit() { return std::make_unique<NoSampleLimit>(); }

}  // namespace ttam::lint::checks
