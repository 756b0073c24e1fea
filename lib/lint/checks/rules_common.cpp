#include "lint/checks/rules_common.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "promql/check.h"
#include "promql/functions.h"
#include "promql/parser.h"
#include "promql/printer.h"
#include "promql/walk.h"

namespace ttam::lint::checks {

using promql::Expr;

std::string CanonicalExpr(const rules::RuleFile& file, const rules::Rule& rule,
                          const promql::Expr* ast) {
  if (ast != nullptr) return promql::Print(*ast);
  if (rule.expr_valid) {
    promql::ParseResult parsed = promql::Parse(rule.expr, file.options.syntax);
    if (parsed.ok()) return promql::Print(*parsed.expr);
  }
  return std::string(rule.expr);
}

void ForEachHistogramQuantile(const promql::Expr& ast,
                              const std::function<void(const promql::Expr& buckets)>& visit) {
  promql::Walk(ast, [&](const promql::Expr& e, std::span<const promql::Expr* const>) {
    const auto* call = std::get_if<promql::Call>(&e.node);
    if (call != nullptr && call->func == "histogram_quantile" && call->args.size() == 2) {
      visit(*call->args[1]);
    }
    return true;
  });
}

std::string SelectorMetric(const promql::VectorSelector& selector) {
  if (!selector.name.empty()) return selector.name;
  std::optional<std::string> name = EqualMatcher(selector, "__name__");
  return name ? *name : std::string();
}

std::optional<std::string> EqualMatcher(const promql::VectorSelector& selector,
                                        std::string_view label) {
  for (const promql::LabelMatcher& m : selector.matchers) {
    if (m.name == label && m.op == promql::MatchOp::kEqual) return m.value;
  }
  return std::nullopt;
}

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Base units (Prometheus naming practice) that histograms and summaries carry
// before their _count and _sum.
constexpr std::string_view kBaseUnits[] = {"_seconds", "_bytes",  "_meters",  "_grams", "_volts",
                                           "_amperes", "_joules", "_celsius", "_ratio", "_bits"};

}  // namespace

bool HasCounterSuffix(std::string_view name) {
  return EndsWith(name, "_total") || EndsWith(name, "_bucket") || EndsWith(name, "_count") ||
         EndsWith(name, "_sum");
}

bool IsCounterName(std::string_view name) {
  if (EndsWith(name, "_total") || EndsWith(name, "_bucket")) return true;
  std::string_view base;
  if (EndsWith(name, "_count")) {
    base = name.substr(0, name.size() - 6);
  } else if (EndsWith(name, "_sum")) {
    base = name.substr(0, name.size() - 4);
  } else {
    return false;
  }
  for (std::string_view unit : kBaseUnits) {
    if (EndsWith(base, unit)) return true;
  }
  return false;
}

std::optional<std::string> NotCounterReason(std::string_view name, bool native_histograms) {
  if (name.empty() || HasCounterSuffix(name)) return std::nullopt;
  if (EndsWith(name, "_created")) {
    return "its _created suffix marks a creation timestamp, not a counter";
  }
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos) {
    // A recording rule's output, level:metric:operations: a rate, ratio,
    // average or quantile computed already.
    std::string_view ops = name.substr(colon + 1);
    std::string_view rest = name.substr(0, colon);
    size_t prev = rest.rfind(':');
    std::string_view metric = prev == std::string_view::npos ? rest : rest.substr(prev + 1);
    for (std::string_view word : {"rate", "ratio", "avg", "mean", "quantile", "percent"}) {
      if (ops.find(word) != std::string_view::npos || EndsWith(metric, "_" + std::string(word))) {
        return "it is a recording rule's output that holds a " + std::string(word) +
               " already, not a counter";
      }
    }
    if (ops.size() >= 2 && ops[0] == 'p' &&
        std::all_of(ops.begin() + 1, ops.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return "it is a recording rule's output that holds a quantile already, not a counter";
    }
    return std::nullopt;
  }
  struct Suffix {
    std::string_view suffix;
    bool unit;  // may be a native histogram's name
  };
  static constexpr Suffix kGaugeSuffixes[] = {
      {"_bytes", true},    {"_seconds", true},   {"_ratio", false},     {"_percent", false},
      {"_celsius", false}, {"_info", false},     {"_timestamp", false}, {"_active", false},
      {"_current", false}, {"_inflight", false}, {"_in_flight", false}, {"_in_progress", false},
  };
  for (const Suffix& s : kGaugeSuffixes) {
    if (!EndsWith(name, s.suffix) || (s.unit && native_histograms)) continue;
    return "its " + std::string(s.suffix) + " suffix without _total marks a gauge";
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

std::optional<std::string> StringArg(const promql::Call& call, size_t i) {
  if (i >= call.args.size()) return std::nullopt;
  const auto* s = std::get_if<promql::StringLiteral>(&promql::Unparen(*call.args[i]).node);
  if (s == nullptr) return std::nullopt;
  return s->value;
}

bool IsScalarExpr(const Expr& e) {
  std::optional<promql::ValueType> t = promql::TypeOf(e);
  return t && (*t == promql::ValueType::kScalar || *t == promql::ValueType::kString);
}

LabelSet CallLabels(const promql::Call& call) {
  const std::string& f = call.func;
  const promql::Function* fn = promql::FindFunction(f);
  if (fn == nullptr || f == "info") return {};
  if (fn->return_type == promql::ValueType::kScalar) return Finite({});
  if (f == "absent" || f == "absent_over_time") {
    // absent() keeps the labels of the selector's equality matchers.
    if (call.args.empty()) return Finite({});
    const Expr* arg = &promql::Unparen(*call.args[0]);
    if (const auto* m = std::get_if<promql::MatrixSelector>(&arg->node)) {
      arg = m->vector_selector.get();
    }
    std::set<std::string> names;
    if (const auto* vs = std::get_if<promql::VectorSelector>(&arg->node)) {
      for (const promql::LabelMatcher& m : vs->matchers) {
        if (m.op == promql::MatchOp::kEqual && m.name != "__name__") names.insert(m.name);
      }
    }
    return Finite(std::move(names));
  }
  // Otherwise the labels of the first vector or matrix argument.
  const Expr* source = nullptr;
  for (const promql::ExprPtr& a : call.args) {
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

LabelSet AggregateLabels(const promql::AggregateExpr& agg) {
  LabelSet inner = ResultLabels(*agg.expr);
  switch (agg.op) {
    case promql::AggregateOp::kTopk:
    case promql::AggregateOp::kBottomk:
    case promql::AggregateOp::kLimitk:
    case promql::AggregateOp::kLimitRatio:
      return inner;  // they select series and keep their labels
    case promql::AggregateOp::kSum:
    case promql::AggregateOp::kAvg:
    case promql::AggregateOp::kCount:
    case promql::AggregateOp::kMin:
    case promql::AggregateOp::kMax:
    case promql::AggregateOp::kGroup:
    case promql::AggregateOp::kStddev:
    case promql::AggregateOp::kStdvar:
    case promql::AggregateOp::kCountValues:
    case promql::AggregateOp::kQuantile:
      break;
  }
  LabelSet out =
      agg.without ? Without(std::move(inner), agg.grouping) : Intersect(inner, agg.grouping);
  if (agg.op == promql::AggregateOp::kCountValues && agg.param) {
    const auto* s = std::get_if<promql::StringLiteral>(&promql::Unparen(*agg.param).node);
    if (s != nullptr) out = With(std::move(out), s->value);
  }
  return out;
}

LabelSet BinaryLabels(const promql::BinaryExpr& bin) {
  bool lhs_scalar = IsScalarExpr(*bin.lhs);
  bool rhs_scalar = IsScalarExpr(*bin.rhs);
  if (lhs_scalar && rhs_scalar) return Finite({});
  if (rhs_scalar) return ResultLabels(*bin.lhs);
  if (lhs_scalar) return ResultLabels(*bin.rhs);
  const promql::VectorMatching& m = bin.matching;
  if (promql::IsSetOp(bin.op)) {
    LabelSet lhs = ResultLabels(*bin.lhs);
    if (bin.op == promql::BinaryOp::kOr) return Union(lhs, ResultLabels(*bin.rhs));
    return lhs;
  }
  switch (m.card) {
    case promql::Cardinality::kOneToOne:
    case promql::Cardinality::kManyToMany: {
      LabelSet lhs = ResultLabels(*bin.lhs);
      if (!m.has_clause) return lhs;
      return m.on ? Intersect(lhs, m.matching_labels) : Without(std::move(lhs), m.matching_labels);
    }
    case promql::Cardinality::kManyToOne:
    case promql::Cardinality::kOneToMany: {
      // The "many" side's labels, plus the group_x labels copied from the other side.
      bool left = m.card == promql::Cardinality::kManyToOne;
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
        if constexpr (std::is_same_v<T, promql::NumberLiteral> ||
                      std::is_same_v<T, promql::StringLiteral> ||
                      std::is_same_v<T, promql::DurationExpr>) {
          return Finite({});
        } else if constexpr (std::is_same_v<T, promql::VectorSelector> ||
                             std::is_same_v<T, promql::MatrixSelector>) {
          return {};
        } else if constexpr (std::is_same_v<T, promql::SubqueryExpr> ||
                             std::is_same_v<T, promql::UnaryExpr> ||
                             std::is_same_v<T, promql::ParenExpr>) {
          return ResultLabels(*n.expr);
        } else if constexpr (std::is_same_v<T, promql::Call>) {
          return CallLabels(n);
        } else if constexpr (std::is_same_v<T, promql::AggregateExpr>) {
          return AggregateLabels(n);
        } else {
          static_assert(std::is_same_v<T, promql::BinaryExpr>);
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
  for (const Expr* child : promql::Children(expr)) {
    if (IsScalarExpr(*child)) continue;
    if (ResultLabels(*child).CanHave(label)) {
      any_child_has = true;
      continue;
    }
    if (const Expr* inner = WhereLabelDropped(*child, label)) return inner;
  }
  return any_child_has ? &expr : nullptr;
}

std::string Excerpt(const rules::Rule& rule, promql::Span span) {
  if (span.begin >= rule.expr.size() || span.end <= span.begin) return {};
  std::string_view text = std::string_view(rule.expr).substr(span.begin, span.end - span.begin);
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

}  // namespace ttam::lint::checks
