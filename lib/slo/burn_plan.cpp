#include "slo/burn_plan.h"

#include <algorithm>
#include <cmath>

#include "promql/parser.h"
#include "promql/printer.h"
#include "promql/walk.h"
#include "slo/quantile_plan.h"
#include "support/number.h"

namespace ttam::slo {
namespace {

double FactorOr(double given, double fallback) { return given > 0 ? given : fallback; }

// "burn 20.1 over 1h": the burn rate with three significant digits.
std::string BurnText(double burn) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", burn);
  return buf;
}

const WindowMeasure* Find(const std::vector<WindowMeasure>& measures, int64_t window_ms) {
  for (const WindowMeasure& m : measures) {
    if (m.window_ms == window_ms) return &m;
  }
  return nullptr;
}

// How one pair came out.
enum class PairState { kFires, kBelow, kGuarded, kNoData, kUncovered };

struct PairOutcome {
  PairState state = PairState::kBelow;
  double long_burn = 0;
  double short_burn = 0;
};

PairOutcome Judge(const WindowPair& pair, const std::vector<WindowMeasure>& measures,
                  double objective, double min_events) {
  const WindowMeasure* lw = Find(measures, pair.long_ms);
  const WindowMeasure* sw = Find(measures, pair.short_ms);
  if (lw == nullptr || sw == nullptr || !lw->covered || !sw->covered) {
    return {PairState::kUncovered};
  }
  if (!lw->error_ratio || !sw->error_ratio) return {PairState::kNoData};
  PairOutcome out;
  out.long_burn = BurnRate(*lw->error_ratio, objective);
  out.short_burn = BurnRate(*sw->error_ratio, objective);
  bool above = out.long_burn > pair.factor && out.short_burn > pair.factor;
  if (!above) {
    out.state = PairState::kBelow;
  } else if (sw->events && *sw->events < min_events * (1 - 1e-9)) {
    // (rate × window rounds: 20 requests a minute over 5m may come out as
    // 99.99999999999999 events, which is 100.)
    out.state = PairState::kGuarded;
  } else {
    out.state = PairState::kFires;
  }
  return out;
}

std::string PairText(const WindowPair& pair, const PairOutcome& o, std::string_view relation) {
  return "burn rate " + BurnText(o.long_burn) + " over " + WindowName(pair.long_ms) + " and " +
         BurnText(o.short_burn) + " over " + WindowName(pair.short_ms) + ", " +
         std::string(relation) + " " + FormatNumber(pair.factor);
}

}  // namespace

std::vector<int64_t> BurnWindows(int64_t period_ms) {
  std::vector<int64_t> out(std::begin(kBurnWindowsMs), std::end(kBurnWindowsMs));
  if (std::find(out.begin(), out.end(), period_ms) == out.end()) out.push_back(period_ms);
  std::sort(out.begin(), out.end());
  return out;
}

std::string WindowName(int64_t ms) {
  if (ms <= 0) return "0s";
  std::string out;
  struct Unit {
    int64_t ms;
    const char* name;
  };
  static constexpr Unit kUnits[] = {
      {kDayMs, "d"}, {kHourMs, "h"}, {kMinuteMs, "m"}, {1000, "s"}, {1, "ms"}};
  for (const Unit& u : kUnits) {
    if (ms >= u.ms) {
      out += std::to_string(ms / u.ms) + u.name;
      ms %= u.ms;
    }
  }
  return out;
}

std::vector<WindowPair> PagePairs(const SloSpec& spec) {
  return {{kHourMs, 5 * kMinuteMs, FactorOr(spec.page.factors[0], kDefaultPageFactors[0])},
          {6 * kHourMs, 30 * kMinuteMs, FactorOr(spec.page.factors[1], kDefaultPageFactors[1])}};
}

std::vector<WindowPair> TicketPairs(const SloSpec& spec) {
  return {{kDayMs, 2 * kHourMs, FactorOr(spec.ticket.factors[0], kDefaultTicketFactors[0])},
          {3 * kDayMs, 6 * kHourMs, FactorOr(spec.ticket.factors[1], kDefaultTicketFactors[1])}};
}

std::string ErrorRatioQuery(const Sli& sli, int64_t window_ms) {
  std::string w = WindowName(window_ms);
  if (!sli.error_ratio_query.empty()) return ExpandWindow(sli.error_ratio_query, w);
  // A group with traffic and no error series at all has an error ratio of
  // 0, not no data: the errors fall back to the total times 0.
  std::string total = ExpandWindow(sli.total_query, w);
  return "((" + ExpandWindow(sli.error_query, w) + ") or (" + total + ") * 0) / (" + total + ")";
}

std::string EventsQuery(const Sli& sli, int64_t window_ms) {
  if (sli.total_query.empty()) return "";
  return "(" + ExpandWindow(sli.total_query, WindowName(window_ms)) + ") * " +
         std::to_string(window_ms / 1000);
}

Result<std::string> PinAt(std::string_view query, int64_t time_ms) {
  promql::ParseResult parsed = promql::Parse(query);
  if (!parsed.ok()) {
    return Error{"cannot parse `" + std::string(query) + "`: " + parsed.errors.front().message};
  }
  promql::AtModifier at{promql::AtKind::kTimestamp, time_ms};
  // Walk hands out const nodes; the tree is ours, so they are changed in
  // place. A subquery's inner selectors stay unpinned: they are evaluated
  // at the subquery's steps, which its own `@` fixes.
  promql::Walk(*parsed.expr, [&](const promql::Expr& node, auto) {
    auto& n = const_cast<promql::Node&>(node.node);  // NOLINT: our own tree
    if (auto* v = std::get_if<promql::VectorSelector>(&n)) {
      if (!v->at) v->at = at;
      return false;
    }
    if (auto* s = std::get_if<promql::SubqueryExpr>(&n)) {
      if (!s->at) s->at = at;
      return false;
    }
    return true;
  });
  return promql::Print(*parsed.expr);
}

double BurnRate(double error_ratio, double objective) { return error_ratio / (1 - objective); }

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kTicket:
      return "ticket";
    case Verdict::kPage:
      return "page";
    case Verdict::kInsufficientData:
      return "insufficient-data";
  }
  return "ok";
}

VerdictResult Decide(const SloSpec& spec, const std::vector<WindowMeasure>& measures,
                     double min_events) {
  VerdictResult result;
  struct Tier {
    Verdict verdict;
    std::vector<WindowPair> pairs;
  };
  const Tier tiers[] = {
      {Verdict::kPage, spec.page.disable ? std::vector<WindowPair>{} : PagePairs(spec)},
      {Verdict::kTicket, spec.ticket.disable ? std::vector<WindowPair>{} : TicketPairs(spec)}};
  bool uncovered = false;
  std::string closest;
  double closest_share = -1;
  for (const Tier& tier : tiers) {
    for (const WindowPair& pair : tier.pairs) {
      PairOutcome o = Judge(pair, measures, spec.objective, min_events);
      switch (o.state) {
        case PairState::kFires:
          if (result.reason.empty()) {
            result.verdict = tier.verdict;
            result.reason = PairText(pair, o, "both above");
          }
          break;
        case PairState::kGuarded:
          result.guarded.push_back(PairText(pair, o, "both above") + ", but fewer than " +
                                   FormatNumber(min_events) + " events over " +
                                   WindowName(pair.short_ms));
          break;
        case PairState::kUncovered:
          uncovered = true;
          for (int64_t w : {pair.long_ms, pair.short_ms}) {
            const WindowMeasure* m = Find(measures, w);
            bool missing = m == nullptr || !m->covered;
            if (missing && std::find(result.missing_windows.begin(), result.missing_windows.end(),
                                     w) == result.missing_windows.end()) {
              result.missing_windows.push_back(w);
            }
          }
          break;
        case PairState::kBelow: {
          double share = std::min(o.long_burn, o.short_burn) / pair.factor;
          if (share > closest_share) {
            closest_share = share;
            closest = PairText(pair, o, "not both above");
          }
          break;
        }
        case PairState::kNoData:
          break;
      }
    }
    if (!result.reason.empty()) break;  // page wins over ticket
  }
  std::sort(result.missing_windows.begin(), result.missing_windows.end());
  if (!result.reason.empty()) return result;
  if (uncovered) {
    result.verdict = Verdict::kInsufficientData;
    std::string names;
    for (int64_t w : result.missing_windows) names += (names.empty() ? "" : ", ") + WindowName(w);
    result.reason = "the data does not span " + names + " (record longer, or use --prometheus)";
    return result;
  }
  result.verdict = Verdict::kOk;
  result.reason = closest.empty() ? "no traffic in the windows" : closest;
  return result;
}

double BudgetRemaining(double error_ratio, double objective) {
  return 1 - BurnRate(error_ratio, objective);
}

std::optional<int64_t> TimeToExhaustion(double budget_remaining, double burn_rate,
                                        int64_t period_ms) {
  if (!(burn_rate > 0) || !(budget_remaining > 0)) return std::nullopt;
  double ms = budget_remaining * static_cast<double>(period_ms) / burn_rate;
  if (!std::isfinite(ms) || ms > 1e15) return std::nullopt;
  return static_cast<int64_t>(ms);
}

}  // namespace ttam::slo
