// rules/rate-non-counter: rate(), irate(), increase() and resets() assume a
// counter: every decrease is read as a reset and compensated for. Over a
// gauge the result is wrong, not merely noisy. Only series whose type is
// known (--metadata, scraped targets, the built-in table of well-known
// exporters) are reported: a name alone is no evidence, since many exporters
// export counters without _total (positions, perf counters, cumulative times).
#include <string>

#include "lint/rules/helpers.h"
#include "lint/rules/metric_types.h"
#include "promql/analysis.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

bool IsCounterFunction(std::string_view f) {
  return f == "rate" || f == "irate" || f == "increase" || f == "resets";
}

class RulesRateNonCounter : public RulesCheck {
 public:
  void Begin(const RulesLintInput& input) override { types_ = &MetricTypesOf(input); }

  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    promql::Walk(*v.ast, [&](const promql::Expr& e, std::span<const promql::Expr* const> up) {
      const auto* call = std::get_if<promql::Call>(&e.node);
      if (call == nullptr || !IsCounterFunction(call->func) || call->args.empty()) return true;
      // rate() of a native histogram is right, and histogram_*() is how
      // native histograms are read; their names carry no suffix.
      for (const promql::Expr* a : up) {
        const auto* outer = std::get_if<promql::Call>(&a->node);
        if (outer != nullptr && outer->func.starts_with("histogram_")) return true;
      }
      const promql::Expr& arg = promql::Unparen(*call->args[0]);
      const promql::Expr* selector = nullptr;
      if (const auto* m = std::get_if<promql::MatrixSelector>(&arg.node)) {
        selector = m->vector_selector.get();
      } else if (const auto* s = std::get_if<promql::SubqueryExpr>(&arg.node)) {
        selector = &promql::Unparen(*s->expr);
      }
      const auto* vs =
          selector != nullptr ? std::get_if<promql::VectorSelector>(&selector->node) : nullptr;
      if (vs == nullptr) return true;
      std::string metric = promql::SelectorMetric(*vs);
      std::optional<KnownSeries> known = types_->Lookup(metric);
      if (!known || known->kind != SeriesKind::kGauge) return true;
      out.ReportInExpr(v, arg.span,
                       call->func + "() over " + Quote(metric) + ", but it is a gauge (TYPE " +
                           std::string(expfmt::MetricTypeName(known->family_type)) + " in " +
                           std::string(known->source) + "): " + call->func +
                           "() reads every decrease as a counter reset, so the result is wrong; "
                           "use deriv() or delta() for a gauge");
      return true;
    });
  }

 private:
  const MetricTypes* types_ = nullptr;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesRateNonCounter() {
  return std::make_unique<RulesRateNonCounter>();
}

}  // namespace ttam::lint::checks
