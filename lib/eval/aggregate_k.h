#pragma once

// Internal to eval: the aggregations that select or count series rather than
// fold values (upstream's aggregationK and aggregationCountValues).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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

/// topk, bottomk or limitk with a constant k folded for every step of a
/// range query at once, its input given series by series: the same groups,
/// heaps and order as EvalAggregateK at each step when each step's input is
/// in series order (a k above a step's input size changes nothing there: all
/// of its samples are pushed either way).
class RangeAggregationK {
 public:
  /// For `e` over `steps` steps with the parameter `k` (at least 1).
  RangeAggregationK(const promql::AggregateExpr& e, size_t steps, int64_t k);
  ~RangeAggregationK();
  RangeAggregationK(const RangeAggregationK&) = delete;
  RangeAggregationK& operator=(const RangeAggregationK&) = delete;
  /// True for the operators this folds.
  static bool Supports(promql::AggregateOp op);
  /// Starts the next input series, whose samples have labels `labels`.
  void NextSeries(const model::Labels& labels);
  /// Adds the current series' sample at step `k`.
  void Add(size_t k, VectorSample&& s);
  /// The aggregation's output at step `k`; once per step.
  Vector Take(size_t k);

 private:
  struct Heap;
  const promql::AggregateExpr& e_;
  size_t steps_;
  int64_t k_;
  std::vector<model::Labels> labels_;  // Per group.
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash_;
  std::vector<std::vector<Heap>> heaps_;    // Per group, per step.
  std::vector<std::vector<size_t>> order_;  // Per step: groups by first appearance.
  size_t current_ = 0;
};

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
