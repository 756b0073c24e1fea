#pragma once

// `ttam quantile`'s computation: finds the histograms and summaries of a
// source, builds their queries (lib/slo/quantile_plan.h), runs them through
// the source's QueryBackend and collects every number with the query that
// computed it. Findings (a quantile in the +Inf bucket, counter resets,
// bucket bounds that changed, annotations) go to a sink.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "model/labels.h"
#include "slo/quantile_plan.h"
#include "sources.h"

namespace ttam::cli {

/// What to compute.
struct QuantileRequest {
  std::vector<double> quantiles = {0.5, 0.95, 0.99};
  std::string metric;                          ///< one family ("" = every histogram and summary)
  std::optional<std::vector<std::string>> by;  ///< --by; nullopt = the default grouping
  std::optional<int64_t> window_ms;  ///< the rate window; nullopt = cumulative (one snapshot)
  std::optional<double> under;       ///< --under SECONDS
};

/// One number and the PromQL that computed it.
struct QuantileNumber {
  double value = 0;
  std::string query;
};

/// One quantile of a group.
struct GroupQuantile {
  double q = 0;
  QuantileNumber number;
  /// Set when the rank fell in the +Inf bucket: the value is this bound,
  /// and the quantile is somewhere above it.
  std::optional<double> above_bound;
};

/// One group of a histogram (one result of the `sum by`).
struct HistogramGroup {
  model::Labels labels;                ///< exactly the group labels
  std::optional<QuantileNumber> rate;  ///< requests/s; nullopt when cumulative
  std::optional<QuantileNumber> mean;
  std::vector<GroupQuantile> quantiles;
  std::optional<QuantileNumber> fraction;  ///< share at or below --under
  std::vector<slo::Bucket> buckets;        ///< cumulative, sorted by bound (for the chart)
};

/// One classic histogram's results.
struct HistogramResult {
  std::string name;
  std::vector<std::string> by;  ///< group labels
  bool default_grouping = true;
  std::string buckets_query;
  std::vector<HistogramGroup> groups;
};

/// One quantile series of a summary, as the app computed it.
struct SummaryQuantile {
  model::Labels labels;  ///< the series' labels without __name__
  double q = 0;
  QuantileNumber number;
};

/// One series of a summary (its labels without `quantile`): requests per
/// second and the mean observation.
struct SummarySeries {
  model::Labels labels;                ///< without __name__
  std::optional<QuantileNumber> rate;  ///< nullopt when cumulative
  std::optional<QuantileNumber> mean;
};

/// One summary's results.
struct SummaryResult {
  std::string name;
  std::vector<SummaryQuantile> quantiles;
  std::vector<SummarySeries> series;
};

/// Everything one run computed.
struct QuantileResults {
  int64_t time_ms = 0;
  std::optional<int64_t> window_ms;
  bool cumulative = false;
  std::optional<double> under;
  std::vector<HistogramResult> histograms;
  std::vector<SummaryResult> summaries;
};

/// The check ids `quantile` reports.
inline constexpr std::string_view kInInfBucketCheck = "quantile/in-inf-bucket";
inline constexpr std::string_view kCounterResetCheck = "quantile/counter-reset";
inline constexpr std::string_view kBoundsChangedCheck = "quantile/bucket-bounds-changed";
inline constexpr std::string_view kCumulativeCheck = "quantile/cumulative";
inline constexpr std::string_view kNoRequestsCheck = "quantile/no-requests";
inline constexpr std::string_view kNoInfBucketCheck = "quantile/missing-inf-bucket";
inline constexpr std::string_view kQuantileWarningCheck = "quantile/promql-warning";
inline constexpr std::string_view kQuantileInfoCheck = "quantile/promql-info";
/// The prefix of the fleet's findings with --config (lib/fleet's ids).
inline constexpr std::string_view kQuantileIdPrefix = "quantile";
inline constexpr std::string_view kTargetDownCheck = "quantile/target-down";
inline constexpr std::string_view kTargetLimitCheck = "quantile/target-limit";
inline constexpr std::string_view kTargetConfigCheck = "quantile/target-config";
inline constexpr std::string_view kUnresolvedDiscoveryCheck = "quantile/unresolved-discovery";

/// The checks above, for SARIF's rule table.
std::vector<diag::CheckInfo> QuantileChecks();

/// Runs every query at `time_ms`. An Error: nothing to report (no
/// histogram or summary, or a query failed), with a message saying what to do.
Result<QuantileResults> ComputeQuantiles(const QuantileRequest& request, int64_t time_ms,
                                         QueryBackend& backend, diag::Sink& sink);

}  // namespace ttam::cli
