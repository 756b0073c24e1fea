#pragma once

// Evaluation of a bound expression over the series store, with Prometheus
// 3's selection semantics: left-open windows, the lookback delta and
// staleness markers. Number and string literals, parentheses, instant and
// range vector selectors (offset, @), subqueries (steps aligned to absolute
// multiples of their step, nested, with offset and @), duration expressions
// in range, step and offset positions, the query-context functions start(),
// end(), range() and step(), unary and binary operators, aggregations and the
// functions in eval's table, as instant or range queries; both modes of
// `__name__` removal; the max-samples limit. Anything else is an error saying
// it is not implemented.
//
// A range query evaluates every step independently, except that a range
// function over a plain range selector (rate(x[5m]), *_over_time, ...: those
// with a per-window FunctionImpl::window) is called on each stored window,
// series by series for all steps at once, as upstream does; an
// aggregation directly over such a call (sum, avg, count, min, max, group,
// stddev, stdvar, and topk, bottomk, limitk with a literal k) folds its
// output series by series into every step's groups, in the order and with
// the float operations each step would use (immediate name removal only;
// outputs whose labels collide fall back to step by step). Inside a
// subquery without @ the same holds over the grid of all its inner steps.
// The series each selector selects are looked up once per query, and
// subquery points once per inner step. Aggregations remember each input
// label set's group across steps. Max-samples accounting follows upstream's for instant
// queries; for range queries it counts the result so far plus the current
// step, where upstream holds every step of each sub-expression (so upstream
// fails some large range queries that pass here). Evaluation recurses over the tree: an expression
// nested deeper than kMaxEvalDepth (1,000) levels fails with an error instead of exhausting the
// stack (the parser accepts 25,000).

#include <cstdint>

#include "eval/plan.h"
#include "eval/storage.h"
#include "eval/value.h"
#include "support/result.h"

namespace ttam::eval {

/// The deepest expression nesting the evaluator accepts.
inline constexpr int kMaxEvalDepth = 1000;

/// Engine settings, upstream's defaults.
struct EngineOptions {
  int64_t lookback_ms = 5 * 60 * 1000;  ///< How far back an instant selector looks.
  /// The most samples a query may hold in memory at once, with upstream's
  /// accounting (promqltest's default; a Prometheus server's is 50,000,000).
  /// Exceeding it fails with `query processing would load too many samples
  /// into memory in query execution`. 0 or less: no limit.
  int64_t max_samples = 10000;
  /// Delayed `__name__` removal (promql-delayed-name-removal): the name is
  /// kept through the expression and dropped at the end, as Prometheus 3
  /// does with the feature flag; off means immediate dropping.
  bool delayed_name_removal = false;
  /// The step of a subquery written without one (`x[1h:]`): upstream's
  /// NoStepSubqueryIntervalFn, the global evaluation interval (1m in
  /// promqltest; rule tests use their evaluation_interval).
  int64_t default_subquery_step_ms = 60 * 1000;
};

/// Evaluates `plan` at `t_ms` (an instant query; step() is 0, range() is 0).
/// Warnings and infos go to `annotations` when it is not null.
Result<Value> EvalInstant(const Storage& storage, const Plan& plan, int64_t t_ms,
                          const EngineOptions& options = {}, Annotations* annotations = nullptr);

/// Evaluates `plan` at start, start+step, ... up to end (a range query): every
/// step independently, collected into a matrix sorted by labels.
Result<Matrix> EvalRange(const Storage& storage, const Plan& plan, int64_t start_ms, int64_t end_ms,
                         int64_t step_ms, const EngineOptions& options = {},
                         Annotations* annotations = nullptr);

}  // namespace ttam::eval
