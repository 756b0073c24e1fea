#pragma once

// Evaluation of a bound expression over the series store, with Prometheus
// 3's selection semantics: left-open windows, the lookback delta and
// staleness markers. So far: number and string literals, parentheses,
// instant and range vector selectors (offset, @), unary and binary
// operators and the functions in eval's table, as instant or range queries;
// anything else is an error saying it is not implemented.

#include <cstdint>

#include "eval/plan.h"
#include "eval/storage.h"
#include "eval/value.h"
#include "support/result.h"

namespace ttam::eval {

/// Engine settings, upstream's defaults.
struct EngineOptions {
  int64_t lookback_ms = 5 * 60 * 1000;  ///< How far back an instant selector looks.
  /// The most samples a query may hold in memory at once, with upstream's
  /// accounting (promqltest's default; a Prometheus server's is 50,000,000).
  int64_t max_samples = 10000;
  /// Delayed `__name__` removal (promql-delayed-name-removal): the name is
  /// kept through the expression and dropped at the end, as Prometheus 3
  /// does with the feature flag; off means immediate dropping.
  bool delayed_name_removal = false;
};

/// Evaluates `plan` at `t_ms` (an instant query).
/// Warnings and infos go to `annotations` when it is not null.
Result<Value> EvalInstant(const Storage& storage, const Plan& plan, int64_t t_ms,
                          const EngineOptions& options = {}, Annotations* annotations = nullptr);

/// Evaluates `plan` at start, start+step, ... up to end (a range query): every
/// step independently, collected into a matrix sorted by labels.
Result<Matrix> EvalRange(const Storage& storage, const Plan& plan, int64_t start_ms, int64_t end_ms,
                         int64_t step_ms, const EngineOptions& options = {},
                         Annotations* annotations = nullptr);

}  // namespace ttam::eval
