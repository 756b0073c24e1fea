#include "promql/ast.h"

#include <cassert>
#include <cmath>
#include <type_traits>

namespace ttam::promql {

std::string_view ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kScalar:
      return "scalar";
    case ValueType::kVector:
      return "instant vector";
    case ValueType::kMatrix:
      return "range vector";
    case ValueType::kString:
      return "string";
  }
  return "";
}

std::string_view AggregateOpName(AggregateOp op) {
  switch (op) {
    case AggregateOp::kSum:
      return "sum";
    case AggregateOp::kAvg:
      return "avg";
    case AggregateOp::kCount:
      return "count";
    case AggregateOp::kMin:
      return "min";
    case AggregateOp::kMax:
      return "max";
    case AggregateOp::kGroup:
      return "group";
    case AggregateOp::kStddev:
      return "stddev";
    case AggregateOp::kStdvar:
      return "stdvar";
    case AggregateOp::kTopk:
      return "topk";
    case AggregateOp::kBottomk:
      return "bottomk";
    case AggregateOp::kCountValues:
      return "count_values";
    case AggregateOp::kQuantile:
      return "quantile";
    case AggregateOp::kLimitk:
      return "limitk";
    case AggregateOp::kLimitRatio:
      return "limit_ratio";
  }
  return "";
}

bool AggregateOpTakesParam(AggregateOp op) {
  switch (op) {
    case AggregateOp::kTopk:
    case AggregateOp::kBottomk:
    case AggregateOp::kCountValues:
    case AggregateOp::kQuantile:
    case AggregateOp::kLimitk:
    case AggregateOp::kLimitRatio:
      return true;
    case AggregateOp::kSum:
    case AggregateOp::kAvg:
    case AggregateOp::kCount:
    case AggregateOp::kMin:
    case AggregateOp::kMax:
    case AggregateOp::kGroup:
    case AggregateOp::kStddev:
    case AggregateOp::kStdvar:
      return false;
  }
  return false;
}

std::string_view BinaryOpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kPow:
      return "^";
    case BinaryOp::kAtan2:
      return "atan2";
    case BinaryOp::kEql:
      return "==";
    case BinaryOp::kNeq:
      return "!=";
    case BinaryOp::kGtr:
      return ">";
    case BinaryOp::kLss:
      return "<";
    case BinaryOp::kGte:
      return ">=";
    case BinaryOp::kLte:
      return "<=";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
    case BinaryOp::kUnless:
      return "unless";
    case BinaryOp::kTrimUpper:
      return "</";
    case BinaryOp::kTrimLower:
      return ">/";
  }
  return "";
}

bool IsComparisonOp(BinaryOp op) {
  return op == BinaryOp::kEql || op == BinaryOp::kNeq || op == BinaryOp::kGtr ||
         op == BinaryOp::kLss || op == BinaryOp::kGte || op == BinaryOp::kLte;
}

bool IsSetOp(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kUnless;
}

bool IsTrimOp(BinaryOp op) { return op == BinaryOp::kTrimUpper || op == BinaryOp::kTrimLower; }

namespace {

bool EqualAt(const std::optional<AtModifier>& a, const std::optional<AtModifier>& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->timestamp_ms == b->timestamp_ms;
}

bool EqualMatchers(const std::vector<LabelMatcher>& a, const std::vector<LabelMatcher>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].op != b[i].op || a[i].value != b[i].value) return false;
  }
  return true;
}

// Field-by-field comparison of one node, children excluded.
bool SameNumber(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b;
}
bool SameFill(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return !a && !b;
  return SameNumber(*a, *b);
}
bool ShallowEqual(const NumberLiteral& a, const NumberLiteral& b) {
  return SameNumber(a.value, b.value);
}
bool ShallowEqual(const StringLiteral& a, const StringLiteral& b) { return a.value == b.value; }
bool ShallowEqual(const VectorSelector& a, const VectorSelector& b) {
  return a.name == b.name && EqualMatchers(a.matchers, b.matchers) && a.offset_ms == b.offset_ms &&
         EqualAt(a.at, b.at) && a.anchored == b.anchored && a.smoothed == b.smoothed;
}
bool ShallowEqual(const MatrixSelector& a, const MatrixSelector& b) {
  return a.range_ms == b.range_ms;
}
bool ShallowEqual(const SubqueryExpr& a, const SubqueryExpr& b) {
  return a.range_ms == b.range_ms && a.step_ms == b.step_ms && a.offset_ms == b.offset_ms &&
         EqualAt(a.at, b.at);
}
bool ShallowEqual(const Call& a, const Call& b) {
  return a.func == b.func && a.args.size() == b.args.size();
}
bool ShallowEqual(const AggregateExpr& a, const AggregateExpr& b) {
  return a.op == b.op && a.grouping == b.grouping && a.without == b.without;
}
bool ShallowEqual(const BinaryExpr& a, const BinaryExpr& b) {
  const VectorMatching& x = a.matching;
  const VectorMatching& y = b.matching;
  return a.op == b.op && a.return_bool == b.return_bool && x.card == y.card && x.on == y.on &&
         x.has_clause == y.has_clause && x.matching_labels == y.matching_labels &&
         x.include_labels == y.include_labels && SameFill(x.fill_lhs, y.fill_lhs) &&
         SameFill(x.fill_rhs, y.fill_rhs);
}
bool ShallowEqual(const UnaryExpr& a, const UnaryExpr& b) { return a.negative == b.negative; }
bool ShallowEqual(const ParenExpr&, const ParenExpr&) { return true; }
bool ShallowEqual(const DurationExpr& a, const DurationExpr& b) { return a.op == b.op; }

// A copy of one node with every child slot left null (Call keeps its arity).
Node ShallowCopy(const Node& node) {
  return std::visit(
      [](const auto& n) -> Node {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, NumberLiteral> || std::is_same_v<T, StringLiteral>) {
          return n;
        } else if constexpr (std::is_same_v<T, VectorSelector>) {
          VectorSelector vs;
          vs.name = n.name;
          vs.matchers = n.matchers;
          vs.offset_ms = n.offset_ms;
          vs.at = n.at;
          vs.anchored = n.anchored;
          vs.smoothed = n.smoothed;
          return vs;
        } else if constexpr (std::is_same_v<T, MatrixSelector>) {
          return MatrixSelector{nullptr, n.range_ms, nullptr};
        } else if constexpr (std::is_same_v<T, SubqueryExpr>) {
          return SubqueryExpr{nullptr, n.range_ms, n.step_ms, n.offset_ms,
                              n.at,    nullptr,    nullptr,   nullptr};
        } else if constexpr (std::is_same_v<T, DurationExpr>) {
          return DurationExpr{n.op, nullptr, nullptr};
        } else if constexpr (std::is_same_v<T, Call>) {
          Call c{n.func, {}};
          c.args.resize(n.args.size());
          return c;
        } else if constexpr (std::is_same_v<T, AggregateExpr>) {
          return AggregateExpr{n.op, nullptr, nullptr, n.grouping, n.without};
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          return BinaryExpr{n.op, nullptr, nullptr, n.return_bool, n.matching};
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          return UnaryExpr{n.negative, nullptr};
        } else {
          static_assert(std::is_same_v<T, ParenExpr>);
          return ParenExpr{nullptr};
        }
      },
      node);
}

}  // namespace

// Destruction, Equal and Clone use explicit work lists, not recursion:
// Prometheus accepts trees tens of thousands of levels deep.
Expr::~Expr() {
  std::vector<ExprPtr> pending;
  auto take = [&pending](ExprPtr& p) {
    if (p) pending.push_back(std::move(p));
  };
  ForEachChild(node, take);
  while (!pending.empty()) {
    ExprPtr e = std::move(pending.back());
    pending.pop_back();
    ForEachChild(e->node, take);
  }
}

ExprPtr MakeExpr(Node node, Span span) {
  auto e = std::make_unique<Expr>();
  e->node = std::move(node);
  e->span = span;
  return e;
}

bool Equal(const Expr& a, const Expr& b) {
  std::vector<std::pair<const Expr*, const Expr*>> work{{&a, &b}};
  std::vector<const ExprPtr*> xs, ys;
  while (!work.empty()) {
    // Plain variables, not a structured binding: clang before 16 cannot
    // capture structured bindings in the lambda below.
    const Expr* x = work.back().first;
    const Expr* y = work.back().second;
    work.pop_back();
    if (x->node.index() != y->node.index()) return false;
    bool same = std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          return ShallowEqual(n, std::get<T>(y->node));
        },
        x->node);
    if (!same) return false;
    xs.clear();
    ys.clear();
    ForEachChild(x->node, [&](const ExprPtr& p) { xs.push_back(&p); });
    ForEachChild(y->node, [&](const ExprPtr& p) { ys.push_back(&p); });
    if (xs.size() != ys.size()) return false;
    for (size_t i = 0; i < xs.size(); ++i) {
      const ExprPtr& l = *xs[i];
      const ExprPtr& r = *ys[i];
      if (!l || !r) {
        if (l || r) return false;
        continue;
      }
      work.emplace_back(l.get(), r.get());
    }
  }
  return true;
}

ExprPtr Clone(const Expr& e) {
  ExprPtr root;
  std::vector<std::pair<const Expr*, ExprPtr*>> work{{&e, &root}};
  std::vector<const ExprPtr*> from;
  std::vector<ExprPtr*> to;
  while (!work.empty()) {
    const Expr* src = work.back().first;
    ExprPtr* dst = work.back().second;
    work.pop_back();
    *dst = MakeExpr(ShallowCopy(src->node), src->span);
    from.clear();
    to.clear();
    ForEachChild(src->node, [&](const ExprPtr& p) { from.push_back(&p); });
    ForEachChild((*dst)->node, [&](ExprPtr& p) { to.push_back(&p); });
    assert(from.size() == to.size());
    for (size_t i = 0; i < from.size(); ++i) {
      if (*from[i]) work.emplace_back(from[i]->get(), to[i]);
    }
  }
  return root;
}

}  // namespace ttam::promql
