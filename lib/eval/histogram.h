#pragma once

// Native histograms as values (upstream's model/histogram FloatHistogram),
// as far as rule unit tests need them: built from `{{…}}` literals, summed
// and subtracted for the `{{a}}+{{b}}xN` notation, compacted and printed as
// upstream's TestExpression, and checked for a counter reset the way the
// TSDB's appender decides a chunk's counter-reset hint. PromQL functions and
// operators over histograms are not here (the engine refuses them).

#include <cstdint>
#include <string>
#include <vector>

#include "support/result.h"

namespace ttam::eval {

/// A run of consecutive buckets: `offset` buckets after the previous span's
/// end (after index 0 for the first span), then `length` buckets.
struct HistogramSpan {
  int32_t offset = 0;
  uint32_t length = 0;
  bool operator==(const HistogramSpan&) const = default;
};

/// What a histogram says about counter resets (upstream's CounterResetHint).
enum class CounterResetHint : uint8_t {
  kUnknown,   ///< `unknown` (the default, never printed).
  kReset,     ///< `reset`.
  kNotReset,  ///< `not_reset`.
  kGauge,     ///< `gauge`.
};

/// The schema of histograms with custom bucket bounds (NHCB).
inline constexpr int32_t kCustomBucketsSchema = -53;

/// A float native histogram: exponential buckets (schema -4..8) or custom
/// bounds (schema -53). Bucket counts are absolute, one per bucket the
/// spans cover.
struct FloatHistogram {
  int32_t schema = 0;
  double zero_threshold = 0;
  double zero_count = 0;
  double count = 0;
  double sum = 0;
  std::vector<HistogramSpan> positive_spans;
  std::vector<double> positive_buckets;
  std::vector<HistogramSpan> negative_spans;
  std::vector<double> negative_buckets;
  std::vector<double> custom_values;  ///< Upper bounds, for schema -53 only.
  CounterResetHint counter_reset_hint = CounterResetHint::kUnknown;

  /// True for schema -53.
  bool UsesCustomBuckets() const { return schema == kCustomBucketsSchema; }
  /// Field-by-field equality (bitwise on nothing: NaN != NaN, as Go's ==).
  bool operator==(const FloatHistogram&) const = default;
};

/// Upstream's Compact(maxEmptyBuckets): drops empty buckets at the edges of
/// spans, merges spans at most `max_empty_buckets` apart (filling the gap
/// with zeros), and splits spans at longer runs of empty buckets.
void CompactHistogram(FloatHistogram& h, uint64_t max_empty_buckets);

/// Upstream's TestExpression: the `{{…}}` literal promqltest and promtool
/// print, after compacting to one span per side: `schema:`, `count:`, `sum:`,
/// `z_bucket:`, `z_bucket_w:`, `custom_values:`, `counter_reset_hint:`,
/// `offset:`, `buckets:`, `n_offset:`, `n_buckets:`, each only when not
/// zero/empty, numbers in Go's `%g`.
std::string HistogramTestExpression(const FloatHistogram& h);

/// `a + b` as upstream's FloatHistogram.Add for the series notation
/// `{{a}}+{{b}}xN`: the result has the lower of the two schemas (the other
/// side's buckets merged down) and the wider zero bucket, counts and sums
/// added; custom bounds that differ are reduced to the bounds both share
/// (3.x). Fails with upstream's text when only one side uses custom bounds.
Result<FloatHistogram> AddHistograms(const FloatHistogram& a, const FloatHistogram& b);

/// `a - b` as upstream's FloatHistogram.Sub, for `{{a}}-{{b}}xN`.
Result<FloatHistogram> SubHistograms(const FloatHistogram& a, const FloatHistogram& b);

/// True when appending `next` after `prev` to one series is a counter reset
/// as the TSDB's float-histogram appender decides it: `next` says `reset`,
/// or (neither being a gauge nor stale) the count went down, or with the
/// same schema and zero threshold the custom bounds changed, the zero count
/// or a bucket went down, or a populated bucket disappeared. A schema or
/// zero-threshold change alone is not a reset (the TSDB cuts a chunk marked
/// not_reset).
bool IsCounterReset(const FloatHistogram& prev, const FloatHistogram& next);

}  // namespace ttam::eval
