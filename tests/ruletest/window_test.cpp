// What keeps a rule-test run small and fast, and must not change a result:
// how far back queries read (query_reach), the compact input values
// (series_input), dropping old samples (Storage::DropBefore), runs whose
// results need old data or data past the evaluation time, and alert
// expansions reused from one evaluation to the next.

#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "eval/promqltest.h"
#include "eval/storage.h"
#include "promql/parser.h"
#include "ruletest/promtool_text.h"
#include "ruletest/query_reach.h"
#include "ruletest/runner.h"
#include "ruletest/series_input.h"
#include "support/memory_fs.h"

namespace ttam::ruletest {
namespace {

constexpr int64_t kLookback = 5 * 60 * 1000;

TEST_CASE("query reach: how far back a query reads, or unbounded") {
  struct Case {
    std::string_view name, expr;
    std::optional<int64_t> want;  // ms; nullopt: unbounded
  };
  const Case cases[] = {
      {"no selector", "1 + 2", 0},
      {"instant selector: the lookback", "x", kLookback},
      {"range", "rate(x[10m])", 600000},
      {"offset adds", "x offset 1h", 3600000 + kLookback},
      {"range and offset", "rate(x[1m] offset 2m)", 180000},
      {"the farthest selector wins", "x + on() group_left sum(rate(y[30m]))", 1800000},
      {"subquery: range, offset and inner reach", "max_over_time(rate(x[1m])[10m:1m] offset 5m)",
       600000 + 300000 + 60000},
      {"nested subqueries add up", "max_over_time(max_over_time(x[2m:30s])[3m:1m])",
       180000 + 120000 + kLookback},
      {"negative offset", "x offset -1m", std::nullopt},
      {"negative subquery offset", "max_over_time(x[5m:1m] offset -1m)", std::nullopt},
      {"@ timestamp", "x @ 100", std::nullopt},
      {"@ end()", "x @ end()", std::nullopt},
      {"@ on a subquery", "max_over_time(x[5m:1m] @ 100)", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    promql::ParseResult parsed = promql::Parse(c.expr);
    REQUIRE(parsed.ok());
    CHECK(QueryReach(*parsed.expr, kLookback) == c.want);
  }
}

TEST_CASE("query reach: duration expressions, extended ranges and info() are unbounded") {
  const promql::ParseOptions options = promql::ParseOptions::All();
  for (std::string_view expr :
       {"x offset (1m + 1m)", "rate(x[step()])", "rate(x[5m] anchored)", "x smoothed", "info(x)"}) {
    CAPTURE(expr);
    promql::ParseResult parsed = promql::Parse(expr, options);
    REQUIRE(parsed.ok());
    CHECK_FALSE(QueryReach(*parsed.expr, kLookback).has_value());
  }
}

TEST_CASE("input values: stored bit for bit as the notation expands them") {
  // Arithmetic runs, floats, doubles, markers and omitted values.
  const std::vector<std::string> notations = {
      "0+3x240",
      "0.1+0.1x30",
      "1e308+1e308x3",
      "5-0.3x20",
      "-0 0 -0",
      "NaN NaN",
      "1 _x3 2 stale 3",
      "47 83 12 7.5",
      "1e-50 2",
      "3.4028235e38 1",
      "Inf -Inf",
      "0.1 0.2 0.30000000000000004",
      "7x5",
      "2",
  };
  std::vector<InputSeries> series;
  for (size_t i = 0; i < notations.size(); ++i)
    series.push_back(InputSeries{"s{i=\"" + std::to_string(i) + "\"}", notations[i], {}});
  Result<LazyInput> input = LazyInput::Parse(series, 0, 1000);
  REQUIRE(input);
  eval::Storage storage;
  // In two parts, as the loop appends them.
  REQUIRE(input->AppendTill(10000, storage, false));
  REQUIRE(input->AppendTill(1000000, storage, false));
  for (size_t i = 0; i < notations.size(); ++i) {
    CAPTURE(notations[i]);
    auto parsed = eval::promqltest::ParseSeriesDesc(series[i].series + " " + notations[i]);
    const auto& desc = std::get<eval::promqltest::SeriesDesc>(parsed);
    std::vector<std::string> want, got;
    for (size_t k = 0; k < desc.values.size(); ++k) {
      if (desc.values[k].kind != eval::promqltest::SeqValue::Kind::kFloat) continue;
      want.push_back(std::to_string(k * 1000) + "=" +
                     std::to_string(std::bit_cast<uint64_t>(desc.values[k].value)));
    }
    const eval::Series* stored = storage.Find(desc.labels);
    REQUIRE(stored != nullptr);
    for (const eval::Sample& s : stored->samples())
      got.push_back(std::to_string(s.t) + "=" + std::to_string(std::bit_cast<uint64_t>(s.v)));
    CHECK(got == want);
  }
}

TEST_CASE("storage: DropBefore keeps the samples at or after the bound") {
  eval::Storage storage;
  model::Labels a = model::Labels::FromUnsorted({{"__name__", "a"}});
  model::Labels b = model::Labels::FromUnsorted({{"__name__", "b"}});
  for (int64_t t = 0; t < 10; ++t) REQUIRE(storage.Append(a, t * 10, static_cast<double>(t)));
  REQUIRE(storage.Append(b, 5, 1.0, 3));
  REQUIRE(storage.Append(b, 50, 2.0, 4));
  storage.DropBefore(50);
  CHECK(storage.SampleCount() == 6);
  CHECK(storage.SeriesCount() == 2);
  std::string times;
  for (const eval::Sample& s : storage.Find(a)->samples()) times += std::to_string(s.t) + " ";
  CHECK(times == "50 60 70 80 90 ");
  const eval::Series* sb = storage.Find(b);
  REQUIRE(sb->samples().size() == 1);
  CHECK(sb->StartTimestamps(sb->samples()).size() == 1);
  CHECK(sb->StartTimestamps(sb->samples())[0] == 4);
  storage.DropBefore(1000);
  CHECK(storage.SampleCount() == 0);
  CHECK(storage.Find(a)->samples().empty());
  // Appending continues after a drop.
  REQUIRE(storage.Append(a, 2000, 1.0));
  CHECK(storage.SampleCount() == 1);
}

std::string Run(const std::string& test, const std::string& rules) {
  testing::MemoryFileSystem fs;
  fs.files["/t/test.yml"] = test;
  fs.files["/t/rules.yml"] = rules;
  return PromtoolText(RunTestFile("/t/test.yml", fs, Options{}));
}

// Five hours of input at 1m; expression tests early, late and far back.
constexpr const char* kInput = R"(rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'x{job="a"}'
        values: '0+1x300'
      - series: 'y{job="a"}'
        values: '1 2 _ 4 stale 6 7.5 8 9x10'
    alert_rule_test:
      - eval_time: 205m
        alertname: XHigh
        exp_alerts: []
      - eval_time: 230m
        alertname: XHigh
        exp_alerts:
          - exp_labels: {job: a}
            exp_annotations: {summary: '230'}
    promql_expr_test:
      - expr: x
        eval_time: 10m
        exp_samples:
          - labels: 'x{job="a"}'
            value: 10
      - expr: job:x:rate5m
        eval_time: 4h
        exp_samples:
          - labels: 'job:x:rate5m{job="a"}'
            value: 0.016666666666666666
      - expr: x offset 3h
        eval_time: 4h
        exp_samples:
          - labels: 'x{job="a"}'
            value: 60
      - expr: max_over_time(x[1h])
        eval_time: 4h
        exp_samples:
          - labels: '{job="a"}'
            value: 240
      - expr: y
        eval_time: 3m
        exp_samples:
          - labels: 'y{job="a"}'
            value: 4
      - expr: y
        eval_time: 6m
        exp_samples:
          - labels: 'y{job="a"}'
            value: 7.5
)";

constexpr const char* kRules = R"(groups:
  - name: g
    rules:
      - record: job:x:rate5m
        expr: sum by (job) (rate(x[5m]))
      - alert: XHigh
        expr: x > 200
        for: 10m
        annotations:
          summary: '{{ $value }}'
)";

TEST_CASE("runs: old data stays for the queries that read it (promtool 2.42 passes these)") {
  // Every query's reach is bounded: old samples are dropped as the run goes,
  // but not those the expression tests read.
  CHECK(Run(kInput, kRules) == "  SUCCESS\n\n");
  // With `@` and negative offsets (nothing dropped; the lazy loading still
  // shows only samples up to the last evaluation step, 240m: not 242).
  std::string test = std::string(kInput) + R"(      - expr: x offset -1h
        eval_time: 1h
        exp_samples:
          - labels: 'x{job="a"}'
            value: 120
      - expr: x_at_60
        eval_time: 4h
        exp_samples:
          - labels: 'x_at_60{job="a"}'
            value: 1
      - expr: x offset -42m
        eval_time: 200m
        exp_samples:
          - labels: 'x{job="a"}'
            value: 240
)";
  std::string rules = std::string(kRules) + R"(      - record: x_at_60
        expr: x @ 60
)";
  CHECK(Run(test, rules) == "  SUCCESS\n\n");
}

TEST_CASE("alerts: expansions follow each sample's value (promtool 2.42 passes this)") {
  const std::string rules = R"(groups:
  - name: g
    rules:
      - alert: G
        expr: g > 0
        labels:
          severity: '{{ if gt $value 1.5 }}high{{ else }}low{{ end }}'
        annotations:
          summary: '{{ $value }} {{ $labels.job }}'
)";
  const std::string test = R"(rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'g{job="a"}'
        values: '1 1 1 2 2 2'
      - series: 'g{job="b"}'
        values: '2 2 2 2 2 2'
    alert_rule_test:
      - eval_time: 2m
        alertname: G
        exp_alerts:
          - exp_labels: {job: a, severity: low}
            exp_annotations: {summary: '1 a'}
          - exp_labels: {job: b, severity: high}
            exp_annotations: {summary: '2 b'}
      - eval_time: 4m
        alertname: G
        exp_alerts:
          - exp_labels: {job: a, severity: high}
            exp_annotations: {summary: '2 a'}
          - exp_labels: {job: b, severity: high}
            exp_annotations: {summary: '2 b'}
)";
  CHECK(Run(test, rules) == "  SUCCESS\n\n");
}

}  // namespace
}  // namespace ttam::ruletest
