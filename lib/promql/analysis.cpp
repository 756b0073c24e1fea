#include "promql/analysis.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "promql/check.h"
#include "promql/functions.h"
#include "promql/walk.h"

namespace ttam::promql {

void ForEachHistogramQuantile(const Expr& ast,
                              const std::function<void(const Expr& buckets)>& visit) {
  Walk(ast, [&](const Expr& e, std::span<const Expr* const>) {
    const auto* call = std::get_if<Call>(&e.node);
    if (call != nullptr && call->func == "histogram_quantile" && call->args.size() == 2) {
      visit(*call->args[1]);
    }
    return true;
  });
}

std::string SelectorMetric(const VectorSelector& selector) {
  if (!selector.name.empty()) return selector.name;
  std::optional<std::string> name = EqualMatcher(selector, "__name__");
  return name ? *name : std::string();
}

std::optional<std::string> EqualMatcher(const VectorSelector& selector, std::string_view label) {
  for (const LabelMatcher& m : selector.matchers) {
    if (m.name == label && m.op == MatchOp::kEqual) return m.value;
  }
  return std::nullopt;
}

namespace {

LabelSet Finite(std::set<std::string> names) { return {false, std::move(names)}; }

LabelSet Intersect(const LabelSet& a, const std::vector<std::string>& only) {
  std::set<std::string> out;
  for (const std::string& l : only) {
    if (a.CanHave(l)) out.insert(l);
  }
  return Finite(std::move(out));
}

LabelSet Without(LabelSet a, const std::vector<std::string>& drop) {
  for (const std::string& l : drop) {
    if (a.open) {
      a.names.insert(l);
    } else {
      a.names.erase(l);
    }
  }
  return a;
}

LabelSet With(LabelSet a, const std::string& add) {
  if (a.open) {
    a.names.erase(add);
  } else {
    a.names.insert(add);
  }
  return a;
}

LabelSet Union(const LabelSet& a, const LabelSet& b) {
  if (!a.open && !b.open) {
    std::set<std::string> out = a.names;
    out.insert(b.names.begin(), b.names.end());
    return Finite(std::move(out));
  }
  if (a.open && b.open) {
    std::set<std::string> out;
    for (const std::string& l : a.names) {
      if (b.names.count(l) != 0) out.insert(l);
    }
    return {true, std::move(out)};
  }
  const LabelSet& open = a.open ? a : b;
  const LabelSet& finite = a.open ? b : a;
  LabelSet out{true, {}};
  for (const std::string& l : open.names) {
    if (finite.names.count(l) == 0) out.names.insert(l);
  }
  return out;
}

std::optional<std::string> StringArg(const Call& call, size_t i) {
  if (i >= call.args.size()) return std::nullopt;
  const auto* s = std::get_if<StringLiteral>(&Unparen(*call.args[i]).node);
  if (s == nullptr) return std::nullopt;
  return s->value;
}

bool IsScalarExpr(const Expr& e) {
  std::optional<ValueType> t = TypeOf(e);
  return t && (*t == ValueType::kScalar || *t == ValueType::kString);
}

LabelSet CallLabels(const Call& call) {
  const std::string& f = call.func;
  const Function* fn = FindFunction(f);
  if (fn == nullptr || f == "info") return {};
  if (fn->return_type == ValueType::kScalar) return Finite({});
  if (f == "absent" || f == "absent_over_time") {
    // absent() keeps the labels of the selector's equality matchers.
    if (call.args.empty()) return Finite({});
    const Expr* arg = &Unparen(*call.args[0]);
    if (const auto* m = std::get_if<MatrixSelector>(&arg->node)) {
      arg = m->vector_selector.get();
    }
    std::set<std::string> names;
    if (const auto* vs = std::get_if<VectorSelector>(&arg->node)) {
      for (const LabelMatcher& m : vs->matchers) {
        if (m.op == MatchOp::kEqual && m.name != "__name__") names.insert(m.name);
      }
    }
    return Finite(std::move(names));
  }
  // Otherwise the labels of the first vector or matrix argument.
  const Expr* source = nullptr;
  for (const ExprPtr& a : call.args) {
    if (!IsScalarExpr(*a)) {
      source = a.get();
      break;
    }
  }
  if (source == nullptr) return Finite({});  // vector(1), time()-like
  LabelSet labels = ResultLabels(*source);
  if (f == "label_replace" || f == "label_join") {
    if (std::optional<std::string> dst = StringArg(call, 1)) labels = With(std::move(labels), *dst);
  } else if (f == "histogram_quantile" || f == "histogram_fraction") {
    labels = Without(std::move(labels), {"le"});
  } else if (f == "histogram_quantiles") {
    labels = Without(std::move(labels), {"le"});
    if (std::optional<std::string> dst = StringArg(call, 1)) labels = With(std::move(labels), *dst);
  }
  return labels;
}

LabelSet AggregateLabels(const AggregateExpr& agg) {
  LabelSet inner = ResultLabels(*agg.expr);
  switch (agg.op) {
    case AggregateOp::kTopk:
    case AggregateOp::kBottomk:
    case AggregateOp::kLimitk:
    case AggregateOp::kLimitRatio:
      return inner;  // they select series and keep their labels
    case AggregateOp::kSum:
    case AggregateOp::kAvg:
    case AggregateOp::kCount:
    case AggregateOp::kMin:
    case AggregateOp::kMax:
    case AggregateOp::kGroup:
    case AggregateOp::kStddev:
    case AggregateOp::kStdvar:
    case AggregateOp::kCountValues:
    case AggregateOp::kQuantile:
      break;
  }
  LabelSet out =
      agg.without ? Without(std::move(inner), agg.grouping) : Intersect(inner, agg.grouping);
  if (agg.op == AggregateOp::kCountValues && agg.param) {
    const auto* s = std::get_if<StringLiteral>(&Unparen(*agg.param).node);
    if (s != nullptr) out = With(std::move(out), s->value);
  }
  return out;
}

LabelSet BinaryLabels(const BinaryExpr& bin) {
  bool lhs_scalar = IsScalarExpr(*bin.lhs);
  bool rhs_scalar = IsScalarExpr(*bin.rhs);
  if (lhs_scalar && rhs_scalar) return Finite({});
  if (rhs_scalar) return ResultLabels(*bin.lhs);
  if (lhs_scalar) return ResultLabels(*bin.rhs);
  const VectorMatching& m = bin.matching;
  if (IsSetOp(bin.op)) {
    LabelSet lhs = ResultLabels(*bin.lhs);
    if (bin.op == BinaryOp::kOr) return Union(lhs, ResultLabels(*bin.rhs));
    return lhs;
  }
  switch (m.card) {
    case Cardinality::kOneToOne:
    case Cardinality::kManyToMany: {
      LabelSet lhs = ResultLabels(*bin.lhs);
      if (!m.has_clause) return lhs;
      return m.on ? Intersect(lhs, m.matching_labels) : Without(std::move(lhs), m.matching_labels);
    }
    case Cardinality::kManyToOne:
    case Cardinality::kOneToMany: {
      // The "many" side's labels, plus the group_x labels copied from the other side.
      bool left = m.card == Cardinality::kManyToOne;
      LabelSet out = ResultLabels(left ? *bin.lhs : *bin.rhs);
      for (const std::string& l : m.include_labels) out = With(std::move(out), l);
      return out;
    }
  }
  return {};
}

}  // namespace

LabelSet ResultLabels(const Expr& expr) {
  return std::visit(
      [&](const auto& n) -> LabelSet {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, NumberLiteral> || std::is_same_v<T, StringLiteral> ||
                      std::is_same_v<T, DurationExpr>) {
          return Finite({});
        } else if constexpr (std::is_same_v<T, VectorSelector> ||
                             std::is_same_v<T, MatrixSelector>) {
          return {};
        } else if constexpr (std::is_same_v<T, SubqueryExpr> || std::is_same_v<T, UnaryExpr> ||
                             std::is_same_v<T, ParenExpr>) {
          return ResultLabels(*n.expr);
        } else if constexpr (std::is_same_v<T, Call>) {
          return CallLabels(n);
        } else if constexpr (std::is_same_v<T, AggregateExpr>) {
          return AggregateLabels(n);
        } else {
          static_assert(std::is_same_v<T, BinaryExpr>);
          return BinaryLabels(n);
        }
      },
      expr.node);
}

const Expr* WhereLabelDropped(const Expr& expr, const std::string& label) {
  if (ResultLabels(expr).CanHave(label)) return nullptr;
  // A child that drops it is where it went; a node whose children all lack it
  // never had it (a literal, vector(1)) unless it is itself the culprit.
  bool any_child_has = false;
  for (const Expr* child : Children(expr)) {
    if (IsScalarExpr(*child)) continue;
    if (ResultLabels(*child).CanHave(label)) {
      any_child_has = true;
      continue;
    }
    if (const Expr* inner = WhereLabelDropped(*child, label)) return inner;
  }
  return any_child_has ? &expr : nullptr;
}

std::vector<std::string> SelectedMetrics(const Expr& expr) {
  std::vector<std::string> out;
  Walk(expr, [&](const Expr& e, std::span<const Expr* const>) {
    if (const auto* vs = std::get_if<VectorSelector>(&e.node)) {
      if (!vs->name.empty()) out.push_back(vs->name);
      for (const LabelMatcher& m : vs->matchers) {
        if (m.name == "__name__" && m.op == MatchOp::kEqual) out.push_back(m.value);
      }
    }
    return true;
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace ttam::promql
