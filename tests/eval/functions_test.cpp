// Function implementations checked bit for bit on hand-worked cases: the
// counter zero clamp, avg_over_time's overflow switch, Go's Expand rules in
// label_replace, absent()'s labels, dates and sorting; and the annotations
// functions raise, with upstream's texts and the spans they point at.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "eval/annotation_texts.h"
#include "eval/engine.h"
#include "eval/plan.h"
#include "promql/parser.h"

namespace ttam::eval {
namespace {

constexpr int64_t kMinute = 60 * 1000;

// Evaluates `query` at `t_ms` over `storage`; the result must be a vector.
Vector EvalVector(const Storage& storage, const std::string& query, int64_t t_ms) {
  auto parsed = promql::Parse(query);
  REQUIRE(parsed.ok());
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  Result<Value> got = EvalInstant(storage, *plan, t_ms);
  REQUIRE_MESSAGE(got.ok(), (got.ok() ? "" : got.error().message));
  REQUIRE(std::holds_alternative<Vector>(*got));
  return std::get<Vector>(*got);
}

// Evaluates `query` at `t_ms` and returns its annotations, each as
// "<text> @<begin>-<end>" (0-based byte span in the query).
std::vector<std::string> EvalNotes(const Storage& storage, const std::string& query, int64_t t_ms) {
  auto parsed = promql::Parse(query);
  REQUIRE(parsed.ok());
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  Annotations notes;
  Result<Value> got = EvalInstant(storage, *plan, t_ms, EngineOptions{}, &notes);
  REQUIRE_MESSAGE(got.ok(), (got.ok() ? "" : got.error().message));
  std::vector<std::string> out;
  for (const Annotation& a : notes) {
    out.push_back(a.text + " @" + std::to_string(a.span.begin) + "-" + std::to_string(a.span.end));
  }
  return out;
}

using Notes = std::vector<std::string>;

TEST_CASE("rate and increase clamp the extrapolation at the counter's zero point") {
  Storage s;
  model::Labels c{{"__name__", "c_total"}};
  for (int i = 1; i <= 5; ++i) REQUIRE(s.Append(c, i * kMinute, (i - 1) * 10.0).ok());
  // Samples 0..40 at 1m..5m: the first is 0, so no left extrapolation at all.
  Vector inc = EvalVector(s, "increase(c_total[5m])", 5 * kMinute);
  REQUIRE(inc.size() == 1);
  CHECK(inc[0].v == 40.0);
  CHECK(inc[0].labels == model::Labels{});
  Vector rate = EvalVector(s, "rate(c_total[5m])", 5 * kMinute);
  REQUIRE(rate.size() == 1);
  CHECK(rate[0].v == 40.0 * (240.0 / 240.0 / 300.0));
  // delta does not clamp: 60s of left extrapolation (under 1.1 x the 60s average).
  Vector delta = EvalVector(s, "delta(c_total[5m])", 5 * kMinute);
  REQUIRE(delta.size() == 1);
  CHECK(delta[0].v == 50.0);
}

TEST_CASE("increase adds the value before each counter reset") {
  Storage s;
  model::Labels c{{"__name__", "c_total"}};
  const double values[] = {10, 20, 5, 15};
  for (int i = 0; i < 4; ++i) REQUIRE(s.Append(c, (i + 1) * kMinute, values[i]).ok());
  // Δ = 15 - 10 + 20 = 25 over 180s sampled; 60s to the start, to_zero = 180*10/25 = 72.
  Vector inc = EvalVector(s, "increase(c_total[4m])", 4 * kMinute);
  REQUIRE(inc.size() == 1);
  CHECK(inc[0].v == 25.0 * ((180.0 + 60.0 + 0.0) / 180.0));
  Vector resets = EvalVector(s, "resets(c_total[4m])", 4 * kMinute);
  CHECK(resets.at(0).v == 1);
  Vector irate = EvalVector(s, "irate(c_total[4m])", 4 * kMinute);
  CHECK(irate.at(0).v == 10.0 / 60.0);
}

TEST_CASE("avg_over_time switches to an incremental mean when the sum overflows") {
  Storage s;
  model::Labels g{{"__name__", "g"}};
  REQUIRE(s.Append(g, kMinute, 1e308).ok());
  REQUIRE(s.Append(g, 2 * kMinute, 1e308).ok());
  Vector avg = EvalVector(s, "avg_over_time(g[5m])", 2 * kMinute);
  REQUIRE(avg.size() == 1);
  CHECK(avg[0].v == 1e308);
  Vector last = EvalVector(s, "last_over_time(g[5m])", 2 * kMinute);
  CHECK(last.at(0).labels == g);
}

TEST_CASE("label_replace expands references as Go's regexp does") {
  Storage s;
  REQUIRE(s.Append(model::Labels{{"__name__", "m"}, {"src", "ab"}}, 0, 1).ok());
  // `$1x` names group "1x", which does not exist; `${1}` is group 1; `$$` is `$`.
  Vector v = EvalVector(s, R"q(label_replace(m, "dst", "$1x-${1}-$$-$2", "src", "(a)(b)"))q", 0);
  REQUIRE(v.size() == 1);
  CHECK(v[0].labels.Get("dst") == "-a-$-b");
  CHECK(v[0].labels.Get("__name__") == "m");
  // No match: the series is unchanged.
  v = EvalVector(s, R"(label_replace(m, "dst", "x", "src", "zz"))", 0);
  CHECK_FALSE(v.at(0).labels.Has("dst"));
}

TEST_CASE("absent takes its labels from the selector's first equality matchers") {
  Storage s;
  Vector v = EvalVector(s, R"(absent(x{job="a",job="b",job="c",foo="bar",i=~"z"}))", 0);
  REQUIRE(v.size() == 1);
  CHECK(v[0].labels == model::Labels{{"foo", "bar"}});
}

TEST_CASE("date functions read Unix seconds in UTC") {
  Storage s;
  // 2024-02-29T13:45:00Z, a Thursday, day 60 of a leap year.
  const std::string t = "vector(1709214300)";
  CHECK(EvalVector(s, "year(" + t + ")", 0).at(0).v == 2024);
  CHECK(EvalVector(s, "month(" + t + ")", 0).at(0).v == 2);
  CHECK(EvalVector(s, "day_of_month(" + t + ")", 0).at(0).v == 29);
  CHECK(EvalVector(s, "days_in_month(" + t + ")", 0).at(0).v == 29);
  CHECK(EvalVector(s, "day_of_week(" + t + ")", 0).at(0).v == 4);
  CHECK(EvalVector(s, "day_of_year(" + t + ")", 0).at(0).v == 60);
  CHECK(EvalVector(s, "hour(" + t + ")", 0).at(0).v == 13);
  CHECK(EvalVector(s, "minute(" + t + ")", 0).at(0).v == 45);
  // Without an argument: the evaluation time.
  CHECK(EvalVector(s, "year()", 0).at(0).v == 1970);
  CHECK(EvalVector(s, "day_of_week(vector(-1))", 0).at(0).v == 3);
}

TEST_CASE("sort puts NaN last in both directions") {
  Storage s;
  REQUIRE(s.Append(model::Labels{{"__name__", "m"}, {"i", "a"}}, 0, 2).ok());
  REQUIRE(s.Append(model::Labels{{"__name__", "m"}, {"i", "b"}}, 0, NAN).ok());
  REQUIRE(s.Append(model::Labels{{"__name__", "m"}, {"i", "c"}}, 0, 1).ok());
  Vector asc = EvalVector(s, "sort(m)", 0);
  REQUIRE(asc.size() == 3);
  CHECK(asc[0].v == 1);
  CHECK(asc[1].v == 2);
  CHECK(std::isnan(asc[2].v));
  Vector desc = EvalVector(s, "sort_desc(m)", 0);
  REQUIRE(desc.size() == 3);
  CHECK(desc[0].v == 2);
  CHECK(desc[1].v == 1);
  CHECK(std::isnan(desc[2].v));
}

TEST_CASE("Go's %g for annotation texts") {
  CHECK(GoFormatG(1.1) == "1.1");
  CHECK(GoFormatG(-0.1) == "-0.1");
  CHECK(GoFormatG(2) == "2");
  CHECK(GoFormatG(999999) == "999999");
  CHECK(GoFormatG(123456.7) == "123456.7");
  CHECK(GoFormatG(1e6) == "1e+06");
  CHECK(GoFormatG(1234567) == "1.234567e+06");
  CHECK(GoFormatG(0.0001) == "0.0001");
  CHECK(GoFormatG(1e-5) == "1e-05");
  CHECK(GoFormatG(1e100) == "1e+100");
  CHECK(GoFormatG(1e19) == "1e+19");
  CHECK(GoFormatG(NAN) == "NaN");
  CHECK(GoFormatG(INFINITY) == "+Inf");
  CHECK(GoFormatG(-INFINITY) == "-Inf");
}

TEST_CASE("rate and increase flag a float metric whose name does not look like a counter") {
  Storage s;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(s.Append(model::Labels{{"__name__", "gauge"}}, i * kMinute, i).ok());
    REQUIRE(s.Append(model::Labels{{"__name__", "req_total"}}, i * kMinute, i).ok());
    REQUIRE(s.Append(model::Labels{{"__name__", "lat_bucket"}, {"le", "1"}}, i * kMinute, i).ok());
  }
  REQUIRE(s.Append(model::Labels{{"__name__", "lone"}}, 0, 1).ok());
  const std::string info =
      "PromQL info: metric might not be a counter, name does not end in "
      "_total/_sum/_count/_bucket: \"gauge\"";
  // The position is the range selector's, inside any parentheses.
  CHECK(EvalNotes(s, "rate(gauge[5m])", 2 * kMinute) == Notes{info + " @5-14"});
  CHECK(EvalNotes(s, "increase((gauge[5m]))", 2 * kMinute) == Notes{info + " @10-19"});
  CHECK(EvalNotes(s, "rate(req_total[5m])", 2 * kMinute).empty());
  CHECK(EvalNotes(s, "rate(lat_bucket[5m])", 2 * kMinute).empty());
  // delta is for gauges; a series without a result raises nothing.
  CHECK(EvalNotes(s, "delta(gauge[5m])", 2 * kMinute).empty());
  CHECK(EvalNotes(s, "rate(lone[5m])", 2 * kMinute).empty());
}

TEST_CASE("quantile_over_time warns about a quantile outside [0, 1] at the parameter") {
  Storage s;
  REQUIRE(s.Append(model::Labels{{"__name__", "m"}}, 0, 1).ok());
  CHECK(EvalNotes(s, "quantile_over_time(1.5, m[5m])", kMinute) ==
        Notes{"PromQL warning: quantile value should be between 0 and 1, got 1.5 @19-22"});
  CHECK(EvalNotes(s, "quantile_over_time(-0.5, m[5m])", kMinute) ==
        Notes{"PromQL warning: quantile value should be between 0 and 1, got -0.5 @19-23"});
  CHECK(EvalNotes(s, "quantile_over_time(0.5, m[5m])", kMinute).empty());
  // No series with floats, no warning.
  CHECK(EvalNotes(s, "quantile_over_time(2, nothing[5m])", kMinute).empty());
}

TEST_CASE("histogram_quantile's warnings and infos") {
  Storage s;
  auto bucket = [&](std::string name, std::string le, double v) {
    REQUIRE(s.Append(model::Labels{{"__name__", name}, {"le", le}}, 0, v).ok());
  };
  bucket("b", "1", 5);
  bucket("b", "2", 3);  // Below the bucket before it: forced up.
  bucket("b", "+Inf", 10);
  bucket("ok", "1", 1);
  bucket("ok", "+Inf", 2);
  bucket("bad", "x1", 1);
  REQUIRE(s.Append(model::Labels{{"__name__", "bad"}}, 0, 1).ok());
  const std::string forced =
      "PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see "
      "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) "
      "for metric name \"b\"";
  CHECK(EvalNotes(s, "histogram_quantile(0.5, b)", 0) == Notes{forced + " @24-25"});
  CHECK(EvalNotes(s, "histogram_quantile(0.5, ok)", 0).empty());
  // The quantile is checked even when there is nothing to compute.
  CHECK(EvalNotes(s, "histogram_quantile(NaN, nothing)", 0) ==
        Notes{"PromQL warning: quantile value should be between 0 and 1, got NaN @19-22"});
  CHECK(EvalNotes(s, "histogram_quantiles(ok, \"q\", 0.5, 2)", 0) ==
        Notes{"PromQL warning: quantile value should be between 0 and 1, got 2 @34-35"});
  Notes bad = EvalNotes(s, "histogram_fraction(0, 1, bad)", 0);
  REQUIRE(bad.size() == 2);
  CHECK(bad[0] ==
        "PromQL warning: bucket label \"le\" is missing or has a malformed value of \"\" for "
        "metric name \"bad\" @25-28");
  CHECK(bad[1] ==
        "PromQL warning: bucket label \"le\" is missing or has a malformed value of \"x1\" for "
        "metric name \"bad\" @25-28");
}

TEST_CASE("start timestamps: resets, the zero sample at an in-range start, overlap warnings") {
  Storage s;
  model::Labels delta{{"__name__", "c_total"}, {"type", "delta"}};
  model::Labels overlap{{"__name__", "c_total"}, {"type", "overlap"}};
  for (int i = 2; i <= 4; ++i) {
    // Delta samples: each starts at the previous sample's time.
    REQUIRE(s.Append(delta, i * kMinute, 60, (i - 1) * kMinute).ok());
    // Every sample claims to start 2m back: overlapping the previous ones.
    REQUIRE(s.Append(overlap, i * kMinute, i * 60.0, (i - 2) * kMinute).ok());
  }
  // Delta: two ST resets in (1m, 4m], Δ = 0 + 60 + 60; the first ST (1m) is
  // at the range start (exclusive), so extrapolation as usual (60s, also the
  // zero point): 120 * (120+60)/120 = 180.
  Vector inc = EvalVector(s, "increase(c_total{type=\"delta\"}[3m])", 4 * kMinute);
  REQUIRE(inc.size() == 1);
  CHECK(inc[0].v == 120.0 * ((120.0 + 60.0 + 0.0) / 120.0));
  // With a range one ms shorter the first ST lies inside it: a zero sample
  // there instead of left extrapolation: Δ = 120 + 60 over the 180s from the ST.
  inc = EvalVector(s, "increase(c_total{type=\"delta\"}[3m1ms])", 4 * kMinute);
  REQUIRE(inc.size() == 1);
  CHECK(inc[0].v == 180.0);
  Vector irate = EvalVector(s, "irate(c_total{type=\"delta\"}[3m])", 4 * kMinute);
  REQUIRE(irate.size() == 1);
  CHECK(irate[0].v == 1.0);
  Vector resets = EvalVector(s, "resets(c_total{type=\"delta\"}[3m])", 4 * kMinute);
  REQUIRE(resets.size() == 1);
  CHECK(resets[0].v == 2.0);
  // The overlap warning: once per series, at the range argument.
  const std::string warn =
      "PromQL warning: sample has start time that overlaps with previous sample timestamp for "
      "metric \"c_total\"";
  CHECK(EvalNotes(s, "rate(c_total{type=\"delta\"}[3m])", 4 * kMinute).empty());
  CHECK(EvalNotes(s, "rate(c_total[3m])", 4 * kMinute) == Notes{warn + " @5-16"});
  // delta() ignores start timestamps altogether.
  CHECK(EvalNotes(s, "delta(c_total[3m])", 4 * kMinute).empty());
}

TEST_CASE("start_timestamp() reads a selector's samples only") {
  Storage s;
  model::Labels a{{"__name__", "m"}, {"k", "a"}};
  REQUIRE(s.Append(a, kMinute, 1, 30'000).ok());
  REQUIRE(s.Append(a, 2 * kMinute, 2).ok());
  Vector got = EvalVector(s, "start_timestamp(m)", kMinute);
  REQUIRE(got.size() == 1);
  CHECK(got[0].v == 30.0);
  CHECK(got[0].labels == model::Labels{{"k", "a"}});
  got = EvalVector(s, "start_timestamp(m)", 2 * kMinute);
  REQUIRE(got.size() == 1);
  CHECK(got[0].v == 0.0);
  CHECK(EvalVector(s, "start_timestamp(m + 0)", kMinute).empty());
}

}  // namespace
}  // namespace ttam::eval
