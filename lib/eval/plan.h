#pragma once

// The bind step between the parser's untyped AST and evaluation: selectors'
// matchers are compiled once and calls resolved to implementations once
// (through eval's function table, pinned to promql's). The AST is not
// changed; the plan refers to its nodes, so the tree must outlive it.

#include <unordered_map>
#include <vector>

#include "eval/functions.h"
#include "eval/storage.h"
#include "promql/ast.h"
#include "support/result.h"

namespace ttam::eval {

/// A bound expression, ready to evaluate.
class Plan {
 public:
  /// Binds `root`; fails on an invalid regex or a function PromQL does not
  /// have (both are rejected earlier by the parser and checker).
  static Result<Plan> Bind(const promql::Expr& root);
  /// The expression bound.
  const promql::Expr& root() const { return *root_; }
  /// The compiled matchers of a VectorSelector node of this tree.
  const std::vector<Matcher>& MatchersOf(const promql::Expr& selector) const {
    return matchers_.at(&selector);
  }
  /// The implementation of a Call node of this tree; null when not implemented yet.
  const FunctionImpl* FunctionOf(const promql::Expr& call) const { return functions_.at(&call); }

 private:
  const promql::Expr* root_ = nullptr;
  std::unordered_map<const promql::Expr*, std::vector<Matcher>> matchers_;
  std::unordered_map<const promql::Expr*, const FunctionImpl*> functions_;
};

}  // namespace ttam::eval
