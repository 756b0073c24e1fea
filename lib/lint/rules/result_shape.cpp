// Matcher values are followed through the operations that keep labels as
// they are (functions, aggregations that keep the label, the "many" side of
// a join); anything not understood keeps no constraint, so that two rules
// are called disjoint only when they certainly are.
#include "lint/rules/result_shape.h"

#include <algorithm>
#include <iterator>
#include <variant>
#include <vector>

#include "promql/check.h"
#include "promql/parser.h"
#include "promql/walk.h"

namespace ttam::lint {
namespace {

using Values = std::map<std::string, LabelValues>;

bool ShapeIsScalar(const promql::Expr& e) {
  std::optional<promql::ValueType> t = promql::TypeOf(e);
  return t && (*t == promql::ValueType::kScalar || *t == promql::ValueType::kString);
}

// The alternatives of a regex made only of literal words joined by `|`
// (`coordinator|broker`); false when it has any other metacharacter.
bool LiteralAlternatives(const std::string& re, std::set<std::string>* out) {
  std::string cur;
  for (char c : re) {
    if (c == '|') {
      out->insert(cur);
      cur.clear();
    } else if (std::string_view("\\.+*?()[]{}^$").find(c) != std::string_view::npos) {
      return false;
    } else {
      cur += c;
    }
  }
  out->insert(cur);
  return true;
}

// The literal text a regex without top-level alternation starts with.
std::string LiteralPrefix(const std::string& re) {
  if (re.find('|') != std::string::npos) return {};
  std::string out;
  for (char c : re) {
    if (std::string_view("\\.+*?()[]{}^$").find(c) != std::string_view::npos) break;
    out += c;
  }
  // A quantifier after the last literal makes that character optional.
  if (out.size() < re.size() &&
      std::string_view("*?{").find(re[out.size()]) != std::string_view::npos && !out.empty()) {
    out.pop_back();
  }
  return out;
}

Values SelectorValues(const promql::VectorSelector& vs) {
  Values out;
  for (const promql::LabelMatcher& m : vs.matchers) {
    if (m.name == "__name__") continue;
    LabelValues& v = out[m.name];
    std::set<std::string> words;
    switch (m.op) {
      case promql::MatchOp::kEqual:
        words = {m.value};
        break;
      case promql::MatchOp::kRegexMatch:
        if (!LiteralAlternatives(m.value, &words)) {
          if (v.prefix.empty()) v.prefix = LiteralPrefix(m.value);
          continue;
        }
        break;
      case promql::MatchOp::kNotEqual:
        v.excluded.insert(m.value);
        continue;
      case promql::MatchOp::kRegexNoMatch:
        if (LiteralAlternatives(m.value, &words)) v.excluded.insert(words.begin(), words.end());
        continue;
    }
    if (v.any_allowed) {
      v.any_allowed = false;
      v.allowed = std::move(words);
    } else {
      std::set<std::string> both;
      std::set_intersection(v.allowed.begin(), v.allowed.end(), words.begin(), words.end(),
                            std::inserter(both, both.begin()));
      v.allowed = std::move(both);
    }
  }
  return out;
}

Values ExprValues(const promql::Expr& e);

Values CallValues(const promql::Call& call) {
  if (call.func == "absent" || call.func == "absent_over_time") {
    // Its one series carries the selector's equality matchers as labels.
    Values out;
    if (call.args.empty()) return out;
    const promql::Expr* arg = &promql::Unparen(*call.args[0]);
    if (const auto* m = std::get_if<promql::MatrixSelector>(&arg->node)) {
      arg = m->vector_selector.get();
    }
    if (const auto* vs = std::get_if<promql::VectorSelector>(&arg->node)) {
      for (auto& [label, values] : SelectorValues(*vs)) {
        if (!values.any_allowed && values.allowed.size() == 1) out.emplace(label, values);
      }
    }
    return out;
  }
  if (call.func == "vector" || call.func == "info") return {};
  for (const promql::ExprPtr& a : call.args) {
    if (ShapeIsScalar(*a)) continue;
    Values out = ExprValues(*a);
    if ((call.func == "label_replace" || call.func == "label_join") && call.args.size() > 1) {
      if (const auto* s =
              std::get_if<promql::StringLiteral>(&promql::Unparen(*call.args[1]).node)) {
        out.erase(s->value);
      }
    }
    return out;
  }
  return {};
}

Values BinaryValues(const promql::BinaryExpr& bin) {
  bool lhs_scalar = ShapeIsScalar(*bin.lhs);
  bool rhs_scalar = ShapeIsScalar(*bin.rhs);
  if (lhs_scalar && rhs_scalar) return {};
  if (rhs_scalar) return ExprValues(*bin.lhs);
  if (lhs_scalar) return ExprValues(*bin.rhs);
  if (bin.op == promql::BinaryOp::kOr) return {};
  if (bin.matching.card == promql::Cardinality::kOneToMany) return ExprValues(*bin.rhs);
  return ExprValues(*bin.lhs);
}

Values ExprValues(const promql::Expr& e) {
  const promql::Expr& u = promql::Unparen(e);
  if (const auto* vs = std::get_if<promql::VectorSelector>(&u.node)) return SelectorValues(*vs);
  if (const auto* m = std::get_if<promql::MatrixSelector>(&u.node)) {
    return ExprValues(*m->vector_selector);
  }
  if (const auto* sq = std::get_if<promql::SubqueryExpr>(&u.node)) return ExprValues(*sq->expr);
  if (const auto* un = std::get_if<promql::UnaryExpr>(&u.node)) return ExprValues(*un->expr);
  if (const auto* call = std::get_if<promql::Call>(&u.node)) return CallValues(*call);
  if (const auto* agg = std::get_if<promql::AggregateExpr>(&u.node)) return ExprValues(*agg->expr);
  if (const auto* bin = std::get_if<promql::BinaryExpr>(&u.node)) return BinaryValues(*bin);
  return {};
}

// True when no value can satisfy both.
bool ValuesDisjoint(const LabelValues& a, const LabelValues& b) {
  if (!a.any_allowed && !b.any_allowed) {
    bool meet = std::any_of(a.allowed.begin(), a.allowed.end(),
                            [&](const std::string& v) { return b.allowed.count(v) != 0; });
    if (!meet) return true;
  }
  auto all_excluded = [](const LabelValues& pinned, const LabelValues& other) {
    return !pinned.any_allowed &&
           std::all_of(pinned.allowed.begin(), pinned.allowed.end(), [&](const std::string& v) {
             return other.excluded.count(v) != 0 || !v.starts_with(other.prefix);
           });
  };
  if (all_excluded(a, b) || all_excluded(b, a)) return true;
  if (!a.prefix.empty() && !b.prefix.empty() && !a.prefix.starts_with(b.prefix) &&
      !b.prefix.starts_with(a.prefix)) {
    return true;
  }
  return false;
}

// True when every series of `shape` carries `label` with a non-empty value.
bool AlwaysHas(const ResultShape& shape, const std::string& label) {
  auto it = shape.values.find(label);
  if (it == shape.values.end()) return false;
  const LabelValues& v = it->second;
  if (!v.prefix.empty()) return true;
  return !v.any_allowed && v.allowed.count("") == 0;
}

}  // namespace

ResultShape ShapeOfRule(const rules::Rule& rule, const promql::Expr& expr) {
  ResultShape shape;
  shape.labels = promql::ResultLabels(expr);
  for (auto& [label, values] : ExprValues(expr)) {
    if (shape.labels.CanHave(label)) shape.values.emplace(label, std::move(values));
  }
  for (const rules::KeyValue& kv : rule.labels) {
    std::string key(kv.key);
    if (kv.value.find("{{") != std::string_view::npos) {  // a template: any value
      shape.values.erase(key);
      continue;
    }
    if (shape.labels.open) {
      shape.labels.names.erase(key);
    } else {
      shape.labels.names.insert(key);
    }
    LabelValues pinned;
    pinned.any_allowed = false;
    pinned.allowed = {std::string(kv.value)};
    shape.values[key] = std::move(pinned);
  }
  return shape;
}

std::optional<ResultShape> ShapeOfRule(const rules::RuleFile& file, const rules::Rule& rule,
                                       const promql::Expr* ast) {
  return ShapeOfRule(file.options.syntax, rule, ast);
}

std::optional<ResultShape> ShapeOfRule(const promql::ParseOptions& syntax, const rules::Rule& rule,
                                       const promql::Expr* ast) {
  if (ast != nullptr) return ShapeOfRule(rule, *ast);
  if (!rule.expr_valid) return std::nullopt;
  promql::ParseResult parsed = promql::Parse(rule.expr, syntax);
  if (!parsed.ok()) return std::nullopt;
  return ShapeOfRule(rule, *parsed.expr);
}

bool ShapesDisjoint(const ResultShape& a, const ResultShape& b) {
  for (const auto& [label, va] : a.values) {
    auto it = b.values.find(label);
    if (it != b.values.end() && ValuesDisjoint(va, it->second)) return true;
  }
  // Finite label sets that differ: one result has a label the other never
  // carries (`sum(x)` against `sum by (verb) (x)`); aggregating by a label
  // is taken as saying it is present.
  if (!a.labels.open && !b.labels.open && a.labels.names != b.labels.names) return true;
  auto lacks = [](const ResultShape& x, const ResultShape& y) {
    for (const auto& [label, v] : y.values) {
      if (!x.labels.CanHave(label) && AlwaysHas(y, label)) return true;
    }
    return false;
  };
  return lacks(a, b) || lacks(b, a);
}

}  // namespace ttam::lint
