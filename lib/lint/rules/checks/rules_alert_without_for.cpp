// rules/alert-without-for: without `for` an alert fires as soon as one
// evaluation returns a result, so a single spike, a restart or a scrape
// hiccup on an instantaneous threshold notifies someone. A short `for` makes
// the condition hold for a while first.
//
// Silent where `for` would add nothing or was decided: `for` written (even
// `for: 0s`, a choice to fire at once); an expression that cannot become
// false (vector(1) watchdogs, `count(x) >= 0`); a compared value that is
// already windowed (increase, rate, changes, *_over_time, ...); staleness and
// expiry thresholds (time() arithmetic, TTL or expiry metrics), which move
// slowly by nature; alerts on ALERTS (inhibitors), which follow alerts that
// have their own for.
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

bool AlertForWindowedCall(std::string_view f) {
  return f == "rate" || f == "irate" || f == "increase" || f == "delta" || f == "idelta" ||
         f == "deriv" || f == "predict_linear" || f == "changes" || f == "resets" ||
         f.ends_with("_over_time");
}

// True when no vector selector is read: vector(1), time() > 0, ...
bool AlertForSelectsNothing(const promql::Expr& e) {
  bool found = false;
  promql::Walk(e, [&](const promql::Expr& n, std::span<const promql::Expr* const>) {
    if (std::holds_alternative<promql::VectorSelector>(n.node)) found = true;
    return !found;
  });
  return !found;
}

// True when `e` contains time() or reads a metric named as a timestamp, TTL
// or expiry (the value it compares moves slowly or steadily), or reads ALERTS.
bool AlertForStalenessOrExpiry(const promql::Expr& e) {
  bool found = false;
  promql::Walk(e, [&](const promql::Expr& n, std::span<const promql::Expr* const>) {
    if (const auto* call = std::get_if<promql::Call>(&n.node)) {
      if (call->func == "time" || call->func == "timestamp") found = true;
    } else if (const auto* vs = std::get_if<promql::VectorSelector>(&n.node)) {
      std::string name = promql::SelectorMetric(*vs);
      // ALERTS follows other alerts, which have their own for (inhibitors).
      if (name == "ALERTS" || name == "ALERTS_FOR_STATE") found = true;
      for (std::string_view word : {"timestamp", "expir", "ttl", "not_after", "last_seen",
                                    "last_success", "age_seconds", "uptime"}) {
        if (name.find(word) != std::string::npos) found = true;
      }
    }
    return !found;
  });
  return found;
}

// True when the value an alert thresholds is already a windowed function:
// each side of the outermost comparison, through aggregations and arithmetic.
bool AlertForWindowed(const promql::Expr& e) {
  const promql::Expr& u = promql::Unparen(e);
  if (const auto* call = std::get_if<promql::Call>(&u.node)) {
    if (AlertForWindowedCall(call->func)) return true;
    for (const auto& arg : call->args) {
      if (AlertForWindowed(*arg)) return true;
    }
    return false;
  }
  if (const auto* agg = std::get_if<promql::AggregateExpr>(&u.node)) {
    return AlertForWindowed(*agg->expr);
  }
  if (const auto* bin = std::get_if<promql::BinaryExpr>(&u.node)) {
    if (promql::IsSetOp(bin->op)) return AlertForWindowed(*bin->lhs);
    // A group_left/group_right join copies labels from an info-like side:
    // the value comes from the "many" side.
    if (bin->matching.card == promql::Cardinality::kManyToOne) return AlertForWindowed(*bin->lhs);
    if (bin->matching.card == promql::Cardinality::kOneToMany) return AlertForWindowed(*bin->rhs);
    bool l = AlertForWindowed(*bin->lhs) ||
             std::holds_alternative<promql::NumberLiteral>(promql::Unparen(*bin->lhs).node);
    bool r = AlertForWindowed(*bin->rhs) ||
             std::holds_alternative<promql::NumberLiteral>(promql::Unparen(*bin->rhs).node);
    return l && r;
  }
  return false;
}

// True for `count(...) >= 0` and `absent(x) >= 0`-style comparisons that
// hold for every series.
bool AlertForAlwaysTrue(const promql::Expr& e) {
  const auto* bin = std::get_if<promql::BinaryExpr>(&promql::Unparen(e).node);
  if (bin == nullptr || bin->op != promql::BinaryOp::kGte) return false;
  const auto* num = std::get_if<promql::NumberLiteral>(&promql::Unparen(*bin->rhs).node);
  const auto* agg = std::get_if<promql::AggregateExpr>(&promql::Unparen(*bin->lhs).node);
  return num != nullptr && num->value <= 0 && agg != nullptr &&
         (agg->op == promql::AggregateOp::kCount || agg->op == promql::AggregateOp::kGroup);
}

class RulesAlertWithoutFor : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    const rules::Rule& rule = v.rule;
    if (!rule.IsAlert() || rule.for_ms || v.ast == nullptr) return;
    const promql::Expr& e = *v.ast;
    if (AlertForSelectsNothing(e) || AlertForAlwaysTrue(e) || AlertForWindowed(e) ||
        AlertForStalenessOrExpiry(e)) {
      return;
    }
    const yaml::Node* at = rule.name_node != nullptr ? rule.name_node : rule.node;
    if (at == nullptr) return;
    out.Report(v, *at,
               "alert " + Quote(rule.alert) +
                   " has no for and thresholds an instantaneous value, so it fires on a "
                   "single evaluation's result: one spike or missed scrape notifies someone; "
                   "add for: (e.g. for: 5m) so the condition must hold for a while first, or "
                   "for: 0s if firing at once is intended");
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesAlertWithoutFor() {
  return std::make_unique<RulesAlertWithoutFor>();
}

}  // namespace ttam::lint::checks
