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
// second argument), aggregation argument counts, literal ranges and
// subquery steps greater than 0, and the feature gates of ParseOptions
// (Prometheus's parser checks those too; experimental *functions* are the
// checker's, see CheckOptions).
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
  ExprPtr expr;                    ///< The tree; may be non-null even when errors is not empty.
  std::vector<ParseError> errors;  ///< Empty on success.
  /// True when there were no errors.
  bool ok() const { return errors.empty() && expr != nullptr; }
};

/// Experimental syntax the parser accepts, one switch per Prometheus
/// --enable-feature flag; all off (stable PromQL only) by default. Each
/// rejection names its flag: see the k*Flag constants below.
struct ParseOptions {
  /// Arithmetic, step(), range(), min_of() and max_of() in range, subquery
  /// step and offset positions: `foo[5m+1m]`, `offset -(1h)`
  /// (--enable-feature=promql-duration-expr).
  bool experimental_duration_expr = false;
  /// The `anchored` and `smoothed` selector modifiers
  /// (--enable-feature=promql-extended-range-selectors).
  bool extended_range_selectors = false;
  /// fill(), fill_left() and fill_right() on binary operators
  /// (--enable-feature=promql-binop-fill-modifiers).
  bool binop_fill_modifiers = false;

  /// Every feature on, as Prometheus's own promqltest runs its test files.
  static ParseOptions All() { return {true, true, true}; }
};

/// The feature flags behind ParseOptions, as Prometheus spells them.
inline constexpr std::string_view kDurationExprFlag = "--enable-feature=promql-duration-expr";
inline constexpr std::string_view kExtendedRangeSelectorsFlag =
    "--enable-feature=promql-extended-range-selectors";
inline constexpr std::string_view kBinopFillModifiersFlag =
    "--enable-feature=promql-binop-fill-modifiers";

/// Parses a stable PromQL expression (every ParseOptions feature off).
ParseResult Parse(std::string_view input);

/// Parses a PromQL expression, accepting the experimental syntax `options` enables.
ParseResult Parse(std::string_view input, const ParseOptions& options);

}  // namespace ttam::promql
