// Table tests of lib/ruletest: the file model, the evaluation loop, alert
// state, comparison and promtool's texts.

#include "ruletest/runner.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include "ruletest/compare.h"
#include "ruletest/promtool_text.h"
#include "ruletest/start_time.h"
#include "ruletest/test_file.h"
#include "support/memory_fs.h"

using ttam::ruletest::FileOutcome;
using ttam::ruletest::Options;
using ttam::ruletest::PromtoolText;
using ttam::ruletest::RunTestFile;

namespace {

// Runs a test file with an optional rules file, returning promtool's text.
std::string Run(const std::string& test, const std::string& rules = "", Options options = {}) {
  ttam::testing::MemoryFileSystem fs;
  fs.files["/t/test.yml"] = test;
  if (!rules.empty()) fs.files["/t/rules.yml"] = rules;
  FileOutcome out = RunTestFile("/t/test.yml", fs, options);
  return PromtoolText(out);
}

}  // namespace

constexpr const char* kSuccess = "  SUCCESS\n\n";

TEST_CASE("test file: strict fields, defaults, errors") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"unknown top-level field", "tests: []\nbogus: 1\n",
       "  FAILED:\nyaml: unmarshal errors:\n  line 2: field bogus not found in type "
       "main.unitTestFile\n\n\n"},
      {"unknown fields in nested types",
       "tests:\n  - nam: x\n    promql_expr_test:\n      - expr: '1'\n        exp_samples:\n"
       "          - valu: 1\n",
       "  FAILED:\nyaml: unmarshal errors:\n  line 2: field nam not found in type "
       "main.testGroup\n  line 6: field valu not found in type main.sample\n\n\n"},
      {"wrong types (promtool 2.42's text)", "tests: 3\n",
       "  FAILED:\nyaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `3` into "
       "[]main.testGroup\n\n\n"},
      {"a list for a string", "tests:\n  - name: [a]\n",
       "  FAILED:\nyaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string\n\n\n"},
      {"duplicate keys (promtool 2.42's text)",
       "tests:\n  - name: a\n    name: b\n    external_labels:\n      x: 1\n      x: 2\n",
       "  FAILED:\nyaml: unmarshal errors:\n  line 3: field name already set in type "
       "main.testGroup\n  line 6: key \"x\" already set in map\n\n\n"},
      {"bad duration", "evaluation_interval: 5x\n",
       "  FAILED:\nnot a valid duration string: \"5x\"\n\n\n"},
      {"repeated group_eval_order", "group_eval_order: [a, b, a]\n",
       "  FAILED:\ngroup name repeated in evaluation order: a\n\n\n"},
      {"bad start_timestamp", "tests:\n  - start_timestamp: yesterday\n",
       "  FAILED:\ncannot parse \"yesterday\" to a valid timestamp\n\n\n"},
      {"missing alertname, named group",
       "tests:\n  - name: g\n    alert_rule_test:\n      - eval_time: 5m\n",
       "  FAILED:\nan item under alert_rule_test misses required attribute alertname at eval_time "
       "5m (in TestGroup g)\n\n\n"},
      {"missing alertname, unnamed group", "tests:\n  - alert_rule_test:\n      - eval_time: 0\n",
       "  FAILED:\nan item under alert_rule_test misses required attribute alertname at eval_time "
       "0s\n\n\n"},
      {"empty file passes", "", kSuccess},
      {"rule_files without a match warn", "rule_files: [nothing*.yml]\ntests: []\n",
       "  WARNING: no file match pattern /t/nothing*.yml\n  SUCCESS\n\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Run(std::string(c.input)) == c.want);
  }
}

TEST_CASE("test file: positions and start_timestamp forms") {
  auto parsed = ttam::ruletest::ParseTestFile(
      "t.yml",
      "tests:\n  - name: a\n    promql_expr_test:\n      - expr: x\n        exp_samples:\n"
      "          - labels: x\n            value: .nan\n");
  REQUIRE(std::holds_alternative<ttam::ruletest::TestFile>(parsed));
  const auto& file = std::get<ttam::ruletest::TestFile>(parsed);
  CHECK(file.evaluation_interval_ms == 60'000);
  REQUIRE(file.tests.size() == 1);
  CHECK(file.tests[0].mark.line == 2);
  CHECK(file.tests[0].expr_tests[0].mark.line == 4);
  CHECK(file.tests[0].expr_tests[0].exp_samples[0].mark.line == 6);
  CHECK(file.tests[0].expr_tests[0].exp_samples[0].mark.column == 13);
  CHECK(std::isnan(file.tests[0].expr_tests[0].exp_samples[0].value));

  CHECK(*ttam::ruletest::ParseStartTimestamp("1609459200") == 1609459200000);
  CHECK(*ttam::ruletest::ParseStartTimestamp("1.5") == 1500);
  CHECK(*ttam::ruletest::ParseStartTimestamp("2024-01-01T00:00:00Z") == 1704067200000);
  CHECK(*ttam::ruletest::ParseStartTimestamp("2024-01-01T01:00:00.250+01:00") == 1704067200250);
  CHECK_FALSE(ttam::ruletest::ParseStartTimestamp("2024-01-01").ok());
}

TEST_CASE("loop: lazy input, values between evaluation steps") {
  // Measured on promtool 2.42: with interval 15s the 2m30s query sees the
  // 2m sample (8), as input is loaded only up to the last step <= max eval_time.
  const std::string test = R"yaml(evaluation_interval: 1m
tests:
  - interval: 15s
    input_series:
      - series: m
        values: 0+1x20
    promql_expr_test:
      - expr: m
        eval_time: 2m30s
        exp_samples:
          - labels: m
            value: 10
)yaml";
  CHECK(Run(test) ==
        "  FAILED:\n    expr: \"m\", time: 2m30s,\n        exp: {__name__=\"m\"} 1E+01\n"
        "        got: {__name__=\"m\"} 8E+00\n\n\n");
  std::string fixed = test;
  fixed.replace(fixed.find("value: 10"), 9, "value: 8");
  CHECK(Run(fixed) == kSuccess);
}

namespace {

const char* kKeepFiringRules = R"yaml(groups:
  - name: g
    rules:
      - alert: K
        expr: m > 0
        for: 2m
        keep_firing_for: 5m
        labels:
          severity: page
)yaml";

// A test file checking alert K at `time`: firing when `firing`.
std::string KeepFiringTest(const std::string& time, bool firing) {
  std::string exp = firing ? "\n          - exp_labels:\n              severity: page\n" : " []\n";
  return "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n"
         "    input_series:\n      - series: m\n        values: 1x10 0x20\n"
         "    alert_rule_test:\n      - alertname: K\n        eval_time: " +
         time + "\n        exp_alerts:" + exp;
}

}  // namespace

TEST_CASE("alerts: for and keep_firing_for timeline (measured on promtool 2.42)") {
  struct Case {
    std::string time;
    bool firing;
  };
  const Case cases[] = {{"0s", false},  {"1m", false},     {"1m59s", false}, {"2m", true},
                        {"10m", true},  {"11m", true},     {"15m", true},    {"15m59s", true},
                        {"16m", false}, {"16m30s", false}, {"30m", false}};
  for (const Case& c : cases) {
    CAPTURE(c.time);
    CHECK(Run(KeepFiringTest(c.time, c.firing), kKeepFiringRules) == kSuccess);
    // The opposite expectation fails.
    CHECK(Run(KeepFiringTest(c.time, !c.firing), kKeepFiringRules) != kSuccess);
  }
  // ALERTS and ALERTS_FOR_STATE at 15m, while kept firing.
  const std::string series = R"yaml(rule_files: [rules.yml]
tests:
  - input_series:
      - series: m
        values: 1x10 0x20
    promql_expr_test:
      - expr: ALERTS
        eval_time: 15m
        exp_samples:
          - labels: ALERTS{alertname="K",alertstate="firing",severity="page"}
            value: 1
      - expr: ALERTS_FOR_STATE
        eval_time: 15m
        exp_samples:
          - labels: ALERTS_FOR_STATE{alertname="K",severity="page"}
            value: 0
      - expr: ALERTS
        eval_time: 1m
        exp_samples:
          - labels: ALERTS{alertname="K",alertstate="pending",severity="page"}
            value: 1
      - expr: ALERTS
        eval_time: 16m
)yaml";
  CHECK(Run(series, kKeepFiringRules) == kSuccess);
}

TEST_CASE("alerts: failure text lists expected and got") {
  const std::string test = R"yaml(rule_files: [rules.yml]
tests:
  - name: grp
    input_series:
      - series: m{job="a"}
        values: 1x5
    alert_rule_test:
      - alertname: K
        eval_time: 3m
        exp_alerts:
          - exp_labels:
              severity: page
              job: b
)yaml";
  ttam::testing::MemoryFileSystem fs;
  fs.files["/t/test.yml"] = test;
  fs.files["/t/rules.yml"] = kKeepFiringRules;
  FileOutcome out = RunTestFile("/t/test.yml", fs);
  CHECK(PromtoolText(out) ==
        "  FAILED:\n    name: grp,\n    alertname: K, time: 3m, \n        exp:[\n"
        "            0:\n              Labels:{alertname=\"K\", job=\"b\", severity=\"page\"}\n"
        "              Annotations:{}\n            ], \n        got:[\n            0:\n"
        "              Labels:{alertname=\"K\", job=\"a\", severity=\"page\"}\n"
        "              Annotations:{}\n            ]\n\n\n");
  REQUIRE(out.groups.size() == 1);
  REQUIRE(out.groups[0].problems.size() == 1);
  const ttam::ruletest::Problem& p = out.groups[0].problems[0];
  CHECK(p.kind == ttam::ruletest::ProblemKind::kAlert);
  CHECK(p.position.line == 11);  // the exp_alerts entry
  CHECK(p.position.column == 13);
  // The closest produced alert is paired with the expected one: the diff
  // names the label that differs.
  CHECK(p.summary == "alert \"K\" at 3m: expected 1 firing alert, got 1; 1 with different labels");
  CHECK(p.diff == std::vector<std::string>{
                      "  Labels:{alertname=\"K\", severity=\"page\"} and labels that differ:",
                      "-   job=\"b\"", "+   job=\"a\""});
}

TEST_CASE("recording rules: written back, group labels, staleness, group order") {
  const std::string rules = R"yaml(groups:
  - name: second
    rules:
      - record: twice
        expr: once * 2
  - name: first
    labels:
      team: x
    rules:
      - record: once
        expr: m
        labels:
          kind: rec
)yaml";
  const std::string test = R"yaml(rule_files: [rules.yml]
group_eval_order: [first, second]
tests:
  - input_series:
      - series: m
        values: 1 2 _ _ _ _ _ _
    promql_expr_test:
      - expr: once
        eval_time: 1m
        exp_samples:
          - labels: once{kind="rec",team="x"}
            value: 2
      - expr: twice
        eval_time: 1m
        exp_samples:
          - labels: twice{kind="rec",team="x"}
            value: 4
      - expr: once
        eval_time: 7m
      - expr: count_over_time(once[10m])
        eval_time: 7m
        exp_samples:
          - labels: '{kind="rec",team="x"}'
            value: 6
)yaml";
  // m is visible until 6m (lookback 5m from the 1m sample); `once` gets a
  // stale marker at 7m, so it is absent at 7m; it has samples 0m..6m.
  CHECK(Run(test, rules) == kSuccess);
}

TEST_CASE("rule errors stop the group; texts") {
  const std::string rules = R"yaml(groups:
  - name: g
    rules:
      - record: dup
        expr: m
        labels:
          a: same
)yaml";
  const std::string test = R"yaml(rule_files: [rules.yml]
tests:
  - input_series:
      - series: m{a="1"}
        values: 1
      - series: m{a="2"}
        values: 1
    promql_expr_test:
      - expr: dup
        eval_time: 2m
)yaml";
  CHECK(Run(test, rules) ==
        "  FAILED:\n    rule: dup, time: 0s, err: vector contains metrics with the same labelset "
        "after applying rule labels\n\n\n");
}

TEST_CASE("expr tests: errors, bad expected labels, scalar results, fuzzy compare") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"parse error", "tests:\n  - promql_expr_test:\n      - expr: 'm +'\n        eval_time: 0\n",
       "  FAILED:\n    expr: \"m +\", time: 0s, err: 1:4: parse error: unexpected end of "
       "input\n\n\n"},
      {"bad expected labels",
       "tests:\n  - promql_expr_test:\n      - expr: '1'\n        eval_time: 0\n"
       "        exp_samples:\n          - labels: 'm{'\n",
       "  FAILED:\n    expr: \"1\", time: 0s, err: labels \"m{\": 1:3: parse error: unexpected "
       "end of input inside braces\n\n\n"},
      {"matrix result",
       "tests:\n  - promql_expr_test:\n      - expr: 'm[1m]'\n        eval_time: 0\n",
       "  FAILED:\n    expr: \"m[1m]\", time: 0s, err: rule result is not a vector or "
       "scalar\n\n\n"},
      {"scalar result",
       "tests:\n  - promql_expr_test:\n      - expr: '1 + 2'\n        eval_time: 1m\n"
       "        exp_samples:\n          - value: 3\n",
       kSuccess},
      {"NaN never matches",
       "tests:\n  - promql_expr_test:\n      - expr: 'NaN'\n        eval_time: 0\n"
       "        exp_samples:\n          - value: .nan\n",
       "  FAILED:\n    expr: \"NaN\", time: 0s,\n        exp: {} NaN\n        got: {} NaN\n\n\n"},
      {"fuzzy boundary",
       "fuzzy_compare: true\ntests:\n  - promql_expr_test:\n"
       "      - expr: '2.9999999999999996'\n        eval_time: 0\n"
       "        exp_samples:\n          - value: 3\n"
       "      - expr: '2.9999999999999987'\n        eval_time: 0\n"
       "        exp_samples:\n          - value: 3\n",
       "  FAILED:\n    expr: \"2.9999999999999987\", time: 0s,\n        exp: {} 3E+00\n"
       "        got: {} 2.9999999999999987E+00\n\n\n"},
      {"exact without fuzzy",
       "tests:\n  - promql_expr_test:\n      - expr: '2.9999999999999996'\n        eval_time: 0\n"
       "        exp_samples:\n          - value: 3\n",
       "  FAILED:\n    expr: \"2.9999999999999996\", time: 0s,\n        exp: {} 3E+00\n"
       "        got: {} 2.9999999999999996E+00\n\n\n"},
      {"native histogram: selected and compared",
       "tests:\n  - input_series:\n      - series: h\n"
       "        values: '{{count:1 sum:2 buckets:[1]}}+{{count:1 sum:1 buckets:[1]}}x2'\n"
       "    promql_expr_test:\n      - expr: h\n        eval_time: 2m\n"
       "        exp_samples:\n          - labels: h\n"
       "            histogram: '{{count:3 sum:4 counter_reset_hint:not_reset buckets:[3]}}'\n"
       "      - expr: h\n        eval_time: 0m\n"
       "        exp_samples:\n          - labels: h\n"
       "            histogram: '{{count:1 sum:2 buckets:[1]}}'\n",
       kSuccess},
      {"native histogram: a different histogram",
       "tests:\n  - input_series:\n      - series: h\n"
       "        values: '{{count:1 sum:2 buckets:[1]}}x1'\n"
       "    promql_expr_test:\n      - expr: h\n        eval_time: 1m\n"
       "        exp_samples:\n          - labels: h\n"
       "            histogram: '{{count:1 sum:2 buckets:[1]}}'\n",
       "  FAILED:\n    expr: \"h\", time: 1m,\n"
       "        exp: {__name__=\"h\"} {{count:1 sum:2 buckets:[1]}}\n"
       "        got: {__name__=\"h\"} {{count:1 sum:2 counter_reset_hint:not_reset buckets:[1]}}"
       "\n\n\n"},
      {"native histogram: a float expected",
       "tests:\n  - input_series:\n      - series: h\n        values: '{{count:1}}'\n"
       "    promql_expr_test:\n      - expr: h\n        eval_time: 0m\n"
       "        exp_samples:\n          - labels: h\n            value: 0\n",
       "  FAILED:\n    expr: \"h\", time: 0s,\n        exp: {__name__=\"h\"} 0E+00\n"
       "        got: {__name__=\"h\"} {{count:1}}\n\n\n"},
      {"native histogram: histogram: holds a float",
       "tests:\n  - promql_expr_test:\n      - expr: h\n        eval_time: 0m\n"
       "        exp_samples:\n          - labels: h\n            histogram: '1'\n",
       "  FAILED:\n    expr: \"h\", time: 0s, err: labels \"h\": expected histogram, got 1\n\n\n"},
      {"native histogram: computing with it is refused",
       "tests:\n  - input_series:\n      - series: h\n        values: '{{count:1}}x5'\n"
       "    promql_expr_test:\n      - expr: rate(h[5m])\n        eval_time: 5m\n"
       "        exp_samples: []\n",
       "  FAILED:\n    expr: \"rate(h[5m])\", time: 5m, err: native histograms: rate() over "
       "histogram samples not supported yet (h selects some)\n\n\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Run(std::string(c.input)) == c.want);
  }
}

TEST_CASE("texts: numbers and durations as Go prints them") {
  using ttam::ruletest::FormatE;
  using ttam::ruletest::GoDuration;
  using ttam::ruletest::ModelDuration;
  CHECK(FormatE(1) == "1E+00");
  CHECK(FormatE(35) == "3.5E+01");
  CHECK(FormatE(1.0 / 15) == "6.666666666666667E-02");
  CHECK(FormatE(1e100) == "1E+100");
  CHECK(FormatE(-INFINITY) == "-Inf");
  CHECK(FormatE(INFINITY) == "+Inf");
  CHECK(GoDuration(0) == "0s");
  CHECK(GoDuration(60'000) == "1m0s");
  CHECK(GoDuration(3'600'000) == "1h0m0s");
  CHECK(GoDuration(1'500) == "1.5s");
  CHECK(GoDuration(250) == "250ms");
  CHECK(GoDuration(90'061'001) == "25h1m1.001s");
  CHECK(ModelDuration(150'000) == "2m30s");
  CHECK(ModelDuration(86'400'000) == "1d");
  CHECK(ModelDuration(604'800'000) == "1w");
  CHECK(ModelDuration(0) == "0s");
  CHECK(ttam::ruletest::ValuesEqual(3, 2.9999999999999996, true));
  CHECK(ttam::ruletest::ValuesEqual(3, 3.0000000000000004, true));
  CHECK_FALSE(ttam::ruletest::ValuesEqual(3, 2.9999999999999987, true));
  CHECK_FALSE(ttam::ruletest::ValuesEqual(3, 3.0000000000000013, true));
  CHECK_FALSE(ttam::ruletest::ValuesEqual(NAN, NAN, true));
}

TEST_CASE("--run selects groups unanchored") {
  const std::string test =
      "tests:\n  - name: correct one\n  - name: wrong\n    promql_expr_test:\n"
      "      - expr: '1'\n        eval_time: 0\n";
  ttam::testing::MemoryFileSystem fs;
  fs.files["/t/test.yml"] = test;
  Options options;
  options.run = {"rrect"};
  FileOutcome out = RunTestFile("/t/test.yml", fs, options);
  REQUIRE(out.groups.size() == 1);
  CHECK(out.groups[0].name == "correct one");
  CHECK(out.Passed());
  options.run = {"^$"};
  CHECK(RunTestFile("/t/test.yml", fs, options).groups.empty());
  CHECK_FALSE(RunTestFile("/t/test.yml", fs).Passed());
}

TEST_CASE("alerts: templates see $labels, $value, external labels and URL, query") {
  const std::string rules = R"yaml(groups:
  - name: g
    labels:
      team: core
    rules:
      - alert: High
        expr: m > 10
        labels:
          severity: '{{ if gt $value 100.0 }}page{{ else }}ticket{{ end }}'
        annotations:
          summary: '{{ $labels.instance }} is {{ $value }} in {{ $externalLabels.cluster }}'
          link: '{{ $externalURL }}'
          total: '{{ with query "sum(m)" }}{{ . | first | value }}{{ end }}'
          bad: '{{ if gt $value 10 }}x{{ end }}'
)yaml";
  const std::string test = R"yaml(rule_files: [rules.yml]
tests:
  - external_labels:
      cluster: eu1
    external_url: http://prom.example
    input_series:
      - series: m{instance="a"}
        values: 1234567
      - series: m{instance="b"}
        values: 20
    alert_rule_test:
      - alertname: High
        eval_time: 0
        exp_alerts:
          - exp_labels:
              instance: a
              severity: page
              team: core
            exp_annotations:
              summary: a is 1.234567e+06 in eu1
              link: http://prom.example
              total: 1.234587e+06
              bad: x
          - exp_labels:
              instance: b
              severity: ticket
              team: core
            exp_annotations:
              summary: b is 20 in eu1
              link: http://prom.example
              total: 1.234587e+06
              bad: x
)yaml";
  ttam::testing::MemoryFileSystem fs;
  fs.files["/t/test.yml"] = test;
  fs.files["/t/rules.yml"] = rules;
  FileOutcome out = RunTestFile("/t/test.yml", fs);
  REQUIRE(out.groups.size() == 1);
  REQUIRE(out.groups[0].problems.size() == 1);
  const ttam::ruletest::Problem& p = out.groups[0].problems[0];
  // Everything matches except the `bad` annotation, whose execution error is
  // rendered as Prometheus renders it.
  std::vector<std::string> want_diff = {
      "  Labels:{alertname=\"High\", instance=\"a\", severity=\"page\", team=\"core\"} "
      "annotations differ:",
      "-   bad=\"x\"",
      "+   bad=\"<error expanding template: error executing template __alert_High: template: "
      "__alert_High:1:118: executing \\\"__alert_High\\\" at <gt $value 10>: error calling gt: "
      "incompatible types for comparison>\"",
      "  Labels:{alertname=\"High\", instance=\"b\", severity=\"ticket\", team=\"core\"} "
      "annotations differ:",
      "-   bad=\"x\"",
      "+   bad=\"<error expanding template: error executing template __alert_High: template: "
      "__alert_High:1:118: executing \\\"__alert_High\\\" at <gt $value 10>: error calling gt: "
      "incompatible types for comparison>\"",
  };
  CHECK(p.diff == want_diff);
  CHECK(p.summary ==
        "alert \"High\" at 0s: expected 2 firing alerts, got 2; 2 with different annotations");
  CHECK(p.position.line == 15);  // the first exp_alerts entry
}

TEST_CASE("groups: query_offset and limit") {
  const std::string rules = R"yaml(groups:
  - name: offset
    query_offset: 1m
    rules:
      - record: shifted
        expr: m
  - name: limited
    limit: 1
    rules:
      - record: many
        expr: m2
)yaml";
  const std::string offset_test = R"yaml(rule_files: [rules.yml]
tests:
  - input_series:
      - series: m
        values: 0+1x10
    promql_expr_test:
      # Evaluated at ts - 1m and written there: at 5m the newest sample is
      # the 4m one, with m's value at 4m.
      - expr: shifted
        eval_time: 5m
        exp_samples:
          - labels: shifted
            value: 4
      - expr: timestamp(shifted)
        eval_time: 5m
        exp_samples:
          - value: 240
)yaml";
  CHECK(Run(offset_test, rules) == kSuccess);
  const std::string limit_test = R"yaml(rule_files: [rules.yml]
tests:
  - input_series:
      - series: m2{a="1"}
        values: 1
      - series: m2{a="2"}
        values: 1
    promql_expr_test:
      - expr: many
        eval_time: 1m
)yaml";
  CHECK(Run(limit_test, rules) ==
        "  FAILED:\n    rule: many, time: 0s, err: exceeded limit of 1 with 2 series\n\n\n");
}

TEST_CASE("name removal: immediate by default, delayed with the feature") {
  // name_label_dropping.test: with delayed removal the names survive rate()
  // long enough for label_replace to copy them; immediate removal makes the
  // two rate() outputs collide.
  const std::string test = R"yaml(tests:
  - input_series:
      - series: a_total{x="1"}
        values: 0+1x10
      - series: b_total{x="1"}
        values: 0+2x10
    promql_expr_test:
      - expr: 'label_replace(rate({x="1"}[5m]), "n", "$1", "__name__", "(.+)")'
        eval_time: 5m
        exp_samples:
          - labels: '{n="a_total",x="1"}'
            value: 0.016666666666666666
          - labels: '{n="b_total",x="1"}'
            value: 0.03333333333333333
)yaml";
  CHECK(Run(test).find("vector cannot contain metrics with the same labelset") !=
        std::string::npos);
  Options delayed;
  delayed.delayed_name_removal = true;
  CHECK(Run(test, "", delayed) == kSuccess);
}

TEST_CASE("input series: errors positioned at the series entry") {
  ttam::testing::MemoryFileSystem fs;
  fs.files["/t/test.yml"] =
      "tests:\n  - input_series:\n      - series: a\n        values: 1\n"
      "      - series: 'b{x=\"1\"'\n        values: 1 2\n";
  FileOutcome out = RunTestFile("/t/test.yml", fs);
  REQUIRE(out.groups.size() == 1);
  REQUIRE(out.groups[0].problems.size() == 1);
  const ttam::ruletest::Problem& p = out.groups[0].problems[0];
  CHECK(p.kind == ttam::ruletest::ProblemKind::kInputSeries);
  CHECK(p.position.line == 5);
  CAPTURE(p.text);
  CHECK(p.text.starts_with("2:9: parse error: "));
}
