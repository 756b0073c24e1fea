#pragma once

// Bucket boundaries of exponential native histograms, bit for bit as
// Prometheus computes them (model/histogram's getBoundExponential and its
// table of boundaries within [0.5, 1)): those table values are not the
// correctly rounded powers of two, so they are data here, not a formula.

#include <cstdint>

namespace ttam::eval {

/// The upper bound of bucket `index` of an exponential schema (-4..8; larger
/// schemas are computed, smaller ones use powers of two): 2^(index/2^schema)
/// with upstream's table, MaxFloat64 for the last finite bucket, +Inf above.
/// The lower bound is the upper bound of `index - 1`.
double ExponentialBucketBound(int64_t index, int32_t schema);

}  // namespace ttam::eval
