// lib/slo/burn_plan: windows, queries, pinning and the multi-window verdict.
#include "slo/burn_plan.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

namespace ttam::slo {
namespace {

constexpr int64_t kM = kMinuteMs;
constexpr int64_t kH = kHourMs;
constexpr int64_t kD = kDayMs;

SloSpec AvailabilitySpec() {
  SloSpec spec;
  spec.name = "api";
  spec.objective = 0.999;
  spec.sli.error_query = R"(sum(rate(http_requests_total{code=~"5.."}[{{.window}}])))";
  spec.sli.total_query = "sum(rate(http_requests_total[{{.window}}]))";
  return spec;
}

// Measures for every window with the same burn (ratio = burn * budget) and
// `events` events, covered up to `span`.
std::vector<WindowMeasure> Uniform(double burn, double events, int64_t span,
                                   double objective = 0.999) {
  std::vector<WindowMeasure> out;
  for (int64_t w : BurnWindows(30 * kD)) {
    WindowMeasure m;
    m.window_ms = w;
    m.covered = w <= span;
    if (m.covered) {
      m.error_ratio = burn * (1 - objective);
      m.events = events;
    }
    out.push_back(m);
  }
  return out;
}

void SetBurn(std::vector<WindowMeasure>& ms, int64_t window, double burn,
             double objective = 0.999) {
  for (WindowMeasure& m : ms) {
    if (m.window_ms == window) m.error_ratio = burn * (1 - objective);
  }
}

TEST_CASE("window names never use weeks") {
  struct {
    int64_t ms;
    const char* name;
  } const cases[] = {{5 * kM, "5m"},     {30 * kM, "30m"},  {kH, "1h"},        {6 * kH, "6h"},
                     {kD, "1d"},         {3 * kD, "3d"},    {28 * kD, "28d"},  {30 * kD, "30d"},
                     {90 * kM, "1h30m"}, {kH + 1, "1h1ms"}, {1500, "1s500ms"}, {0, "0s"}};
  for (const auto& c : cases) CHECK(WindowName(c.ms) == c.name);
}

TEST_CASE("the windows are the workbook's plus the period") {
  CHECK(BurnWindows(30 * kD) ==
        std::vector<int64_t>{5 * kM, 30 * kM, kH, 2 * kH, 6 * kH, kD, 3 * kD, 30 * kD});
  CHECK(BurnWindows(3 * kD).size() == 7);  // the period is one of them
  CHECK(BurnWindows(7 * kD).back() == 7 * kD);
}

TEST_CASE("queries put the window in the templates") {
  SloSpec spec = AvailabilitySpec();
  CHECK(ErrorRatioQuery(spec.sli, kH) ==
        R"(((sum(rate(http_requests_total{code=~"5.."}[1h]))) or )"
        R"((sum(rate(http_requests_total[1h]))) * 0) / (sum(rate(http_requests_total[1h]))))");
  CHECK(EventsQuery(spec.sli, 5 * kM) == "(sum(rate(http_requests_total[5m]))) * 300");
  Sli raw;
  raw.error_ratio_query = "avg_over_time(errors_ratio[{{.window}}])";
  CHECK(ErrorRatioQuery(raw, 30 * kD) == "avg_over_time(errors_ratio[30d])");
  CHECK(EventsQuery(raw, 5 * kM).empty());
}

TEST_CASE("PinAt pins selectors and outer subqueries, not what is inside a subquery") {
  struct {
    const char* in;
    const char* out;
  } const cases[] = {
      {"sum(rate(x[5m]))", "sum(rate(x[5m] @ 1767225600.000))"},
      {"a / b", "a @ 1767225600.000 / b @ 1767225600.000"},
      {"x @ 100", "x @ 100.000"},
      {"max_over_time(rate(x[1m])[10m:1m])", "max_over_time(rate(x[1m])[10m:1m] @ 1767225600.000)"},
      {"x offset 5m", "x @ 1767225600.000 offset 5m"},
  };
  for (const auto& c : cases) {
    auto pinned = PinAt(c.in, 1767225600000);
    REQUIRE(pinned);
    CHECK(*pinned == c.out);
  }
  CHECK_FALSE(PinAt("sum(", 0));
}

TEST_CASE("Decide: page, ticket, ok and insufficient-data") {
  SloSpec spec = AvailabilitySpec();
  struct {
    const char* name;
    std::vector<WindowMeasure> measures;
    Verdict verdict;
    const char* reason;
  } cases[] = {
      {"fast burn everywhere pages", Uniform(20, 1000, 30 * kD), Verdict::kPage,
       "burn rate 20 over 1h and 20 over 5m, both above 14.4"},
      {"slow burn tickets", Uniform(4, 1000, 30 * kD), Verdict::kTicket,
       "burn rate 4 over 1d and 4 over 2h, both above 3"},
      {"a 1x burn over 3d tickets", Uniform(1.5, 1000, 30 * kD), Verdict::kTicket,
       "burn rate 1.5 over 3d and 1.5 over 6h, both above 1"},
      {"within budget is ok", Uniform(0.5, 1000, 30 * kD), Verdict::kOk,
       "burn rate 0.5 over 3d and 0.5 over 6h, not both above 1"},
      {"two hours of data cannot rule out a ticket", Uniform(0.5, 1000, 2 * kH),
       Verdict::kInsufficientData, "the data does not span 6h, 1d, 3d"},
      {"but they can page", Uniform(20, 1000, 2 * kH), Verdict::kPage,
       "burn rate 20 over 1h and 20 over 5m, both above 14.4"},
  };
  for (auto& c : cases) {
    CAPTURE(c.name);
    VerdictResult r = Decide(spec, c.measures, 100);
    CHECK(VerdictName(r.verdict) == VerdictName(c.verdict));
    CHECK(r.reason.starts_with(c.reason));
  }
}

TEST_CASE("Decide: thresholds are strict") {
  SloSpec spec = AvailabilitySpec();
  spec.objective = 0.5;  // a budget of exactly 0.5: burn 14.4 is a ratio of 7.2
  spec.page.factors[1] = 100;
  spec.ticket.disable = true;
  auto ms = Uniform(14.4, 1000, 30 * kD, 0.5);
  CHECK(Decide(spec, ms, 100).verdict == Verdict::kOk);
  ms = Uniform(14.5, 1000, 30 * kD, 0.5);
  CHECK(Decide(spec, ms, 100).verdict == Verdict::kPage);
}

TEST_CASE("Decide: only the short window of a pair above is not enough") {
  SloSpec spec = AvailabilitySpec();
  auto ms = Uniform(0.2, 1000, 30 * kD);
  SetBurn(ms, 5 * kM, 100);  // a blip: 5m burns, 1h does not
  CHECK(Decide(spec, ms, 100).verdict == Verdict::kOk);
  SetBurn(ms, kH, 15);
  CHECK(Decide(spec, ms, 100).verdict == Verdict::kPage);
}

TEST_CASE("Decide: the minimum-events guard holds a pair back") {
  SloSpec spec = AvailabilitySpec();
  auto ms = Uniform(20, 3, 30 * kD);  // 1 error in 3 requests
  VerdictResult r = Decide(spec, ms, 100);
  CHECK(r.verdict == Verdict::kOk);
  REQUIRE(r.guarded.size() == 4);
  CHECK(r.guarded.front().find("fewer than 100 events over 5m") != std::string::npos);
  CHECK(Decide(spec, ms, 3).verdict == Verdict::kPage);  // 3 events are enough for 3
}

TEST_CASE("Decide: no traffic is no data, never a page") {
  SloSpec spec = AvailabilitySpec();
  auto ms = Uniform(0, 0, 30 * kD);
  for (WindowMeasure& m : ms) m.error_ratio.reset();
  VerdictResult r = Decide(spec, ms, 100);
  CHECK(r.verdict == Verdict::kOk);
  CHECK(r.reason == "no traffic in the windows");
}

TEST_CASE("Decide: factors and disabled tiers come from the spec") {
  SloSpec spec = AvailabilitySpec();
  spec.page.factors[0] = 25;
  spec.page.factors[1] = 25;
  auto ms = Uniform(20, 1000, 30 * kD);
  CHECK(Decide(spec, ms, 100).verdict == Verdict::kTicket);
  spec.ticket.disable = true;
  CHECK(Decide(spec, ms, 100).verdict == Verdict::kOk);
}

TEST_CASE("budget left and time to exhaustion") {
  // 99.9%: a 0.05% error ratio spends half the budget.
  CHECK(BudgetRemaining(0.0005, 0.999) == doctest::Approx(0.5));
  CHECK(BudgetRemaining(0, 0.999) == 1);
  CHECK(BudgetRemaining(0.01, 0.999) < 0);
  // Half the budget left at burn 1 lasts half the period.
  auto t = TimeToExhaustion(0.5, 1, 30 * kD);
  REQUIRE(t);
  CHECK(*t == 15 * kD);
  CHECK_FALSE(TimeToExhaustion(0.5, 0, 30 * kD));
  CHECK_FALSE(TimeToExhaustion(-0.1, 2, 30 * kD));
}

}  // namespace
}  // namespace ttam::slo
