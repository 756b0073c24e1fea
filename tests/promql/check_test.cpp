#include "promql/check.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "promql/parser.h"

namespace ttam::promql {
namespace {

// Hand-built trees; spans are not meaningful here, so only messages are compared.
ExprPtr NumLit(double v) { return MakeExpr(NumberLiteral{v}, {}); }
ExprPtr Text(std::string s) { return MakeExpr(StringLiteral{std::move(s)}, {}); }
ExprPtr Sel(std::string name, std::vector<LabelMatcher> matchers = {}) {
  VectorSelector vs;
  vs.name = std::move(name);
  vs.matchers = std::move(matchers);
  return MakeExpr(std::move(vs), {});
}
ExprPtr Range(ExprPtr selector) {
  return MakeExpr(MatrixSelector{std::move(selector), 300000, nullptr}, {});
}
ExprPtr Subquery(ExprPtr e) {
  SubqueryExpr sq;
  sq.expr = std::move(e);
  sq.range_ms = 300000;
  sq.step_ms = 60000;
  return MakeExpr(std::move(sq), {});
}
template <typename... Args>
ExprPtr Fn(std::string name, Args... args) {
  std::vector<ExprPtr> list;
  (list.push_back(std::move(args)), ...);
  return MakeExpr(Call{std::move(name), std::move(list)}, {});
}
ExprPtr Agg(AggregateOp op, ExprPtr e, ExprPtr param = nullptr) {
  return MakeExpr(AggregateExpr{op, std::move(e), std::move(param), {}, false}, {});
}
ExprPtr Bin(BinaryOp op, ExprPtr l, ExprPtr r, bool return_bool = false,
            VectorMatching matching = {}) {
  if (IsSetOp(op) && matching.card == Cardinality::kOneToOne) {
    matching.card = Cardinality::kManyToMany;
  }
  return MakeExpr(BinaryExpr{op, std::move(l), std::move(r), return_bool, std::move(matching)}, {});
}
ExprPtr Neg(ExprPtr e) { return MakeExpr(UnaryExpr{true, std::move(e)}, {}); }
ExprPtr Paren(ExprPtr e) { return MakeExpr(ParenExpr{std::move(e)}, {}); }

std::string Messages(const Expr& e, bool experimental = false) {
  CheckOptions options;
  options.enable_experimental_functions = experimental;
  std::string out;
  for (const CheckError& err : Check(e, options)) {
    if (!out.empty()) out += "\n";
    out += err.message;
  }
  return out;
}

struct CheckCase {
  std::string_view name;
  ExprPtr expr;
  std::string_view want;  // errors joined by newlines; "" = valid
};

VectorMatching On(std::vector<std::string> labels, Cardinality card = Cardinality::kOneToOne,
                  std::vector<std::string> include = {}) {
  VectorMatching m;
  m.on = true;
  m.has_clause = true;
  m.card = card;
  m.matching_labels = std::move(labels);
  m.include_labels = std::move(include);
  return m;
}

TEST_CASE("checker on hand-built trees") {
  CheckCase cases[] = {
      {"rate of a range", Fn("rate", Range(Sel("foo"))), ""},
      {"rate of an instant vector", Fn("rate", Sel("foo")),
       "expected type range vector in call to function \"rate\", got instant vector"},
      {"rate with two arguments", Fn("rate", Range(Sel("foo")), Range(Sel("bar"))),
       "expected 1 argument(s) in call to \"rate\", got 2"},
      {"histogram_quantile", Fn("histogram_quantile", NumLit(0.9), Sel("foo")), ""},
      {"histogram_quantile with a string", Fn("histogram_quantile", Text("0.9"), Sel("foo")),
       "expected type scalar in call to function \"histogram_quantile\", got string"},
      {"label_replace short", Fn("label_replace", Sel("foo"), Text("a"), Text("b"), Text("c")),
       "expected 5 argument(s) in call to \"label_replace\", got 4"},
      {"label_join many", Fn("label_join", Sel("foo"), Text("a"), Text(","), Text("b"), Text("c")),
       ""},
      {"label_join too few", Fn("label_join", Sel("foo"), Text("a")),
       "expected at least 3 argument(s) in call to \"label_join\", got 2"},
      {"label_join number in the tail",
       Fn("label_join", Sel("foo"), Text("a"), Text(","), Text("b"), NumLit(1)),
       "expected type string in call to function \"label_join\", got scalar"},
      {"round at most 2", Fn("round", Sel("foo"), NumLit(1), NumLit(2)),
       "expected at most 2 argument(s) in call to \"round\", got 3"},
      {"hour without arguments", Fn("hour"), ""},
      {"unknown function", Fn("rates", Range(Sel("foo"))), "unknown function with name \"rates\""},
      {"experimental function", Fn("mad_over_time", Range(Sel("foo"))),
       "function \"mad_over_time\" is not enabled"},
      {"experimental aggregation", Agg(AggregateOp::kLimitk, Sel("foo"), NumLit(2)),
       "limitk() is experimental and must be enabled with "
       "--enable-feature=promql-experimental-functions"},
      {"sum of a range", Agg(AggregateOp::kSum, Range(Sel("foo"))),
       "expected type instant vector in aggregation expression, got range vector"},
      {"topk with a string", Agg(AggregateOp::kTopk, Sel("foo"), Text("5")),
       "expected type scalar in aggregation parameter, got string"},
      {"count_values with a number", Agg(AggregateOp::kCountValues, Sel("foo"), NumLit(1)),
       "expected type string in aggregation parameter, got scalar"},
      {"quantile without its parameter", Agg(AggregateOp::kQuantile, Sel("foo")),
       "wrong number of arguments for aggregate expression provided, expected 2, got 1"},
      {"scalar comparison without bool", Bin(BinaryOp::kGtr, NumLit(1), NumLit(2)),
       "comparisons between scalars must use BOOL modifier"},
      {"scalar comparison with bool", Bin(BinaryOp::kGtr, NumLit(1), NumLit(2), true), ""},
      {"bool on arithmetic", Bin(BinaryOp::kAdd, Sel("a"), Sel("b"), true),
       "bool modifier can only be used on comparison operators"},
      {"set operator with a scalar", Bin(BinaryOp::kAnd, Sel("a"), NumLit(1)),
       "set operator \"and\" not allowed in binary scalar expression"},
      {"vector matching with a scalar", Bin(BinaryOp::kAdd, Sel("a"), NumLit(1), false, On({"x"})),
       "vector matching only allowed between instant vectors"},
      {"empty on() with a scalar is accepted, as Prometheus does",
       Bin(BinaryOp::kAdd, Sel("a"), NumLit(1), false, On({})), ""},
      {"group_left with a set operator",
       Bin(BinaryOp::kOr, Sel("a"), Sel("b"), false, On({"x"}, Cardinality::kManyToOne)),
       "no grouping allowed for \"or\" operation\nset operations must always be many-to-many"},
      {"string operand", Bin(BinaryOp::kAdd, Text("a"), NumLit(1)),
       "binary expression must contain only scalar and instant vector types"},
      {"range operand", Bin(BinaryOp::kAdd, Sel("a"), Range(Sel("b"))),
       "binary expression must contain only scalar and instant vector types"},
      {"unary minus on a range", Neg(Range(Sel("a"))),
       "unary expression only allowed on expressions of type scalar or instant vector, got "
       "\"range vector\""},
      {"subquery of a range", Subquery(Range(Sel("a"))),
       "subquery is only allowed on instant vector, got matrix instead"},
      {"subquery of rate", Fn("max_over_time", Subquery(Fn("rate", Range(Sel("a"))))), ""},
      {"an argument's error does not spread to its caller",
       Paren(Fn("abs", Fn("rate", Sel("foo")))),
       "expected type range vector in call to function \"rate\", got instant vector"},
      {"children are reported before their parent",
       Bin(BinaryOp::kAnd, Fn("rate", Sel("foo")), NumLit(1)),
       "expected type range vector in call to function \"rate\", got instant vector\n"
       "set operator \"and\" not allowed in binary scalar expression"},
  };
  for (const CheckCase& c : cases) {
    CAPTURE(c.name);
    CHECK(Messages(*c.expr) == c.want);
  }
}

TEST_CASE("experimental functions pass when enabled") {
  CHECK(Messages(*Fn("mad_over_time", Range(Sel("foo"))), true) == "");
  CHECK(Messages(*Agg(AggregateOp::kLimitRatio, Sel("foo"), NumLit(0.5)), true) == "");
  CheckOptions options;
  std::vector<CheckError> errors = Check(*Fn("sort_by_label", Sel("foo"), Text("a")), options);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].hint.find("--enable-feature=promql-experimental-functions") != std::string::npos);
}

TEST_CASE("result types") {
  CHECK(TypeOf(*NumLit(1)) == ValueType::kScalar);
  CHECK(TypeOf(*Bin(BinaryOp::kAdd, NumLit(1), NumLit(2))) == ValueType::kScalar);
  CHECK(TypeOf(*Bin(BinaryOp::kAdd, NumLit(1), Sel("a"))) == ValueType::kVector);
  CHECK(TypeOf(*Paren(Neg(Fn("time")))) == ValueType::kScalar);
  CHECK(TypeOf(*Range(Sel("a"))) == ValueType::kMatrix);
  CHECK(TypeOf(*Subquery(Sel("a"))) == ValueType::kMatrix);
  CHECK(TypeOf(*Text("x")) == ValueType::kString);
  CHECK(TypeOf(*Agg(AggregateOp::kSum, Sel("a"))) == ValueType::kVector);
  CHECK(TypeOf(*Fn("scalar", Sel("a"))) == ValueType::kScalar);
  CHECK_FALSE(TypeOf(*Fn("nope")).has_value());
}

// Parses `input` and renders the checker's errors as `begin:end: message`,
// with ` (hint)` when there is one; parse errors are rendered with "parse: ".
std::string CheckText(std::string_view input, bool experimental = false) {
  ParseResult parsed = Parse(input);
  std::string out;
  auto line = [&](size_t begin, size_t end, std::string_view text) {
    if (!out.empty()) out += "\n";
    out += std::to_string(begin) + ":" + std::to_string(end) + ": " + std::string(text);
  };
  if (!parsed.ok()) {
    for (const ParseError& e : parsed.errors) line(e.begin, e.end, "parse: " + e.message);
    return out;
  }
  CheckOptions options;
  options.enable_experimental_functions = experimental;
  options.source = input;
  for (const CheckError& e : Check(*parsed.expr, options)) {
    line(e.span.begin, e.span.end, e.hint.empty() ? e.message : e.message + " (" + e.hint + ")");
  }
  return out;
}

struct TextCase {
  std::string_view name, input, want;  // want: rendered errors, "" when valid
};

// Positions follow Prometheus's parse_test.go, except that operator spans
// cover the whole operator (Prometheus drops its last character).
constexpr TextCase kTextCases[] = {
    // Valid expressions, one per kind of rule the checker applies.
    {"rate of a range", "rate(foo[5m])", ""},
    {"guide's quantile", "histogram_quantile(0.95, sum by (le) (rate(foo_bucket[5m])))", ""},
    {"subquery of rate", "max_over_time(rate(foo[5m])[30m:1m])", ""},
    {"aggregation parameters", "topk(3, foo) or quantile(0.9, foo) or count_values(\"v\", foo)",
     ""},
    {"scalar comparison with bool", "1 > bool 2", ""},
    {"vector and scalar comparison", "foo > 2", ""},
    {"group_left with on", "foo * on(instance) group_left(job) bar", ""},
    {"set operator with on", "foo and on(x) bar", ""},
    {"empty on() beside a scalar, as Prometheus allows", "1 + on() foo", ""},
    {"top-level string", "\"a\"", ""},
    {"variadic label_join", "label_join(foo, \"a\", \",\", \"b\", \"c\")", ""},
    {"optional argument given", "round(foo, 5)", ""},
    {"optional argument omitted", "hour()", ""},
    {"scalar functions", "vector(time()) + scalar(foo) * pi()", ""},
    {"unary minus on a vector", "-foo", ""},
    {"predict_linear", "predict_linear(foo[1h], 4 * 3600) < 0", ""},

    // Functions: argument types, counts, names, experimental gate.
    {"rate of an instant vector", "rate(some_metric)",
     "5:16: expected type range vector in call to function \"rate\", got instant vector"},
    {"rate of a metric named like an aggregation", "rate(avg)",
     "5:8: expected type range vector in call to function \"rate\", got instant vector"},
    {"floor of a scalar", "floor(1)",
     "6:7: expected type instant vector in call to function \"floor\", got scalar"},
    {"floor without arguments", "floor()",
     "0:7: expected 1 argument(s) in call to \"floor\", got 0"},
    {"floor with two", "floor(some_metric, other_metric)",
     "0:32: expected 1 argument(s) in call to \"floor\", got 2"},
    {"rate with two", "rate(foo[5m], bar[5m])",
     "0:22: expected 1 argument(s) in call to \"rate\", got 2"},
    {"hour with three", "hour(some_metric, some_metric, some_metric)",
     "0:43: expected at most 1 argument(s) in call to \"hour\", got 3"},
    {"time with one", "time(some_metric)",
     "0:17: expected 0 argument(s) in call to \"time\", got 1"},
    {"label_replace with four", "label_replace(foo, \"a\", \"b\", \"c\")",
     "0:33: expected 5 argument(s) in call to \"label_replace\", got 4"},
    {"label_join with two", "label_join(foo, \"a\")",
     "0:20: expected at least 3 argument(s) in call to \"label_join\", got 2"},
    {"label_join number in the repeated tail", "label_join(foo, \"a\", \",\", \"b\", 1)",
     "31:32: expected type string in call to function \"label_join\", got scalar"},
    {"histogram_quantile with a string", "histogram_quantile(\"0.9\", foo)",
     "19:24: expected type scalar in call to function \"histogram_quantile\", got string"},
    {"vector of a vector", "vector(foo)",
     "7:10: expected type scalar in call to function \"vector\", got instant vector"},
    {"an argument's error does not spread", "abs(rate(foo))",
     "9:12: expected type range vector in call to function \"rate\", got instant vector"},
    {"unknown function", "non_existent_function_far_bar()",
     "0:29: unknown function with name \"non_existent_function_far_bar\""},
    {"unknown function after an operator", "a>b()", "2:3: unknown function with name \"b\""},
    {"holt_winters is gone in Prometheus 3", "holt_winters(foo[5m], 0.5, 0.5)",
     "0:12: unknown function with name \"holt_winters\""},
    {"experimental function", "mad_over_time(foo[5m])",
     "0:13: function \"mad_over_time\" is not enabled (experimental functions are enabled "
     "with --enable-feature=promql-experimental-functions)"},
    {"experimental aggregation", "limitk(2, foo)",
     "0:14: limitk() is experimental and must be enabled with "
     "--enable-feature=promql-experimental-functions"},

    {"argument errors in argument order, subtrees first",
     "label_replace(rate(foo), 1, \"b\", \"c\", \"d\")",
     "19:22: expected type range vector in call to function \"rate\", got instant vector\n"
     "25:26: expected type string in call to function \"label_replace\", got scalar"},

    // Aggregations.
    {"the aggregated expression is checked before the parameter", "topk(\"a\", foo[5m])",
     "10:17: expected type instant vector in aggregation expression, got range vector\n"
     "5:8: expected type scalar in aggregation parameter, got string"},
    {"sum of a range", "sum(foo[5m])",
     "4:11: expected type instant vector in aggregation expression, got range vector"},
    {"topk with a vector parameter", "topk(some_metric, other_metric)",
     "5:16: expected type scalar in aggregation parameter, got instant vector"},
    {"count_values with a number", "count_values(5, other_metric)",
     "13:14: expected type string in aggregation parameter, got scalar"},
    {"quantile with a string", "quantile(\"0.9\", foo)",
     "9:14: expected type scalar in aggregation parameter, got string"},

    // Binary operators.
    {"set operator between scalars", "1 and 1",
     "0:7: set operator \"and\" not allowed in binary scalar expression"},
    {"unless with a scalar", "foo unless 1",
     "0:12: set operator \"unless\" not allowed in binary scalar expression"},
    {"scalar comparison without bool", "1 == 1",
     "2:4: comparisons between scalars must use BOOL modifier (write `bool` after the operator "
     "to compare to 0 or 1)"},
    // `bool` on a non-comparison is the parser's error.
    {"vector matching with a scalar", "foo + on(x) 1",
     "0:13: vector matching only allowed between instant vectors"},
    {"range operand", "foo[5m] + 1",
     "0:7: binary expression must contain only scalar and instant vector types"},
    {"string operand", "\"a\" + 1",
     "0:3: binary expression must contain only scalar and instant vector types"},

    // Unary operators and subqueries.
    {"unary minus on a string", "-\"string\"",
     "0:9: unary expression only allowed on expressions of type scalar or instant vector, got "
     "\"string\""},
    {"unary minus on a range", "-test[5m]",
     "0:9: unary expression only allowed on expressions of type scalar or instant vector, got "
     "\"range vector\""},
    {"subquery of a range", "foo[5m][10m:1m]",
     "0:15: subquery is only allowed on instant vector, got matrix instead"},
    {"subquery of a scalar", "time()[5m:1m]",
     "0:13: subquery is only allowed on instant vector, got scalar instead"},
};

TEST_CASE("checker on parsed expressions") {
  for (const TextCase& c : kTextCases) {
    CAPTURE(c.name);
    CAPTURE(c.input);
    CHECK(CheckText(c.input) == c.want);
  }
}

TEST_CASE("experimental functions and info() when enabled") {
  CHECK(CheckText("mad_over_time(foo[5m]) + limit_ratio(0.5, foo)", true) == "");
  CHECK(CheckText("info(rate(foo[5m]), {k8s_cluster_name=~\".+\"})", true) == "");
  CHECK(CheckText("info(foo, bar)", true) ==
        "10:13: expected label selectors only, got vector selector instead");
  CHECK(CheckText("info(foo, 1)", true) ==
        "0:12: expected type instant vector in call to function \"info\", got scalar\n"
        "10:11: expected label selectors only\n"
        "10:11: expected type instant vector in call to function \"info\", got scalar");
  CHECK(CheckText("histogram_quantiles(foo, \"q\", 0.5, 0.9, 0.99)", true) == "");
}

// Parses with every experimental parser feature on, then checks.
std::string CheckAllFeatures(std::string_view input, bool experimental = false) {
  ParseResult parsed = Parse(input, ParseOptions::All());
  if (!parsed.ok()) return "parse: " + parsed.errors[0].message;
  CheckOptions options;
  options.enable_experimental_functions = experimental;
  options.source = input;
  std::string out;
  for (const CheckError& e : Check(*parsed.expr, options)) {
    if (!out.empty()) out += "\n";
    out += std::to_string(e.span.begin) + ":" + std::to_string(e.span.end) + ": " + e.message;
  }
  return out;
}

TEST_CASE("newer syntax: trim operators, fill, anchored/smoothed, duration expressions") {
  const TextCase cases[] = {
      {"trim upper", "h </ 0.5", ""},
      {"trim lower by a vector", "h >/ on(le) bar", ""},
      {"trim between scalars is left to the evaluator", "1 </ 2", ""},
      {"fill between vectors", "a + on(x) group_left fill_right(0) b", ""},
      {"fill on a set operator", "a and fill(0) b",
       "0:15: filling in missing series not allowed for set operators"},
      {"fill beside a scalar", "a + fill(0) 1",
       "0:13: filling in missing series only allowed between instant vectors"},
      {"anchored rate", "rate(foo[5m] anchored)", ""},
      {"anchored resets", "resets(foo[3m] anchored)", ""},
      {"smoothed increase", "increase(foo[1m] smoothed)", ""},
      {"smoothed instant selector", "foo smoothed", ""},
      {"smoothed deriv", "deriv(foo[3m] smoothed)",
       "0:23: smoothed modifier can only be used with: delta, increase, rate - not with deriv"},
      {"anchored max_over_time", "max_over_time(foo[3m] anchored)",
       "0:31: anchored modifier can only be used with: changes, delta, increase, rate, resets - "
       "not with max_over_time"},
      {"anchored predict_linear", "predict_linear(foo[3m] anchored, 4)",
       "0:35: anchored modifier can only be used with: changes, delta, increase, rate, resets - "
       "not with predict_linear"},
      // Duration expressions are not PromQL expressions: step() and min_of()
      // there are not the experimental functions of the same names.
      {"step() in a range", "rate(foo[step() * 2])", ""},
      {"min_of() in an offset", "foo offset min_of(step(), 1m)", ""},
      {"duration arithmetic in a subquery", "max_over_time(foo[5m+1m:step()] offset (1m))", ""},
      {"step() as an expression stays a function", "step()",
       "0:4: function \"step\" is not enabled"},
  };
  for (const TextCase& c : cases) {
    CAPTURE(c.name);
    CAPTURE(c.input);
    CHECK(CheckAllFeatures(c.input) == c.want);
  }
  CHECK(CheckAllFeatures("step() + min_of(1, 2)", true) == "");
}

TEST_CASE("deep trees: a 4,000-operator chain under 1,000 subqueries") {
  // Prometheus's parse_test.go has this with 10,000 `-{}-1`; `{}` is a parse
  // error, and our parser caps the tree depth at 5,000.
  std::string input = "(";
  for (int i = 0; i < 2000; ++i) input += "-foo-1";
  input += ")";
  for (int i = 0; i < 1000; ++i) input += "[1m:]";
  ParseResult parsed = Parse(input);
  REQUIRE(parsed.ok());
  std::vector<CheckError> errors = Check(*parsed.expr, CheckOptions{});
  REQUIRE(errors.size() == 999);
  // Innermost first: Prometheus's spans grow by one "[1m:]" each time.
  CHECK(errors[0].message == "subquery is only allowed on instant vector, got matrix instead");
  CHECK(errors[0].span.begin == 0);
  CHECK(errors[0].span.end == 12002 + 10);
  CHECK(errors[998].span.end == input.size());
  CHECK(TypeOf(*parsed.expr) == ValueType::kMatrix);
}

TEST_CASE("deep trees: 4,900 nested subqueries") {
  std::string input = "foo";
  for (int i = 0; i < 4900; ++i) input += "[1m:]";
  ParseResult parsed = Parse(input);
  REQUIRE(parsed.ok());
  CHECK(Check(*parsed.expr, CheckOptions{}).size() == 4899);
}

}  // namespace
}  // namespace ttam::promql
