// honor_labels: true (in the guide's "Enable compression" snippet) lets the
// target's own job, instance and other labels win over the ones Prometheus
// attaches: a target can pose as another. Right for federation and the
// Pushgateway, wrong for an application.
#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

class HonorLabels : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const config::ScrapeConfig& job : input.config.config.scrape_configs) {
      if (!job.honor_labels || job.origin.doc == nullptr || job.origin.node == nullptr) continue;
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
