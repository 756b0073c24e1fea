// rules/dropped-series: a rule selects a metric that metric_relabel_configs
// drop in every job that could scrape it (the job its job="x" matcher names,
// or every job), so the selector never matches and the rule never returns
// data: an alert on it can never fire. The drop logic is shared with
// config/relabel-drops-used-series (MetricNameFilters): only rules that match
// on __name__ alone count, so every finding is certain.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

class RulesDroppedSeries : public RulesCheck {
 public:
  void Begin(const RulesLintInput& input) override {
    if (input.config == nullptr || input.config->config.scrape_configs.empty()) return;
    for (const config::ScrapeConfig& job : input.config->config.scrape_configs) {
      jobs_.emplace_back(&job, MetricNameFilters(job));
    }
    for (const RecordedRule& rule : input.recorded) recorded_.emplace(rule.record);
  }

  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr || jobs_.empty()) return;
    std::set<std::string> reported;
    promql::Walk(*v.ast, [&](const promql::Expr& e, std::span<const promql::Expr* const>) {
      const auto* vs = std::get_if<promql::VectorSelector>(&e.node);
      if (vs == nullptr) return true;
      std::string metric = promql::SelectorMetric(*vs);
      if (metric.empty() || recorded_.count(metric) != 0 || IsGeneratedSeries(metric) ||
          reported.count(metric) != 0) {
        return true;
      }
      std::optional<std::string> job_name = promql::EqualMatcher(*vs, "job");
      bool named = false;
      if (job_name) {
        for (const auto& [job, filters] : jobs_) named = named || job->job_name == *job_name;
      }
      std::vector<diag::Note> notes;
      std::string first;
      size_t considered = 0;
      for (const auto& [job, filters] : jobs_) {
        if (named && job->job_name != *job_name) continue;
        ++considered;
        const config::RelabelConfig* drop = filters.FirstRemoving(metric);
        if (drop == nullptr) return true;  // this job keeps it
        if (drop->origin.doc == nullptr || drop->origin.node == nullptr) continue;
        if (first.empty()) {
          first =
              "job " + Quote(job->job_name) + " at " + Where(*drop->origin.doc, *drop->origin.node);
        }
        notes.push_back(
            NoteAt(*drop->origin.doc, *drop->origin.node,
                   "job " + Quote(job->job_name) + " removes " + Quote(metric) + " here"));
      }
      if (considered == 0 || first.empty()) return true;
      reported.insert(metric);
      std::string scope = considered == 1 ? first : "in every job; first " + first;
      out.ReportInExpr(v, e.span,
                       Quote(metric) + " is removed by metric_relabel_configs (" + scope +
                           "): no series of it is ever stored, so this selector matches "
                           "nothing and the rule returns no data; stop dropping " +
                           Quote(metric) + " or compute the rule from a metric you keep",
                       std::move(notes));
      return true;
    });
  }

 private:
  std::vector<std::pair<const config::ScrapeConfig*, MetricNameFilters>> jobs_;
  std::set<std::string> recorded_;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesDroppedSeries() {
  return std::make_unique<RulesDroppedSeries>();
}

}  // namespace ttam::lint::checks
