// The unit tests of `ttam slo generate`: input series designed from the
// SLI's own selectors so that each window pair burns just above its factor
// (the tier's alert fires) or just below it (it does not), and, with the
// low-traffic guard, a burn above the factor on too few events (no page).
//
// The SLI's queries must be linear in counter rates: sums (by or no
// grouping) of rate() over selectors, added or subtracted
// (`sum(rate(err[w])) / sum(rate(all[w]))`, a latency SLI's
// `count - bucket{le}`). Two series then suffice: candidates are built
// from each selector's matchers (checked with the same regex engine as
// PromQL), and a pair whose rates can make any error ratio in [0, 1] with
// non-negative rates is picked (a linear 2x2 system).
//
// A case is a warm-up at error ratio 0 for W0 minutes, then a burst at
// ratio rho for D minutes (the pair's long window plus margin), checked at
// T = W0 + D. Which alerts fire at T follows from the windows' burst
// shares; it is computed for Prometheus 2 (closed ranges) and 3
// (left-open), and for the alert group reading the recording rules' values
// of this evaluation or of the previous one (promtool runs the groups in
// no fixed order). W0 is the shortest warm-up for which every variant
// agrees, no value is within 0.5 % of its threshold, and the case shows
// what it must (the tier fires, or does not). Counters start at a large
// base, so that Prometheus's extrapolation towards zero never shortens one
// series' rate and not the other's.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <set>

#include "promql/ast.h"
#include "promql/parser.h"
#include "slo/burn_plan.h"
#include "slo/slo_rules.h"
#include "slo/slo_rules_common.h"
#include "support/go_regexp.h"
#include "support/number.h"
#include "support/text.h"

namespace ttam::slo {
// A named namespace around the file's own: lib/slo compiles as one unit.
namespace test_design {
namespace {

using rules_internal::Tier;
using rules_internal::YamlScalar;
using SeriesLabels = std::map<std::string, std::string>;

// Minutes throughout: input series are one sample a minute.
constexpr int64_t kEvalIntervalMin = 4;  // under the 5m lookback, so a lagging read still sees it
constexpr double kTraffic = 1000;        // events per minute
constexpr double kMargin = 0.02;         // just above / below: factor x (1 +- 2 %)
constexpr double kAmbiguous = 0.005;     // a value this close to its threshold is not trusted

// The windows are whole minutes.
int64_t Minutes(int64_t ms) { return ms / kMinuteMs; }

struct TestSelector {
  std::string name;
  std::vector<promql::LabelMatcher> matchers;
};

// One SLI query as sum of signed selector rates.
struct LinearQuery {
  std::vector<std::pair<size_t, int>> terms;  // selector index, +1 or -1
};

struct SliModel {
  std::vector<TestSelector> selectors;
  LinearQuery errors;
  LinearQuery total;
  std::set<std::string> by;                     // every grouping label seen
  std::optional<std::vector<std::string>> out;  // the outermost sums' labels
};

std::string SelectorKey(const TestSelector& s) {
  std::string key = s.name + "{";
  for (const auto& m : s.matchers) {
    key += m.name + std::to_string(static_cast<int>(m.op)) + GoQuote(m.value) + ",";
  }
  return key + "}";
}

// Walks a query: true when it is linear in selector rates, else `why`.
bool Linearise(const promql::Expr& e, int sign, bool in_sum, SliModel& model, LinearQuery& q,
               std::string& why) {
  using namespace promql;
  if (const auto* p = std::get_if<ParenExpr>(&e.node)) {
    return Linearise(*p->expr, sign, in_sum, model, q, why);
  }
  if (const auto* b = std::get_if<BinaryExpr>(&e.node)) {
    if ((b->op != BinaryOp::kAdd && b->op != BinaryOp::kSub) || b->matching.has_clause) {
      why = "an SLI query combines series with `" + std::string(BinaryOpName(b->op)) + "`";
      return false;
    }
    return Linearise(*b->lhs, sign, in_sum, model, q, why) &&
           Linearise(*b->rhs, b->op == BinaryOp::kSub ? -sign : sign, in_sum, model, q, why);
  }
  if (const auto* a = std::get_if<AggregateExpr>(&e.node)) {
    if (a->op != AggregateOp::kSum || a->without || a->param) {
      why = "an SLI query aggregates with something other than sum or sum by";
      return false;
    }
    if (!in_sum) {
      std::vector<std::string> labels = a->grouping;
      std::sort(labels.begin(), labels.end());
      if (model.out && *model.out != labels) {
        why = "the SLI's sums group by different labels";
        return false;
      }
      model.out = labels;
    }
    for (const std::string& l : a->grouping) model.by.insert(l);
    return Linearise(*a->expr, sign, true, model, q, why);
  }
  if (const auto* c = std::get_if<Call>(&e.node)) {
    if (c->func != "rate" || c->args.size() != 1 || !in_sum) {
      why = "an SLI query is not a sum of rate() over selectors";
      return false;
    }
    const auto* m = std::get_if<MatrixSelector>(&c->args[0]->node);
    if (m == nullptr) {
      why = "rate() over a subquery";
      return false;
    }
    const auto& v = std::get<VectorSelector>(m->vector_selector->node);
    if (v.offset_ms != 0 || v.offset_expr || v.at) {
      why = "a selector with offset or @";
      return false;
    }
    TestSelector s{v.name, v.matchers};
    std::string key = SelectorKey(s);
    size_t index = model.selectors.size();
    for (size_t i = 0; i < model.selectors.size(); ++i) {
      if (SelectorKey(model.selectors[i]) == key) index = i;
    }
    if (index == model.selectors.size()) model.selectors.push_back(std::move(s));
    q.terms.emplace_back(index, sign);
    return true;
  }
  why = "an SLI query is not a sum of rate() over selectors";
  return false;
}

// sum / sum by / sum without, +, - and parentheses over rate(selector[w]).
bool IsRateSum(const promql::Expr& e) {
  using namespace promql;
  if (const auto* p = std::get_if<ParenExpr>(&e.node)) return IsRateSum(*p->expr);
  if (const auto* b = std::get_if<BinaryExpr>(&e.node)) {
    return (b->op == BinaryOp::kAdd || b->op == BinaryOp::kSub) && IsRateSum(*b->lhs) &&
           IsRateSum(*b->rhs);
  }
  if (const auto* a = std::get_if<AggregateExpr>(&e.node)) {
    return a->op == AggregateOp::kSum && !a->param && IsRateSum(*a->expr);
  }
  if (const auto* c = std::get_if<Call>(&e.node)) {
    return c->func == "rate" && c->args.size() == 1 &&
           std::holds_alternative<MatrixSelector>(c->args[0]->node);
  }
  return false;
}

bool MatcherHolds(const SeriesLabels& labels, const promql::LabelMatcher& m) {
  auto it = labels.find(m.name);
  std::string value = it == labels.end() ? "" : it->second;
  switch (m.op) {
    case promql::MatchOp::kEqual:
      return value == m.value;
    case promql::MatchOp::kNotEqual:
      return value != m.value;
    case promql::MatchOp::kRegexMatch:
    case promql::MatchOp::kRegexNoMatch: {
      auto re = CompileGoRegexp(m.value);
      bool hit = re->ok() && RE2::FullMatch(value, *re);
      return m.op == promql::MatchOp::kRegexMatch ? hit : !hit;
    }
  }
  return false;
}

bool SelectorMatches(const SeriesLabels& labels, const TestSelector& s) {
  auto name = labels.find("__name__");
  if (!s.name.empty() && (name == labels.end() || name->second != s.name)) return false;
  for (const auto& m : s.matchers) {
    if (!MatcherHolds(labels, m)) return false;
  }
  return true;
}

// Strings a regex probably matches, from its text: each alternative with
// the metacharacters resolved to one choice, then a few common values.
std::vector<std::string> RegexCandidates(std::string_view regex) {
  std::vector<std::string> alternatives{""};
  int depth = 0;
  for (char c : regex) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == '|' && depth <= 1) {
      alternatives.emplace_back();
    } else {
      alternatives.back() += c;
    }
  }
  alternatives.emplace_back(regex);
  std::vector<std::string> out;
  for (const std::string& alt : alternatives) {
    std::string s;
    for (size_t i = 0; i < alt.size(); ++i) {
      char c = alt[i];
      char next = i + 1 < alt.size() ? alt[i + 1] : '\0';
      if (c == '(' || c == ')' || c == '^' || c == '$' || c == '|') continue;
      if (c == '?' && !s.empty() && alt[i - 1] == '(') continue;
      if (c == '\\' && i + 1 < alt.size()) {
        ++i;
        s += next == 'd' ? '0' : next == 'w' ? 'a' : next == 's' ? ' ' : next;
        continue;
      }
      if (c == '[') {
        size_t close = alt.find(']', i + 1);
        if (close == std::string::npos) break;
        std::string cls = alt.substr(i + 1, close - i - 1);
        s += !cls.empty() && cls[0] != '^' ? cls[0] : 'z';
        i = close;
        continue;
      }
      if (c == '.') {
        s += '0';
        continue;
      }
      if (c == '*' || c == '?') {
        if (!s.empty()) s.pop_back();
        continue;
      }
      if (c == '+' || c == '{' || c == '}') continue;
      s += c;
    }
    out.push_back(s);
  }
  for (const char* common : {"x", "0", "500", "error", "a"}) out.emplace_back(common);
  return out;
}

// A value that satisfies every matcher `s` has on `label` ("" = absent).
std::optional<std::string> ValueFor(const TestSelector& s, const std::string& label) {
  std::vector<std::string> candidates{""};
  for (const auto& m : s.matchers) {
    if (m.name != label) continue;
    if (m.op == promql::MatchOp::kEqual) candidates.push_back(m.value);
    if (m.op == promql::MatchOp::kRegexMatch) {
      for (std::string& c : RegexCandidates(m.value)) candidates.push_back(std::move(c));
    }
  }
  for (const char* fallback : {"x", "y", "0"}) candidates.emplace_back(fallback);
  for (const std::string& c : candidates) {
    SeriesLabels probe{{label, c}};
    bool ok = true;
    for (const auto& m : s.matchers) {
      if (m.name == label && !MatcherHolds(probe, m)) ok = false;
    }
    if (ok) return c;
  }
  return std::nullopt;
}

std::optional<SeriesLabels> LabelsFor(const TestSelector& s, const std::set<std::string>& by) {
  SeriesLabels out;
  if (!s.name.empty()) out["__name__"] = s.name;
  std::set<std::string> names;
  for (const auto& m : s.matchers) names.insert(m.name);
  for (const std::string& n : names) {
    if (n == "__name__" && !s.name.empty()) continue;
    auto v = ValueFor(s, n);
    if (!v) return std::nullopt;
    if (!v->empty()) out[n] = *v;
  }
  for (const std::string& l : by) out[l] = "slo-test";
  if (!out.contains("__name__") || !SelectorMatches(out, s)) return std::nullopt;
  return out;
}

// Errors and total as linear functions of each candidate series' rate.
struct Coefficients {
  double errors = 0;
  double total = 0;
};

Coefficients CoefficientsOf(const SeriesLabels& labels, const SliModel& model) {
  Coefficients c;
  for (const auto& [index, sign] : model.errors.terms) {
    if (SelectorMatches(labels, model.selectors[index])) c.errors += sign;
  }
  for (const auto& [index, sign] : model.total.terms) {
    if (SelectorMatches(labels, model.selectors[index])) c.total += sign;
  }
  return c;
}

// Two series and how their per-minute rates follow from an error ratio.
struct SeriesPair {
  std::array<SeriesLabels, 2> labels;
  std::array<Coefficients, 2> coefficients;

  // Rates (per minute) giving error ratio `rho` at `traffic` events a minute.
  std::array<double, 2> Rates(double rho, double traffic) const {
    const Coefficients& a = coefficients[0];
    const Coefficients& b = coefficients[1];
    double det = a.errors * b.total - b.errors * a.total;
    return {(rho * b.total - b.errors) / det * traffic, (a.errors - rho * a.total) / det * traffic};
  }
};

std::optional<SeriesPair> PickPair(const std::vector<SeriesLabels>& candidates,
                                   const SliModel& model) {
  for (size_t i = 0; i < candidates.size(); ++i) {
    for (size_t j = 0; j < candidates.size(); ++j) {
      if (i == j || candidates[i] == candidates[j]) continue;
      SeriesPair p{{candidates[i], candidates[j]},
                   {CoefficientsOf(candidates[i], model), CoefficientsOf(candidates[j], model)}};
      double det = p.coefficients[0].errors * p.coefficients[1].total -
                   p.coefficients[1].errors * p.coefficients[0].total;
      if (std::fabs(det) < 1e-9) continue;
      bool ok = true;
      for (double rho : {0.0, 1.0}) {
        for (double r : p.Rates(rho, 1)) ok = ok && r >= -1e-12;
      }
      if (ok) return p;
    }
  }
  return std::nullopt;
}

// The SLI as a linear model and the two series of its tests, or why not.
struct SliDesign {
  SliModel model;
  SeriesPair pair;
};

std::optional<SliDesign> DesignSli(const Sli& sli, std::string& why) {
  if (!sli.error_ratio_query.empty() || sli.error_query.empty() || sli.total_query.empty()) {
    why = "a raw error-ratio SLI has no event counts to generate series for";
    return std::nullopt;
  }
  SliDesign design;
  for (auto [text, q] : {std::pair{&sli.error_query, &design.model.errors},
                         std::pair{&sli.total_query, &design.model.total}}) {
    promql::ParseResult parsed = promql::Parse(ExpandWindow(*text, "5m"));
    if (!parsed.ok()) {
      why = "an SLI query does not parse";
      return std::nullopt;
    }
    if (!Linearise(*parsed.expr, 1, false, design.model, *q, why)) return std::nullopt;
  }
  for (const TestSelector& s : design.model.selectors) {
    for (const auto& m : s.matchers) {
      if (design.model.by.contains(m.name)) {
        why = "the SLI groups by label " + m.name + ", which its selectors also match on";
        return std::nullopt;
      }
    }
  }
  // Each selector's own series, and the same enriched with the other
  // selectors' matchers on labels it leaves open.
  std::vector<SeriesLabels> candidates;
  for (const TestSelector& s : design.model.selectors) {
    auto own = LabelsFor(s, design.model.by);
    if (!own) continue;
    candidates.push_back(*own);
    for (const TestSelector& other : design.model.selectors) {
      SeriesLabels enriched = *own;
      for (const auto& m : other.matchers) {
        if (enriched.contains(m.name) || m.name == "__name__") continue;
        auto v = ValueFor(other, m.name);
        if (v && !v->empty()) enriched[m.name] = *v;
      }
      if (SelectorMatches(enriched, s)) candidates.push_back(enriched);
    }
  }
  auto pair = PickPair(candidates, design.model);
  if (!pair) {
    why = "no two series built from the SLI's selectors can set its error ratio";
    return std::nullopt;
  }
  design.pair = *pair;
  return design;
}

// ---- The burst model -----------------------------------------------------

struct Burst {
  int64_t warmup = 0;  // W0
  int64_t burst = 0;   // D
  double rho = 0;
  double traffic = kTraffic;
  int64_t End() const { return warmup + burst; }
};

// The ratio over `window` minutes read at T - lag, with ranges closed
// (Prometheus 2) or left-open (3): the burst's share of the increments.
double WindowRatio(const Burst& b, int64_t window, int64_t lag, bool left_open) {
  int64_t t = b.End() - lag;
  int64_t span = left_open ? window - 1 : window;
  int64_t lo = std::max<int64_t>(t - span, 0);
  int64_t covered = t - lo;
  int64_t burst = std::max<int64_t>(0, t - std::max(lo, b.warmup));
  return covered > 0 ? b.rho * static_cast<double>(burst) / static_cast<double>(covered) : 0;
}

struct TierOutcome {
  int firing_pair = -1;  // the first pair that fires, -1 for none
  bool ambiguous = false;
};

TierOutcome JudgeTier(const SloSpec& spec, Tier tier, const Burst& b, int64_t lag, bool left_open,
                      double min_events, bool guarded) {
  TierOutcome out;
  double budget = rules_internal::BudgetValue(spec.objective);
  auto near = [](double v, double threshold) {
    return std::fabs(v - threshold) <= kAmbiguous * threshold;
  };
  std::vector<WindowPair> pairs = rules_internal::TierPairs(spec, tier);
  for (size_t i = 0; i < pairs.size(); ++i) {
    const WindowPair& p = pairs[i];
    double threshold = p.factor * budget;
    double s = WindowRatio(b, Minutes(p.short_ms), lag, left_open);
    double l = WindowRatio(b, Minutes(p.long_ms), lag, left_open);
    double events = b.traffic * static_cast<double>(Minutes(p.short_ms));
    bool ratios_above = s > threshold && l > threshold;
    if (near(s, threshold) || near(l, threshold)) out.ambiguous = true;
    bool enough = true;
    if (guarded) {
      enough = events >= min_events;
      if (ratios_above && near(events, min_events)) out.ambiguous = true;
    }
    if (ratios_above && enough && out.firing_pair < 0) out.firing_pair = static_cast<int>(i);
  }
  return out;
}

// Each tier's firing pair at T, or nullopt when the variants disagree.
std::optional<std::array<int, 2>> Outcome(const SloSpec& spec, const Burst& b, double min_events,
                                          bool guarded) {
  std::optional<std::array<int, 2>> agreed;
  for (int64_t lag : {int64_t{0}, kEvalIntervalMin}) {
    for (bool left_open : {false, true}) {
      std::array<int, 2> got{-1, -1};
      for (Tier tier : {Tier::kPage, Tier::kTicket}) {
        if (rules_internal::TierSpec(spec, tier).disable) continue;
        TierOutcome o = JudgeTier(spec, tier, b, lag, left_open, min_events, guarded);
        if (o.ambiguous) return std::nullopt;
        got[static_cast<size_t>(tier)] = o.firing_pair;
      }
      if (agreed && *agreed != got) return std::nullopt;
      agreed = got;
    }
  }
  return agreed;
}

enum class CaseKind { kAbove, kBelow, kLowTraffic };

struct TestCase {
  Tier tier;
  size_t pair;
  CaseKind kind;
  Burst burst;
  std::array<int, 2> firing;
};

// The cases of one window pair, sharing one warm-up so that they differ in
// the burn rate (or the traffic) only; empty when no warm-up shows them.
std::vector<TestCase> DesignPairCases(const SloSpec& spec, Tier tier, size_t pair_index,
                                      double min_events, bool guarded) {
  const WindowPair pair = rules_internal::TierPairs(spec, tier)[pair_index];
  double threshold = pair.factor * rules_internal::BudgetValue(spec.objective);
  std::vector<CaseKind> kinds{CaseKind::kAbove, CaseKind::kBelow};
  if (guarded && pair_index == 0) kinds.push_back(CaseKind::kLowTraffic);
  if (threshold * (1 + kMargin) >= 1) return {};  // no error ratio burns that fast
  for (int64_t warmup : {0, 60, 360, 1440, 2880, 4320}) {
    std::vector<TestCase> cases;
    for (CaseKind kind : kinds) {
      Burst b;
      b.rho = threshold * (kind == CaseKind::kBelow ? 1 - kMargin : 1 + kMargin);
      b.burst = Minutes(pair.long_ms) + 3 * kEvalIntervalMin;
      b.warmup = warmup;
      if (kind == CaseKind::kLowTraffic) {
        b.traffic = min_events / static_cast<double>(Minutes(pair.short_ms)) / 2;
      }
      auto firing = Outcome(spec, b, min_events, guarded);
      if (!firing) break;
      int got = (*firing)[static_cast<size_t>(tier)];
      // Below the factor the tier must stay quiet; under the guard the pair
      // must not fire (another pair of the tier may, and its sloth_window
      // then tells which one did).
      bool wanted = kind == CaseKind::kAbove   ? got == static_cast<int>(pair_index)
                    : kind == CaseKind::kBelow ? got < 0
                                               : got != static_cast<int>(pair_index);
      if (!wanted) break;
      cases.push_back(TestCase{tier, pair_index, kind, b, *firing});
    }
    if (cases.size() == kinds.size()) return cases;
  }
  return {};
}

// ---- Writing -------------------------------------------------------------

std::string SeriesText(const SeriesLabels& labels) {
  std::string out = labels.at("__name__") + "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (k == "__name__") continue;
    out += (first ? "" : ", ") + k + "=" + GoQuote(v);
    first = false;
  }
  return out + "}";
}

// promtool's expanding notation for a counter that rises by `warm` a
// minute for W0 minutes, then by `hot` until the end.
std::string ValuesText(const Burst& b, double warm, double hot) {
  double base = b.traffic * 10;
  std::string out;
  double at_warmup_end = base;
  if (b.warmup > 0) {
    out = FormatNumber(base) + "+" + FormatNumber(warm) + "x" + std::to_string(b.warmup) + " ";
    at_warmup_end = base + warm * static_cast<double>(b.warmup);
  } else {
    out = FormatNumber(base) + " ";
  }
  out += FormatNumber(at_warmup_end + hot) + "+" + FormatNumber(hot) + "x" +
         std::to_string(b.burst - 1);
  return out;
}

// Expands `{{$labels.x}}`, `{{ $labels.x }}` and `{{ .Labels.x }}`;
// nullopt for any other template.
std::optional<std::string> ExpandLabelsOnly(const std::string& text, const SeriesLabels& labels) {
  std::string out;
  size_t at = 0;
  while (true) {
    size_t open = text.find("{{", at);
    if (open == std::string::npos) break;
    size_t close = text.find("}}", open);
    if (close == std::string::npos) return std::nullopt;
    std::string inner = text.substr(open + 2, close - open - 2);
    while (!inner.empty() && inner.front() == ' ') inner.erase(0, 1);
    while (!inner.empty() && inner.back() == ' ') inner.pop_back();
    std::string name;
    for (std::string_view prefix : {"$labels.", ".Labels."}) {
      if (inner.starts_with(prefix)) name = inner.substr(prefix.size());
    }
    bool simple = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!simple) return std::nullopt;
    out += text.substr(at, open - at);
    auto it = labels.find(name);
    if (it != labels.end()) out += it->second;
    at = close + 2;
  }
  return out + text.substr(at);
}

std::string CaseTitle(const SloSpec& spec, const TestCase& c) {
  const WindowPair pair = rules_internal::TierPairs(spec, c.tier)[c.pair];
  std::string windows = WindowName(pair.long_ms) + "/" + WindowName(pair.short_ms);
  std::string factor = FormatNumber(pair.factor);
  std::string tier(rules_internal::TierName(c.tier));
  switch (c.kind) {
    case CaseKind::kAbove:
      return spec.name + " " + tier + " " + windows + ": burn 1.02 x " + factor + " fires";
    case CaseKind::kBelow:
      return spec.name + " " + tier + " " + windows + ": burn 0.98 x " + factor + " does not fire";
    case CaseKind::kLowTraffic:
      return spec.name + " " + tier + " " + windows + ": burn 1.02 x " + factor + " on " +
             FormatNumber(c.burst.traffic * static_cast<double>(Minutes(pair.short_ms))) +
             " events in " + WindowName(pair.short_ms) + " does not fire";
  }
  return spec.name;
}

// The exp_alerts of a case, or nullopt when an annotation cannot be known.
std::optional<std::string> ExpectedAlerts(const SloSpec& spec, const SliDesign& design,
                                          const TestCase& c) {
  std::string out;
  for (Tier tier : {Tier::kPage, Tier::kTicket}) {
    int firing = c.firing[static_cast<size_t>(tier)];
    if (rules_internal::TierSpec(spec, tier).disable || firing < 0) continue;
    const WindowPair pair = rules_internal::TierPairs(spec, tier)[static_cast<size_t>(firing)];
    SeriesLabels sample;
    for (const std::string& l : design.model.out.value_or(std::vector<std::string>{})) {
      sample[l] = design.pair.labels[0].at(l);
    }
    for (const auto& [k, v] : rules_internal::RatioRuleLabels(spec, pair.short_ms)) sample[k] = v;
    SeriesLabels labels = sample;
    for (const auto& [k, v] : rules_internal::AlertRuleLabels(spec, tier)) {
      if (v.find("{{") != std::string::npos) return std::nullopt;
      labels[k] = v;
    }
    SeriesLabels annotations;
    for (const auto& [k, v] : rules_internal::AlertRuleAnnotations(spec, tier)) {
      auto expanded = ExpandLabelsOnly(v, sample);
      if (!expanded) return std::nullopt;
      annotations[k] = *expanded;
    }
    out += "          - exp_labels:\n";
    for (const auto& [k, v] : labels) out += "              " + k + ": " + YamlScalar(v) + "\n";
    rules_internal::WriteYamlMap(out, 12, "exp_annotations", annotations);
  }
  return out;
}

GeneratedTests GenerateTestFile(const SpecFile& specs, const std::string& rules_path,
                                const RulesOptions& options) {
  GeneratedTests result;
  std::string groups;
  for (const SloSpec& spec : specs.slos) {
    std::string why;
    auto design = DesignSli(spec.sli, why);
    if (!design) {
      result.skipped.push_back(spec.name + ": " + why);
      groups += "  # " + spec.name + ": no tests: " + why + ".\n";
      continue;
    }
    bool guarded = options.min_events > 0 && rules_internal::TotalIsEventRate(spec.sli);
    std::vector<TestCase> cases;
    for (Tier tier : {Tier::kPage, Tier::kTicket}) {
      if (rules_internal::TierSpec(spec, tier).disable) continue;
      size_t pairs = rules_internal::TierPairs(spec, tier).size();
      for (size_t i = 0; i < pairs; ++i) {
        std::vector<TestCase> pair_cases =
            DesignPairCases(spec, tier, i, options.min_events, guarded);
        if (pair_cases.empty()) {
          groups += "  # " + spec.name + ": no tests for the " +
                    std::string(rules_internal::TierName(tier)) + " pair " + std::to_string(i + 1) +
                    " (no error ratio or warm-up shows its factor alone).\n";
        }
        cases.insert(cases.end(), pair_cases.begin(), pair_cases.end());
      }
    }
    std::string name = rules_internal::AlertName(spec);
    std::string spec_groups;
    bool unknowable = false;
    for (const TestCase& c : cases) {
      auto expected = ExpectedAlerts(spec, *design, c);
      if (!expected) {
        unknowable = true;
        break;
      }
      const Burst& b = c.burst;
      auto warm = design->pair.Rates(0, b.traffic);
      auto hot = design->pair.Rates(b.rho, b.traffic);
      spec_groups += "  - name: " + YamlScalar(CaseTitle(spec, c)) + "\n";
      spec_groups += "    interval: 1m\n";
      spec_groups += "    input_series:\n";
      for (size_t s = 0; s < 2; ++s) {
        spec_groups += "      - series: " + YamlScalar(SeriesText(design->pair.labels[s])) + "\n";
        spec_groups += "        values: " + YamlScalar(ValuesText(b, warm[s], hot[s])) + "\n";
      }
      spec_groups += "    alert_rule_test:\n";
      spec_groups += "      - eval_time: " + WindowName(b.End() * kMinuteMs) + "\n";
      spec_groups += "        alertname: " + YamlScalar(name) + "\n";
      spec_groups +=
          expected->empty() ? "        exp_alerts: []\n" : "        exp_alerts:\n" + *expected;
    }
    if (unknowable) {
      why = "an alert label or annotation uses a template other than $labels.<name>";
      result.skipped.push_back(spec.name + ": " + why);
      groups += "  # " + spec.name + ": no tests: " + why + ".\n";
      continue;
    }
    groups += spec_groups;
  }
  result.yaml =
      "# Generated by `ttam slo generate`: each alert fires on a burn just above its\n"
      "# factor and not just below it (and not on too little traffic).\n"
      "rule_files:\n"
      "  - " +
      rules_internal::YamlScalar(rules_path) +
      "\nevaluation_interval: " + WindowName(kEvalIntervalMin * kMinuteMs) + "\n";
  result.yaml += groups.find("  - name:") == std::string::npos ? "tests: []\n" : "tests:\n";
  result.yaml += groups;
  return result;
}

}  // namespace
}  // namespace test_design

namespace rules_internal {

bool TotalIsEventRate(const Sli& sli) {
  if (!sli.error_ratio_query.empty() || sli.total_query.empty()) return false;
  promql::ParseResult parsed = promql::Parse(ExpandWindow(sli.total_query, "5m"));
  return parsed.ok() && test_design::IsRateSum(*parsed.expr);
}

}  // namespace rules_internal

GeneratedTests GenerateTests(const SpecFile& specs, const std::string& rules_path,
                             const RulesOptions& options) {
  return test_design::GenerateTestFile(specs, rules_path, options);
}

}  // namespace ttam::slo
