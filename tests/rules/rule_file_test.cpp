#include "rules/rule_file.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/checks_page.h"

using ttam::diag::CollectingSink;
using ttam::rules::LoadRuleFile;

namespace {

std::string Render(const CollectingSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics) {
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.check + ": " +
           d.message + "\n";
  }
  return out;
}

struct Case {
  const char* name;
  const char* input;
  const char* want;  // rendered diagnostics; "" = valid
};

const Case kCases[] = {
    {"the guide's recording rules are valid",
     "groups:\n  - name: primitive_slos\n    interval: 30s\n    rules:\n"
     "      - record: primitive:duration_seconds:p95\n        expr: |\n"
     "          histogram_quantile(0.95,\n            "
     "sum(rate(primitive_duration_seconds_bucket[5m]))"
     " by (le, primitive_name))\n"
     "      - alert: HighErrorRate\n        expr: job:errors:ratio > 0.05\n        for: 5m\n"
     "        labels:\n          severity: page\n        annotations:\n"
     "          summary: \"{{ $labels.primitive_name }} fails\"\n",
     ""},
    {"duplicate group names", "groups:\n  - name: a\n  - name: a\n",
     "3:11 rules/duplicate-group: groups[1].name: group name \"a\" is repeated in the same file; "
     "group names must be unique within a file\n"},
    {"record and alert",
     "groups:\n  - name: g\n    rules:\n      - record: a\n        alert: B\n"
     "        expr: '1'\n",
     "4:17 rules/structure: groups[0].rules[0]: only one of \"record\" and \"alert\" may be set: "
     "a rule either records a series or fires an alert\n"},
    {"neither record nor alert", "groups:\n  - name: g\n    rules:\n      - expr: '1'\n",
     "4:9 rules/structure: groups[0].rules[0]: one of \"record\" or \"alert\" must be set\n"},
    {"no expr", "groups:\n  - name: g\n    rules:\n      - record: r\n",
     "4:9 rules/structure: groups[0].rules[0].expr: \"expr\" must be set: the PromQL expression "
     "the rule evaluates\n"},
    {"for on a recording rule",
     "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: '1'\n        for: 1m\n",
     "6:14 rules/structure: groups[0].rules[0].for: recording rules cannot have \"for\" (only "
     "alerts do)\n"},
    {"braces in a record name",
     "groups:\n  - name: g\n    rules:\n      - record: a{b=\"c\"}\n        expr: '1'\n",
     "4:17 rules/invalid-name: groups[0].rules[0].record: braces in the recording rule name "
     "\"a{b=\"c\"}\": the name is a metric name; selectors belong in \"expr\"\n"},
    {"__name__ label",
     "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: '1'\n"
     "        labels:\n          __name__: x\n",
     "7:11 rules/invalid-name: groups[0].rules[0].labels: invalid label name \"__name__\": rules "
     "cannot set the metric name through labels\n"},
    {"a group that is not a mapping", "groups:\n  - x\n",
     "2:5 rules/type: groups[0]: expected a mapping of fields, got a scalar\n"},
    {"a rule that is not a mapping", "groups:\n  - name: a\n    rules:\n      - x\n",
     "4:9 rules/type: groups[0].rules[0]: expected a mapping of fields, got a scalar\n"},
    {"an invalid group interval", "groups:\n  - name: g\n    interval: 1.5m\n    rules: []\n",
     "3:15 rules/value: groups[0].interval: invalid duration \"1.5m\": use an integer and a unit, "
     "e.g. 10s, 1m30s, 500ms (units: ms, s, m, h, d, w, y)\n"},
    {"unknown field with a suggestion",
     "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: '1'\n        annotation:\n"
     "          summary: x\n",
     "6:9 rules/unknown-field: unknown field \"annotation\" in groups[0].rules[0]; did you mean "
     "\"annotations\"?\n"},
};

}  // namespace

TEST_CASE("rule files: structure as Prometheus loads it") {
  for (const Case& c : kCases) {
    CAPTURE(std::string(c.name));
    CollectingSink sink;
    auto file = LoadRuleFile("r.yml", c.input, sink, ttam::RealFileSystem());
    CHECK(Render(sink) == c.want);
    CHECK(file.valid == (std::string(c.want).empty()));
  }
}

TEST_CASE("rule files: metric names an expression selects, from its AST") {
  struct Sel {
    const char* expr;
    std::vector<std::string> want;
  };
  const Sel cases[] = {
      {"histogram_quantile(0.95, sum(rate(primitive_duration_seconds_bucket[5m])) by (le, "
       "primitive_name))",
       {"primitive_duration_seconds_bucket"}},
      {"sum by (job) (rate(a_total{code=~\"5..\"}[5m])) / on(job) group_left sum(b)",
       {"a_total", "b"}},
      {"{__name__=\"x\", job=\"y\"} offset 5m and up", {"up", "x"}},
      {"time() - process_start_time_seconds > 3600", {"process_start_time_seconds"}},
      {"label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\") or vector(1)", {"up"}},
      {"{__name__=~\"x|y\"}", {}},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.expr));
    CollectingSink sink;
    std::string text = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: '" +
                       std::string(c.expr) + "'\n";
    auto file = LoadRuleFile("r.yml", text, sink, ttam::RealFileSystem());
    REQUIRE(Render(sink) == "");
    REQUIRE(file.groups.size() == 1);
    REQUIRE(file.groups[0].rules.size() == 1);
    CHECK(ttam::rules::SelectedMetrics(file, file.groups[0].rules[0]) == c.want);
  }
}

TEST_CASE("rule files: PromQL errors point inside the expression, whatever its YAML style") {
  const Case cases[] = {
      {"plain", "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: rate(up)\n",
       "5:20 promql/type: invalid PromQL in \"expr\": expected type range vector in call to "
       "function \"rate\", got instant vector\n"},
      {"single-quoted with a doubled quote",
       "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: 'up{a=''b''} +'\n",
       "5:29 promql/syntax: invalid PromQL in \"expr\": unexpected end of input\n"},
      {"double-quoted with escapes",
       "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: \"up{a=\\\"b\\\"} + "
       "foo(\"\n",
       "5:34 promql/syntax: invalid PromQL in \"expr\": unclosed left parenthesis\n"},
      {"literal block, third line",
       "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: |\n"
       "          sum(\n            rate(x[5m])\n          ) by (le) + rate(y)\n",
       "8:28 promql/type: invalid PromQL in \"expr\": expected type range vector in call to "
       "function \"rate\", got instant vector\n"},
      {"folded block, second line",
       "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: >-\n"
       "          sum(rate(x[5m]))\n          / rate(y)\n",
       "7:18 promql/type: invalid PromQL in \"expr\": expected type range vector in call to "
       "function \"rate\", got instant vector\n"},
      {"plain, continued on the next line",
       "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: sum(x)\n"
       "          / rate(y)\n",
       "6:18 promql/type: invalid PromQL in \"expr\": expected type range vector in call to "
       "function \"rate\", got instant vector\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CollectingSink sink;
    auto file = LoadRuleFile("r.yml", c.input, sink, ttam::RealFileSystem());
    CHECK(Render(sink) == c.want);
    CHECK_FALSE(file.valid);
  }
}

TEST_CASE("rule files: every rules/* id has a section in man/ttam-checks.7") {
  std::string page = ttam::test::ReadChecksPage();
  REQUIRE(!page.empty());
  for (const char* id : {"rules/structure", "rules/duplicate-group", "rules/invalid-name"}) {
    CAPTURE(std::string(id));
    CHECK(page.find(ttam::test::ChecksPageSection(id)) != std::string::npos);
  }
}
