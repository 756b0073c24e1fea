#include "promql/ast.h"

#include <doctest/doctest.h>

#include <cmath>

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

TEST_CASE("operator names") {
  CHECK(BinaryOpName(BinaryOp::kAtan2) == "atan2");
  CHECK(AggregateOpName(AggregateOp::kLimitRatio) == "limit_ratio");
  CHECK(AggregateOpTakesParam(AggregateOp::kTopk));
  CHECK_FALSE(AggregateOpTakesParam(AggregateOp::kSum));
  CHECK(IsSetOp(BinaryOp::kUnless));
  CHECK(IsComparisonOp(BinaryOp::kLte));
}

}  // namespace
}  // namespace ttam::promql
