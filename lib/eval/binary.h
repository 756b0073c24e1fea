#pragma once

// Binary and unary operators on evaluated operands, with Prometheus 3's
// semantics (upstream's scalarBinop, VectorscalarBinop, VectorBinop,
// VectorAnd/Or/Unless): Go's float operations, one-to-one and
// group_left/group_right matching with upstream's error texts, and both
// modes of `__name__` removal: immediate (the metric name, `__type__` and
// `__unit__` are dropped the moment an arithmetic operator, `bool` or unary
// minus runs) and delayed (the labels stay and the sample's drop_name is set;
// vector-vector arithmetic drops them at once in both modes, as upstream's
// resultMetric does).

#include <cstdint>

#include "eval/value.h"
#include "promql/ast.h"
#include "support/result.h"

namespace ttam::eval {

/// Applies `e`'s operator to its evaluated operands, each a Scalar or a Vector;
/// `delayed_name_removal` selects the name-dropping mode.
Result<Value> EvalBinary(const promql::BinaryExpr& e, const Value& lhs, const Value& rhs,
                         bool delayed_name_removal = false);

/// Unary minus (negative) or plus of an evaluated Scalar or Vector.
Result<Value> EvalUnary(bool negative, Value operand, bool delayed_name_removal = false);

/// The labels of a result that loses its metric name: `labels` unchanged with
/// delayed removal (the caller sets the sample's drop_name), DropMetadata(labels)
/// otherwise.
model::Labels NameDropped(const model::Labels& labels, bool delayed_name_removal);

/// `labels` without `__name__`, `__type__` and `__unit__` (immediate name removal).
model::Labels DropMetadata(const model::Labels& labels);

/// Fails with upstream's error when two samples of `v` have the same labels.
Status CheckDistinctLabels(const Vector& v);

}  // namespace ttam::eval
