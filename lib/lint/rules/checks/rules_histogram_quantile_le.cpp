// rules/histogram-quantile-le: histogram_quantile() over classic buckets
// reads each bucket's upper bound from its `le` label. An aggregation (or a
// vector match) that drops `le` merges the buckets, and histogram_quantile()
// then skips every series: the result is empty.
#include <algorithm>
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"
#include "promql/walk.h"
#include "support/text.h"

namespace ttam::lint::checks {
namespace {

std::string FirstBucketMetric(const promql::Expr& e) {
  std::string found;
  promql::Walk(e, [&](const promql::Expr& n, std::span<const promql::Expr* const>) {
    if (!found.empty()) return false;
    if (const auto* vs = std::get_if<promql::VectorSelector>(&n.node)) {
      std::string metric = promql::SelectorMetric(*vs);
      if (metric.ends_with("_bucket")) found = metric;
    }
    return true;
  });
  return found;
}

// How to keep `le` at `culprit`.
std::string Fix(const promql::Expr& culprit) {
  if (const auto* agg = std::get_if<promql::AggregateExpr>(&culprit.node)) {
    std::string op(promql::AggregateOpName(agg->op));
    if (agg->without) {
      std::vector<std::string> rest;
      std::copy_if(agg->grouping.begin(), agg->grouping.end(), std::back_inserter(rest),
                   [](const std::string& l) { return l != "le"; });
      return rest.empty() ? "remove le from without (...)"
                          : "remove le from without (...): " + op + " without (" + Join(rest) + ")";
    }
    std::vector<std::string> by{"le"};
    by.insert(by.end(), agg->grouping.begin(), agg->grouping.end());
    return "aggregate by le too: " + op + " by (" + Join(by) + ")";
  }
  if (const auto* bin = std::get_if<promql::BinaryExpr>(&culprit.node)) {
    if (bin->matching.on) return "add le to on (...)";
    return "remove le from ignoring (...)";
  }
  return "keep the le label";
}

class RulesHistogramQuantileLe : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    promql::ForEachHistogramQuantile(*v.ast, [&](const promql::Expr& arg) {
      // Without a classic _bucket series the argument may be a native
      // histogram, which has no le label at all.
      std::string metric = FirstBucketMetric(arg);
      if (metric.empty()) return;
      const promql::Expr* culprit = promql::WhereLabelDropped(arg, "le");
      if (culprit == nullptr) return;
      out.ReportInExpr(v, culprit->span,
                       "histogram_quantile() needs the le label of " + Quote(metric) +
                           ", but this drops it: the buckets lose their bounds and "
                           "histogram_quantile() skips them, so the result is empty; " +
                           Fix(*culprit));
    });
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesHistogramQuantileLe() {
  return std::make_unique<RulesHistogramQuantileLe>();
}

}  // namespace ttam::lint::checks
