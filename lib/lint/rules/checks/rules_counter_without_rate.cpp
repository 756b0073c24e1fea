// rules/counter-without-rate: a counter's raw value is a total since the
// process started; it drops to zero on every restart, so comparing it with a
// threshold or summing it across targets gives results that change with
// restarts rather than with traffic. Counters are read with rate(),
// irate() or increase() over a range.
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "model/conventions.h"
#include "promql/analysis.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

// Functions for which a counter's raw value is as good as any other value:
// they look at the presence of series or at their timestamps.
bool UsesPresenceOnly(std::string_view f) {
  return f == "absent" || f == "timestamp" || f == "present_over_time";
}

// True when `selector` (with ancestors `up`, root first) reaches the result
// as a value; false when an ancestor reads only presence or labels, or when
// it is read over a range (the range functions take care of counters).
bool UsedRaw(const promql::Expr* selector, std::span<const promql::Expr* const> up, bool bucket) {
  const promql::Expr* child = selector;
  for (size_t i = up.size(); i-- > 0;) {
    const promql::Expr& a = *up[i];
    if (std::holds_alternative<promql::MatrixSelector>(a.node) ||
        std::holds_alternative<promql::SubqueryExpr>(a.node)) {
      return false;
    }
    if (const auto* call = std::get_if<promql::Call>(&a.node)) {
      if (UsesPresenceOnly(call->func)) return false;
      // rules/histogram-quantile-rate reports raw buckets there.
      if (bucket && call->func.starts_with("histogram_")) return false;
    } else if (const auto* agg = std::get_if<promql::AggregateExpr>(&a.node)) {
      if (agg->op == promql::AggregateOp::kCount || agg->op == promql::AggregateOp::kGroup ||
          agg->op == promql::AggregateOp::kCountValues) {
        return false;
      }
    } else if (const auto* bin = std::get_if<promql::BinaryExpr>(&a.node)) {
      // The right side of and/unless only says which series to keep; the
      // right side of `or` reaches the result, so it counts.
      if ((bin->op == promql::BinaryOp::kAnd || bin->op == promql::BinaryOp::kUnless) &&
          bin->rhs.get() == child) {
        return false;
      }
    }
    child = &a;
  }
  return true;
}

class RulesCounterWithoutRate : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    const rules::Rule& rule = v.rule;
    promql::Walk(*v.ast, [&](const promql::Expr& e, std::span<const promql::Expr* const> up) {
      const auto* vs = std::get_if<promql::VectorSelector>(&e.node);
      if (vs == nullptr) return true;
      std::string metric = promql::SelectorMetric(*vs);
      if (metric.find(':') != std::string::npos || !model::IsCounterName(metric)) return true;
      if (!UsedRaw(&e, up, metric.ends_with("_bucket"))) return true;
      // The selector as written, for the suggestion (offset and @ go after the range).
      std::string text =
          vs->offset_ms != 0 || vs->at || vs->offset_expr || vs->anchored || vs->smoothed
              ? metric
              : Excerpt(rule, e.span);
      out.ReportInExpr(v, e.span,
                       Quote(metric) +
                           " is a counter used as a raw value: its total since the "
                           "process started resets to zero on every restart, so the result "
                           "follows restarts rather than traffic; use rate(" +
                           text + "[5m]) or increase(" + text + "[1h]) instead");
      return true;
    });
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesCounterWithoutRate() {
  return std::make_unique<RulesCounterWithoutRate>();
}

}  // namespace ttam::lint::checks
