#pragma once

// Internal to eval: the aggregations that select or count series rather than
// fold values (upstream's aggregationK and aggregationCountValues).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eval/value.h"
#include "promql/ast.h"

namespace ttam::eval {

class GroupCache;

/// topk, bottomk, limitk or limit_ratio at time `t` with the validated
/// parameter `param` (k, or the ratio already capped to [-1, 1]): per group
/// (in order of first appearance) the selected samples with their labels
/// unchanged, topk descending and bottomk ascending with NaN last, limitk
/// and limit_ratio in upstream's heap order.
/// `cache` as EvalAggregate's.
Vector EvalAggregateK(const promql::AggregateExpr& e, const Vector& input, double param, int64_t t,
                      GroupCache* cache = nullptr);

/// count_values(`label`, …) at time `t`: the number of samples per group
/// and value, the value set as `label` (Go's FormatFloat 'f', -1) before
/// grouping, and added to `by` grouping.
Vector EvalCountValues(const promql::AggregateExpr& e, const Vector& input, std::string_view label,
                       int64_t t);

/// The labels of the group `labels` falls into: `grouping` kept, or with
/// `without` removed together with the metric name.
model::Labels AggregateGroupLabels(bool without, const std::vector<std::string>& grouping,
                                   const model::Labels& labels);

}  // namespace ttam::eval
