#pragma once

// The PromQL parser: hand-written recursive descent with precedence climbing,
// following Prometheus's grammar (operator precedence, postfix offset/@/range,
// aggregation modifiers before or after the arguments). It produces the
// untyped AST of ast.h.
//
// Checked here (syntax-level, as Prometheus's parser does): token grammar,
// `bool` only on comparison operators, no group_left/group_right on set
// operators (which are given many-to-many cardinality), a label in both on()
// and group_x(), offset/@ only after selectors and subqueries and at most
// once, ranges only on plain vector selectors, metric name set twice,
// regex syntax (RE2), at least one non-empty matcher (except info()'s
// second argument), aggregation argument counts.
//
// Left to the checker (check.*), because they need types or the function
// table: unknown functions and their arity/argument types, set operators
// between scalars ("set operator ... not allowed in binary scalar
// expression"), scalar comparisons without bool, "vector matching only
// allowed between instant vectors", subqueries on non-instant vectors,
// parameter types of topk/quantile/count_values.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "promql/ast.h"

namespace ttam::promql {

/// A parse error: byte span in the expression and a Prometheus-style message.
struct ParseError {
  size_t begin = 0;     ///< First byte of the offending text.
  size_t end = 0;       ///< One past its last byte.
  std::string message;  ///< E.g. `unexpected end of input`.
};

/// The outcome of Parse: a tree (null after a syntax error) and the errors found.
struct ParseResult {
  ExprPtr expr;                     ///< The tree; may be non-null even when errors is not empty.
  std::vector<ParseError> errors;   ///< Empty on success.
  /// True when there were no errors.
  bool ok() const { return errors.empty() && expr != nullptr; }
};

/// Parses a PromQL expression.
ParseResult Parse(std::string_view input);

}  // namespace ttam::promql
