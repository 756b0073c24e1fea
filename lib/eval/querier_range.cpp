#include "eval/querier_range.h"

#include <optional>

#include "promql/walk.h"

namespace ttam::eval {

int64_t AtModifierTime(const promql::AtModifier& at, int64_t start, int64_t end) {
  switch (at.kind) {
    case promql::AtKind::kStart:
      return start;
    case promql::AtKind::kEnd:
      return end;
    case promql::AtKind::kTimestamp:
      break;
  }
  return at.timestamp_ms;
}

TimeRange SelectorDataRange(const promql::Expr& root, const promql::Expr& selector, int64_t start,
                            int64_t end, int64_t lookback_ms, const DurationOf& duration) {
  TimeRange out;
  promql::Walk(root, [&](const promql::Expr& node, std::span<const promql::Expr* const> path) {
    if (&node != &selector) return true;
    const auto* vs = std::get_if<promql::VectorSelector>(&node.node);
    if (vs == nullptr) return false;
    // The enclosing subqueries: their offsets and ranges add up; an @ on
    // one resets what came before it (upstream's subqueryTimes).
    int64_t subq_offset = 0;
    int64_t subq_range = 0;
    std::optional<int64_t> subq_at;
    for (const promql::Expr* a : path) {
      const auto* sq = std::get_if<promql::SubqueryExpr>(&a->node);
      if (sq == nullptr) continue;
      int64_t offset = duration(sq->offset_ms, sq->offset_expr);
      int64_t range = duration(sq->range_ms, sq->range_expr);
      if (sq->at) {
        subq_offset = offset;
        subq_range = range;
        subq_at = AtModifierTime(*sq->at, start, end);
      } else {
        subq_offset += offset;
        subq_range += range;
      }
    }
    int64_t s = subq_at.value_or(start);
    int64_t e = subq_at.value_or(end);
    if (vs->at) {
      s = e = AtModifierTime(*vs->at, start, end);
    } else {
      s -= subq_offset + subq_range;
      e -= subq_offset;
    }
    const promql::Expr* parent = path.empty() ? nullptr : path.back();
    const auto* ms =
        parent != nullptr ? std::get_if<promql::MatrixSelector>(&parent->node) : nullptr;
    s -= ms != nullptr ? duration(ms->range_ms, ms->range_expr) : lookback_ms;
    int64_t offset = duration(vs->offset_ms, vs->offset_expr);
    s -= offset;
    e -= offset;
    out = {s, e};
    return false;
  });
  return out;
}

}  // namespace ttam::eval
