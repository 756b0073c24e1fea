#pragma once

// The generator of the evaluator differential (eval_test.cpp): series data
// and PromQL expressions, both deterministic for a seed.
//
// Timing rules that keep promtool 2.42's closed windows out of the
// comparison (spec §0.3): every sample sits on a whole second that is not a
// multiple of 5; every duration the expressions use (ranges, offsets,
// subquery ranges and steps) is a multiple of 10 s, every `@` time and every
// evaluation time is 5 mod 10 s. So no window's left edge lands on a sample
// or on a subquery step.

#include <cstdint>
#include <string>
#include <vector>

#include "model/labels.h"

namespace ttam::test::evaldiff {

/// One generated series: its labels and samples (seconds, value; a StaleNaN value is a marker).
struct GeneratedSeries {
  model::Labels labels;
  std::vector<std::pair<int64_t, double>> samples;
};

/// The generated data set.
struct GeneratedData {
  std::vector<GeneratedSeries> series;
  int64_t end_s = 0;  ///< Every sample is at or before this time.
};

/// Counters with resets, gauges (multiples of 0.25, so that sums are
/// exact), classic histogram buckets, with 15 s and 30 s steps and per-sample
/// jitter, a few gaps and one series that goes stale and comes back.
GeneratedData GenerateData(uint32_t seed);

/// The `values:` text of a series for promtool's input_series at `interval: 1s`.
std::string PromtoolValues(const GeneratedSeries& series);

/// Which constructs the expression generator may use beyond the always-on set.
struct ExprOptions {
  bool topk_bottomk = true;        ///< topk and bottomk
  bool quantile = true;            ///< quantile and quantile_over_time
  bool count_values = true;        ///< count_values
  bool histogram_quantile = true;  ///< histogram_quantile over the buckets
  bool subqueries = true;          ///< subqueries
};

/// `count` distinct expressions over the generated families, from a typed grammar.
std::vector<std::string> GenerateExpressions(uint32_t seed, size_t count,
                                             const ExprOptions& options = {});

/// The evaluation times (seconds), each 5 mod 10.
std::vector<int64_t> EvaluationTimes();

}  // namespace ttam::test::evaldiff
