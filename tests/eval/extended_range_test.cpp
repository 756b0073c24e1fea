#include "eval/extended_range.h"

#include <doctest/doctest.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/engine.h"
#include "eval/plan.h"
#include "promql/parser.h"

namespace ttam::eval {
namespace {

// Renders samples as `t:v` in seconds, for compact comparisons.
std::string Render(const std::vector<Sample>& samples) {
  std::string out;
  for (const Sample& p : samples) {
    out += (out.empty() ? "" : " ") + std::to_string(p.t / 1000) + ":" +
           std::to_string(static_cast<int>(p.v));
  }
  return out;
}

TEST_CASE("ExtendFloats: anchored boundaries take the nearest earlier sample's value") {
  // The sample at 2m stands in for the start at 7m; the one at 8m sits on the end.
  std::vector<Sample> f = {{120'000, 1}, {480'000, 0}};
  CHECK(Render(ExtendFloats(f, 420'000, 480'000, false)) == "420:1 480:0");
  // Inner samples are kept; a sample at the end is replaced by the boundary point.
  f = {{0, 5}, {60'000, 8}, {120'000, 3}, {180'000, 6}};
  CHECK(Render(ExtendFloats(f, 30'000, 180'000, false)) == "30:5 60:8 120:3 180:6");
  // The last sample before the end stands for the end (the input ends at the end, as read).
  CHECK(Render(ExtendFloats(std::span(f).first(3), 30'000, 150'000, false)) ==
        "30:5 60:8 120:3 150:3");
  // Nothing after the start: no samples at all.
  CHECK(ExtendFloats(f, 180'000, 240'000, false).empty());
  CHECK(ExtendFloats({}, 0, 60'000, false).empty());
}

TEST_CASE("ExtendFloats: smoothed boundaries interpolate between the samples around them") {
  std::vector<Sample> f = {{0, 0}, {60'000, 6}, {120'000, 12}};
  CHECK(Render(ExtendFloats(f, 30'000, 90'000, true)) == "30:3 60:6 90:9");
  // A boundary on a sample takes its value.
  CHECK(Render(ExtendFloats(f, 0, 120'000, true)) == "0:0 60:6 120:12");
  // No sample after the end: the last value stands for it.
  CHECK(Render(ExtendFloats(f, 90'000, 150'000, true)) == "90:9 120:12 150:12");
}

TEST_CASE("ExtendedRate: anchored increase, rate and delta with a reset inside the range") {
  std::vector<Sample> f = {{0, 5}, {60'000, 8}, {120'000, 3}, {180'000, 6}};
  // left 5 (from 0s), right 6; the reset from 8 to 3 adds 8 back.
  CHECK(ExtendedRate(f, 30'000, 180'000, 150, false, true, false) == std::optional<double>(9));
  CHECK(ExtendedRate(f, 30'000, 180'000, 150, false, true, true) ==
        std::optional<double>(9.0 / 150));
  // delta() does not correct resets.
  CHECK(ExtendedRate(f, 30'000, 180'000, 150, false, false, false) == std::optional<double>(1));
  // All samples at or before the start: no value.
  CHECK_FALSE(ExtendedRate(f, 180'000, 240'000, 60, false, true, false).has_value());
  CHECK_FALSE(ExtendedRate({}, 0, 60'000, 60, false, true, false).has_value());
}

TEST_CASE("ExtendedRate: smoothed interpolation, from 0 across a counter reset") {
  // upstream's "Smoothed rate interpolation across a counter reset": 100 then 10
  // 15s later; at 2s and 12s the counter reads 10*2/15 and 10*12/15.
  std::vector<Sample> f = {{0, 100}, {15'000, 10}};
  std::optional<double> rate = ExtendedRate(f, 2'000, 12'000, 10, true, true, true);
  REQUIRE(rate.has_value());
  CHECK(*rate == doctest::Approx(2.0 / 3).epsilon(1e-12));
  // As a gauge, delta() interpolates on the straight line from 100 to 10.
  std::optional<double> delta = ExtendedRate(f, 2'000, 12'000, 10, true, false, false);
  REQUIRE(delta.has_value());
  CHECK(*delta == doctest::Approx(-60).epsilon(1e-12));
  // Samples only after the end, or only before the start: no value.
  CHECK_FALSE(ExtendedRate(std::vector<Sample>{{100'000, 1}}, 0, 50'000, 50, true, true, false)
                  .has_value());
  CHECK_FALSE(
      ExtendedRate(std::vector<Sample>{{0, 1}}, 10'000, 50'000, 40, true, true, false).has_value());
}

TEST_CASE("ExtendedRangeSamples and SmoothedInstant read one lookback around the range") {
  Storage storage;
  model::Labels a = {{"__name__", "m"}, {"i", "a"}};
  for (int i = 0; i <= 10; ++i) REQUIRE(storage.Append(a, i * 60'000, i).ok());
  REQUIRE(storage.Append(a, 660'000, StaleNaN()).ok());
  const Series& s = *storage.AllSeries()[0];
  // Anchored: (start-lookback, end]; smoothed also to end+lookback; stale markers dropped.
  CHECK(Render(ExtendedRangeSamples(s, 300'000, 360'000, 120'000, false)) == "240:4 300:5 360:6");
  CHECK(Render(ExtendedRangeSamples(s, 300'000, 360'000, 120'000, true)) ==
        "240:4 300:5 360:6 420:7 480:8");
  CHECK(Render(ExtendedRangeSamples(s, 540'000, 600'000, 120'000, true)) == "480:8 540:9 600:10");

  auto value_at = [&](int64_t ref) -> std::optional<double> {
    Vector v = SmoothedInstant(storage.AllSeries(), ref, 0, 300'000);
    if (v.empty()) return std::nullopt;
    CHECK(v[0].labels == a);  // The name is kept.
    return v[0].v;
  };
  CHECK(value_at(120'000) == std::optional<double>(2));    // On a sample.
  CHECK(value_at(150'000) == std::optional<double>(2.5));  // Between two.
  CHECK(value_at(700'000) == std::optional<double>(10));   // After the last: carried forward.
  CHECK_FALSE(value_at(-1'000).has_value());               // Before the first: nothing.
  CHECK_FALSE(value_at(1'000'000).has_value());            // Beyond the lookback.
}

TEST_CASE("a range selector with a modifier evaluated on its own is framed by boundary points") {
  Storage storage;
  model::Labels g = {{"__name__", "g"}};
  REQUIRE(storage.Append(g, 0, 1).ok());
  REQUIRE(storage.Append(g, 60'000, 4).ok());
  REQUIRE(storage.Append(g, 120'000, 2).ok());
  auto eval = [&](std::string_view expr, int64_t t_ms) {
    promql::ParseResult parsed = promql::Parse(expr, promql::ParseOptions::All());
    REQUIRE(parsed.ok());
    Result<Plan> plan = Plan::Bind(*parsed.expr);
    REQUIRE(plan.ok());
    Result<Value> got = EvalInstant(storage, *plan, t_ms);
    REQUIRE(got.ok());
    const Matrix& m = std::get<Matrix>(*got);
    REQUIRE(m.size() == 1);
    CHECK(m[0].labels == g);
    return m[0].floats;
  };
  CHECK(Render(eval("g[1m] anchored", 120'000)) == "60:4 120:2");
  std::vector<Sample> smoothed = eval("g[1m] smoothed", 90'000);
  REQUIRE(smoothed.size() == 3);
  CHECK(smoothed[0].t == 30'000);
  CHECK(smoothed[0].v == 2.5);
  CHECK(smoothed[1].t == 60'000);
  CHECK(smoothed[1].v == 4);
  CHECK(smoothed[2].t == 90'000);
  CHECK(smoothed[2].v == 3);
}

}  // namespace
}  // namespace ttam::eval
