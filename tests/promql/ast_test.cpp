#include "promql/ast.h"

#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "promql/parser.h"
#include "promql/walk.h"

namespace ttam::promql {
namespace {

ExprPtr Num(double v) { return MakeExpr(NumberLiteral{v}, {0, 1}); }

TEST_CASE("Equal ignores spans and compares NaN as equal") {
  ExprPtr a = MakeExpr(BinaryExpr{BinaryOp::kAdd, Num(1), Num(NAN), false, {}}, {0, 5});
  ExprPtr b = Clone(*a);
  b->span = {3, 9};
  CHECK(Equal(*a, *b));
  std::get<BinaryExpr>(b->node).op = BinaryOp::kSub;
  CHECK_FALSE(Equal(*a, *b));
  CHECK_FALSE(Equal(*Num(1), *MakeExpr(StringLiteral{"1"}, {})));
}

TEST_CASE("Equal and Clone cover fill, range modifiers and duration expressions") {
  ParseOptions all = ParseOptions::All();
  for (std::string_view input : {"a + fill_left(1) fill_right(NaN) b", "rate(foo[5m] anchored)",
                                 "foo smoothed", "foo[5m+1m:step()] offset -(1m)",
                                 "foo[min_of(range(), 1h)] offset step()", "foo offset (2 ^ 3)"}) {
    CAPTURE(input);
    ParseResult r = Parse(input, all);
    REQUIRE(r.ok());
    ExprPtr copy = Clone(*r.expr);
    CHECK(Equal(*copy, *r.expr));
  }
  auto differ = [&](std::string_view a, std::string_view b) {
    ParseResult x = Parse(a, all);
    ParseResult y = Parse(b, all);
    REQUIRE(x.ok());
    REQUIRE(y.ok());
    return !Equal(*x.expr, *y.expr);
  };
  CHECK(differ("a + fill(1) b", "a + fill(2) b"));
  CHECK(differ("a + fill_left(1) b", "a + fill_right(1) b"));
  CHECK(differ("a + b", "a + fill(0) b"));
  CHECK(differ("foo[5m] anchored", "foo[5m] smoothed"));
  CHECK(differ("foo[5m]", "foo[5m] anchored"));
  CHECK(differ("foo[5m+1m]", "foo[5m-1m]"));
  CHECK(differ("foo[5m+1m]", "foo[(5m+1m)]"));
  CHECK(differ("foo offset step()", "foo offset range()"));
  CHECK(differ("foo[1m:step()]", "foo[1m:]"));
  CHECK_FALSE(differ("a + fill(0) b", "a + fill_left(0) fill_right(0) b"));
  CHECK_FALSE(differ("foo[5m+1m]", "foo[300+60]"));
}

TEST_CASE("Walk visits duration expressions after the node's expression") {
  ParseResult r = Parse("foo[5m+1m:step()] offset -(1m * 2)", ParseOptions::All());
  REQUIRE(r.ok());
  std::vector<std::string> seen;
  Walk(*r.expr, [&](const Expr& e, std::span<const Expr* const> ancestors) {
    std::string kind = std::holds_alternative<SubqueryExpr>(e.node)     ? "subquery"
                       : std::holds_alternative<VectorSelector>(e.node) ? "selector"
                       : std::holds_alternative<DurationExpr>(e.node)   ? "duration"
                       : std::holds_alternative<NumberLiteral>(e.node)  ? "number"
                                                                        : "other";
    seen.push_back(kind + "@" + std::to_string(ancestors.size()));
    return true;
  });
  // subquery: expr, range (5m+1m), step (step()), offset (-(1m*2)).
  CHECK(seen == std::vector<std::string>{"subquery@0", "selector@1", "duration@1", "number@2",
                                         "number@2", "duration@1", "duration@1", "duration@2",
                                         "duration@3", "number@4", "number@4"});
}

TEST_CASE("operator names") {
  CHECK(BinaryOpName(BinaryOp::kTrimUpper) == "</");
  CHECK(BinaryOpName(BinaryOp::kTrimLower) == ">/");
  CHECK(IsTrimOp(BinaryOp::kTrimLower));
  CHECK_FALSE(IsComparisonOp(BinaryOp::kTrimUpper));
  CHECK(BinaryOpName(BinaryOp::kAtan2) == "atan2");
  CHECK(AggregateOpName(AggregateOp::kLimitRatio) == "limit_ratio");
  CHECK(AggregateOpTakesParam(AggregateOp::kTopk));
  CHECK_FALSE(AggregateOpTakesParam(AggregateOp::kSum));
  CHECK(IsSetOp(BinaryOp::kUnless));
  CHECK(IsComparisonOp(BinaryOp::kLte));
}

}  // namespace
}  // namespace ttam::promql
