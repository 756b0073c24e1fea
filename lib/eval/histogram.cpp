// Float native histograms as upstream's model/histogram (float_histogram.go,
// generic.go) and the TSDB's float-histogram appender
// (tsdb/chunkenc/float_histogram.go) treat them. Buckets are handled as a
// sorted list of (index, count) pairs and turned back into spans at the end;
// the bucket indices present and every count (and the order of the float
// additions producing it) are the same as upstream's span-editing code.

#include "eval/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "eval/histogram_bounds.h"
#include "support/number.h"

namespace ttam::eval {
namespace {

struct IndexedBucket {
  int32_t index = 0;
  double count = 0;
};
using IndexedBucketList = std::vector<IndexedBucket>;

// At most this many empty buckets are written into gaps in all when
// compacting with a larger allowance, so that far-apart buckets cannot make
// a span of billions of zeros (they then stay in separate spans).
constexpr uint64_t kMaxFilledGap = 1 << 20;

bool IsStale(double v) { return std::bit_cast<uint64_t>(v) == 0x7ff0000000000002ULL; }

IndexedBucketList Expand(const std::vector<HistogramSpan>& spans,
                         const std::vector<double>& counts) {
  IndexedBucketList out;
  out.reserve(counts.size());
  int64_t index = 0;
  size_t next = 0;
  for (const HistogramSpan& span : spans) {
    index += span.offset;
    for (uint32_t i = 0; i < span.length && next < counts.size(); ++i) {
      out.push_back({static_cast<int32_t>(index), counts[next++]});
      ++index;
    }
  }
  return out;
}

// Spans and counts for `list`; buckets at most `max_gap` indices apart share
// a span, the gap filled with zero counts.
void Collapse(const IndexedBucketList& list, uint64_t max_gap, std::vector<HistogramSpan>& spans,
              std::vector<double>& counts) {
  spans.clear();
  counts.clear();
  uint64_t budget = kMaxFilledGap;
  int64_t last = 0;
  for (const IndexedBucket& b : list) {
    if (spans.empty()) {
      spans.push_back({b.index, 1});
    } else {
      int64_t gap = int64_t{b.index} - last - 1;
      if (gap >= 0 && static_cast<uint64_t>(gap) <= max_gap &&
          static_cast<uint64_t>(gap) <= budget) {
        budget -= static_cast<uint64_t>(gap);
        counts.insert(counts.end(), static_cast<size_t>(gap), 0.0);
        spans.back().length += static_cast<uint32_t>(gap) + 1;
      } else {
        spans.push_back({static_cast<int32_t>(gap), 1});
      }
    }
    counts.push_back(b.count);
    last = b.index;
  }
}

// The buckets upstream's compactBuckets keeps in place: the populated ones
// and runs of at most `max_empty` empty buckets (kept with their own value,
// -0 included) that have populated buckets on both sides within one span.
// Other empty buckets go; gaps Collapse then fills get fresh zeros.
IndexedBucketList KeptByCompact(const IndexedBucketList& list, uint64_t max_empty) {
  IndexedBucketList out;
  size_t i = 0;
  while (i < list.size()) {
    size_t end = i + 1;  // One span: consecutive indices.
    while (end < list.size() && list[end].index == list[end - 1].index + 1) ++end;
    bool seen_populated = false;
    for (size_t k = i; k < end;) {
      if (list[k].count != 0) {  // NaN counts are populated.
        out.push_back(list[k]);
        seen_populated = true;
        ++k;
        continue;
      }
      size_t run_end = k;
      while (run_end < end && list[run_end].count == 0) ++run_end;
      if (seen_populated && run_end < end && run_end - k <= max_empty) {
        out.insert(out.end(), list.begin() + static_cast<std::ptrdiff_t>(k),
                   list.begin() + static_cast<std::ptrdiff_t>(run_end));
      }
      k = run_end;
    }
    i = end;
  }
  return out;
}

IndexedBucketList Populated(const IndexedBucketList& list) {
  IndexedBucketList out;
  for (const IndexedBucket& b : list) {
    if (b.count != 0) out.push_back(b);  // NaN counts are populated.
  }
  return out;
}

bool IsExponentialSchema(int32_t schema) { return schema >= -4 && schema <= 8; }

// One side (positive or negative buckets) of a histogram being combined.
struct Sides {
  IndexedBucketList positive;
  IndexedBucketList negative;
};

// What the zero count of a histogram would be with the zero threshold raised
// to `larger`, and the threshold actually reached (upstream's
// zeroCountForLargerThreshold: a threshold inside a populated bucket moves to
// that bucket's edge).
std::pair<double, double> ZeroCountForLargerThreshold(const Sides& sides, int32_t schema,
                                                      double zero_count, double zero_threshold,
                                                      double larger) {
  if (larger == zero_threshold) return {zero_count, larger};
  while (true) {
    double count = zero_count;
    for (const IndexedBucket& b : sides.positive) {
      double lower = ExponentialBucketBound(int64_t{b.index} - 1, schema);
      if (lower >= larger) break;
      count += b.count;
      double upper = ExponentialBucketBound(b.index, schema);
      if (upper > larger) {
        if (b.count != 0) larger = upper;
        break;
      }
    }
    bool again = false;
    for (const IndexedBucket& b : sides.negative) {
      double upper = -ExponentialBucketBound(int64_t{b.index} - 1, schema);
      if (upper <= -larger) break;
      count += b.count;
      double lower = -ExponentialBucketBound(b.index, schema);
      if (lower < -larger) {
        if (b.count != 0) {
          larger = -lower;
          again = true;
        }
        break;
      }
    }
    if (!again) return {count, larger};
  }
}

// Zeroes the buckets now inside the zero bucket and drops every empty
// bucket (upstream's trimBucketsInZeroBucket, which compacts with 0).
void TrimBucketsInZeroBucket(Sides& sides, int32_t schema, double zero_threshold) {
  for (IndexedBucket& b : sides.positive) {
    if (ExponentialBucketBound(int64_t{b.index} - 1, schema) >= zero_threshold) break;
    b.count = 0;
  }
  for (IndexedBucket& b : sides.negative) {
    if (-ExponentialBucketBound(int64_t{b.index} - 1, schema) <= -zero_threshold) break;
    b.count = 0;
  }
  sides.positive = Populated(sides.positive);
  sides.negative = Populated(sides.negative);
}

// Widens the zero bucket of `h` (whose buckets are `h_sides`) and returns
// the zero count `other` has for the common threshold (upstream's
// reconcileZeroBuckets).
double ReconcileZeroBuckets(FloatHistogram& h, Sides& h_sides, const FloatHistogram& other,
                            const Sides& other_sides) {
  double other_count = other.zero_count;
  double other_threshold = other.zero_threshold;
  while (other_threshold != h.zero_threshold) {
    bool moved = false;
    if (h.zero_threshold > other_threshold) {
      std::tie(other_count, other_threshold) = ZeroCountForLargerThreshold(
          other_sides, other.schema, other.zero_count, other.zero_threshold, h.zero_threshold);
      moved = true;
    }
    if (other_threshold > h.zero_threshold) {
      std::tie(h.zero_count, h.zero_threshold) = ZeroCountForLargerThreshold(
          h_sides, h.schema, h.zero_count, h.zero_threshold, other_threshold);
      TrimBucketsInZeroBucket(h_sides, h.schema, h.zero_threshold);
      moved = true;
    }
    if (!moved) break;  // A NaN threshold: upstream would loop forever.
  }
  return other_count;
}

// Merges buckets into a lower-resolution schema (upstream's
// reduceResolution over absolute counts).
IndexedBucketList ReduceResolution(const IndexedBucketList& list, int32_t from, int32_t to) {
  IndexedBucketList out;
  out.reserve(list.size());
  // Go shifts by any count (a large one leaves 0 or -1); C++ must not.
  const int64_t shift = std::min<int64_t>(int64_t{from} - to, 63);
  for (const IndexedBucket& b : list) {
    int64_t target = ((int64_t{b.index} - 1) >> shift) + 1;
    if (out.empty() || target > out.back().index) {
      out.push_back({static_cast<int32_t>(target), b.count});
    } else if (target == out.back().index) {
      out.back().count += b.count;
    }
  }
  return out;
}

// Adds (or subtracts) `b` into `a` (upstream's addBuckets): buckets of `b`
// whose upper bound is within the zero threshold are skipped, missing
// buckets are inserted with the (negated) count.
IndexedBucketList AddBuckets(const IndexedBucketList& a, const IndexedBucketList& b, int32_t schema,
                             double threshold, bool negate) {
  IndexedBucketList out;
  out.reserve(a.size() + b.size());
  size_t i = 0;
  bool below_threshold = true;
  for (const IndexedBucket& bucket : b) {
    if (below_threshold && IsExponentialSchema(schema) &&
        ExponentialBucketBound(bucket.index, schema) <= threshold) {
      continue;
    }
    below_threshold = false;
    double v = negate ? -bucket.count : bucket.count;
    while (i < a.size() && a[i].index < bucket.index) out.push_back(a[i++]);
    if (i < a.size() && a[i].index == bucket.index) {
      out.push_back({bucket.index, a[i].count + v});
      ++i;
    } else {
      out.push_back({bucket.index, v});
    }
  }
  while (i < a.size()) out.push_back(a[i++]);
  return out;
}

bool BoundsMatch(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

std::vector<double> IntersectBounds(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> out;
  size_t i = 0;
  size_t j = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] == y[j]) {
      out.push_back(x[i]);
      ++i;
      ++j;
    } else if (x[i] < y[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

// Both sides mapped onto the common bounds and summed; empty buckets are
// left out (upstream's addCustomBucketsWithMismatches).
IndexedBucketList AddMismatchedCustomBuckets(const IndexedBucketList& a,
                                             const std::vector<double>& a_bounds,
                                             const IndexedBucketList& b,
                                             const std::vector<double>& b_bounds,
                                             const std::vector<double>& common, bool negate) {
  std::vector<double> target(common.size() + 1, 0.0);
  auto map = [&](const IndexedBucketList& list, const std::vector<double>& bounds, bool subtract) {
    size_t k = 0;
    for (const IndexedBucket& bucket : list) {
      size_t slot = target.size() - 1;
      if (bucket.index >= 0 && static_cast<size_t>(bucket.index) < bounds.size()) {
        double bound = bounds[static_cast<size_t>(bucket.index)];
        while (k < common.size()) {
          if (common[k] >= bound) {
            slot = k;
            break;
          }
          ++k;
        }
      }
      if (subtract) {
        target[slot] -= bucket.count;
      } else {
        target[slot] += bucket.count;
      }
    }
  };
  map(a, a_bounds, false);
  map(b, b_bounds, negate);
  IndexedBucketList out;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] != 0) out.push_back({static_cast<int32_t>(i), target[i]});
  }
  return out;
}

// Upstream's adjustCounterReset for Add and Sub.
void AdjustCounterReset(FloatHistogram& h, const FloatHistogram& other) {
  const CounterResetHint mine = h.counter_reset_hint;
  const CounterResetHint theirs = other.counter_reset_hint;
  if (theirs == mine || mine == CounterResetHint::kGauge) return;
  if (theirs == CounterResetHint::kGauge) {
    h.counter_reset_hint = CounterResetHint::kGauge;
    return;
  }
  // Unknown on either side, or reset against not_reset: unknown.
  h.counter_reset_hint = CounterResetHint::kUnknown;
}

Result<FloatHistogram> Combine(const FloatHistogram& a, const FloatHistogram& b, bool negate) {
  if (a.UsesCustomBuckets() != b.UsesCustomBuckets()) {
    return Error{
        "cannot apply this operation on histograms with a mix of exponential and custom bucket "
        "schemas"};
  }
  FloatHistogram h = a;
  // Upstream combines a Copy, which keeps only the fields the schema uses.
  if (h.UsesCustomBuckets()) {
    h.zero_threshold = 0;
    h.zero_count = 0;
    h.negative_spans.clear();
    h.negative_buckets.clear();
  } else {
    h.custom_values.clear();
  }
  AdjustCounterReset(h, b);
  Sides mine{Expand(h.positive_spans, h.positive_buckets),
             Expand(h.negative_spans, h.negative_buckets)};
  Sides theirs{Expand(b.positive_spans, b.positive_buckets),
               Expand(b.negative_spans, b.negative_buckets)};
  if (!h.UsesCustomBuckets()) {
    double other_zero = ReconcileZeroBuckets(h, mine, b, theirs);
    if (negate) {
      h.zero_count -= other_zero;
    } else {
      h.zero_count += other_zero;
    }
  }
  if (negate) {
    h.count -= b.count;
    h.sum -= b.sum;
  } else {
    h.count += b.count;
    h.sum += b.sum;
  }
  if (h.UsesCustomBuckets()) {
    if (BoundsMatch(h.custom_values, b.custom_values)) {
      mine.positive =
          AddBuckets(mine.positive, theirs.positive, h.schema, h.zero_threshold, negate);
    } else {
      std::vector<double> common = h.custom_values.empty() || b.custom_values.empty()
                                       ? std::vector<double>{}
                                       : IntersectBounds(h.custom_values, b.custom_values);
      mine.positive = AddMismatchedCustomBuckets(mine.positive, h.custom_values, theirs.positive,
                                                 b.custom_values, common, negate);
      h.custom_values = std::move(common);
    }
    Collapse(mine.positive, 0, h.positive_spans, h.positive_buckets);
    return h;
  }
  if (b.schema < h.schema) {
    mine.positive = ReduceResolution(mine.positive, h.schema, b.schema);
    mine.negative = ReduceResolution(mine.negative, h.schema, b.schema);
    h.schema = b.schema;
  } else if (b.schema > h.schema) {
    theirs.positive = ReduceResolution(theirs.positive, b.schema, h.schema);
    theirs.negative = ReduceResolution(theirs.negative, b.schema, h.schema);
  }
  mine.positive = AddBuckets(mine.positive, theirs.positive, h.schema, h.zero_threshold, negate);
  mine.negative = AddBuckets(mine.negative, theirs.negative, h.schema, h.zero_threshold, negate);
  Collapse(mine.positive, 0, h.positive_spans, h.positive_buckets);
  Collapse(mine.negative, 0, h.negative_spans, h.negative_buckets);
  return h;
}

// The TSDB's bucket-by-bucket check (expandFloatSpansAndBuckets): a bucket
// that went down, or one that was populated and is gone, is a reset.
bool BucketsReset(const IndexedBucketList& prev, const IndexedBucketList& next) {
  size_t i = 0;
  size_t j = 0;
  while (i < prev.size()) {
    if (j < next.size() && prev[i].index == next[j].index) {
      if (prev[i].count > next[j].count) return true;
      ++i;
      ++j;
    } else if (j >= next.size() || prev[i].index < next[j].index) {
      if (prev[i].count != 0) return true;  // NaN counts too, as `aCount == 0` is false.
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

bool SameBits(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::bit_cast<uint64_t>(x[i]) != std::bit_cast<uint64_t>(y[i])) return false;
  }
  return true;
}

void AppendBuckets(std::string& out, const char* offset_key, const char* buckets_key,
                   const std::vector<HistogramSpan>& spans, const std::vector<double>& counts) {
  for (const HistogramSpan& span : spans) {
    if (span.offset != 0) {
      out += ' ';
      out += offset_key;
      out += ':' + std::to_string(span.offset);
    }
  }
  if (counts.empty()) return;
  out += ' ';
  out += buckets_key;
  out += ":[";
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i > 0) out += ' ';
    out += FormatGoG(counts[i]);
  }
  out += ']';
}

}  // namespace

void CompactHistogram(FloatHistogram& h, uint64_t max_empty_buckets) {
  Collapse(KeptByCompact(Expand(h.positive_spans, h.positive_buckets), max_empty_buckets),
           max_empty_buckets, h.positive_spans, h.positive_buckets);
  Collapse(KeptByCompact(Expand(h.negative_spans, h.negative_buckets), max_empty_buckets),
           max_empty_buckets, h.negative_spans, h.negative_buckets);
}

std::string HistogramTestExpression(const FloatHistogram& h) {
  FloatHistogram m = h;
  if (m.UsesCustomBuckets()) {
    // Upstream's Copy leaves out what custom-bucket histograms do not use.
    m.zero_threshold = 0;
    m.zero_count = 0;
    m.negative_spans.clear();
    m.negative_buckets.clear();
  }
  CompactHistogram(m, std::numeric_limits<uint64_t>::max());
  std::string out;
  auto field = [&out](const char* key, const std::string& value) {
    out += ' ';
    out += key;
    out += ':';
    out += value;
  };
  if (m.schema != 0) field("schema", std::to_string(m.schema));
  if (m.count != 0) field("count", FormatGoG(m.count));
  if (m.sum != 0) field("sum", FormatGoG(m.sum));
  if (m.zero_count != 0) field("z_bucket", FormatGoG(m.zero_count));
  if (m.zero_threshold != 0) field("z_bucket_w", FormatGoG(m.zero_threshold));
  if (m.UsesCustomBuckets()) {
    std::string values = "[";
    for (size_t i = 0; i < m.custom_values.size(); ++i) {
      if (i > 0) values += ' ';
      values += FormatGoG(m.custom_values[i]);
    }
    field("custom_values", values + "]");
  }
  switch (m.counter_reset_hint) {
    case CounterResetHint::kUnknown:
      break;
    case CounterResetHint::kReset:
      field("counter_reset_hint", "reset");
      break;
    case CounterResetHint::kNotReset:
      field("counter_reset_hint", "not_reset");
      break;
    case CounterResetHint::kGauge:
      field("counter_reset_hint", "gauge");
      break;
  }
  AppendBuckets(out, "offset", "buckets", m.positive_spans, m.positive_buckets);
  AppendBuckets(out, "n_offset", "n_buckets", m.negative_spans, m.negative_buckets);
  if (!out.empty()) out.erase(0, 1);
  return "{{" + out + "}}";
}

Result<FloatHistogram> AddHistograms(const FloatHistogram& a, const FloatHistogram& b) {
  return Combine(a, b, false);
}

Result<FloatHistogram> SubHistograms(const FloatHistogram& a, const FloatHistogram& b) {
  return Combine(a, b, true);
}

bool IsCounterReset(const FloatHistogram& prev, const FloatHistogram& next) {
  // Gauge histograms live in gauge chunks, which never see a counter reset;
  // an explicit reset hint is always honoured, even after a gauge.
  if (next.counter_reset_hint == CounterResetHint::kGauge) return false;
  if (next.counter_reset_hint == CounterResetHint::kReset) return true;
  if (prev.counter_reset_hint == CounterResetHint::kGauge) return false;
  if (IsStale(next.sum) || IsStale(prev.sum)) return false;
  if (next.count < prev.count) return true;
  // A new schema or zero threshold starts a new chunk without a reset.
  if (next.schema != prev.schema || next.zero_threshold != prev.zero_threshold) return false;
  if (next.UsesCustomBuckets() && !SameBits(next.custom_values, prev.custom_values)) return true;
  if (next.zero_count < prev.zero_count) return true;
  return BucketsReset(Expand(prev.positive_spans, prev.positive_buckets),
                      Expand(next.positive_spans, next.positive_buckets)) ||
         BucketsReset(Expand(prev.negative_spans, prev.negative_buckets),
                      Expand(next.negative_spans, next.negative_buckets));
}

}  // namespace ttam::eval
