// rules/rate-non-counter: rate(), irate(), increase() and resets() assume a
// counter: every decrease is read as a reset and compensated for. Over a
// gauge the result is wrong, not merely noisy. Only names that Prometheus's
// conventions clearly mark as non-counters are reported (see NotCounterReason).
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "model/conventions.h"
#include "promql/analysis.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

bool IsCounterFunction(std::string_view f) {
  return f == "rate" || f == "irate" || f == "increase" || f == "resets";
}

bool NativeHistogramsPossible(const RulesLintInput& input) {
  if (input.config == nullptr) return false;
  const config::Config& c = input.config->config;
  if (c.global.scrape_native_histograms || c.global.convert_classic_histograms_to_nhcb) return true;
  for (const config::ScrapeConfig& job : c.scrape_configs) {
    if (job.scrape_native_histograms || job.convert_classic_histograms_to_nhcb) return true;
  }
  return false;
}

class RulesRateNonCounter : public RulesCheck {
 public:
  void Begin(const RulesLintInput& input) override { native_ = NativeHistogramsPossible(input); }

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
      std::optional<std::string> why = model::NotCounterReason(metric, native_);
      if (!why) return true;
      bool recorded = metric.find(':') != std::string::npos;
      out.ReportInExpr(
          v, arg.span,
          call->func + "() over " + Quote(metric) + ", but " + *why + ": " + call->func +
              "() reads every decrease as a counter reset, so the result is wrong; " +
              (recorded ? "use the recorded series directly (avg_over_time() to smooth it)"
                        : "use deriv() or delta() for a gauge, or rename the metric with "
                          "_total if it really is a counter"));
      return true;
    });
  }

 private:
  bool native_ = false;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesRateNonCounter() {
  return std::make_unique<RulesRateNonCounter>();
}

}  // namespace ttam::lint::checks
