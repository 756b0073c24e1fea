#pragma once

// The consistency check the TSDB runs on every native histogram it is asked
// to append (upstream's FloatHistogram.Validate): a unit-test series whose
// `{{…}}` literal fails it fails to load, with upstream's message.

#include "eval/histogram.h"
#include "support/result.h"

namespace ttam::eval {

/// Upstream's FloatHistogram.Validate: a valid schema (-4..8 or -53), spans
/// that cover exactly the buckets (no negative offset after the first span),
/// no negative bucket, zero or total count, and for custom buckets strictly
/// increasing finite bounds covering the spans and no zero bucket or negative
/// side; for exponential schemas no custom bounds. The error text is
/// upstream's (`positive side: bucket number 2 has observation count of -1:
/// histogram has a bucket whose observation count is negative`).
Status ValidateHistogram(const FloatHistogram& h);

}  // namespace ttam::eval
