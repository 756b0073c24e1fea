#include "cardinality/budget.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cardinality/checks.h"
#include "helpers.h"
#include "support/checks_page.h"

namespace ttam::cardinality {
namespace {

using testing::Measure;
using testing::Render;

// `n` series of `name` with label `label` = 0..n-1 (prefixed by `prefix`).
std::string Series(std::string_view name, int n, std::string_view label = "user",
                   std::string_view prefix = "u") {
  std::string out = "# TYPE " + std::string(name) + " counter\n";
  for (int i = 0; i < n; ++i) {
    out += std::string(name) + "_total{" + std::string(label) + "=\"" + std::string(prefix) +
           std::to_string(i) + "\"} 1\n";
  }
  return out;
}

TEST_CASE("budget: glob patterns") {
  struct Case {
    std::string_view pattern, name;
    bool want;
  };
  const Case cases[] = {
      {"primitive_*", "primitive_requests_total", true},
      {"primitive_*", "other", false},
      {"*_seconds", "a_seconds", true},
      {"a?c", "abc", true},
      {"a?c", "ac", false},
      {"[ab]x", "bx", true},
      {"[a-c]x", "dx", false},
      {"[!a-c]x", "dx", true},
      {"[^a]x", "ax", false},
      {"a[", "a[", true},
      {"*", "", true},
      {"exact", "exact", true},
      {"*a*b*", "xxaxxbxx", true},
      {"*a*b", "xxaxxbxc", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.name);
    CHECK(GlobMatch(c.pattern, c.name) == c.want);
  }
}

TEST_CASE("budget: series per metric, label values and total, without a limits file") {
  Measurement m = Measure(Series("big", 5) + Series("small", 2, "code", "c"));
  Limits limits;
  limits.max_series_per_metric = 4;
  limits.max_label_values = 3;
  limits.max_total_series = 6;
  diag::CollectingSink sink;
  CheckBudgets(m, limits, "metrics.prom", sink);
  CHECK(Render(sink) ==
        "metrics.prom:0:0: error: metric \"big\" (counter) has 5 series, over its limit of 4 "
        "(--max-series-per-metric); driven by user (5 values); top values of user: \"u0\" (1 "
        "series), \"u1\" (1 series), \"u2\" (1 series). Drop or bucket user (ids belong in logs, "
        "traces or exemplars), or raise the limit for this metric in a limits file "
        "[cardinality/series-per-metric]\n"
        "metrics.prom:0:0: error: label \"user\" has 5 distinct values, over the limit of 3 "
        "(--max-label-values); top values: \"u0\" (1 series), \"u1\" (1 series), \"u2\" (1 "
        "series). Every value is a series of every metric that carries it: drop the label or map "
        "its values to a small fixed set [cardinality/label-values]\n"
        "metrics.prom:0:0: error: 7 series in total, over the limit of 6 (--max-total-series); "
        "the largest metrics: big (5), small (2). Reduce the largest metrics' labels or drop "
        "unused metrics (metric_relabel_configs) [cardinality/total-series]\n");

  diag::CollectingSink quiet;
  CheckBudgets(m, Limits{}, "metrics.prom", quiet);  // default 1000, no other limits
  CHECK(quiet.diagnostics.empty());
}

TEST_CASE("budget: a limits file overrides per metric; the first match wins") {
  Limits limits;
  diag::CollectingSink sink;
  REQUIRE(LoadLimitsFile("limits.yml",
                         "max_series_per_metric: 2\n"
                         "metrics:\n"
                         "  - match: \"big*\"\n"
                         "    max_series: 10\n"
                         "  - match: \"b*\"\n"
                         "    max_series: 1\n"
                         "  - {match: \"small\", max_series: 1}\n",
                         limits, sink));
  CHECK(sink.diagnostics.empty());
  CHECK(limits.max_series_per_metric == 2);
  REQUIRE(limits.per_metric.size() == 3);
  CHECK(limits.per_metric[2].line == 7);
  Measurement m = Measure(Series("big", 5) + Series("bar", 2) + Series("small", 2, "code", "c") +
                          Series("other", 3));
  diag::CollectingSink findings;
  CheckBudgets(m, limits, "m.prom", findings);
  std::string out = Render(findings);
  CHECK(out.find("\"big\"") == std::string::npos);
  CHECK(out.find(
            "metric \"bar\" (counter) has 2 series, over its limit of 1 (limits file: \"b*\")") !=
        std::string::npos);
  CHECK(out.find("  note: limits.yml:5:5: limit 1 for \"b*\" set here\n") != std::string::npos);
  CHECK(out.find("metric \"small\" (counter) has 2 series, over its limit of 1") !=
        std::string::npos);
  CHECK(out.find("metric \"other\" (counter) has 3 series, over its limit of 2 "
                 "(--max-series-per-metric)") != std::string::npos);
  CHECK(findings.diagnostics.size() == 3);
}

TEST_CASE("budget: limits file errors are positioned") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"unknown field", "max_series: 10\n",
       "limits.yml:1:1: error: unknown field \"max_series\" (known: max_series_per_metric, "
       "max_label_values, max_total_series, metrics) [cardinality/limits-file]\n"},
      {"not a number", "max_total_series: lots\n",
       "limits.yml:1:19: error: max_total_series must be a non-negative whole number of series, "
       "not \"lots\" [cardinality/limits-file]\n"},
      {"negative", "max_label_values: -1\n",
       "limits.yml:1:19: error: max_label_values must be a non-negative whole number of series, "
       "not \"-1\" [cardinality/limits-file]\n"},
      {"not a mapping", "- a\n",
       "limits.yml:1:1: error: a limits file is a mapping (max_series_per_metric, "
       "max_label_values, max_total_series, metrics), not a list [cardinality/limits-file]\n"},
      {"metrics entry without match, unknown key", "metrics:\n  - max_series: 3\n    matches: x\n",
       "limits.yml:3:5: error: unknown field \"matches\" in metrics[0] (known: match, "
       "max_series) [cardinality/limits-file]\n"
       "limits.yml:2:5: error: this metrics entry has no match (a glob on metric names) "
       "[cardinality/limits-file]\n"},
      {"metrics not a list", "metrics: {a: 1}\n",
       "limits.yml:1:10: error: metrics must be a list of {match: GLOB, max_series: N}, not a "
       "mapping [cardinality/limits-file]\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Limits limits;
    diag::CollectingSink sink;
    CHECK_FALSE(LoadLimitsFile("limits.yml", std::string(c.input), limits, sink));
    CHECK(Render(sink) == c.want);
  }
  Limits limits;
  diag::CollectingSink sink;
  CHECK_FALSE(LoadLimitsFile("limits.yml", "a: [\n", limits, sink));
  REQUIRE(!sink.diagnostics.empty());
  CHECK(sink.diagnostics[0].line > 0);
  diag::CollectingSink empty_sink;
  CHECK(LoadLimitsFile("limits.yml", "# nothing\n", limits, empty_sink));
}

TEST_CASE("budget: suspects become unbounded-label findings") {
  Measurement m = Measure(
      "req{id=\"4f7d2c1e-9b1a-4d55-8a0e-2f1c3b4d5e6f\"} 1\n"
      "req{id=\"0e8f0a52-1111-4a2b-9c3d-aa00bb11cc22\"} 1\n"
      "up{instance=\"10.0.0.1:9100\"} 1\nup{instance=\"10.0.0.2:9100\"} 1\n");
  diag::CollectingSink sink;
  CheckSuspects(m, "http://app/metrics", sink);
  CHECK(Render(sink) ==
        "http://app/metrics:0:0: warning: label \"id\" looks unbounded: 2 of its 2 distinct "
        "values look like a UUID (e.g. \"4f7d2c1e-9b1a-4d55-8a0e-2f1c3b4d5e6f\"), in req; every "
        "new value creates a new series (the guide: no user or request ids in labels): drop it, "
        "or put the id in logs, traces or exemplars [cardinality/unbounded-label]\n");
}

TEST_CASE("budget: --max-growth parsing") {
  struct Case {
    std::string_view text;
    bool ok;
    double percent;
    uint64_t absolute;
  };
  const Case cases[] = {
      {"10%", true, 10, 0},  {"2.5%", true, 2.5, 0}, {"500", true, -1, 500}, {"0", true, -1, 0},
      {"", false, 0, 0},     {"%", false, 0, 0},     {"-5%", false, 0, 0},   {"ten", false, 0, 0},
      {"10 %", false, 0, 0}, {"-3", false, 0, 0},    {"1e3", false, 0, 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Result<Growth> g = ParseGrowth(c.text);
    REQUIRE(g.ok() == c.ok);
    if (!c.ok) {
      CHECK(g.error().message.find("--max-growth") != std::string::npos);
      continue;
    }
    if (c.percent >= 0) {
      REQUIRE(g->percent.has_value());
      CHECK(*g->percent == doctest::Approx(c.percent));
    } else {
      REQUIRE(g->absolute.has_value());
      CHECK(*g->absolute == c.absolute);
    }
  }
}

TEST_CASE("budget: baseline growth, percent and absolute, new metrics") {
  Measurement base = Measure(Series("a", 10) + Series("b", 10));
  Measurement now = Measure(Series("a", 12) + Series("b", 10) + Series("c", 3));
  {
    diag::CollectingSink sink;
    CompareBaseline(now, base, *ParseGrowth("10%"), "m.prom", sink);
    CHECK(Render(sink) ==
          "m.prom:0:0: error: metric \"a\" grew from 10 to 12 series (+2, 20.0%), more than the "
          "allowed 10.0%; driven by user (12 values). If the growth is intended, save a new "
          "baseline with --save [cardinality/growth]\n"
          "m.prom:0:0: error: new metric \"c\" has 3 series (not in the baseline; allowed growth "
          "10.0%); driven by user (3 values). If the growth is intended, save a new baseline "
          "with --save [cardinality/growth]\n"
          "m.prom:0:0: error: total series grew from 20 to 25 (+5, 25.0%), more than the allowed "
          "10.0%. If the growth is intended, save a new baseline with --save "
          "[cardinality/growth]\n");
  }
  {
    diag::CollectingSink sink;
    CompareBaseline(now, base, *ParseGrowth("2"), "m.prom", sink);
    std::string out = Render(sink);
    CHECK(sink.diagnostics.size() == 2);  // c (+3) and the total (+5); a grew by exactly 2
    CHECK(out.find("new metric \"c\"") != std::string::npos);
    CHECK(out.find("total series grew from 20 to 25") != std::string::npos);
  }
  {
    diag::CollectingSink sink;
    CompareBaseline(now, base, *ParseGrowth("50%"), "m.prom", sink);
    CHECK(sink.diagnostics.size() == 1);  // only the new metric
  }
  {
    diag::CollectingSink sink;
    CompareBaseline(base, now, *ParseGrowth("0"), "m.prom", sink);  // shrinking is fine
    CHECK(sink.diagnostics.empty());
  }
}

TEST_CASE("checks: every id is listed once") {
  std::vector<std::string_view> ids;
  for (const diag::CheckInfo& info : CardinalityChecks()) ids.push_back(info.id);
  const std::vector<std::string_view> want = {
      "cardinality/series-per-metric",    "cardinality/label-values",
      "cardinality/total-series",         "cardinality/unbounded-label",
      "cardinality/target-limit",         "cardinality/growth",
      "cardinality/limits-file",          "cardinality/target-down",
      "cardinality/unresolved-discovery", "cardinality/target-config"};
  CHECK(ids == want);
}

TEST_CASE("checks: the man page documents each id with its default severity") {
  std::string page = ttam::test::ReadChecksPage();
  REQUIRE_MESSAGE(!page.empty(), "cannot read man/ttam-checks.7");
  for (const diag::CheckInfo& info : CardinalityChecks()) {
    CAPTURE(info.id);
    std::string want = ttam::test::ChecksPageSection(std::string(info.id), info.default_severity);
    CHECK(page.find(want) != std::string::npos);
  }
}

}  // namespace
}  // namespace ttam::cardinality
