// rules/counter-without-rate: a counter's raw value is a total since the
// process started; it drops to zero on every restart, so comparing it with a
// threshold or summing it across targets gives results that change with
// restarts rather than with traffic. Counters are read with rate(),
// irate() or increase() over a range.
//
// A name is weak evidence (many exporters name inventory gauges *_total), so
// the check reports a raw read only when the series is known to be a counter
// (--metadata, scraped targets, the built-in table); for names that merely
// look like counters it reports only the shapes where counter semantics
// clearly went wrong: a lifetime average (x_sum / x_count) and an equality
// with a non-zero number. Reads that stay right on a counter are never
// reported: existence tests (x > 0, x == 0), a manual increase
// (x - x offset 10m), uptime compared with a constant, and recording rules
// that pass the counter on unchanged (a bare selector, label_replace(), or a
// group_left join that only adds labels).
#include <optional>
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "lint/rules/metric_types.h"
#include "model/conventions.h"
#include "promql/analysis.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

// Functions for which a counter's raw value is as good as any other value:
// they look at the presence of series or at their timestamps.
bool UsesPresenceOnly(std::string_view f) {
  return f == "absent" || f == "timestamp" || f == "present_over_time";
}

// True when `selector` (with ancestors `up`, root first) reaches the result
// as a value; false when an ancestor reads only presence or labels, or when
// it is read over a range (the range functions take care of counters).
bool UsedRaw(const promql::Expr* selector, std::span<const promql::Expr* const> up, bool bucket) {
  const promql::Expr* child = selector;
  for (size_t i = up.size(); i-- > 0;) {
    const promql::Expr& a = *up[i];
    if (std::holds_alternative<promql::MatrixSelector>(a.node) ||
        std::holds_alternative<promql::SubqueryExpr>(a.node)) {
      return false;
    }
    if (const auto* call = std::get_if<promql::Call>(&a.node)) {
      if (UsesPresenceOnly(call->func)) return false;
      // rules/histogram-quantile-rate reports raw buckets there.
      if (bucket && call->func.starts_with("histogram_")) return false;
    } else if (const auto* agg = std::get_if<promql::AggregateExpr>(&a.node)) {
      if (agg->op == promql::AggregateOp::kCount || agg->op == promql::AggregateOp::kGroup ||
          agg->op == promql::AggregateOp::kCountValues) {
        return false;
      }
    } else if (const auto* bin = std::get_if<promql::BinaryExpr>(&a.node)) {
      // The right side of and/unless only says which series to keep; the
      // right side of `or` reaches the result, so it counts.
      if ((bin->op == promql::BinaryOp::kAnd || bin->op == promql::BinaryOp::kUnless) &&
          bin->rhs.get() == child) {
        return false;
      }
    }
    child = &a;
  }
  return true;
}

// The number `e` is (a literal, possibly negated), or nullopt.
std::optional<double> CounterRawNumber(const promql::Expr& e) {
  const promql::Expr& u = promql::Unparen(e);
  if (const auto* n = std::get_if<promql::NumberLiteral>(&u.node)) return n->value;
  if (const auto* neg = std::get_if<promql::UnaryExpr>(&u.node)) {
    if (auto v = CounterRawNumber(*neg->expr)) return neg->negative ? -*v : *v;
  }
  return std::nullopt;
}

// True when `e` (a child of a label-only step) passes its operand's values
// through unchanged: label_replace()/label_join() of it, or the "many" side
// of a group_left/group_right multiplication (a join that adds labels).
bool CounterPassesThrough(const promql::Expr& a, const promql::Expr* child) {
  if (std::holds_alternative<promql::ParenExpr>(a.node)) return true;
  if (const auto* call = std::get_if<promql::Call>(&a.node)) {
    return (call->func == "label_replace" || call->func == "label_join") && !call->args.empty() &&
           call->args[0].get() == child;
  }
  if (const auto* bin = std::get_if<promql::BinaryExpr>(&a.node)) {
    if (bin->op != promql::BinaryOp::kMul) return false;
    return (bin->matching.card == promql::Cardinality::kManyToOne && bin->lhs.get() == child) ||
           (bin->matching.card == promql::Cardinality::kOneToMany && bin->rhs.get() == child);
  }
  return false;
}

// True when `tree` reads a selector named `metric` as a raw value (not over
// a range, not inside a function call).
bool ReadsRawSelector(const promql::Expr& tree, std::string_view metric) {
  bool found = false;
  promql::Walk(tree, [&](const promql::Expr& n, std::span<const promql::Expr* const>) {
    if (found || std::holds_alternative<promql::MatrixSelector>(n.node) ||
        std::holds_alternative<promql::SubqueryExpr>(n.node) ||
        std::holds_alternative<promql::Call>(n.node)) {
      return false;
    }
    if (const auto* vs = std::get_if<promql::VectorSelector>(&n.node)) {
      found = promql::SelectorMetric(*vs) == metric;
    }
    return true;
  });
  return found;
}

// True when `tree` is (in parentheses) a selector of `metric` with an offset
// (x - x offset 10m: one side of an increase written by hand).
bool IsOffsetSelectorOf(const promql::Expr& tree, std::string_view metric) {
  const auto* vs = std::get_if<promql::VectorSelector>(&promql::Unparen(tree).node);
  return vs != nullptr && promql::SelectorMetric(*vs) == metric &&
         (vs->offset_ms != 0 || vs->offset_expr);
}

class RulesCounterWithoutRate : public RulesCheck {
 public:
  void Begin(const RulesLintInput& input) override { types_ = &MetricTypesOf(input); }

  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    promql::Walk(*v.ast, [&](const promql::Expr& e, std::span<const promql::Expr* const> up) {
      const auto* vs = std::get_if<promql::VectorSelector>(&e.node);
      if (vs != nullptr) Inspect(v, e, *vs, up, out);
      return true;
    });
  }

 private:
  enum class Verdict { kSilent, kRaw, kLifetimeAverage, kEquality };

  // What reading `e` (metric `metric`, ancestors `up`) amounts to.
  Verdict Judge(const RuleVisit& v, const promql::Expr& e, std::string_view metric,
                std::span<const promql::Expr* const> up, double* equal_to) const {
    // A lifetime average: x_sum / x_count, both raw (reported at the _sum).
    bool sum = metric.ends_with("_sum");
    bool count = metric.ends_with("_count");
    if (sum || count) {
      std::string base(metric.substr(0, metric.size() - (sum ? 4 : 6)));
      const promql::Expr* child = &e;
      for (size_t i = up.size(); i-- > 0; child = up[i]) {
        const auto* bin = std::get_if<promql::BinaryExpr>(&up[i]->node);
        if (bin == nullptr || bin->op != promql::BinaryOp::kDiv) continue;
        if (sum && bin->lhs.get() == child && ReadsRawSelector(*bin->rhs, base + "_count")) {
          return Verdict::kLifetimeAverage;
        }
        if (count && bin->rhs.get() == child && ReadsRawSelector(*bin->lhs, base + "_sum")) {
          return Verdict::kSilent;
        }
      }
    }
    // The first step above the selector that does something with its value.
    const promql::Expr* child = &e;
    size_t i = up.size();
    while (i > 0 && CounterPassesThrough(*up[i - 1], child)) child = up[--i];
    if (i == 0) {
      // The counter itself is the result: a recording rule passes it on
      // (renamed or with more labels) to be rated downstream.
      return v.rule.record.empty() ? Verdict::kRaw : Verdict::kSilent;
    }
    if (const auto* bin = std::get_if<promql::BinaryExpr>(&up[i - 1]->node)) {
      const promql::Expr& other = bin->lhs.get() == child ? *bin->rhs : *bin->lhs;
      if (promql::IsComparisonOp(bin->op)) {
        if (std::optional<double> n = CounterRawNumber(other)) {
          if (*n == 0) return Verdict::kSilent;  // an existence test
          if (metric.find("uptime") != std::string_view::npos) return Verdict::kSilent;
          if (bin->op == promql::BinaryOp::kEql) {
            *equal_to = *n;
            return Verdict::kEquality;
          }
        }
      }
      // x - x offset 10m: an increase written by hand.
      if (bin->op == promql::BinaryOp::kSub &&
          (IsOffsetSelectorOf(other, metric) || IsOffsetSelectorOf(*child, metric))) {
        return Verdict::kSilent;
      }
    }
    return Verdict::kRaw;
  }

  void Inspect(const RuleVisit& v, const promql::Expr& e, const promql::VectorSelector& vs,
               std::span<const promql::Expr* const> up, RulesReporter& out) const {
    std::string metric = promql::SelectorMetric(vs);
    std::optional<KnownSeries> known = types_->Lookup(metric);
    if (known && known->kind != SeriesKind::kCounter) return;
    if (!known && (metric.find(':') != std::string::npos || !model::IsCounterName(metric))) return;
    if (!UsedRaw(&e, up, metric.ends_with("_bucket"))) return;
    double equal_to = 0;
    Verdict verdict = Judge(v, e, metric, up, &equal_to);
    // A name that only looks like a counter's is reported only where the
    // expression shows counter semantics going wrong.
    if (verdict == Verdict::kSilent || (verdict == Verdict::kRaw && !known)) return;
    const rules::Rule& rule = v.rule;
    // The selector as written, for the suggestion (offset and @ go after the range).
    std::string text = vs.offset_ms != 0 || vs.at || vs.offset_expr || vs.anchored || vs.smoothed
                           ? metric
                           : Excerpt(rule, e.span);
    std::string what = Quote(metric) + " is a counter";
    if (known) {
      what += " (TYPE " + std::string(expfmt::MetricTypeName(known->family_type)) + " in " +
              std::string(known->source) + ")";
    }
    std::string message;
    switch (verdict) {
      case Verdict::kLifetimeAverage: {
        std::string base = metric.substr(0, metric.size() - 4);
        message = Quote(metric) + " / " + Quote(base + "_count") +
                  " divides two counters' totals since the process started: the result is "
                  "the average over the process's whole life, not over a recent window; use "
                  "rate(" +
                  base + "_sum[5m]) / rate(" + base + "_count[5m])";
        break;
      }
      case Verdict::kEquality:
        message = what + " compared with == " + FormatCounterNumber(equal_to) +
                  ": its total since the process started equals that only until the next "
                  "event, and again after a restart; use increase(" +
                  text + "[1h]) > 0 to see events in a window";
        break;
      case Verdict::kRaw:
        message = what +
                  " used as a raw value: its total since the process started resets to zero "
                  "on every restart, so the result follows restarts rather than traffic; use "
                  "rate(" +
                  text + "[5m]) or increase(" + text + "[1h]) instead";
        break;
      case Verdict::kSilent:
        return;
    }
    out.ReportInExpr(v, e.span, std::move(message));
  }

  static std::string FormatCounterNumber(double n) {
    std::string s = std::to_string(n);
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s;
  }

  const MetricTypes* types_ = nullptr;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesCounterWithoutRate() {
  return std::make_unique<RulesCounterWithoutRate>();
}

}  // namespace ttam::lint::checks
