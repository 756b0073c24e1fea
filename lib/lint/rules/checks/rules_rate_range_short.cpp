// rules/rate-range-short: rate() and its kin need at least two samples in the
// range. With a range of only one or two scrape intervals, one missed or late
// scrape leaves a single sample and the series vanishes from the result for
// that evaluation (alerts reset, graphs gap). Four intervals is the usual
// floor (it is what Grafana's $__rate_interval uses).
//
// Which interval: a metric recorded by a checked rule file is sampled at its
// group's evaluation interval; a selector with a job="x" matcher naming a
// scrape job uses that job's interval; otherwise the smallest interval of any
// job, so that a finding holds whichever job scrapes the metric. A config with
// no scrape job and no global.scrape_interval (one that only loads rule files)
// says nothing about how scraped series are sampled: only recorded series,
// whose group interval is known, are checked then.
#include <map>
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"
#include "promql/printer.h"
#include "promql/walk.h"
#include "support/units.h"

namespace ttam::lint::checks {
namespace {

constexpr int64_t kMinIntervals = 4;

bool NeedsTwoSamples(std::string_view f) {
  return f == "rate" || f == "irate" || f == "increase" || f == "delta" || f == "idelta" ||
         f == "deriv" || f == "predict_linear";
}

struct Interval {
  int64_t ms = 0;
  std::string what;  // "job \"x\" scrapes every 30s"
};

class RulesRateRangeShort : public RulesCheck {
 public:
  void Begin(const RulesLintInput& input) override {
    if (input.config == nullptr) return;
    cfg_ = &input.config->config;
    for (const RecordedRule& rule : input.recorded) {
      int64_t ms =
          rule.group_interval_ms > 0 ? rule.group_interval_ms : cfg_->global.evaluation_interval_ms;
      // The first rule recording a name wins (as std::map::emplace).
      if (recorded_.count(rule.record) != 0) continue;
      recorded_.emplace(
          rule.record, Interval{ms, "group " + Quote(rule.group) + ", which records " +
                                        Quote(rule.record) + ", runs every " + FormatDuration(ms)});
    }
    scrape_interval_known_ = !cfg_->scrape_configs.empty() ||
                             FindValue(cfg_->global.origin.node, "scrape_interval") != nullptr;
    for (const config::ScrapeConfig& job : cfg_->scrape_configs) {
      jobs_.emplace(job.job_name, &job);
      if (fastest_ == nullptr || job.scrape_interval_ms < fastest_->scrape_interval_ms) {
        fastest_ = &job;
      }
    }
  }

  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr || cfg_ == nullptr) return;
    promql::Walk(*v.ast, [&](const promql::Expr& e, std::span<const promql::Expr* const>) {
      const auto* call = std::get_if<promql::Call>(&e.node);
      if (call == nullptr || !NeedsTwoSamples(call->func) || call->args.empty()) return true;
      const promql::Expr& arg = promql::Unparen(*call->args[0]);
      const auto* m = std::get_if<promql::MatrixSelector>(&arg.node);
      if (m == nullptr || m->range_expr) return true;  // computed ranges are not known here
      const auto* vs = std::get_if<promql::VectorSelector>(&m->vector_selector->node);
      if (vs == nullptr) return true;
      Interval iv = IntervalOf(*vs);
      if (iv.ms <= 0 || m->range_ms >= kMinIntervals * iv.ms) return true;
      out.ReportInExpr(v, arg.span,
                       call->func + "() over [" + promql::FormatDuration(m->range_ms) +
                           "] spans fewer than " + std::to_string(kMinIntervals) +
                           " sample intervals (" + iv.what +
                           "): one missed or late sample "
                           "leaves too few points and the series drops out of the result; use "
                           "a range of at least [" +
                           promql::FormatDuration(kMinIntervals * iv.ms) + "]");
      return true;
    });
  }

 private:
  // The interval between the samples `vs` reads: a recorded series' group
  // interval, the scrape interval of the job its job="x" matcher names, or
  // else the fastest job's.
  Interval IntervalOf(const promql::VectorSelector& vs) const {
    auto rec = recorded_.find(promql::SelectorMetric(vs));
    if (rec != recorded_.end()) return rec->second;
    if (!scrape_interval_known_) return {};
    if (std::optional<std::string> job = promql::EqualMatcher(vs, "job")) {
      auto it = jobs_.find(*job);
      if (it != jobs_.end()) {
        return {it->second->scrape_interval_ms, "job " + Quote(*job) + " scrapes every " +
                                                    FormatDuration(it->second->scrape_interval_ms)};
      }
    }
    if (fastest_ != nullptr) {
      return {fastest_->scrape_interval_ms, (jobs_.size() > 1 ? "the fastest job, " : "job ") +
                                                Quote(fastest_->job_name) + ", scrapes every " +
                                                FormatDuration(fastest_->scrape_interval_ms)};
    }
    return {cfg_->global.scrape_interval_ms,
            "global.scrape_interval is " + FormatDuration(cfg_->global.scrape_interval_ms)};
  }

  const config::Config* cfg_ = nullptr;
  std::map<std::string, Interval> recorded_;
  std::map<std::string, const config::ScrapeConfig*> jobs_;
  const config::ScrapeConfig* fastest_ = nullptr;
  bool scrape_interval_known_ = false;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesRateRangeShort() {
  return std::make_unique<RulesRateRangeShort>();
}

}  // namespace ttam::lint::checks
