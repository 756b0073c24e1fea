#include "eval/engine.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "eval/functions.h"
#include "eval/promqltest.h"
#include "eval/promqltest_load.h"
#include "eval/promqltest_run.h"
#include "promql/parser.h"
#include "support/number.h"

namespace ttam::eval {
namespace {

// Renders a value: `scalar 1`, `string "x"`, vector samples `labels value`
// joined by " | ", matrix series `labels t:v t:v`.
std::string Render(const Value& v) {
  if (const auto* s = std::get_if<Scalar>(&v)) return "scalar " + FormatNumber(s->v);
  if (const auto* s = std::get_if<String>(&v)) return "string \"" + s->v + "\"";
  std::string out;
  if (const auto* vec = std::get_if<Vector>(&v)) {
    for (const VectorSample& s : *vec) {
      out += (out.empty() ? "" : " | ") + model::FormatMetric(s.labels) + " " + FormatNumber(s.v);
    }
    return out.empty() ? "{}" : out;
  }
  for (const MatrixSeries& s : std::get<Matrix>(v)) {
    out += (out.empty() ? "" : " | ") + model::FormatMetric(s.labels);
    for (const Sample& p : s.floats)
      out += " " + std::to_string(p.t / 1000) + ":" + FormatNumber(p.v);
  }
  return out.empty() ? "[]" : out;
}

TEST_CASE("instant evaluation: literals, selectors, lookback, staleness, offset, @") {
  promqltest::TestFile f = promqltest::ParseTestFile(
      "load 1m\n"
      "  m{i=\"a\"} 1 2 3 _ _ _ _ _ _ _ 9\n"
      "  m{i=\"b\"} 10 stale _ 13\n"
      "  other 7\n");
  REQUIRE(f.ok());
  Storage storage;
  REQUIRE(promqltest::LoadInto(std::get<promqltest::LoadCmd>(f.commands[0]), storage).ok());
  struct Case {
    std::string_view expr;
    int64_t t_s;
    std::string_view want;
  };
  const Case cases[] = {
      {"1.5", 0, "scalar 1.5"},
      {"\"s\"", 0, "string \"s\""},
      {"(((2)))", 0, "scalar 2"},
      {"time()", 90, "scalar 90"},
      {"m", 0, R"(m{i="a"} 1 | m{i="b"} 10)"},
      // b went stale at 1m.
      {"m", 60, R"(m{i="a"} 2)"},
      {"m", 180, R"(m{i="a"} 3 | m{i="b"} 13)"},
      // The 5m lookback is left-open: the sample at 2m is gone at exactly 7m.
      {"m{i=\"a\"}", 419, R"(m{i="a"} 3)"},
      {"m{i=\"a\"}", 420, "{}"},
      {"m{i=\"a\"}", 600, R"(m{i="a"} 9)"},
      {"m{i=~\"a|b\"} offset 1m", 120, R"(m{i="a"} 2)"},
      {"m @ 60", 10000, R"(m{i="a"} 2)"},
      {"m @ 120 offset 1m", 0, R"(m{i="a"} 2)"},
      {"{__name__=~\"m|other\", i!=\"b\"}", 0, R"(m{i="a"} 1 | other 7)"},
      {"nothing", 0, "{}"},
      // Range selectors: (t-range, t], stale markers dropped.
      {"m[2m]", 120, R"(m{i="a"} 60:2 120:3 | m{i="b"})"},
      {"m[3m]", 180, R"(m{i="a"} 60:2 120:3 | m{i="b"} 180:13)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    CAPTURE(c.t_s);
    promql::ParseResult parsed = promql::Parse(c.expr, promql::ParseOptions::All());
    REQUIRE(parsed.ok());
    Result<Plan> plan = Plan::Bind(*parsed.expr);
    REQUIRE(plan.ok());
    Result<Value> got = EvalInstant(storage, *plan, c.t_s * 1000);
    REQUIRE(got.ok());
    std::string rendered = Render(*got);
    // A matrix series whose window is empty is dropped entirely.
    if (c.want.ends_with(" | m{i=\"b\"}")) {
      CHECK(rendered == c.want.substr(0, c.want.size() - 11));
    } else {
      CHECK(rendered == c.want);
    }
  }
}

// Parses, binds and evaluates `expr` at `t_s` seconds with `options`:
// the rendered value, or `error: <message>`.
std::string EvalAt(const Storage& storage, std::string_view expr, int64_t t_s,
                   const EngineOptions& options) {
  promql::ParseResult parsed = promql::Parse(expr, promql::ParseOptions::All());
  if (!parsed.ok()) return "parse error";
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  if (!plan.ok()) return "bind error";
  Result<Value> got = EvalInstant(storage, *plan, t_s * 1000, options);
  return got.ok() ? Render(*got) : "error: " + got.error().message;
}

Storage LoadStorage(std::string_view text) {
  promqltest::TestFile f = promqltest::ParseTestFile(text);
  REQUIRE(f.ok());
  Storage storage;
  REQUIRE(promqltest::LoadInto(std::get<promqltest::LoadCmd>(f.commands[0]), storage).ok());
  return storage;
}

TEST_CASE("__name__ removal: immediate and delayed modes") {
  Storage storage = LoadStorage(
      "load 5m\n"
      "  a_total{env=\"1\"} 0 60 120\n"
      "  b_total{env=\"1\"} 60 120 180\n");
  EngineOptions immediate;
  EngineOptions delayed;
  delayed.delayed_name_removal = true;
  struct Case {
    std::string_view expr;
    std::string_view immediate, delayed;
  };
  const Case cases[] = {
      {"-a_total", R"({env="1"} -120)", R"({env="1"} -120)"},
      {"a_total * 2", R"({env="1"} 240)", R"({env="1"} 240)"},
      {"a_total > 0", R"(a_total{env="1"} 120)", R"(a_total{env="1"} 120)"},
      {"a_total > bool 0", R"({env="1"} 1)", R"({env="1"} 1)"},
      // Two series that differ only by name collide once the name goes:
      // at once in immediate mode, at the end of the query in delayed mode.
      {"rate({env=\"1\"}[10m])", "error: vector cannot contain metrics with the same labelset",
       "error: vector cannot contain metrics with the same labelset"},
      {"-{env=\"1\"}", "error: vector cannot contain metrics with the same labelset",
       "error: vector cannot contain metrics with the same labelset"},
      // Only delayed removal lets label_replace see (and keep) the name.
      {"label_replace(rate({env=\"1\"}[10m]), \"n\", \"$1\", \"__name__\", \"(.+)\")",
       "error: vector cannot contain metrics with the same labelset",
       R"({env="1", n="a_total"} 0.2 | {env="1", n="b_total"} 0.2)"},
      {"label_replace(rate(a_total[10m]), \"__name__\", \"r_$1\", \"__name__\", \"(.*)\")",
       R"(r_{env="1"} 0.2)", R"(r_a_total{env="1"} 0.2)"},
      {"label_join(abs(a_total), \"__name__\", \"_\", \"__name__\", \"env\")", R"(_1{env="1"} 120)",
       R"(a_total_1{env="1"} 120)"},
      {"sum by (__name__) (abs(a_total))", "{} 120", "{} 120"},
      {"sum by (__name__) (a_total)", "a_total 120", "a_total 120"},
      // A subquery over a name-dropping expression carries the drop.
      {"last_over_time(abs(a_total)[10m:])", R"({env="1"} 120)", R"({env="1"} 120)"},
      {"last_over_time(a_total[10m])", R"(a_total{env="1"} 120)", R"(a_total{env="1"} 120)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    CHECK(EvalAt(storage, c.expr, 600, immediate) == c.immediate);
    CHECK(EvalAt(storage, c.expr, 600, delayed) == c.delayed);
  }
}

TEST_CASE("delayed removal in range queries merges series that become equal") {
  Storage storage = LoadStorage(
      "load 10m\n"
      "  a 1 _\n"
      "  b 3 4\n");
  EngineOptions delayed;
  delayed.delayed_name_removal = true;
  auto range = [&](std::string_view expr, const EngineOptions& options) -> std::string {
    promql::ParseResult parsed = promql::Parse(expr, promql::ParseOptions::All());
    REQUIRE(parsed.ok());
    Result<Plan> plan = Plan::Bind(*parsed.expr);
    REQUIRE(plan.ok());
    Result<Matrix> got = EvalRange(storage, *plan, 0, 1200 * 1000, 600 * 1000, options);
    return got.ok() ? Render(Value(*got)) : "error: " + got.error().message;
  };
  // Series whose names are dropped merge when their points do not overlap ...
  CHECK(range("-a or -b", delayed) == "{} 0:-1 600:-4");
  CHECK(range("-a or -b", EngineOptions{}) == "{} 0:-1 600:-4");
  CHECK(range("-a or b", delayed) == "{} 0:-1 | b 600:4");
  // ... and fail when they do.
  CHECK(range("-{__name__=~\"a|b\"}", delayed) ==
        "error: vector cannot contain metrics with the same labelset");
  CHECK(range("-{__name__=~\"a|b\"}", EngineOptions{}) ==
        "error: vector cannot contain metrics with the same labelset");
}

TEST_CASE("subqueries: absolute step alignment, offset, @, default step, nesting") {
  Storage storage = LoadStorage(
      "load 10s\n"
      "  m 0+1x200\n");
  EngineOptions options;
  options.default_subquery_step_ms = 20 * 1000;
  struct Case {
    std::string_view expr;
    int64_t t_s;
    std::string_view want;
  };
  const Case cases[] = {
      // Points at multiples of 15s in (1000-60, 1000]: 945 960 975 990.
      {"m[1m:15s]", 1000, "m 945:94 960:96 975:97 990:99"},
      {"m[1m:15s] offset 30s", 1000, "m 915:91 930:93 945:94 960:96"},
      {"m[1m:15s] @ 500", 1000, "m 450:45 465:46 480:48 495:49"},
      // No step: the default interval (20s here).
      {"m[1m:]", 1000, "m 960:96 980:98 1000:100"},
      {"sum_over_time(m[30s:5s])", 1000, "{} 591"},
      {"max_over_time(rate(m[30s])[1m:10s])", 1000, "{} 0.1"},
      // Nested: the inner subquery is evaluated at each outer point.
      {"count_over_time(count_over_time(m[20s:5s])[30s:10s])", 1000, "{} 3"},
      {"last_over_time(count_over_time(m[20s:5s])[30s:10s])", 1000, "{} 4"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    CHECK(EvalAt(storage, c.expr, c.t_s, options) == c.want);
  }
}

TEST_CASE("duration expressions and query-context functions") {
  Storage storage = LoadStorage(
      "load 1s\n"
      "  m 0+1x100\n");
  EngineOptions options;
  struct Case {
    std::string_view expr;
    std::string_view want;
  };
  const Case cases[] = {
      {"count_over_time(m[5s+5s])", "{} 10"},
      {"m offset (2 * 5s)", "m 40"},
      {"m offset -max_of(1s, 2s)", "m 52"},
      // An instant query's step() and range() are 0.
      {"step()", "scalar 0"},
      {"range()", "scalar 0"},
      {"start() + end()", "scalar 100"},
      {"m offset step()", "m 50"},
      // Errors carry the duration expression's byte offsets.
      {"m[1s - 1s]", "error: 2:9: duration must be greater than 0"},
      {"m[1s / (1 - 1)]", "error: 2:14: division by zero"},
      {"m[5s % (1 - 1)]", "error: 2:14: modulo by zero"},
      {"m offset (1 / (1 - 1))", "error: 10:21: division by zero"},
      {"m[1s:0s + 0s] ", "error: 5:12: duration must be greater than 0"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    CHECK(EvalAt(storage, c.expr, 50, options) == c.want);
  }
  // In a range query, step() is the resolution step and range() end - start.
  promql::ParseResult parsed =
      promql::Parse("count_over_time(m[step()]) + range()", promql::ParseOptions::All());
  REQUIRE(parsed.ok());
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  Result<Matrix> got = EvalRange(storage, *plan, 50000, 60000, 5000, options);
  REQUIRE(got.ok());
  CHECK(Render(Value(*got)) == "{} 50:15 55:15 60:15");
}

TEST_CASE("max samples: upstream's accounting") {
  // 1,000 counters with a sample every 6s for 10 minutes (2.42's measured cases).
  Storage storage;
  bool appended = true;
  for (int i = 0; i < 1000; ++i) {
    model::Labels labels{{"__name__", "ctr_total"}, {"i", std::to_string(i)}};
    for (int64_t t = 0; t <= 600; t += 6)
      appended = appended && storage.Append(labels, t * 1000, static_cast<double>(t)).ok();
  }
  REQUIRE(appended);
  EngineOptions options;  // max_samples 10,000
  const std::string too_many =
      "error: query processing would load too many samples into memory in query execution";
  // 10 subquery points x 1,000 series are held at once: over the limit.
  CHECK(EvalAt(storage, "count(last_over_time(ctr_total[10m:1m]))", 600, options) == too_many);
  CHECK(EvalAt(storage, "count(last_over_time(ctr_total[5m:1m]))", 600, options) == "{} 1000");
  // A range selector is read one series at a time: 50,000 window samples pass.
  CHECK(EvalAt(storage, "count(count_over_time(ctr_total[5m]))", 600, options) == "{} 1000");
  // As a value, the whole matrix is held.
  CHECK(EvalAt(storage, "ctr_total[5m]", 600, options) == too_many);
  options.max_samples = 999;
  CHECK(EvalAt(storage, "ctr_total", 600, options) == too_many);
  // An aggregation's own output is not checked against the limit (upstream).
  options.max_samples = 1000;
  CHECK(EvalAt(storage, "count(ctr_total)", 600, options) == "{} 1000");
  CHECK(EvalAt(storage, "abs(ctr_total)", 600, options) == too_many);
  options.max_samples = 1999;
  CHECK(EvalAt(storage, "ctr_total + ctr_total", 600, options) == too_many);
  options.max_samples = 0;  // No limit.
  CHECK(EvalAt(storage, "count(last_over_time(ctr_total[10m:1m]))", 600, options) == "{} 1000");
}

TEST_CASE("range queries call per-series range functions series by series, as instant steps do") {
  Storage storage = LoadStorage(
      "load 30s\n"
      "  c_total{i=\"a\"} 0+10x20 stale 5+5x10\n"
      "  c_total{i=\"b\"} 100 90 80 _ _ 70+1x30\n"
      "  g{i=\"a\"} 1 -2 3 _ 5 NaN 7 8 9 10\n");
  const std::string_view exprs[] = {
      "rate(c_total[2m])",
      "increase(c_total[1m30s] offset 1m)",
      "resets(c_total[5m])",
      "quantile_over_time(0.5, g[3m])",
      "predict_linear(c_total[2m], 60)",
      "last_over_time(c_total[1m])",
      "sum by (i) (count_over_time(c_total[1m]))",
      "max_over_time(g[1m]) + on (i) group_left count_over_time(c_total[2m])",
      // Aggregations folded over all steps at once (RangeAggregation).
      "sum(rate(c_total[2m]))",
      "avg without (i) (increase(c_total[2m]))",
      "count by (i) (last_over_time(c_total[1m]))",
      "stddev(max_over_time(c_total[2m]))",
      "stdvar by (i) (sum_over_time(g[2m]))",
      "min(irate(c_total[2m])) - max(deriv(c_total[3m]))",
      "group by (__name__) (last_over_time(c_total[1m]))",
      "topk(1, rate(c_total[2m]))",
      "topk(5, rate(c_total[2m]))",
      "bottomk by (i) (1, deriv(c_total[2m]))",
      "bottomk(1, sum_over_time(c_total[2m]))",
      "limitk(1, last_over_time(c_total[1m]))",
      "topk(1, max_over_time(g[2m])) or topk(0, rate(c_total[2m]))",
      // Subqueries' inner steps computed on their grid over the whole query.
      "max_over_time(sum by (i) (rate(c_total[1m]))[5m:1m])",
      "avg_over_time(rate(c_total[1m])[4m:30s] offset 1m)",
      "max_over_time(min_over_time(count(irate(c_total[1m]))[3m:1m])[5m:2m])",
      "sum_over_time(rate(c_total[1m])[3m:1m] @ 300)",
      "last_over_time(resets(c_total[2m])[20s:7s])",
  };
  for (bool delayed : {false, true}) {
    EngineOptions options;
    options.delayed_name_removal = delayed;
    for (std::string_view expr : exprs) {
      CAPTURE(expr);
      CAPTURE(delayed);
      promql::ParseResult parsed = promql::Parse(expr, promql::ParseOptions::All());
      REQUIRE(parsed.ok());
      Result<Plan> plan = Plan::Bind(*parsed.expr);
      REQUIRE(plan.ok());
      Result<Matrix> range = EvalRange(storage, *plan, 0, 900 * 1000, 45 * 1000, options);
      REQUIRE(range.ok());
      // Rebuild the same matrix from instant queries, one per step.
      Matrix want;
      for (int64_t t = 0; t <= 900; t += 45) {
        Result<Value> v = EvalInstant(storage, *plan, t * 1000, options);
        REQUIRE(v.ok());
        for (const VectorSample& s : std::get<Vector>(*v)) {
          auto it = std::find_if(want.begin(), want.end(),
                                 [&](const MatrixSeries& m) { return m.labels == s.labels; });
          if (it == want.end()) {
            want.push_back(MatrixSeries{s.labels, {}});
            it = want.end() - 1;
          }
          it->floats.push_back({t * 1000, s.v});
        }
      }
      std::sort(want.begin(), want.end(),
                [](const MatrixSeries& a, const MatrixSeries& b) { return a.labels < b.labels; });
      CHECK(Render(Value(*range)) == Render(Value(want)));
    }
  }
  // Immediate mode still fails on series that collide once the name goes.
  promql::ParseResult parsed =
      promql::Parse("rate({__name__=~\"c_total|g\"}[2m])", promql::ParseOptions::All());
  REQUIRE(parsed.ok());
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  Result<Matrix> got = EvalRange(storage, *plan, 0, 300 * 1000, 60 * 1000, EngineOptions{});
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().message == "vector cannot contain metrics with the same labelset");
  // Also under an aggregation folded over all steps.
  parsed = promql::Parse("sum(rate({__name__=~\"c_total|g\"}[2m]))", promql::ParseOptions::All());
  REQUIRE(parsed.ok());
  plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  got = EvalRange(storage, *plan, 0, 300 * 1000, 60 * 1000, EngineOptions{});
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().message == "vector cannot contain metrics with the same labelset");
}

TEST_CASE("evaluation depth is bounded") {
  // A left-deep chain: the parser builds it without recursing.
  std::string expr = "1";
  for (int i = 0; i < kMaxEvalDepth + 5; ++i) expr += " + 1";
  Storage storage;
  CHECK(EvalAt(storage, expr, 0, EngineOptions{}) ==
        "error: expression nested too deeply for the evaluator");
}

TEST_CASE("not-yet-implemented constructs say so") {
  // Every aggregation is implemented; integral() is a function that is not.
  promql::ParseResult parsed = promql::Parse("integral(m[1m])");
  REQUIRE(parsed.ok());
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  Storage storage;
  Result<Value> got = EvalInstant(storage, *plan, 0);
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().message == "not implemented: function integral()");
}

TEST_CASE("the function table is sorted and pinned to promql's") {
  std::span<const FunctionImpl> impls = AllFunctionImpls();
  for (size_t i = 0; i < impls.size(); ++i) {
    CAPTURE(impls[i].name);
    const promql::Function* f = promql::FindFunction(impls[i].name);
    REQUIRE(f != nullptr);
    CHECK(FindFunctionImpl(*f) == &impls[i]);
    if (i > 0) CHECK(impls[i - 1].name < impls[i].name);
  }
}

TEST_CASE("almost equal as upstream") {
  using promqltest::AlmostEqual;
  CHECK(AlmostEqual(1, 1 + 1e-9));
  CHECK_FALSE(AlmostEqual(1, 1.00001));
  CHECK_FALSE(AlmostEqual(0, 1e-300));  // zero must be exact
  CHECK(AlmostEqual(0, -0.0));
  CHECK(AlmostEqual(NAN, NAN));
  CHECK_FALSE(AlmostEqual(StaleNaN(), NAN));
  CHECK(AlmostEqual(StaleNaN(), StaleNaN()));
  CHECK(AlmostEqual(INFINITY, INFINITY));
  CHECK_FALSE(AlmostEqual(INFINITY, -INFINITY));
}

TEST_CASE("runner: pass, fail with upstream's texts, skip with reasons") {
  promqltest::TestFile f = promqltest::ParseTestFile(R"(load 1m
  m{i="a"} 1 2
  m{i="b"} 5

eval instant at 1m m
  m{i="a"} 2
  m{i="b"} 5

eval instant at 1m m
  m{i="a"} 3

eval instant at 0 m
  m{i="a"} 1

eval instant at 0 m{i="zz"}

eval instant at 1m 1.0000000001
  1

eval instant at 1m integral(m[1m])
  {} 7

eval range from 0 to 2m step 1m m
  m{i="a"} 1 2 2
  m{i="b"} 5 5 5

eval instant at 1m m[1m]
  expect range vector from 0 to 1m step 1m
  m{i="a"} _ 2

eval range from 0 to 1m step 1m m[1m]
  expect fail msg: invalid expression type "range vector" for range query, must be Scalar or instant Vector

eval instant at 0 m
  expect fail

eval range from 0 to 1m step 30s m{i="b"}
  m{i="b"} 5 5 _
)");
  REQUIRE(f.ok());
  promqltest::FileOutcome out = promqltest::RunTestFile(f);
  REQUIRE(out.evals.size() == 11);
  using promqltest::EvalStatus;
  CHECK(out.evals[0].status == EvalStatus::kPassed);
  CHECK(out.evals[1].status == EvalStatus::kFailed);
  CHECK(out.evals[1].message ==
        "error in eval m (line 9): expected 3 for {__name__=\"m\", i=\"a\"} but got 2");
  CHECK(out.evals[2].status == EvalStatus::kFailed);
  CHECK(out.evals[2].message ==
        "error in eval m (line 12): unexpected metric {__name__=\"m\", i=\"b\"} in "
        "result, has value 5");
  CHECK(out.evals[3].status == EvalStatus::kPassed);
  CHECK(out.evals[4].status == EvalStatus::kPassed);
  CHECK(out.evals[5].status == EvalStatus::kSkipped);
  CHECK(out.evals[5].reason == "not implemented: function integral()");
  CHECK(out.evals[6].status == EvalStatus::kPassed);
  // Left-open: (0, 1m] holds only a's sample at 1m; b's sample at 0 is out.
  CHECK(out.evals[7].status == EvalStatus::kPassed);
  CHECK(out.evals[8].status == EvalStatus::kPassed);
  CHECK(out.evals[9].status == EvalStatus::kFailed);
  CHECK(out.evals[9].message == "expected error evaluating query \"m\" (line 34) but got none");
  CHECK(out.evals[10].status == EvalStatus::kFailed);
  CHECK(out.evals[10].message ==
        "error in eval m{i=\"b\"} (line 37): expected 2 float points and 0 histogram points for "
        "{__name__=\"m\", i=\"b\"}, but got 3 float points [5 @[0] 5 @[30000] 5 @[60000]] and 0 "
        "histogram points []");
  CHECK(out.Count(EvalStatus::kPassed) == 6);
}

}  // namespace
}  // namespace ttam::eval
