#include "eval/histogram_validate.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "support/number.h"

namespace ttam::eval {
namespace {

constexpr const char* kNegativeBucketCount =
    "histogram has a bucket whose observation count is negative";
constexpr const char* kSpanNegativeOffset = "histogram has a span whose offset is negative";
constexpr const char* kSpansBucketsMismatch =
    "histogram spans specify different number of buckets than provided";

Status SpansError(const std::vector<HistogramSpan>& spans, size_t buckets,
                  bool first_may_be_negative, int64_t* total_length) {
  uint64_t span_buckets = 0;
  for (size_t n = 0; n < spans.size(); ++n) {
    if ((n > 0 || !first_may_be_negative) && spans[n].offset < 0) {
      return Error{"span number " + std::to_string(n + 1) + " with offset " +
                   std::to_string(spans[n].offset) + ": " + kSpanNegativeOffset};
    }
    span_buckets += spans[n].length;
    if (total_length != nullptr) *total_length += int64_t{spans[n].length} + spans[n].offset;
  }
  if (span_buckets != buckets) {
    return Error{"spans need " + std::to_string(span_buckets) + " buckets, have " +
                 std::to_string(buckets) + " buckets: " + kSpansBucketsMismatch};
  }
  return Ok();
}

Status BucketsError(const std::vector<double>& buckets) {
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i] < 0) {
      return Error{"bucket number " + std::to_string(i + 1) + " has observation count of " +
                   FormatGoG(buckets[i]) + ": " + kNegativeBucketCount};
    }
  }
  return Ok();
}

Status Prefixed(const char* prefix, Status s) {
  if (s.ok()) return s;
  return Error{std::string(prefix) + s.error().message};
}

Status CustomBoundsError(const FloatHistogram& h) {
  double prev = -HUGE_VAL;
  for (size_t i = 0; i < h.custom_values.size(); ++i) {
    double cur = h.custom_values[i];
    if (std::isnan(cur)) return Error{"histogram custom bounds must not be NaN"};
    if (i > 0 && cur <= prev) {
      return Error{"previous bound is " + FormatGoPercentF(prev) + " and current is " +
                   FormatGoPercentF(cur) +
                   ": histogram custom bounds must be in strictly increasing order"};
    }
    prev = cur;
  }
  if (prev == HUGE_VAL) {
    return Error{
        "last +Inf bound must not be explicitly defined: histogram custom bounds must be finite"};
  }
  int64_t total_length = 0;
  Status spans = SpansError(h.positive_spans, h.positive_buckets.size(), false, &total_length);
  if (!spans.ok()) return spans;
  if (static_cast<int64_t>(h.custom_values.size()) + 1 < total_length) {
    return Error{"only " + std::to_string(h.custom_values.size()) +
                 " custom bounds defined which is insufficient to cover total span length of " +
                 std::to_string(total_length) + ": histogram custom bounds are too few"};
  }
  return Ok();
}

}  // namespace

Status ValidateHistogram(const FloatHistogram& h) {
  if (h.UsesCustomBuckets()) {
    Status bounds = Prefixed("custom buckets: ", CustomBoundsError(h));
    if (!bounds.ok()) return bounds;
    if (h.zero_count != 0) return Error{"custom buckets: must have zero count of 0"};
    if (h.zero_threshold != 0) return Error{"custom buckets: must have zero threshold of 0"};
    if (!h.negative_spans.empty()) return Error{"custom buckets: must not have negative spans"};
    if (!h.negative_buckets.empty()) {
      return Error{"custom buckets: must not have negative buckets"};
    }
  } else if (h.schema >= -4 && h.schema <= 8) {
    Status s = Prefixed("positive side: ",
                        SpansError(h.positive_spans, h.positive_buckets.size(), true, nullptr));
    if (!s.ok()) return s;
    s = Prefixed("negative side: ",
                 SpansError(h.negative_spans, h.negative_buckets.size(), true, nullptr));
    if (!s.ok()) return s;
    s = Prefixed("negative side: ", BucketsError(h.negative_buckets));
    if (!s.ok()) return s;
    if (h.zero_count < 0) {
      return Error{"zero bucket has observation count of " + FormatGoG(h.zero_count) + ": " +
                   kNegativeBucketCount};
    }
    if (!h.custom_values.empty()) {
      return Error{"histogram with exponential schema must not have custom bounds"};
    }
  } else {
    return Error{
        "histogram has an invalid schema, which must be between -4 and 8 for exponential "
        "buckets, or -53 for custom buckets, got schema " +
        std::to_string(h.schema)};
  }
  if (h.count < 0) {
    return Error{"observation count is  " + FormatGoG(h.count) +
                 ": histogram's observation count is negative"};
  }
  return Prefixed("positive side: ", BucketsError(h.positive_buckets));
}

}  // namespace ttam::eval
