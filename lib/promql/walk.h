#pragma once

// Read-only traversal of a PromQL tree for lints and analyses: children in
// source order and a pre-order walk that passes each node's ancestors.
// Iterative, so deep trees cannot overflow the stack.

#include <functional>
#include <span>
#include <vector>

#include "promql/ast.h"

namespace ttam::promql {

/// The children of `e` in source order (an aggregation's parameter before its
/// expression, a binary expression's lhs before its rhs). Duration
/// expressions (DurationExpr subtrees of a selector's offset_expr, a
/// matrix's range_expr, a subquery's range/step/offset_expr) are children
/// too, after the node's expression child.
std::vector<const Expr*> Children(const Expr& e);

/// Calls `visit(node, ancestors)` for every node in pre-order; `ancestors`
/// runs from the root to the node's parent. Return false from `visit` to
/// skip the node's subtree.
void Walk(
    const Expr& root,
    const std::function<bool(const Expr& node, std::span<const Expr* const> ancestors)>& visit);

/// Strips enclosing parentheses: `((x))` gives `x`.
const Expr& Unparen(const Expr& e);

}  // namespace ttam::promql
