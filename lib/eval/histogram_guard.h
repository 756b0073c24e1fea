#pragma once

// Where native histogram samples may go in this engine: a plain instant
// selector that is the whole query hands them to the caller (a rule unit
// test compares or stores them); anything that would compute with them is
// refused with one clear error rather than a wrong value.

#include <string>

#include "promql/ast.h"
#include "support/result.h"

namespace ttam::eval {

/// True when `selector` is the whole query `root` (parentheses aside): its
/// histogram samples may be returned as they are.
bool IsPlainSelection(const promql::Expr& root, const promql::Expr& selector);

/// The error for histogram samples reaching `selector` (a vector selector
/// node of `root`) where they would be computed with, naming what would
/// compute: `native histograms: rate() not supported yet (x holds histogram
/// samples)`. `range_query`: the query is a range query (its result cannot
/// hold histograms).
Error HistogramsNotSupported(const promql::Expr& root, const promql::Expr& selector,
                             bool range_query);

}  // namespace ttam::eval
