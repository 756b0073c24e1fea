#pragma once

// Aggregation operators over an instant vector, with upstream's float
// arithmetic (promql's `aggregation`): sum with Kahan-Neumaier compensation,
// avg switching to an incremental mean on overflow, min/max preferring any
// value to NaN, count, group, stddev/stdvar by Welford's method and
// quantile; topk, bottomk, limitk, limit_ratio and count_values are in
// aggregate_k.cpp. Parameters are checked as upstream does (errors for a NaN
// or out-of-int64 k and a NaN ratio, warnings for a quantile or ratio out of
// range). Groups come out in order of first appearance.

#include <cstdint>
#include <memory>

#include "eval/value.h"
#include "promql/ast.h"
#include "support/result.h"

namespace ttam::eval {

class GroupCache;

/// Aggregates `input` at time `t` as `e` says (its operator and by/without
/// labels). `param` is the evaluated parameter (topk's k, quantile's φ,
/// count_values' label) or null for operators without one; `span` is the
/// aggregation's span for annotations added to `annotations` (never null).
/// `cache`, when not null, remembers the groups of input label sets across
/// calls for the same aggregation node (a range query's steps).
Result<Vector> EvalAggregate(const promql::AggregateExpr& e, const Vector& input,
                             const Value* param, int64_t t, promql::Span span,
                             Annotations* annotations, GroupCache* cache = nullptr);

/// One aggregation without a parameter (sum, avg, count, min, max, group,
/// stddev, stdvar) folded for every step of a range query at once, its input
/// given series by series: the same groups, order and float operations as
/// EvalAggregate at each step when each step's input is in series order.
class RangeAggregation {
 public:
  /// For `e` over `steps` steps.
  RangeAggregation(const promql::AggregateExpr& e, size_t steps);
  ~RangeAggregation();
  RangeAggregation(const RangeAggregation&) = delete;
  RangeAggregation& operator=(const RangeAggregation&) = delete;
  /// True for the operators this folds.
  static bool Supports(promql::AggregateOp op);
  /// Starts the next input series, whose samples have labels `labels`.
  void NextSeries(const model::Labels& labels);
  /// Adds the current series' sample at step `k`.
  void Add(size_t k, double v);
  /// The aggregation's output at step `k` (time `t`); once per step.
  Vector Take(size_t k, int64_t t);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// upstream's kahansum.Inc: adds `inc` to `sum` with Neumaier's compensation `c`.
void KahanInc(double inc, double& sum, double& c);

}  // namespace ttam::eval
