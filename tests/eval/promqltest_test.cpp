#include "eval/promqltest.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <variant>

#include "eval/promqltest_load.h"
#include "eval/storage.h"
#include "support/number.h"

namespace ttam::eval::promqltest {
namespace {

// Renders expanded values: numbers as FormatNumber, `_`, `stale`, `H`.
std::string Render(const SeriesDesc& d) {
  std::string out = d.labels.ToString();
  for (const SeqValue& v : d.values) {
    out += ' ';
    switch (v.kind) {
      case SeqValue::Kind::kOmitted:
        out += '_';
        break;
      case SeqValue::Kind::kHistogram:
        out += 'H';
        break;
      case SeqValue::Kind::kFloat:
        out += IsStaleNaN(v.value) ? "stale" : FormatNumber(v.value);
        break;
    }
  }
  return out;
}

std::string ParseRendered(std::string_view text) {
  auto r = ParseSeriesDesc(text);
  if (auto* e = std::get_if<ParseError>(&r))
    return "error at " + std::to_string(e->column) + ": " + e->message;
  return Render(std::get<SeriesDesc>(r));
}

TEST_CASE("expanding notation") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"single", "m 1", R"({__name__="m"} 1)"},
      {"no values", "m", R"({__name__="m"})"},
      {"accumulating", "m 1+1x3", R"({__name__="m"} 1 2 3 4)"},
      {"decreasing", "m 10-2x3", R"({__name__="m"} 10 8 6 4)"},
      {"negative start", "m -1-1x2", R"({__name__="m"} -1 -2 -3)"},
      {"sign then sign", "m 1+-1x2", "error at 5: expected a number, got \"-1x2\""},
      {"repeat", "m 5x2", R"({__name__="m"} 5 5 5)"},
      {"zero count", "m 1+1x0", R"({__name__="m"} 1)"},
      {"hex is not a number", "m 0x3", R"({__name__="m"} 0 0 0 0)"},
      {"blank", "m _ 1 _", R"({__name__="m"} _ 1 _)"},
      {"blank repeat is N", "m _x3 1", R"({__name__="m"} _ _ _ 1)"},
      {"stale", "m 1 stale 2", R"({__name__="m"} 1 stale 2)"},
      {"specials", "m Inf -Inf NaN nan +3", R"({__name__="m"} +Inf -Inf NaN NaN 3)"},
      {"exponent and fraction", "m 1e3 .5 2.5e-1+1e-1x1", R"({__name__="m"} 1000 0.5 0.25 0.35)"},
      {"digit separators", "m 1_000", R"({__name__="m"} 1000)"},
      // 0.1 added three times is not 0.3: the sum is accumulated as upstream does.
      {"accumulation rounding", "m 0+0.1x3", R"({__name__="m"} 0 0.1 0.2 0.30000000000000004)"},
      {"labels", R"(m{b="2", a="1",} 1)", R"({__name__="m", a="1", b="2"} 1)"},
      {"label escapes", R"(m{a="x\"y\n", b='s', c=`r\n`} 1)",
       R"({__name__="m", a="x\"y\n", b="s", c="r\\n"} 1)"},
      {"only braces", R"({__name__="m", a="1"} 1)", R"({__name__="m", a="1"} 1)"},
      {"quoted utf-8 name", R"({"my.metric", "a b"="c"} 1)",
       R"({__name__="my.metric", "a b"="c"} 1)"},
      {"colon name", "a:b:c 1", R"({__name__="a:b:c"} 1)"},
      {"empty braces", "{} 1", "{} 1"},
      {"tabs", "m\t1\t2", R"({__name__="m"} 1 2)"},
      {"histogram", "m {{schema:0 sum:1 count:1 buckets:[1]}} 2", R"({__name__="m"} H 2)"},
      {"histogram repeat", "m {{sum:1}}x2", R"({__name__="m"} H H H)"},
      {"histogram series", "m {{sum:1}}+{{sum:2}}x1 _", R"({__name__="m"} H H _)"},
      {"missing count", "m 1+1", "error at 4: expected \"x\" and a count after \"+1\""},
      {"bad word", "m foo", "error at 3: expected a number, got \"foo\""},
      {"bad label", "m{a=1} 1", "error at 5: expected a quoted label value, got \"1}\""},
      {"unterminated", R"(m{a="1} 1)", "error at 5: unterminated quoted string"},
      {"unterminated braces", R"(m{a="1")",
       "error at 8: expected \",\" or \"}\" in label set, got \"end of input\""},
      {"unterminated histogram", "m {{sum:1", "error at 3: unterminated histogram literal \"{{\""},
      {"no metric", "1 2", "error at 1: expected a metric name or \"{\", got \"1\""},
      {"garbage after value", "m 1y", "error at 4: unexpected \"y\" in series values"},
      {"huge count", "m 1x999999999999", "error at 5: repetition count too large"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(ParseRendered(c.input) == c.want);
  }
}

constexpr std::string_view kFile = R"(# a comment
load 5m
  m{a="1"} 0+10x2
  m{a="2"} 1 _ stale
  h {{schema:0 sum:1 count:1}}

clear

load_with_nhcb 1m
  x_bucket{le="1"} 1

eval instant at 10m m
  m{a="1"} 20
  expect no_warn
  expect info msg: some text (1:1)

eval range from 0 to 10m step 5m m{a="1"}
  expect warn regex: a.*b
  m{a="1"} 0 10 20

eval_fail instant at 0 foo
  expected_fail_message something went wrong

eval_ordered instant at 1m sort(m)
  m{a="2"} 1
  m{a="1"} 0

eval instant at 1m 1 + 1
  2

eval instant at 1m "x"
  expect string "x"

eval instant at 1m m[10m]
  expect range vector from 0 to 10m step 5m
  m{a="1"} 0 10 20

eval instant at 1m m
  expect fail
  expect ordered
)";

TEST_CASE("a whole file: commands, lines, expectations") {
  TestFile f = ParseTestFile(kFile);
  REQUIRE(f.ok());
  REQUIRE(f.commands.size() == 11);

  const auto& load = std::get<LoadCmd>(f.commands[0]);
  CHECK(load.line == 2);
  CHECK(load.step_ms == 300'000);
  CHECK_FALSE(load.with_nhcb);
  CHECK(load.has_histograms);
  REQUIRE(load.series.size() == 3);
  CHECK(load.series[1].line == 4);
  CHECK(Render(load.series[1].series) == R"({__name__="m", a="2"} 1 _ stale)");

  CHECK(std::get<ClearCmd>(f.commands[1]).line == 7);
  CHECK(std::get<LoadCmd>(f.commands[2]).with_nhcb);
  CHECK(std::get<LoadCmd>(f.commands[2]).step_ms == 60'000);

  const auto& e1 = std::get<EvalCmd>(f.commands[3]);
  CHECK(e1.line == 12);
  CHECK_FALSE(e1.range);
  CHECK(e1.at_ms == 600'000);
  CHECK(e1.expr == "m");
  CHECK(e1.expr_column == 21);
  CHECK(e1.ast != nullptr);
  REQUIRE(e1.series.size() == 1);
  CHECK(e1.series[0].position == 1);
  CHECK(e1.series[0].line == 13);
  REQUIRE(e1.expectations.size() == 2);
  CHECK(e1.expectations[0].kind == ExpectKind::kNoWarn);
  CHECK(e1.expectations[0].mode == MatchMode::kAny);
  CHECK(e1.expectations[1].kind == ExpectKind::kInfo);
  CHECK(e1.expectations[1].mode == MatchMode::kMessage);
  CHECK(e1.expectations[1].text == "some text (1:1)");

  const auto& e2 = std::get<EvalCmd>(f.commands[4]);
  CHECK(e2.range);
  CHECK(e2.start_ms == 0);
  CHECK(e2.end_ms == 600'000);
  CHECK(e2.step_ms == 300'000);
  CHECK(e2.expr == R"(m{a="1"})");
  CHECK(e2.expectations[0].mode == MatchMode::kRegex);
  // The expect line does not count as a position.
  CHECK(e2.series[0].position == 1);

  const auto& e3 = std::get<EvalCmd>(f.commands[5]);
  CHECK(e3.legacy == LegacyModifier::kFail);
  CHECK(e3.ExpectsFailure());
  CHECK(e3.expected_fail_message == "something went wrong");

  const auto& e4 = std::get<EvalCmd>(f.commands[6]);
  CHECK(e4.Ordered());
  REQUIRE(e4.series.size() == 2);
  CHECK(e4.series[1].position == 2);

  CHECK(std::get<EvalCmd>(f.commands[7]).expected_scalar == 2.0);
  CHECK(std::get<EvalCmd>(f.commands[8]).expected_string == "x");
  const auto& e7 = std::get<EvalCmd>(f.commands[9]);
  REQUIRE(e7.range_vector.has_value());
  CHECK(e7.range_vector->end_ms == 600'000);
  CHECK(e7.series[0].series.values.size() == 3);
  const auto& e8 = std::get<EvalCmd>(f.commands[10]);
  CHECK(e8.ExpectsFailure());
  CHECK(e8.Ordered());
}

TEST_CASE("scalar lines: Go integers of any base, then floats") {
  struct Case {
    std::string_view line;
    double want;
  };
  const Case cases[] = {{"1", 1},   {"-2.5", -2.5}, {"0x10", 16},
                        {"010", 8}, {"1e3", 1000},  {"+Inf", INFINITY}};
  for (const Case& c : cases) {
    CAPTURE(c.line);
    std::string text = "eval instant at 0 1\n  " + std::string(c.line) + "\n";
    TestFile f = ParseTestFile(text);
    REQUIRE(f.ok());
    CHECK(std::get<EvalCmd>(f.commands[0]).expected_scalar == c.want);
  }
}

TEST_CASE("a comment ends a block; a number line ends an eval body") {
  TestFile f = ParseTestFile("load 1m\n  a 1\n# c\n  b 2\n");
  REQUIRE_FALSE(f.ok());  // `b 2` after the comment is a command.
  CHECK(f.error->Format("t.test") == R"(t.test:4:3: invalid command "b 2")");
  f = ParseTestFile("eval instant at 0 1\n  1\n  2\n");
  REQUIRE_FALSE(f.ok());
  CHECK(f.error->Format("t.test") == R"(t.test:3:3: invalid command "2")");
}

TEST_CASE("malformed files: positioned errors") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"unknown command", "lod 5m\n", R"(t:1:1: invalid command "lod 5m")"},
      {"load without step", "load\n",
       "t:1:1: invalid load command. (load[_with_nhcb] <step:duration>)"},
      {"bad step", "load 5x\n",
       R"(t:1:1: invalid step definition "5x": invalid duration "5x": use an integer and a unit, e.g. 10s, 1m30s, 500ms (units: ms, s, m, h, d, w, y))"},
      {"bad series", "load 5m\n  m{a=} 1\n", "t:2:7: expected a quoted label value, got \"}\""},
      {"bad value", "load 5m\n\tm 1 2 zz\n", "t:2:8: expected a number, got \"zz\""},
      {"bad eval", "eval foo\n",
       "t:1:1: invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at "
       "<offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> "
       "<query>'"},
      {"parse error", "eval instant at 1m sum(\n",
       "t:1:23: parse error: unclosed left parenthesis"},
      {"type error", "eval instant at 1m rate(m)\n",
       "t:1:25: parse error: expected type range vector in call to function \"rate\", got instant "
       "vector"},
      {"bad time", "eval instant at 1x m\n",
       "t:1:1: error in eval m (line 1): invalid timestamp definition \"1x\": invalid duration "
       "\"1x\": use an integer and a unit, e.g. 10s, 1m30s, 500ms (units: ms, s, m, h, d, w, y)"},
      {"range backwards", "eval range from 5m to 1m step 1m m\n",
       "t:1:1: error in eval m (line 1): invalid test definition, end timestamp (1m) is before "
       "start "
       "timestamp (5m)"},
      {"multiple values", "eval instant at 1m m\n  m 1 2\n",
       "t:2:3: error in eval m (line 1): expecting multiple values in instant evaluation not "
       "allowed. "
       "consider using 'expect range vector' directive to enable a range vector result for an "
       "instant query"},
      {"warn and no_warn", "eval instant at 1m m\n  expect warn\n  expect no_warn\n",
       "t:3:3: error in eval m (line 1): invalid expect lines, warn and no_warn cannot be used "
       "together"},
      {"two fails", "eval instant at 1m m\n  expect fail\n  expect fail\n",
       "t:3:3: error in eval m (line 1): invalid expect lines, multiple expect fail lines are not "
       "allowed"},
      {"bad expect", "eval instant at 1m m\n  expect sometimes\n",
       "t:2:3: error in eval m (line 1): invalid expect statement, must match `expect <type> "
       "<match_type>: "
       "<string>` format"},
      {"bad expect regex", "eval instant at 1m m\n  expect warn regex: (\n",
       "t:2:3: error in eval m (line 1): invalid regex ( for warn"},
      {"bad string", "eval instant at 1m \"a\"\n  expect string a\n",
       "t:2:3: error in eval \"a\" (line 1): expected string literal not valid - check that the "
       "string is "
       "correctly quoted"},
      {"st without sample", "load 1m\n  m@st 0s\n", "t:2:3: @st line has no following sample line"},
      {"st count", "load 1m\n  m@st 0s\n  m 1 2\n",
       "t:2:3: @st line has 1 values but sample line has 2"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    TestFile f = ParseTestFile(c.input);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error->Format("t") == c.want);
  }
}

TEST_CASE("an eval expecting failure keeps its static error instead of failing the file") {
  TestFile f = ParseTestFile("eval instant at 1m rate(m)\n  expect fail\n");
  REQUIRE(f.ok());
  const auto& e = std::get<EvalCmd>(f.commands[0]);
  CHECK(e.ast == nullptr);
  CHECK(e.static_error ==
        R"(expected type range vector in call to function "rate", got instant vector)");
}

TEST_CASE("start-timestamp lines") {
  TestFile f = ParseTestFile("load 1m\n  m{a=\"b\"}@st _ -30s-1mx1\n  m{a=\"b\"} 1 2 3\n");
  REQUIRE(f.ok());
  const auto& load = std::get<LoadCmd>(f.commands[0]);
  REQUIRE(load.series.size() == 1);
  const auto& st = load.series[0].start_offsets;
  REQUIRE(st.size() == 3);
  CHECK_FALSE(st[0].has_value());
  CHECK(st[1] == -30'000);
  CHECK(st[2] == -90'000);
}

TEST_CASE("loader: timestamps, blanks, stale, last line wins, duplicates") {
  TestFile f = ParseTestFile("load 1m\n  m 1+1x2 _ stale\n  n 5\n  n 6 7\n  h {{sum:1}} 3\n");
  REQUIRE(f.ok());
  Storage st;
  REQUIRE(LoadInto(std::get<LoadCmd>(f.commands[0]), st).ok());
  CHECK(st.SeriesCount() == 3);
  const Series* m = st.Find(model::Labels{{"__name__", "m"}});
  REQUIRE(m != nullptr);
  REQUIRE(m->samples().size() == 4);
  CHECK(m->samples()[2].t == 120'000);
  CHECK(m->samples()[3].t == 240'000);
  CHECK(IsStaleNaN(m->samples()[3].v));
  const Series* n = st.Find(model::Labels{{"__name__", "n"}});
  REQUIRE(n->samples().size() == 2);
  CHECK(n->samples()[0].v == 6);
  const Series* h = st.Find(model::Labels{{"__name__", "h"}});
  REQUIRE(h->samples().size() == 1);  // the histogram is not stored
  CHECK(h->samples()[0].t == 60'000);

  TestFile again = ParseTestFile("load 1m\n  m 9\n");
  Status dup = LoadInto(std::get<LoadCmd>(again.commands[0]), st);
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message ==
        R"(line 2: duplicate sample for timestamp 0 in series {__name__="m"}: existing 1, new 9)");
}

}  // namespace
}  // namespace ttam::eval::promqltest

namespace ttam::eval::promqltest {
namespace {

TEST_CASE("truncated and corrupted files never crash") {
  const std::string text(kFile);
  size_t errors = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    errors += !ParseTestFile(std::string_view(text).substr(0, i)).ok();
    std::string corrupted = text;
    if (i < corrupted.size()) corrupted[i] = "{\"`x_+-\\\n"[i % 9];
    errors += !ParseTestFile(corrupted).ok();
  }
  CHECK(errors > 0);
}

}  // namespace
}  // namespace ttam::eval::promqltest

#include "eval/promqltest_classify.h"
#include "eval/promqltest_run.h"
#include "promql/parser.h"

namespace ttam::eval::promqltest {
namespace {

// The classification of every eval of `text`, in order: N (native) or F.
std::string Classify(const char* text) {
  TestFile f = ParseTestFile(text);
  if (!f.ok()) return "parse error: " + f.error->message;
  LoadedSeriesIndex index;
  std::string out;
  for (const Command& c : f.commands) {
    if (const auto* load = std::get_if<LoadCmd>(&c)) index.Add(*load);
    if (std::holds_alternative<ClearCmd>(c)) index.Clear();
    if (const auto* e = std::get_if<EvalCmd>(&c))
      out += IsNativeHistogramEval(*e, index) ? 'N' : 'F';
  }
  return out;
}

TEST_CASE("classification: native only when a selector reaches histogram data, as the census") {
  CHECK(Classify(R"(load 1m
  h {{schema:0 sum:1 count:1}}
  f 1
  g{job="a"} 1
  g{job="b"} {{schema:0 sum:1 count:1}}

eval instant at 0 f
  f 1

eval instant at 0 h
  expect no_warn

eval instant at 0 sum(f) + count(h)

eval instant at 0 g{job="a"}
  g{job="a"} 1

eval instant at 0 g
  g{job="a"} 1

eval instant at 0 {__name__=~"g|x", job=~"b.*"}

eval instant at 0 f
  f {{schema:0 sum:1 count:1}}

clear

eval instant at 0 h
)") == "FNNFNNNF");
}

TEST_CASE("classification: load_with_nhcb derives a histogram per _bucket/_count/_sum base") {
  CHECK(Classify(R"(load_with_nhcb 1m
  x_bucket{le="1", job="a"} 1
  x_bucket{le="+Inf", job="a"} 2
  x_count{job="a"} 2
  y 1

eval instant at 0 x_bucket
  x_bucket{le="1", job="a"} 1

eval instant at 0 x{job="a"}

eval instant at 0 y
  y 1

eval instant at 0 info(y)
)") == "FNFF");
  // info() reads target_info, which may hold histograms.
  CHECK(Classify(R"(load 1m
  target_info{job="a"} {{schema:0 sum:1 count:1}}
  y{job="a"} 1

eval instant at 0 info(y)
)") == "N");
}

TEST_CASE("runner: unselected histogram series no longer skip float evals") {
  TestFile f = ParseTestFile(R"(load 1m
  h {{schema:0 sum:1 count:1}}
  f 1

eval instant at 0 f
  f 1

eval instant at 0 h
)");
  REQUIRE(f.ok());
  FileOutcome out = RunTestFile(f);
  REQUIRE(out.evals.size() == 2);
  CHECK(out.evals[0].status == EvalStatus::kPassed);
  CHECK(out.evals[1].status == EvalStatus::kSkipped);
  CHECK(out.evals[1].reason == "native-histogram");
}

TEST_CASE("annotation positions: (line:col), 1-based, bytes") {
  Annotation a{Annotation::Kind::kWarning, "PromQL warning: x", {10, 12}};
  CHECK(AnnotationString(a, "quantile(2, m)") == "PromQL warning: x (1:11)");
  CHECK(AnnotationString(a, "sum(\n  abc, m)") == "PromQL warning: x (2:6)");
  CHECK(AnnotationString(a, "") == "PromQL warning: x (unknown position)");
  CHECK(AnnotationString(a, "short") == "PromQL warning: x (invalid position)");
}

// The first eval of `text`.
EvalCmd FirstEval(const char* text) {
  TestFile f = ParseTestFile(text);
  REQUIRE(f.ok());
  for (Command& c : f.commands) {
    if (auto* e = std::get_if<EvalCmd>(&c)) return std::move(*e);
  }
  FAIL("no eval");
  return {};
}

TEST_CASE("annotation expectations as upstream's checkAnnotations") {
  const Annotation warn{Annotation::Kind::kWarning, "PromQL warning: w", {0, 1}};
  const Annotation info{Annotation::Kind::kInfo, "PromQL info: i", {4, 5}};
  struct Case {
    std::string_view name;
    const char* file;
    Annotations got;
    std::string_view want;
  };
  const Case cases[] = {
      {"msg matches",
       "eval instant at 0 abc + m\n  expect warn msg: PromQL warning: w (1:1)\n",
       {warn},
       ""},
      {"msg without position does not match",
       "eval instant at 0 abc + m\n  expect warn msg: PromQL warning: w\n",
       {warn},
       "expected warn annotation matching message \"PromQL warning: w\" but no matching annotation "
       "was found for query \"abc + m\" (line 1), found: [PromQL warning: w (1:1)]"},
      {"regex", "eval instant at 0 abc + m\n  expect info regex: info: i \\(1:5\\)$\n", {info}, ""},
      {"expected but none",
       "eval instant at 0 abc + m\n  expect warn\n",
       {info},
       "expected warn annotations but none were found for query \"abc + m\" (line 1)"},
      {"every annotation must be expected",
       "eval instant at 0 abc + m\n  expect info msg: PromQL info: i (1:5)\n",
       {info, Annotation{Annotation::Kind::kInfo, "PromQL info: other", {0, 1}}},
       "unexpected info annotation \"PromQL info: other (1:1)\" found for query abc + m (line 1)"},
      {"kinds without expect lines are ignored", "eval instant at 0 abc + m\n", {warn, info}, ""},
      {"no_warn",
       "eval instant at 0 abc + m\n  expect no_warn\n",
       {warn},
       "unexpected warning annotations evaluating query \"abc + m\" (line 1): [PromQL warning: w "
       "(1:1)]"},
      {"no_info with a warning", "eval instant at 0 abc + m\n  expect no_info\n", {warn}, ""},
      {"legacy eval_warn needs one",
       "eval_warn instant at 0 abc + m\n",
       {info},
       "expected warnings evaluating query \"abc + m\" (line 1) but got none"},
      {"legacy eval_info", "eval_info instant at 0 abc + m\n", {info}, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    EvalCmd cmd = FirstEval(c.file);
    CHECK(CheckAnnotations(cmd, cmd.expr, c.got) == c.want);
  }
}

TEST_CASE("Go's %v for floats") {
  struct Case {
    double v;
    std::string_view want;
  };
  const Case cases[] = {
      {1, "1"},        {0.1, "0.1"},        {-2.5, "-2.5"},      {1e20, "100000000000000000000"},
      {1e21, "1e+21"}, {1.5e-5, "1.5e-05"}, {0.0001, "0.0001"},  {123456.789, "123456.789"},
      {NAN, "NaN"},    {INFINITY, "+Inf"},  {-INFINITY, "-Inf"}, {0, "0"}};
  for (const Case& c : cases) {
    CAPTURE(c.want);
    CHECK(GoFloat(c.v) == c.want);
  }
}

TEST_CASE("runner: range-mode cross-check, expected failures, --run selection") {
  TestFile f = ParseTestFile(R"(load 1m
  m{i="a"} 1 2 3

eval instant at 1m m
  m{i="a"} 2

eval instant at 1m time()
  60

eval instant at 1m m[1m]
  expect fail msg: wrong text

eval instant at 1m m[1m]
  expect fail regex: ^invalid
)");
  REQUIRE(f.ok());
  FileOutcome out = RunTestFile(f);
  REQUIRE(out.evals.size() == 4);
  CHECK(out.evals[0].status == EvalStatus::kPassed);
  CHECK(out.evals[1].status == EvalStatus::kPassed);  // scalar compared through the first series
  // An instant query may return a matrix: no error, so the failure expectation fails.
  CHECK(out.evals[2].message == "expected error evaluating query \"m[1m]\" (line 10) but got none");
  RunOptions only;
  only.select = [](const EvalCmd& cmd) { return cmd.expr == "time()"; };
  FileOutcome selected = RunTestFile(f, only);
  REQUIRE(selected.evals.size() == 1);
  CHECK(selected.evals[0].line == 7);
}

}  // namespace
}  // namespace ttam::eval::promqltest

namespace ttam::eval::promqltest {
namespace {

TEST_CASE("runner: expected failures compared as upstream's checkExpectedFailure") {
  TestFile f = ParseTestFile(R"(load 1m
  m{i="a", j="1"} 1
  m{i="a", j="2"} 2
  n{i="a"} 3

eval instant at 0 m + on(i) n
  expect fail msg: not the error

eval instant at 0 m + on(i) n
  expect fail regex: many-to-one matching must be explicit

eval_fail instant at 0 m + on(i) n
  expected_fail_regexp ^nothing

eval range from 0 to 1m step 1m m + on(i) n
  expect fail
)");
  REQUIRE(f.ok());
  FileOutcome out = RunTestFile(f);
  REQUIRE(out.evals.size() == 4);
  CHECK(out.evals[0].status == EvalStatus::kFailed);
  CHECK(out.evals[0].message.starts_with(
      "expected error matching \"not the error\" evaluating query \"m + on(i) n\" (line 6), but "
      "got: multiple matches for labels: many-to-one matching must be explicit"));
  CHECK(out.evals[1].status == EvalStatus::kPassed);
  CHECK(out.evals[2].message.starts_with(
      "expected error matching pattern \"^nothing\" evaluating query \"m + on(i) n\" (line 12), "
      "but got: multiple matches for labels"));
  CHECK(out.evals[3].status == EvalStatus::kPassed);
}

}  // namespace
}  // namespace ttam::eval::promqltest

namespace ttam::eval::promqltest {
namespace {

TEST_CASE("the @ re-runs of an instant eval, as upstream's atModifierTestCases") {
  struct Case {
    std::string_view expr;
    int64_t t;
    std::string_view want;  // the re-printed text, or "none"
  };
  const Case cases[] = {
      {"rate(m[5m])", 600'000, "rate(m[5m] @ 600.000)"},
      {"sum by (a) (m) + n @ 100", 600'000, "sum by (a) (m @ 600.000) + n @ 100.000"},
      {"max_over_time(m[5m:1m] @ 100)", 600'000, "max_over_time(m[5m:1m] @ 100.000)"},
      {"max_over_time(m[5m:1m])", 600'000, "max_over_time(m[5m:1m] @ 600.000)"},
      {"time() - m", 600'000, "none"},
      {"timestamp(m)", 600'000, "none"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    promql::ParseResult parsed = promql::Parse(c.expr, promql::ParseOptions::All());
    REQUIRE(parsed.ok());
    std::optional<AtModifierRuns> runs = AtModifierTestCases(*parsed.expr, c.t);
    CHECK((runs ? runs->text : std::string("none")) == c.want);
    if (runs)
      CHECK(runs->times == std::vector<int64_t>{-6'000'000, 0, 120'000, 600'000, 6'000'000});
  }
  promql::ParseResult zero = promql::Parse("m", promql::ParseOptions::All());
  REQUIRE(zero.ok());
  CHECK(AtModifierTestCases(*zero.expr, 0)->times == std::vector<int64_t>{-1000, 0, 1000});
}

}  // namespace
}  // namespace ttam::eval::promqltest
