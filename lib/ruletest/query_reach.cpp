// QueryReach: the selectors' data ranges (eval/querier_range.h) at t = 0.

#include "ruletest/query_reach.h"

#include <algorithm>
#include <variant>

#include "eval/querier_range.h"
#include "promql/walk.h"

namespace ttam::ruletest {

std::optional<int64_t> QueryReach(const promql::Expr& root, int64_t lookback_ms) {
  // First the nodes whose reads cannot be bounded this way.
  bool bounded = true;
  promql::Walk(root, [&](const promql::Expr& node, std::span<const promql::Expr* const>) {
    if (const auto* vs = std::get_if<promql::VectorSelector>(&node.node)) {
      if (vs->at || vs->offset_expr || vs->offset_ms < 0 || vs->anchored || vs->smoothed)
        bounded = false;
    } else if (const auto* ms = std::get_if<promql::MatrixSelector>(&node.node)) {
      if (ms->range_expr || ms->range_ms < 0) bounded = false;
    } else if (const auto* sq = std::get_if<promql::SubqueryExpr>(&node.node)) {
      if (sq->at || sq->range_expr || sq->step_expr || sq->offset_expr || sq->offset_ms < 0 ||
          sq->range_ms < 0)
        bounded = false;
    } else if (std::holds_alternative<promql::DurationExpr>(node.node)) {
      bounded = false;
    } else if (const auto* call = std::get_if<promql::Call>(&node.node)) {
      // info() selects its info series itself.
      if (call->func == "info") bounded = false;
    }
    return bounded;
  });
  if (!bounded) return std::nullopt;

  int64_t reach = 0;
  auto literal = [](int64_t ms, const promql::ExprPtr&) { return ms; };
  promql::Walk(root, [&](const promql::Expr& node, std::span<const promql::Expr* const>) {
    if (!std::holds_alternative<promql::VectorSelector>(node.node)) return true;
    eval::TimeRange r = eval::SelectorDataRange(root, node, 0, 0, lookback_ms, literal);
    if (r.maxt > 0) bounded = false;
    reach = std::max(reach, -r.mint);
    return false;
  });
  if (!bounded) return std::nullopt;
  return reach;
}

}  // namespace ttam::ruletest
