// Metric types for the type-based rule checks: lookups through families and
// suffixes, TYPE lines of expositions, the built-in table, and the checks
// run with types from --metadata (which win over the table).

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "lint/rules/linter.h"
#include "lint/rules/metric_types.h"
#include "rules/rule_file.h"
#include "support/filesystem.h"
#include "support/text.h"

namespace {

using ttam::expfmt::MetricType;
using ttam::lint::MetricTypes;
using ttam::lint::SeriesKind;

// "counter", "gauge", "histogram", or "unknown", and the source.
std::string KindOf(const MetricTypes& types, std::string_view series) {
  auto known = types.Lookup(series);
  if (!known) return "unknown";
  return std::string(ttam::lint::SeriesKindName(known->kind)) + " (" + std::string(known->source) +
         ")";
}

// Runs check `id` over one rule file with `types`; the findings as
// `line:col: message`.
std::string LintWithTypes(std::string_view id, const std::string& rules, const MetricTypes* types) {
  ttam::diag::CollectingSink load;
  ttam::rules::RuleFile file =
      ttam::rules::LoadRuleFile("rules.yml", rules, load, ttam::RealFileSystem());
  REQUIRE(load.diagnostics.empty());
  std::vector<const ttam::rules::RuleFile*> ptrs{&file};
  ttam::lint::RulesLintInput input{ptrs, nullptr, types};
  ttam::diag::CollectingSink lint;
  ttam::lint::LintRules(input, lint, [&](std::string_view c) { return c == id; });
  std::string out;
  for (const auto& d : lint.diagnostics) {
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message + "\n";
  }
  return out;
}

std::string AlertFile(std::string_view expr) {
  return "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: " + std::string(expr) +
         "\n        for: 5m\n";
}

}  // namespace

TEST_CASE("metric types: series resolve to their families") {
  struct Case {
    std::string_view name, exposition, series, want;
  };
  const std::vector<Case> cases = {
      {"a text-format counter", "# TYPE jobs_total counter\n", "jobs_total", "counter (m)"},
      {"an OpenMetrics counter family", "# TYPE jobs counter\n", "jobs_total", "counter (m)"},
      {"an OpenMetrics counter's _created", "# TYPE jobs counter\n", "jobs_created", "gauge (m)"},
      {"a gauge named _total", "# TYPE ceph_pg_total gauge\n", "ceph_pg_total", "gauge (m)"},
      {"a histogram's bucket", "# TYPE rpc_seconds histogram\n", "rpc_seconds_bucket",
       "counter (m)"},
      {"a histogram's count", "# TYPE rpc_seconds histogram\n", "rpc_seconds_count", "counter (m)"},
      {"a histogram selected whole", "# TYPE rpc_seconds histogram\n", "rpc_seconds",
       "histogram (m)"},
      {"a summary's quantiles", "# TYPE gc_seconds summary\n", "gc_seconds", "gauge (m)"},
      {"a summary's sum", "# TYPE gc_seconds summary\n", "gc_seconds_sum", "counter (m)"},
      {"a gauge histogram's parts", "# TYPE wait_seconds gaugehistogram\n", "wait_seconds_gsum",
       "gauge (m)"},
      {"a suffix of another type", "# TYPE queue_total gauge\n", "queue_total_total", "unknown"},
      {"untyped says nothing", "# TYPE x untyped\n", "x", "unknown"},
      {"not declared", "# TYPE x gauge\n", "y", "unknown"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    MetricTypes types;
    ttam::lint::AddExpositionTypes(c.exposition, "m", types);
    CHECK(KindOf(types, c.series) == c.want);
  }
}

TEST_CASE("metric types: TYPE lines of an exposition, first source wins") {
  MetricTypes types;
  CHECK(ttam::lint::AddExpositionTypes("# HELP a A.\n# TYPE a gauge\na 1\n# TYPE  b   counter\r\n"
                                       "#TYPE c gauge\n# TYPE d nonsense\nb 2\n",
                                       "first", types) == 2);
  CHECK(types.size() == 2);
  MetricTypes later;
  ttam::lint::AddExpositionTypes("# TYPE a counter\n# TYPE e gauge\n", "second", later);
  types.Merge(later);
  CHECK(KindOf(types, "a") == "gauge (first)");
  CHECK(KindOf(types, "b_total") == "counter (first)");
  CHECK(KindOf(types, "e") == "gauge (second)");
}

TEST_CASE("metric types: the built-in table holds the well-known exporters") {
  const MetricTypes& table = ttam::lint::BuiltinMetricTypes();
  CHECK(table.size() > 500);
  CHECK(KindOf(table, "node_memory_MemFree_bytes") == "gauge (node_exporter)");
  CHECK(KindOf(table, "node_cpu_seconds_total") == "counter (node_exporter)");
  CHECK(KindOf(table, "prometheus_http_requests_total") == "counter (prometheus)");
  CHECK(KindOf(table, "alertmanager_notifications_total") == "counter (alertmanager)");
  CHECK(KindOf(table, "probe_success") == "gauge (blackbox_exporter)");
  CHECK(KindOf(table, "push_time_seconds") == "gauge (pushgateway)");
  CHECK(KindOf(table, "go_goroutines") == "gauge (client_golang)");
  CHECK(KindOf(table, "process_cpu_seconds_total") == "counter (client_golang)");
  CHECK(KindOf(table, "go_gc_duration_seconds_count") == "counter (client_golang)");
  CHECK(KindOf(table, "kube_pod_container_status_restarts_total") ==
        "counter (kube-state-metrics)");
  CHECK(KindOf(table, "kube_pod_status_phase") == "gauge (kube-state-metrics)");
  CHECK(KindOf(table, "container_cpu_usage_seconds_total") == "counter (cadvisor)");
  CHECK(KindOf(table, "container_fs_inodes_total") == "gauge (cadvisor)");
}

TEST_CASE("metric types: --metadata types decide the type-based checks") {
  MetricTypes types;
  ttam::lint::AddExpositionTypes(
      "# TYPE ceph_pg_total gauge\n"
      "# TYPE app_queue_depth gauge\n"
      "# TYPE app_jobs_done_total counter\n"
      "# TYPE node_memory_MemFree_bytes counter\n",  // wins over the table (made up)
      "--metadata m.prom", types);
  types.Merge(ttam::lint::BuiltinMetricTypes());

  // A gauge known from metadata: rate() over it is reported, with the source.
  CHECK(
      LintWithTypes("rules/rate-non-counter", AlertFile("rate(app_queue_depth[5m]) > 1"), &types) ==
      "5:20: rate() over \"app_queue_depth\", but it is a gauge (TYPE gauge in --metadata "
      "m.prom): rate() reads every decrease as a counter reset, so the result is wrong; use "
      "deriv() or delta() for a gauge\n");
  // Metadata wins over the built-in table.
  CHECK(LintWithTypes("rules/rate-non-counter",
                      AlertFile("rate(node_memory_MemFree_bytes[5m]) > 1"), &types) == "");
  CHECK(LintWithTypes("rules/rate-non-counter",
                      AlertFile("rate(node_memory_MemFree_bytes[5m]) > 1"), nullptr) != "");
  // Without type knowledge, the same rate() is silent.
  CHECK(LintWithTypes("rules/rate-non-counter", AlertFile("rate(app_queue_depth[5m]) > 1"),
                      nullptr) == "");

  // A gauge named _total: silent even on == 1, which a mere name would report.
  CHECK(LintWithTypes("rules/counter-without-rate", AlertFile("ceph_pg_total == 1"), &types) == "");
  CHECK(LintWithTypes("rules/counter-without-rate", AlertFile("ceph_pg_total == 1"), nullptr) !=
        "");
  // A counter known from metadata, thresholded raw: reported.
  CHECK(
      LintWithTypes("rules/counter-without-rate", AlertFile("app_jobs_done_total > 100"), &types) ==
      "5:15: \"app_jobs_done_total\" is a counter (TYPE counter in --metadata m.prom) used as "
      "a raw value: its total since the process started resets to zero on every restart, so "
      "the result follows restarts rather than traffic; use rate(app_jobs_done_total[5m]) or "
      "increase(app_jobs_done_total[1h]) instead\n");
  CHECK(LintWithTypes("rules/counter-without-rate", AlertFile("app_jobs_done_total > 100"),
                      nullptr) == "");
}

// The real-world corpus (../shared/corpus/realworld/rules, README there): the
// findings its README labels false stay away, and these ids stay near zero
// (before real types: 5 rate-non-counter, 26 counter-without-rate and 1
// time-arithmetic findings, every one of them read and found wrong or noise).
TEST_CASE("metric types: the type-based checks on the real-world rule files") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(TTAM_CORPUS_DIR) / "realworld" / "rules";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    MESSAGE("skipped: reads ../shared/corpus; no corpus at " << dir.string());
    return;
  }
  std::vector<std::string> paths;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file()) paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() >= 18);
  std::map<std::string, std::vector<std::string>> found;  // id -> file:line
  for (const std::string& path : paths) {
    auto text = ttam::RealFileSystem().Read(path);
    REQUIRE(text);
    ttam::diag::CollectingSink load;
    ttam::rules::RuleFile file =
        ttam::rules::LoadRuleFile(path, std::move(*text), load, ttam::RealFileSystem());
    std::vector<const ttam::rules::RuleFile*> ptrs{&file};
    ttam::diag::CollectingSink lint;
    ttam::lint::LintRules({ptrs, nullptr, nullptr}, lint, [](std::string_view id) {
      return id == "rules/rate-non-counter" || id == "rules/counter-without-rate" ||
             id == "rules/time-arithmetic";
    });
    for (const auto& d : lint.diagnostics) {
      found[d.check].push_back(fs::relative(d.path, dir).string() + ":" + std::to_string(d.line));
    }
  }
  for (const auto& entry : found) {
    const std::string& id = entry.first;
    std::string where = ttam::Join(entry.second, ", ");
    CAPTURE(id);
    CAPTURE(where);
    CHECK(entry.second.empty());
  }
}
