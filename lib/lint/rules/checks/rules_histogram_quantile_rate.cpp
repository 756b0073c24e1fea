// rules/histogram-quantile-rate: classic histogram buckets are counters.
// histogram_quantile() over their raw values computes the quantile over
// everything the target observed since it started, which barely moves and
// jumps at every restart; the quantile of recent requests needs the buckets'
// rate() (or increase()) over a window.
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

class RulesHistogramQuantileRate : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    promql::ForEachHistogramQuantile(*v.ast, [&](const promql::Expr& buckets) {
      promql::Walk(buckets, [&](const promql::Expr& n, std::span<const promql::Expr* const>) {
        // Ranges (rate(), increase(), subqueries) are fine; a nested
        // histogram_quantile() is visited on its own.
        if (std::holds_alternative<promql::MatrixSelector>(n.node) ||
            std::holds_alternative<promql::SubqueryExpr>(n.node)) {
          return false;
        }
        const auto* inner = std::get_if<promql::Call>(&n.node);
        if (inner != nullptr && inner->func == "histogram_quantile") return false;
        const auto* vs = std::get_if<promql::VectorSelector>(&n.node);
        if (vs == nullptr) return true;
        std::string metric = promql::SelectorMetric(*vs);
        if (!metric.ends_with("_bucket")) return true;
        out.ReportInExpr(v, n.span,
                         "histogram_quantile() over the raw counters of " + Quote(metric) +
                             ": they hold every observation since the target started, so the "
                             "quantile barely moves and jumps at restarts; use rate(" +
                             metric + "[5m]) inside the aggregation");
        return true;
      });
    });
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesHistogramQuantileRate() {
  return std::make_unique<RulesHistogramQuantileRate>();
}

}  // namespace ttam::lint::checks
