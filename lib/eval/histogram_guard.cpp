// The engine's refusal of native histogram samples outside plain selection.

#include "eval/histogram_guard.h"

#include <span>
#include <vector>

#include "promql/printer.h"
#include "promql/walk.h"

namespace ttam::eval {
namespace {

// The ancestors of `target` in `root`, from the root to its parent.
std::vector<const promql::Expr*> AncestorsOf(const promql::Expr& root, const promql::Expr& target) {
  std::vector<const promql::Expr*> found;
  promql::Walk(root, [&](const promql::Expr& node, std::span<const promql::Expr* const> up) {
    if (&node == &target) found.assign(up.begin(), up.end());
    return found.empty();
  });
  return found;
}

// What a node does with its operand, for the error.
std::string WhatComputes(const promql::Expr& node) {
  if (const auto* call = std::get_if<promql::Call>(&node.node)) return call->func + "()";
  if (const auto* agg = std::get_if<promql::AggregateExpr>(&node.node))
    return std::string(promql::AggregateOpName(agg->op)) + "()";
  if (const auto* bin = std::get_if<promql::BinaryExpr>(&node.node))
    return "binary operator " + std::string(promql::BinaryOpName(bin->op));
  if (std::holds_alternative<promql::UnaryExpr>(node.node)) return "unary minus";
  if (std::holds_alternative<promql::SubqueryExpr>(node.node)) return "a subquery";
  if (std::holds_alternative<promql::MatrixSelector>(node.node)) return "a range selector";
  return "this expression";
}

}  // namespace

bool IsPlainSelection(const promql::Expr& root, const promql::Expr& selector) {
  return &promql::Unparen(root) == &selector;
}

Error HistogramsNotSupported(const promql::Expr& root, const promql::Expr& selector,
                             bool range_query) {
  std::string what = range_query ? "a range query" : "this expression";
  std::vector<const promql::Expr*> up = AncestorsOf(root, selector);
  // The nearest ancestor that is more than parentheses or the selector's
  // own range brackets (a range selector is read by its function).
  for (auto it = up.rbegin(); it != up.rend(); ++it) {
    const promql::Expr& node = **it;
    if (std::holds_alternative<promql::ParenExpr>(node.node)) continue;
    if (std::holds_alternative<promql::MatrixSelector>(node.node) && std::next(it) != up.rend())
      continue;
    what = WhatComputes(node);
    break;
  }
  return Error{"native histograms: " + what + " over histogram samples not supported yet (" +
               promql::Print(selector) + " selects some)"};
}

}  // namespace ttam::eval
