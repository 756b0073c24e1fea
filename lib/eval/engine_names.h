#pragma once

// Internal to eval: delayed `__name__` removal (upstream's DropName flag and
// cleanupMetricLabels). Operations that drop the metric name mark their
// output with drop_name and keep the labels; these helpers carry the mark
// where the operation itself cannot (aggregations, label_replace/label_join)
// and remove the marked names at the end of the query.

#include <vector>

#include "eval/value.h"
#include "promql/ast.h"
#include "support/result.h"

namespace ttam::eval {

/// Sets the drop_name of an aggregation's outputs that still carry a metric
/// name, `__type__` or `__unit__` (grouping `by (__name__)`, topk and the
/// like): a group drops the name when any of its inputs does; k-selections
/// keep each input's mark.
void MarkAggregateDropName(const promql::AggregateExpr& agg, const Vector& input, Vector& output);

/// Drops the names of marked series now (a subquery's points handed to a
/// function: the mark does not survive the range function).
void DropMarkedNames(Matrix& m);

/// label_replace/label_join writing `__name__` revive the name: the written
/// samples lose their drop mark. `args` are the call's evaluated arguments.
Status KeepRelabelledNames(const promql::Call& call, const std::vector<Value>& args, Value& out);

/// The end of a query: removes the names of marked samples and series; a
/// vector left with two equal label sets fails, a matrix merges series that
/// became equal unless they share a timestamp (then it fails), as
/// upstream's cleanupMetricLabels does.
Status RemoveMarkedNames(Value& v);

}  // namespace ttam::eval
