// The same endpoint scraped by two jobs is stored twice under two job labels:
// double the series, and sums over both jobs count everything twice. The
// guide's "tta-dev-app" and "tta-dev" sections both point at localhost:5000.
#include <map>

#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

// Relabelling that may move, filter or rewrite the target makes the address
// as written say nothing certain about what is scraped (e.g. blackbox jobs).
bool RewritesTargets(const config::ScrapeConfig& job) {
  for (const config::RelabelConfig& rule : job.relabel_configs) {
    const std::string& a = rule.action;
    if (a == "keep" || a == "drop" || a == "keepequal" || a == "dropequal" || a == "labelmap" ||
        a == "labelkeep" || a == "labeldrop") {
      return true;
    }
    const std::string& t = rule.target_label;
    if (t == "__address__" || t == "__scheme__" || t == "__metrics_path__" ||
        t.starts_with("__param_") || t.find('$') != std::string::npos) {
      return true;
    }
  }
  return false;
}

// What Prometheus requests: scheme, address, path and parameters.
std::string Endpoint(const config::ScrapeConfig& job, const std::string& address) {
  std::string url = job.scheme + "://" + address + job.metrics_path;
  char sep = '?';
  for (const auto& [name, values] : job.params) {
    for (const std::string& value : values) {
      url += sep + name + "=" + value;
      sep = '&';
    }
  }
  return url;
}

class DuplicateTarget : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    struct First {
      const config::ScrapeConfig* job;
      const config::StaticTarget* target;
    };
    std::map<std::string, First> seen;
    for (const config::ScrapeConfig& job : input.config.config.scrape_configs) {
      if (RewritesTargets(job)) continue;
      for (const config::StaticTarget& target : job.static_targets) {
        std::string endpoint = Endpoint(job, target.address);
        auto [it, inserted] = seen.emplace(endpoint, First{&job, &target});
        if (inserted || it->second.job == &job) continue;
        const First& first = it->second;
        std::vector<diag::Note> notes;
        std::string where;
        if (first.target->origin.doc != nullptr && first.target->origin.node != nullptr) {
          notes.push_back(NoteAt(*first.target->origin.doc, *first.target->origin.node,
                                 "job " + Quote(first.job->job_name) + " scrapes it here"));
          where = " at " + Where(*first.target->origin.doc, *first.target->origin.node);
        }
        out.Report(target.origin,
                   "job " + Quote(job.job_name) + " scrapes " + Quote(endpoint) + ", which job " +
                       Quote(first.job->job_name) + where +
                       " already scrapes; its series are stored twice under two job labels "
                       "and sums over both count them twice, so scrape it in one job only",
                   std::move(notes));
      }
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigDuplicateTarget() { return std::make_unique<DuplicateTarget>(); }

}  // namespace ttam::lint::checks
