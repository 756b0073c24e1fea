#pragma once

// The time range of the data a selector is given: upstream passes each
// selector's reach to the storage as select hints
// (getTimeRangesForSelector), and the TSDB trims the series it returns to
// that range. Evaluation never reads outside it, except timestamp(x @ T
// offset D): upstream's special path for timestamp() over a selector reads
// at T (the offset replaced by eval time - T, issue #8433) while the series
// hold the data around T - D, so only samples in both count (engine.cpp;
// measured on promtool 2.42, and 3.x has the same code).

#include <cstdint>
#include <functional>

#include "promql/ast.h"

namespace ttam::eval {

struct TimeRange {
  int64_t mint = 0;  ///< Inclusive.
  int64_t maxt = 0;  ///< Inclusive.
};

/// The time an @ modifier pins to: its timestamp, or the query's `start`
/// or `end` for `@ start()` and `@ end()`.
int64_t AtModifierTime(const promql::AtModifier& at, int64_t start, int64_t end);

/// A duration node's value in ms: `literal` when `expr` is null, else the
/// duration expression evaluated (0 when it cannot be).
using DurationOf = std::function<int64_t(int64_t literal, const promql::ExprPtr& expr)>;

/// [mint, maxt] of the data `selector` (a VectorSelector node of `root`)
/// reads when `root` is evaluated from `start` to `end` (equal for an
/// instant query; they also resolve `@ start()` and `@ end()`) with
/// lookback `lookback_ms`. {0, 0} when `selector` is not in `root`.
TimeRange SelectorDataRange(const promql::Expr& root, const promql::Expr& selector, int64_t start,
                            int64_t end, int64_t lookback_ms, const DurationOf& duration);

}  // namespace ttam::eval
