// rules/time-arithmetic: time() is the evaluation time in Unix seconds
// (about 1.7e9). `time() - x` means something only when x is a timestamp
// (the age of an event) or a duration in seconds (the time an event
// happened). The setup guide's "SLO burn rate" subtracts an error-budget
// ratio times 3600 from time(): the result is time() itself, give or take an
// hour, and the division yields a meaningless tiny number.
#include <cctype>
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

bool IsTimeCall(const promql::Expr& e) {
  const auto* call = std::get_if<promql::Call>(&promql::Unparen(e).node);
  return call != nullptr && call->func == "time";
}

// Names of Unix timestamps (foo_timestamp_seconds, process_start_time_seconds,
// foo_created, last_success, last_seen, cert not_after / not_before, expiry,
// expires, expiration, job_last_run_at) or of durations in seconds: what
// time() may sensibly be combined with.
bool IsTimeLikeName(std::string_view name) {
  for (std::string_view word :
       {"seconds", "timestamp", "_time", "time_", "_created", "expir", "epoch", "uptime", "_last_",
        "last_", "_date", "not_after", "not_before", "notafter", "notbefore"}) {
    if (name.find(word) != std::string_view::npos) return true;
  }
  for (std::string_view suffix : {"_at", "_since", "_ttl", "_deadline"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

// The first selector of `e` whose name is not time-like, or null when every
// selector is time-like, `e` calls timestamp(), or selects nothing.
const promql::Expr* NonTimeOperand(const promql::Expr& e) {
  const promql::Expr* found = nullptr;
  bool time_like = false;
  promql::Walk(e, [&](const promql::Expr& n, std::span<const promql::Expr* const>) {
    if (const auto* call = std::get_if<promql::Call>(&n.node)) {
      if (call->func == "timestamp" || call->func == "time") {
        time_like = true;
        return false;
      }
    }
    if (const auto* vs = std::get_if<promql::VectorSelector>(&n.node)) {
      if (IsTimeLikeName(promql::SelectorMetric(*vs))) {
        time_like = true;
      } else if (found == nullptr) {
        found = &n;
      }
    }
    return true;
  });
  return time_like ? nullptr : found;
}

// True when a name's words (split at '_' and ':') include slo, sli, burn or
// budget: the expression is about an SLO.
bool MentionsSlo(std::string_view name) {
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of("_:", start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view word = name.substr(start, end - start);
    if (word == "slo" || word == "sli" || word == "burn" || word == "budget") return true;
    start = end + 1;
  }
  return false;
}

bool LooksLikeBurnRate(const rules::Rule& rule, const promql::Expr& ast) {
  // Alert names are CamelCase: PrimitiveSLOBreach reads as primitive_slo_breach.
  std::string name;
  std::string_view raw = rule.Name();
  for (size_t i = 0; i < raw.size(); ++i) {
    auto upper = [&](size_t j) {
      return j < raw.size() && std::isupper(static_cast<unsigned char>(raw[j]));
    };
    auto lower = [&](size_t j) {
      return j < raw.size() && std::islower(static_cast<unsigned char>(raw[j]));
    };
    if (i > 0 && upper(i) && (lower(i - 1) || lower(i + 1))) name += '_';
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(raw[i])));
  }
  if (MentionsSlo(name)) return true;
  for (const std::string& m : promql::SelectedMetrics(ast)) {
    if (MentionsSlo(m)) return true;
  }
  return false;
}

class RulesTimeArithmetic : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    const rules::Rule& rule = v.rule;
    promql::Walk(*v.ast, [&](const promql::Expr& e, std::span<const promql::Expr* const>) {
      const auto* bin = std::get_if<promql::BinaryExpr>(&e.node);
      if (bin == nullptr || bin->op != promql::BinaryOp::kSub) return true;
      const promql::Expr* other = nullptr;
      if (IsTimeCall(*bin->lhs)) {
        other = bin->rhs.get();
      } else if (IsTimeCall(*bin->rhs)) {
        other = bin->lhs.get();
      } else {
        return true;
      }
      const promql::Expr* operand = NonTimeOperand(*other);
      if (operand == nullptr) return true;
      const auto& vs = std::get<promql::VectorSelector>(operand->node);
      std::string message =
          "time() (Unix seconds now) minus a value computed from " +
          Quote(promql::SelectorMetric(vs)) +
          ", which is neither a timestamp nor a duration in seconds: the result is about "
          "time() itself and means nothing; ";
      if (LooksLikeBurnRate(rule, *v.ast)) {
        message +=
            "a burn rate is the error ratio over a window divided by the error budget, "
            "(sum(rate(primitive_requests_total{status=\"failure\"}[1h])) / "
            "sum(rate(primitive_requests_total[1h]))) / (1 - 0.99) for a 99% SLO, where 1 "
            "uses up the budget exactly over the SLO period";
      } else {
        message +=
            "subtract a timestamp (a *_timestamp_seconds metric or timestamp(x)) to get an "
            "age in seconds";
      }
      out.ReportInExpr(v, e.span, std::move(message));
      return true;
    });
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesTimeArithmetic() {
  return std::make_unique<RulesTimeArithmetic>();
}

}  // namespace ttam::lint::checks
