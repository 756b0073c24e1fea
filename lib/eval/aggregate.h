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

#include "eval/value.h"
#include "promql/ast.h"
#include "support/result.h"

namespace ttam::eval {

class GroupCache;

/// True when EvalAggregate implements `op`.
bool IsAggregateImplemented(promql::AggregateOp op);

/// Aggregates `input` at time `t` as `e` says (its operator and by/without
/// labels). `param` is the evaluated parameter (topk's k, quantile's φ,
/// count_values' label) or null for operators without one; `span` is the
/// aggregation's span for annotations added to `annotations` (never null).
/// `cache`, when not null, remembers the groups of input label sets across
/// calls for the same aggregation node (a range query's steps).
Result<Vector> EvalAggregate(const promql::AggregateExpr& e, const Vector& input,
                             const Value* param, int64_t t, promql::Span span,
                             Annotations* annotations, GroupCache* cache = nullptr);

/// upstream's kahansum.Inc: adds `inc` to `sum` with Neumaier's compensation `c`.
void KahanInc(double inc, double& sum, double& c);

}  // namespace ttam::eval
