#include "eval/engine.h"

#include <doctest/doctest.h>

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
