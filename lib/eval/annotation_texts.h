#pragma once

// The annotations functions and aggregations raise, with upstream's texts
// (util/annotations): each constructor returns the text without a position;
// the span says which node it is about, and the runner appends ` (line:col)`.

#include <string>
#include <string_view>

#include "eval/value.h"
#include "promql/ast.h"

namespace ttam::eval {

/// The span of `e` inside any parentheses: upstream unwraps the parentheses
/// around function arguments and aggregation parameters before evaluating,
/// so annotations point at the inner expression.
promql::Span UnwrappedSpan(const promql::Expr& e);

/// Go's `%g` (and `%v`) for a float64: shortest round-trip digits, exponent
/// form when the decimal exponent is below -4 or at least 6 (`1e+06`,
/// `1.5e-05`, `123456.7`), and `NaN`, `+Inf`, `-Inf`.
std::string GoFormatG(double v);

/// `quantile value should be between 0 and 1, got <q>`.
Annotation InvalidQuantileWarning(double q, promql::Span span);

/// `ratio value should be between -1 and 1, got <r>, capping to <to>`.
Annotation InvalidRatioWarning(double r, double to, promql::Span span);

/// `bucket label "le" is missing or has a malformed value of "<le>"`, plus
/// ` for metric name "<name>"` when `name` is not empty.
Annotation BadBucketLabelWarning(std::string_view name, std::string_view le, promql::Span span);

/// `sort is ineffective for range queries since results are always ordered by labels`.
Annotation SortInRangeQueryWarning(promql::Span span);

/// `metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "<name>"`.
Annotation PossibleNonCounterInfo(std::string_view name, promql::Span span);

/// `input to histogram_quantile needed to be fixed for monotonicity (see …)`,
/// plus ` for metric name "<name>"` when `name` is not empty.
Annotation HistogramQuantileForcedMonotonicityInfo(std::string_view name, promql::Span span);

/// `sample has start time that overlaps with previous sample timestamp for metric "<name>"`.
Annotation StartTimeOverlapWarning(std::string_view name, promql::Span span);

}  // namespace ttam::eval
