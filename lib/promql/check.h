#pragma once

// The PromQL type checker: a pass over the untyped AST that the
// parser produced. It resolves function names against the function table,
// computes value types and reports the static errors Prometheus's checkAST
// reports, with the same wording, plus the experimental-feature gate.
//
// Run it on a tree that Parse accepted without errors, as Prometheus only
// type-checks after a clean parse. The parser owns the rules it can decide
// alone: selector matchers (one non-empty matcher, one metric name, valid
// regexes), aggregation argument counts, grouping on set operators, a
// label in both on(...) and group_x(...), and the gates of the experimental
// syntax (ParseOptions). The checker adds, for that syntax: fill() only
// between instant vectors and not on set operators, and anchored/smoothed
// range selectors only as arguments of the functions Prometheus allows
// (changes, delta, increase, rate, resets / delta, increase, rate), a rule
// Prometheus applies when the query runs. Duration expressions (DurationExpr
// subtrees) are not type-checked: they are numbers of seconds.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promql/ast.h"

namespace ttam::promql {

/// What the checker accepts beyond stable PromQL.
struct CheckOptions {
  /// Accept functions and aggregations Prometheus marks experimental
  /// (--enable-feature=promql-experimental-functions).
  bool enable_experimental_functions = false;
  /// The expression text the spans refer to. Optional: when given, the span
  /// of an error about a binary operator covers the operator and its
  /// modifiers without the surrounding whitespace, as Prometheus reports it.
  std::string_view source;
};

/// One static error in an expression.
struct CheckError {
  Span span;  ///< Byte offsets in the expression.
  std::string
      message;  ///< Prometheus's wording, e.g. `expected 1 argument(s) in call to "rate", got 2`.
  std::string hint;  ///< What to do about it; empty when the message says enough.
};

/// Checks `ast` and returns its errors in Prometheus's order (children before
/// their parent, arguments left to right); empty when the expression is valid.
std::vector<CheckError> Check(const Expr& ast, const CheckOptions& options);

/// The value type of `expr` as Prometheus types it, without validating it;
/// nullopt when it depends on a function PromQL does not have.
std::optional<ValueType> TypeOf(const Expr& expr);

}  // namespace ttam::promql
