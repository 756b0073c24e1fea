#pragma once

// The `anchored` and `smoothed` selector modifiers
// (promql-extended-range-selectors), as upstream's engine and functions
// apply them: which samples an extended range reads, how its boundaries
// are picked or interpolated (extendFloats), the smoothed instant value
// (smoothSeries), and the rate of an extended range (extendedRate). Float
// samples only.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "eval/storage.h"
#include "eval/value.h"

namespace ttam::eval {

/// The samples an anchored or smoothed range over (range_start, range_end]
/// reads from `series`: one lookback further back, and for smoothed also one
/// lookback past the end, stale markers dropped (upstream's matrixIterSlice
/// over the widened window).
std::vector<Sample> ExtendedRangeSamples(const Series& series, int64_t range_start,
                                         int64_t range_end, int64_t lookback_ms, bool smoothed);

/// upstream's extendFloats: the samples inside (range_start, range_end)
/// framed by a point at each boundary, the boundary values picked from the
/// nearest sample before them (anchored) or interpolated linearly (smoothed).
/// Empty when `floats` is empty or ends at or before range_start.
std::vector<Sample> ExtendFloats(std::span<const Sample> floats, int64_t range_start,
                                 int64_t range_end, bool smoothed);

/// An anchored or smoothed range selector over `series`: each series'
/// ExtendedRangeSamples, framed by ExtendFloats when `frame` (the selector
/// evaluated on its own; a function argument gets the samples as they are);
/// series left without samples dropped.
Matrix ExtendedRangeMatrix(std::span<const Series* const> series, int64_t range_start,
                           int64_t range_end, int64_t lookback_ms, bool smoothed, bool frame);

/// A smoothed instant selector at reference time `ref` (upstream's
/// smoothSeries): the sample at `ref`, else the value interpolated between
/// the samples around it within one lookback each side, else the last
/// sample before it; stamped `t`, labels kept. Series without a value are left out.
Vector SmoothedInstant(std::span<const Series* const> series, int64_t ref, int64_t t,
                       int64_t lookback_ms);

/// upstream's extendedRate for rate(), increase() and delta() over an
/// anchored or smoothed range: the difference between the boundary values
/// (interpolated for smoothed, a counter reset interpolating from 0), corrected
/// for counter resets inside the range, per second when `is_rate`. `floats`
/// are the samples ExtendedRangeSamples read; nothing when there is no value.
std::optional<double> ExtendedRate(std::span<const Sample> floats, int64_t range_start,
                                   int64_t range_end, double range_seconds, bool smoothed,
                                   bool is_counter, bool is_rate);

}  // namespace ttam::eval
