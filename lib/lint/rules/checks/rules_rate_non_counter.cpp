// rules/rate-non-counter: rate(), irate(), increase() and resets() assume a
// counter: every decrease is read as a reset and compensated for. Over a
// gauge the result is wrong, not merely noisy. Only series whose type is
// known (--metadata, scraped targets, the built-in table of well-known
// exporters) are reported: a name alone is no evidence, since many exporters
// export counters without _total (positions, perf counters, cumulative times).
// A series recorded by a rule of the input is known too: when its expression
// computes a rate, a ratio of rates, an average or a quantile, the recorded
// series is a gauge.
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "lint/rules/helpers.h"
#include "lint/rules/metric_types.h"
#include "promql/analysis.h"
#include "promql/walk.h"
#include "support/text.h"

namespace ttam::lint::checks {
namespace {

bool IsCounterFunction(std::string_view f) {
  return f == "rate" || f == "irate" || f == "increase" || f == "resets";
}

// What `e` computes when it is already a per-window value (a rate, an
// increase, a derivative, an *_over_time or a quantile), or empty: the name
// of the function that makes it so. Aggregations, parentheses and arithmetic
// keep the kind of their vector operand.
std::string_view RecordedRateFunction(const promql::Expr& e) {
  const promql::Expr& u = promql::Unparen(e);
  if (const auto* call = std::get_if<promql::Call>(&u.node)) {
    static constexpr std::string_view kWindowed[] = {
        "rate",          "irate",         "increase",           "deriv",
        "delta",         "idelta",        "avg_over_time",      "quantile_over_time",
        "min_over_time", "max_over_time", "histogram_quantile", "predict_linear"};
    for (std::string_view f : kWindowed) {
      if (call->func == f) return f;
    }
    return {};
  }
  if (const auto* agg = std::get_if<promql::AggregateExpr>(&u.node)) {
    return RecordedRateFunction(*agg->expr);
  }
  if (const auto* bin = std::get_if<promql::BinaryExpr>(&u.node)) {
    if (!promql::IsSetOp(bin->op) && !promql::IsComparisonOp(bin->op)) {
      std::string_view f = RecordedRateFunction(*bin->lhs);
      return f.empty() ? RecordedRateFunction(*bin->rhs) : f;
    }
  }
  return {};
}

class RulesRateNonCounter : public RulesCheck {
 public:
  void Begin(const RulesLintInput& input) override { types_ = &MetricTypesOf(input); }

  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    CheckCalls(v, out);
    // Learn what this rule records, for the rules after it.
    if (!v.rule.record.empty()) {
      std::string_view f = RecordedRateFunction(*v.ast);
      if (!f.empty()) {
        const yaml::Mark& at =
            v.rule.name_node != nullptr ? v.rule.name_node->mark : v.rule.node->mark;
        auto [it, added] = recorded_.try_emplace(
            v.rule.record, RecordedRate{f, PathIndex(v.file), at.line, at.column});
        if (added) live_.push_back(it->first);
      }
    }
  }

  // The names of this file's recording rules are views into it: copy them
  // before it is freed, when other files follow.
  void EndFile(bool more_files) override {
    if (more_files) {
      for (std::string_view name : live_) {
        auto node = recorded_.extract(name);
        node.key() = names_.emplace_back(name);
        recorded_.insert(std::move(node));
      }
    }
    live_.clear();
  }

 private:
  // A series recorded by an earlier rule from a windowed function: a name
  // and a few words per recording rule (`function` points into kWindowed;
  // the file is an index into paths_, since files are freed once visited).
  struct RecordedRate {
    std::string_view function;
    uint32_t path = 0;
    uint32_t line = 0;
    uint32_t column = 0;
  };

  // The index of `file`'s path in paths_ (added when it differs from the
  // last one: files come one after the other).
  uint32_t PathIndex(const rules::RuleFile& file) {
    std::string_view path = file.doc ? std::string_view(file.doc->path) : std::string_view();
    if (paths_.empty() || paths_.back() != path) paths_.emplace_back(path);
    return static_cast<uint32_t>(paths_.size() - 1);
  }

  void CheckCalls(const RuleVisit& v, RulesReporter& out) {
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
      if (!known) {
        auto rec = recorded_.find(metric);
        if (rec == recorded_.end()) return true;
        out.ReportInExpr(
            v, arg.span,
            call->func + "() over " + Quote(metric) + ", but a rule records it from " +
                std::string(rec->second.function) +
                "(), so it holds a per-window value already, not a counter: " + call->func +
                "() reads every decrease as a counter reset, so the result is "
                "wrong; use the recorded series directly (avg_over_time() to "
                "smooth it)",
            {diag::Note{paths_[rec->second.path], rec->second.line, rec->second.column,
                        "recorded here"}});
        return true;
      }
      if (known->kind != SeriesKind::kGauge) return true;
      out.ReportInExpr(v, arg.span,
                       call->func + "() over " + Quote(metric) + ", but it is a gauge (TYPE " +
                           std::string(expfmt::MetricTypeName(known->family_type)) + " in " +
                           std::string(known->source) + "): " + call->func +
                           "() reads every decrease as a counter reset, so the result is wrong; "
                           "use deriv() or delta() for a gauge");
      return true;
    });
  }

  const MetricTypes* types_ = nullptr;
  // Keyed by views into the file being visited (live_) or into names_.
  std::unordered_map<std::string_view, RecordedRate> recorded_;
  std::vector<std::string_view> live_;
  std::deque<std::string> names_;  // stable: recorded_'s keys point into it
  std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesRateNonCounter() {
  return std::make_unique<RulesRateNonCounter>();
}

}  // namespace ttam::lint::checks
