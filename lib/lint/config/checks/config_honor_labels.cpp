// honor_labels: true (in the guide's "Enable compression" snippet) lets the
// target's own job, instance and other labels win over the ones Prometheus
// attaches: a target can pose as another. Right for federation and the
// Pushgateway, wrong for an application.
#include <cctype>
#include <string>
#include <string_view>

#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

// A job that scrapes a federation endpoint or a Pushgateway, where
// honor_labels: true is the documented setting: /federate as metrics_path,
// "pushgateway" or "federat" in the job name, or every static target on the
// Pushgateway's port 9091 or named like one.
bool ScrapesFederationOrPushgateway(const config::ScrapeConfig& job) {
  auto has = [](const std::string& text, std::string_view what) {
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find(what) != std::string::npos;
  };
  if (job.metrics_path == "/federate") return true;
  if (has(job.job_name, "pushgateway") || has(job.job_name, "federat")) return true;
  if (job.static_targets.empty()) return false;
  for (const config::StaticTarget& t : job.static_targets) {
    bool port = t.address.size() > 5 && t.address.compare(t.address.size() - 5, 5, ":9091") == 0;
    if (!port && !has(t.address, "pushgateway")) return false;
  }
  return true;
}

class HonorLabels : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const config::ScrapeConfig& job : input.config.config.scrape_configs) {
      if (!job.honor_labels || job.origin.doc == nullptr || job.origin.node == nullptr) continue;
      if (ScrapesFederationOrPushgateway(job)) continue;
      const yaml::Node* at = FindValue(job.origin.node, "honor_labels");
      if (at == nullptr) continue;
      out.Report(*job.origin.doc, *at,
                 "job " + Quote(job.job_name) +
                     " sets honor_labels: true, so labels the target exposes (job, instance, "
                     "...) replace the ones Prometheus attaches and a target can pose as "
                     "another; remove it unless the target is a federation endpoint or a "
                     "Pushgateway (then add \"# ttam: disable=config/honor-labels\")");
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigHonorLabels() { return std::make_unique<HonorLabels>(); }

}  // namespace ttam::lint::checks
