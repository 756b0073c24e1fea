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
       "5:33 promql/syntax: invalid PromQL in \"expr\": unclosed left parenthesis\n"},
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

namespace {

struct DocumentsCase {
  const char* name;
  ttam::rules::Dialect dialect;
  const char* input;
  size_t want_files;
  const char* want;  // rendered diagnostics of every document
};

const DocumentsCase kDocumentsCases[] = {
    {"a PrometheusRule manifest: spec.groups at the manifest's lines",
     ttam::rules::Dialect::kPrometheus,
     "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: x\n"
     "spec:\n  groups:\n  - name: g\n    rules:\n    - record: r\n      expr: sum(up) +\n",
     1, "10:22 promql/syntax: invalid PromQL in \"expr\": unexpected end of input\n"},
    {"manifests after other kinds and an empty document", ttam::rules::Dialect::kPrometheus,
     "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n# only a comment\n---\n"
     "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: a}\n"
     "spec:\n  groups:\n  - name: g\n    rules:\n    - record: r\n      expr: up\n"
     "    bogus: 1\n---\n"
     "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: b}\n"
     "spec:\n  groups:\n  - name: g\n    rules: []\n",
     2,
     "17:5 rules/unknown-field: unknown field \"bogus\" in spec.groups[0] (Prometheus rejects "
     "fields it does not know)\n"},
    {"a quoted kind", ttam::rules::Dialect::kPrometheus,
     "apiVersion: v1\nkind: \"ConfigMap\"\n---\napiVersion: monitoring.coreos.com/v1\n"
     "kind: \"PrometheusRule\"\nspec:\n  groups: []\n",
     1, ""},
    {"a manifest's spec has nothing but groups", ttam::rules::Dialect::kPrometheus,
     "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  group: []\n", 1,
     "4:3 rules/unknown-field: unknown field \"group\" in spec; did you mean \"groups\"?\n"},
    {"kubectl's kind: List: each PrometheusRule item is read, other kinds are skipped",
     ttam::rules::Dialect::kPrometheus,
     "apiVersion: v1\nkind: List\nmetadata: {resourceVersion: \"\"}\nitems:\n"
     "- apiVersion: monitoring.coreos.com/v1\n  kind: PrometheusRule\n  metadata: {name: a}\n"
     "  spec:\n    groups:\n    - name: g\n      rules:\n      - record: r\n        expr: up +\n"
     "- apiVersion: v1\n  kind: ConfigMap\n  data: {x: y}\n"
     "- apiVersion: monitoring.coreos.com/v1\n  kind: PrometheusRule\n  metadata: {name: b}\n"
     "  spec:\n    groups:\n    - name: g\n      rules: []\n    - name: g\n      rules: []\n",
     1,
     "13:19 promql/syntax: invalid PromQL in \"expr\": unexpected end of input\n"
     "24:13 rules/duplicate-group: items[2].spec.groups[1].name: group name \"g\" is repeated in "
     "the same file; group names "
     "must be unique within a file\n"},
    {"a kind: List of other kinds only holds no rules", ttam::rules::Dialect::kPrometheus,
     "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n"
     "  data: {x: y}\n",
     1, ""},
    {"kind: List documents of a multi-document file", ttam::rules::Dialect::kPrometheus,
     "apiVersion: v1\nkind: List\nitems:\n- apiVersion: monitoring.coreos.com/v1\n"
     "  kind: PrometheusRule\n  spec:\n    groups: []\n---\n"
     "apiVersion: v1\nkind: List\nitems:\n- apiVersion: monitoring.coreos.com/v1\n"
     "  kind: PrometheusRule\n  spec:\n    groups:\n    - {name: g, rules: [{record: r, expr: "
     "'x{'}]}\n",
     2, "16:46 promql/syntax: invalid PromQL in \"expr\": unexpected end of input inside braces\n"},
    {"vmalert: several plain documents", ttam::rules::Dialect::kVmalert,
     "groups:\n  - name: a\n    concurrency: 2\n    rules: []\n---\ngroups:\n  - name: b\n"
     "    type: graphite\n    rules:\n      - alert: G\n        expr: sumSeries(a.b)\n",
     2, ""},
    {"vmalert: a negative concurrency", ttam::rules::Dialect::kVmalert,
     "groups:\n  - name: a\n    concurrency: -1\n    rules: []\n", 1,
     "3:18 rules/value: groups[0].concurrency: must be at least 0, got -1\n"},
    {"prometheus: a second document is not a rule file of its own",
     ttam::rules::Dialect::kPrometheus, "groups: []\n---\ngroups: []\n", 1, "*"},
};

}  // namespace

TEST_CASE("rule files: manifests and multi-document files, one rule file per document") {
  for (const DocumentsCase& c : kDocumentsCases) {
    CAPTURE(c.name);
    CollectingSink sink;
    ttam::FileSystem& fs = ttam::RealFileSystem();
    ttam::rules::LoadOptions options;
    options.dialect = c.dialect;
    auto files = ttam::rules::LoadRuleFiles("r.yml", c.input, sink, fs, options);
    CHECK(files.size() == c.want_files);
    if (std::string(c.want) != "*") CHECK(Render(sink) == std::string(c.want));
  }
}

TEST_CASE("rule files: --ignore-unknown-fields drops unknown fields and keeps the file valid") {
  const char* text =
      "groups:\n  - name: g\n    owner: a\n    rules:\n      - record: r\n        expr: up\n"
      "        runbook: x\n";
  ttam::FileSystem& fs = ttam::RealFileSystem();
  CollectingSink strict;
  CHECK_FALSE(LoadRuleFile("r.yml", text, strict, fs).valid);
  CHECK(strict.diagnostics.size() == 2);
  ttam::rules::LoadOptions options;
  options.ignore_unknown_fields = true;
  CollectingSink lenient;
  auto file = LoadRuleFile("r.yml", text, lenient, fs, options);
  CHECK(file.valid);
  CHECK(lenient.diagnostics.empty());
  REQUIRE(file.groups.size() == 1);
  CHECK(file.groups[0].rules.size() == 1);
}

TEST_CASE("rule files: ParseDialect") {
  ttam::rules::Dialect d = ttam::rules::Dialect::kPrometheus;
  CHECK(ttam::rules::ParseDialect("thanos", &d));
  CHECK(d == ttam::rules::Dialect::kThanos);
  CHECK(ttam::rules::ParseDialect("vmalert", &d));
  CHECK(d == ttam::rules::Dialect::kVmalert);
  CHECK(ttam::rules::ParseDialect("prometheus", &d));
  CHECK(d == ttam::rules::Dialect::kPrometheus);
  CHECK_FALSE(ttam::rules::ParseDialect("Thanos", &d));
  CHECK_FALSE(ttam::rules::ParseDialect("", &d));
}
