#pragma once

// `ttam quantile`'s queries: which classic histograms and summaries a
// source has, how they are grouped, and the PromQL that computes each
// number (histogram_quantile over summed bucket rates, histogram_fraction,
// request rate, mean). Every query is pinned to its evaluation time with
// `@ <seconds>`, so that pasting it into Prometheus gives the same value
// whatever the wall clock says. Pure: no evaluation and no I/O here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"

namespace ttam::slo {

/// A classic histogram (its `<name>_bucket` series carry `le`) or a summary
/// (its `<name>` series carry `quantile`), by family name.
struct QuantileFamily {
  enum class Kind { kHistogram, kSummary };
  Kind kind = Kind::kHistogram;
  std::string name;                 ///< the family name, without `_bucket`
  std::vector<std::string> labels;  ///< label names on its series (not __name__, le, quantile)
};

/// The labels a histogram is grouped by when --by is not given: every label
/// of its series except `le`, `quantile`, `instance` and `job` (summed over
/// instances, as the Prometheus guide's queries do), sorted.
std::vector<std::string> DefaultGroupLabels(const std::vector<std::string>& labels);

/// What the queries of one family share.
struct QueryShape {
  std::string family;                ///< family name
  std::vector<std::string> by;       ///< group labels (without `le`)
  int64_t time_ms = 0;               ///< evaluation time, written as `@ <seconds>`
  std::optional<int64_t> window_ms;  ///< rate window; nullopt: one snapshot, cumulative counts
};

/// `1767366060` or `1767366060.5`: a time as `@` takes it.
std::string AtSeconds(int64_t ms);

/// A label name as a grouping clause writes it: bare when it is a legacy
/// name, quoted otherwise (Prometheus 3's UTF-8 names).
std::string GroupingLabel(std::string_view name);

/// The bucket counts per group: `sum by (le, G) (rate(x_bucket[W] @ T))`,
/// or `sum by (le, G) (x_bucket @ T)` without a window.
std::string BucketsQuery(const QueryShape& shape);

/// `histogram_quantile(q, <BucketsQuery>)`.
std::string QuantileQuery(double q, const QueryShape& shape);

/// `histogram_fraction(-Inf, upper, <BucketsQuery>)`: the share of
/// observations at or below `upper`.
std::string FractionQuery(double upper, const QueryShape& shape);

/// Requests per second: `sum by (G) (rate(x_count[W] @ T))`; needs a window.
std::string RateQuery(const QueryShape& shape);

/// The mean observation: the summed `_sum` over the summed `_count` (their
/// rates with a window, their totals without).
std::string MeanQuery(const QueryShape& shape);

/// The series of `series_name` that restarted within the window:
/// `resets(series_name[W] @ T) > 0`; needs a window.
std::string ResetsQuery(std::string_view series_name, const QueryShape& shape);

/// Samples per series in the window: `count_over_time(series_name[W] @ T)`;
/// needs a window.
std::string SampleCountQuery(std::string_view series_name, const QueryShape& shape);

/// A summary's requests per second, per series (not summed: a summary's
/// quantiles cannot be aggregated, so neither are its rates):
/// `rate(x_count[W] @ T)`, or `x_count @ T` (the total) without a window.
std::string SummaryRateQuery(const QueryShape& shape);

/// A summary's mean observation per series: `rate(x_sum[W] @ T) /
/// rate(x_count[W] @ T)`, or the totals' ratio without a window.
std::string SummaryMeanQuery(const QueryShape& shape);

/// A summary's own quantile series: `x{quantile!=""} @ T`.
std::string SummaryQuantilesQuery(const QueryShape& shape);

/// Discovery: one sample per classic histogram's bucket series name.
inline constexpr std::string_view kHistogramDiscoveryQuery =
    R"(count by (__name__) ({__name__=~".+_bucket",le!=""}))";

/// Parses `-q`: quantiles in [0, 1], e.g. "0.5,0.95,0.99"; at least one.
Result<std::vector<double>> ParseQuantiles(const std::vector<std::string>& items);

/// `0.95` -> "p95", `0.999` -> "p99.9", `0.5` -> "p50".
std::string QuantileLabel(double q);

/// One bucket of a group: its upper bound and cumulative count (or rate).
struct Bucket {
  double upper = 0;
  double count = 0;
};

/// True when the rank q * total falls in the +Inf bucket, where
/// histogram_quantile returns the highest finite bound rather than a value
/// (upstream's BucketQuantile, after sorting the buckets and the
/// monotonicity fix). False when there is no finite bucket or no count.
bool RankInInfBucket(double q, std::vector<Bucket> buckets);

/// The highest finite bound of the buckets, if any.
std::optional<double> HighestFiniteBound(const std::vector<Bucket>& buckets);

}  // namespace ttam::slo
