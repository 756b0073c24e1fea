#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardinality/checks.h"  // CardinalityChecks(), for callers of the checks below
#include "cardinality/counter.h"
#include "cardinality/report.h"
#include "diag/diagnostic.h"
#include "support/result.h"

namespace ttam::cardinality {

/// A per-metric override from a limits file.
struct MetricLimit {
  std::string pattern;  ///< glob on metric names: *, ?, [abc], [a-z], [!a-z]
  uint64_t max_series = 0;
  std::string file;  ///< where it was set (for a note); empty when not from a file
  uint32_t line = 0, column = 0;
};

/// Cardinality budgets.
struct Limits {
  uint64_t max_series_per_metric = 1000;  ///< 0 = no limit
  std::optional<uint64_t> max_label_values;
  std::optional<uint64_t> max_total_series;
  std::vector<MetricLimit> per_metric;  ///< first match wins
};

/// True when `name` matches the glob `pattern` (*, ?, [..] with ranges and
/// ! or ^ negation; a bad bracket matches itself literally).
bool GlobMatch(std::string_view pattern, std::string_view name);

/// Reads a limits file into `limits` (fields it sets override; per-metric
/// entries are appended). The format, every field optional:
///
///     max_series_per_metric: 1000
///     max_label_values: 500
///     max_total_series: 100000
///     metrics:
///       - match: "primitive_*"
///         max_series: 5000
///
/// Errors are findings with file:line:col (cardinality/limits-file; YAML
/// syntax errors are yaml/syntax); returns false when there were any.
bool LoadLimitsFile(const std::string& path, std::string text, Limits& limits, diag::Sink& sink);

/// cardinality/series-per-metric, cardinality/label-values and
/// cardinality/total-series for a complete measurement (Take(0)).
void CheckBudgets(const Measurement& m, const Limits& limits, std::string_view source,
                  diag::Sink& sink);

/// cardinality/unbounded-label, one finding per suspect (IP and IP:port
/// values are fine in `instance`; Counter does not report those).
void CheckSuspects(const Measurement& m, std::string_view source, diag::Sink& sink);

/// The growth --max-growth allows; when both are set, exceeding either fails.
struct Growth {
  std::optional<double> percent;
  std::optional<uint64_t> absolute;
};

/// "10%" (percent, may have a fraction) or "500" (series).
Result<Growth> ParseGrowth(std::string_view text);

/// cardinality/growth per metric (new metrics included) and for the total.
/// `base` should be a complete measurement (saved without --top).
void CompareBaseline(const Measurement& now, const Measurement& base, const Growth& max,
                     std::string_view source, diag::Sink& sink);

}  // namespace ttam::cardinality
