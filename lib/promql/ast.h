#pragma once

// The untyped PromQL syntax tree produced by the parser: a closed
// set of node kinds in one std::variant, each node wrapped in an Expr that
// carries its byte span in the source expression. Types, arity and vector
// matching are validated by the checker (lib/promql/check.*), not here.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace ttam::promql {

/// Byte offsets [begin, end) of a node in the parsed expression.
struct Span {
  size_t begin = 0;
  size_t end = 0;
};

/// The four PromQL value types.
enum class ValueType { kScalar, kVector, kMatrix, kString };

/// The PromQL spelling of a value type ("scalar", "instant vector", ...).
std::string_view ValueTypeName(ValueType type);

struct Expr;
/// Owning pointer to a child expression; never null inside a parsed tree.
using ExprPtr = std::unique_ptr<Expr>;

/// A number such as 1, 0x1f, 1e3, Inf or NaN; durations in number position are seconds.
struct NumberLiteral {
  double value = 0;
};

/// A string literal, already unescaped.
struct StringLiteral {
  std::string value;
};

/// Label matcher operator: =, !=, =~, !~.
enum class MatchOp { kEqual, kNotEqual, kRegexMatch, kRegexNoMatch };

/// One label matcher `name op "value"`; the metric name is a matcher on __name__.
struct LabelMatcher {
  std::string name;
  MatchOp op = MatchOp::kEqual;
  std::string value;
};

/// What an @ modifier pins evaluation to.
enum class AtKind { kTimestamp, kStart, kEnd };

/// An `@ <timestamp>`, `@ start()` or `@ end()` modifier.
struct AtModifier {
  AtKind kind = AtKind::kTimestamp;
  int64_t timestamp_ms = 0;  ///< Only for kTimestamp: milliseconds since the epoch.
};

/// `name{matchers} offset d @ t [anchored|smoothed]`; matchers include the name as
/// __name__="name" when given.
struct VectorSelector {
  std::string name;                    ///< Metric name written before `{` (empty if none).
  std::vector<LabelMatcher> matchers;  ///< Matchers in source order, excluding `name` itself.
  int64_t offset_ms = 0;               ///< Offset in milliseconds; may be negative.
  std::optional<AtModifier> at;        ///< The @ modifier, if any.
  /// An offset written as a duration expression (`offset step()`, `offset (1m+1m)`;
  /// promql-duration-expr): a DurationExpr, and offset_ms is then 0. Null for a literal offset.
  ExprPtr offset_expr;
  bool anchored = false;  ///< The `anchored` modifier (promql-extended-range-selectors).
  bool smoothed = false;  ///< The `smoothed` modifier (promql-extended-range-selectors).
};

/// `selector[range]`; offset, @, anchored and smoothed live on the inner VectorSelector.
struct MatrixSelector {
  ExprPtr vector_selector;  ///< Always an Expr holding a VectorSelector.
  int64_t range_ms = 0;     ///< The range in milliseconds; 0 when range_expr is set.
  /// The range written as a duration expression (`[5m+1m]`, `[step()]`;
  /// promql-duration-expr): a DurationExpr. Null for a literal range.
  ExprPtr range_expr;
};

/// `expr[range:step] offset d @ t`.
struct SubqueryExpr {
  ExprPtr expr;          ///< The inner expression (an instant vector when valid).
  int64_t range_ms = 0;  ///< Range in milliseconds; 0 when range_expr is set.
  /// Step in milliseconds; absent means the default interval (or that step_expr is set).
  std::optional<int64_t> step_ms;
  int64_t offset_ms = 0;         ///< Offset in milliseconds; may be negative; 0 with offset_expr.
  std::optional<AtModifier> at;  ///< The @ modifier, if any.
  /// Duration expressions (promql-duration-expr), each a DurationExpr or null when the
  /// position holds a literal (or, for the step, nothing).
  ExprPtr range_expr;
  ExprPtr step_expr;    ///< See range_expr; when set, step_ms is absent.
  ExprPtr offset_expr;  ///< See range_expr.
};

/// Operators of a duration expression.
enum class DurationOp {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,    ///< Binary: lhs op rhs.
  kNeg,    ///< Unary minus of lhs (a minus on a number is folded into the NumberLiteral).
  kParen,  ///< `( lhs )`.
  kStep,   ///< `step()`: the query's resolution step; no operands.
  kRange,  ///< `range()`: the query's time range (end - start); no operands.
  kMinOf,  ///< `min_of(lhs, rhs)`.
  kMaxOf,  ///< `max_of(lhs, rhs)`.
};

/// Arithmetic on durations in a range, subquery step or offset position
/// (Prometheus's experimental promql-duration-expr). Operands are other
/// DurationExprs or NumberLiterals holding seconds (`5m` is 300). Such a
/// subtree only hangs off the *_expr fields of selectors and subqueries,
/// never in expression position.
struct DurationExpr {
  DurationOp op = DurationOp::kAdd;
  ExprPtr lhs;  ///< First operand; null for kStep and kRange.
  ExprPtr rhs;  ///< Second operand of binary ops, kMinOf and kMaxOf; otherwise null.
};

/// A function call `name(args...)`; the name is resolved against the function table by the checker.
struct Call {
  std::string func;           ///< Function name as written.
  std::vector<ExprPtr> args;  ///< Arguments in order.
};

/// Aggregation operators.
enum class AggregateOp {
  kSum,
  kAvg,
  kCount,
  kMin,
  kMax,
  kGroup,
  kStddev,
  kStdvar,
  kTopk,
  kBottomk,
  kCountValues,
  kQuantile,
  kLimitk,
  kLimitRatio,
};

/// The PromQL keyword for an aggregation operator ("sum", "count_values", ...).
std::string_view AggregateOpName(AggregateOp op);

/// True for operators that take a parameter: topk, bottomk, count_values, quantile, limitk,
/// limit_ratio.
bool AggregateOpTakesParam(AggregateOp op);

/// `op by|without (labels) (param, expr)`.
struct AggregateExpr {
  AggregateOp op = AggregateOp::kSum;
  ExprPtr expr;   ///< The aggregated expression.
  ExprPtr param;  ///< The parameter (topk's k, ...); null when the op takes none.
  std::vector<std::string> grouping;  ///< Labels of by/without, in source order.
  bool without = false;               ///< True for `without`, false for `by` or no clause.
};

/// Binary operators, arithmetic, comparison and set.
enum class BinaryOp {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kAtan2,
  kEql,
  kNeq,
  kGtr,
  kLss,
  kGte,
  kLte,
  kAnd,
  kOr,
  kUnless,
  kTrimUpper,  ///< `</`: removes native histogram observations above the right-hand value.
  kTrimLower,  ///< `>/`: removes native histogram observations below the right-hand value.
};

/// The PromQL spelling of a binary operator ("+", "==", "and", "atan2", "</", ...).
std::string_view BinaryOpName(BinaryOp op);

/// True for ==, !=, >, <, >=, <=.
bool IsComparisonOp(BinaryOp op);

/// True for and, or, unless.
bool IsSetOp(BinaryOp op);

/// True for the native histogram trim operators </ and >/.
bool IsTrimOp(BinaryOp op);

/// Vector matching cardinality.
enum class Cardinality { kOneToOne, kManyToOne, kOneToMany, kManyToMany };

/// The on/ignoring and group_left/group_right clause of a binary expression.
struct VectorMatching {
  Cardinality card = Cardinality::kOneToOne;  ///< Set ops are many-to-many (set by the parser).
  bool on = false;          ///< True for `on(...)`, false for `ignoring(...)` or none.
  bool has_clause = false;  ///< True when on(...) or ignoring(...) was written.
  std::vector<std::string> matching_labels;  ///< Labels of on/ignoring.
  std::vector<std::string> include_labels;   ///< Labels of group_left/group_right.
  /// `fill(v)` / `fill_left(v)`: the value a missing left-hand series takes
  /// (promql-binop-fill-modifiers); absent when not written.
  std::optional<double> fill_lhs;
  /// `fill(v)` / `fill_right(v)`: the value a missing right-hand series takes.
  std::optional<double> fill_rhs;
};

/// `lhs op [bool] [on|ignoring (...)] [group_left|group_right (...)] [fill...] rhs`.
struct BinaryExpr {
  BinaryOp op = BinaryOp::kAdd;
  ExprPtr lhs;
  ExprPtr rhs;
  bool return_bool = false;  ///< The `bool` modifier (comparisons only).
  VectorMatching matching;   ///< Matching clause; meaningful only between vectors.
};

/// Unary `-expr` or `+expr`.
struct UnaryExpr {
  bool negative = true;  ///< True for `-`, false for `+`.
  ExprPtr expr;
};

/// `( expr )`.
struct ParenExpr {
  ExprPtr expr;
};

/// The closed set of node kinds.
using Node =
    std::variant<NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, SubqueryExpr, Call,
                 AggregateExpr, BinaryExpr, UnaryExpr, ParenExpr, DurationExpr>;

/// A node plus its byte span in the source.
struct Expr {
  Node node;  ///< What kind of node, with its fields.
  Span span;  ///< Byte offsets in the parsed expression.

  Expr() = default;
  Expr(Expr&&) = default;
  Expr& operator=(Expr&&) = default;
  /// Frees the subtree iteratively, so very deep trees cannot overflow the stack.
  ~Expr();
};

/// Makes an ExprPtr from a node and span.
ExprPtr MakeExpr(Node node, Span span);

/// Structural equality ignoring spans (NaN equals NaN).
bool Equal(const Expr& a, const Expr& b);

/// Deep copy of an expression tree, spans included.
ExprPtr Clone(const Expr& e);

/// Calls `f` on every child slot (an ExprPtr, null slots included) of `node`, an
/// Expr::node variant, const or not: the one enumeration of a node's children, in
/// source order (an aggregation's parameter before its expression, a binary
/// expression's lhs before its rhs; duration expressions after the node's
/// expression child).
template <typename N, typename F>
void ForEachChild(N& node, F&& f) {
  std::visit(
      [&](auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, VectorSelector>) {
          f(n.offset_expr);
        } else if constexpr (std::is_same_v<T, MatrixSelector>) {
          f(n.vector_selector);
          f(n.range_expr);
        } else if constexpr (std::is_same_v<T, SubqueryExpr>) {
          f(n.expr);
          f(n.range_expr);
          f(n.step_expr);
          f(n.offset_expr);
        } else if constexpr (std::is_same_v<T, UnaryExpr> || std::is_same_v<T, ParenExpr>) {
          f(n.expr);
        } else if constexpr (std::is_same_v<T, DurationExpr>) {
          f(n.lhs);
          f(n.rhs);
        } else if constexpr (std::is_same_v<T, Call>) {
          for (auto& a : n.args) f(a);
        } else if constexpr (std::is_same_v<T, AggregateExpr>) {
          f(n.param);
          f(n.expr);
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          f(n.lhs);
          f(n.rhs);
        }
      },
      node);
}

}  // namespace ttam::promql
