// `ttam record --config` against a real prometheus (Debian package, 2.42)
// scraping the same prometheus.yml: a fixture app with static values (a
// label clashing with the job label, a metric a metric_relabel_configs rule
// drops by the target's own label), prometheus-node-exporter and an app on
// the official Python client (samples/primitive_app.py, OpenMetrics). The check:
// the series ttam's file holds at its last scrape are the series the server
// holds now, label for label (scrape_series_added aside, which record does
// not write); for the fixture, whose values never change, the values too;
// for node-exporter, whose series can come and go between two scrapes, all
// but a handful. Values that depend on when a scrape happened (durations,
// node-exporter's readings, the Python app's histogram, which grows with
// every scrape of either scraper) are not compared. The recording then
// loads with `promtool tsdb create-blocks-from openmetrics`.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "support/fixture_server.h"
#include "support/process.h"
#include "support/prometheus_server.h"

namespace {

using nlohmann::json;
using ttam::test::kNodeExporterPath;
using ttam::test::kPrometheusPath;
using ttam::test::NodeExporter;
using ttam::test::ProcessResult;
using ttam::test::PrometheusServer;
using ttam::test::RunTtam;
using ttam::test::TempDir;

const char* kApp =
    "# HELP app_requests_total Requests.\n# TYPE app_requests_total counter\n"
    "app_requests_total{code=\"200\",job=\"checkout\"} 1027\n"
    "app_requests_total{code=\"500\",job=\"checkout\"} 3\n"
    "# TYPE app_latency_seconds histogram\n"
    "app_latency_seconds_bucket{le=\"0.1\"} 800\napp_latency_seconds_bucket{le=\"1\"} 1020\n"
    "app_latency_seconds_bucket{le=\"+Inf\"} 1030\napp_latency_seconds_sum 97.25\n"
    "app_latency_seconds_count 1030\n"
    "# TYPE app_debug_info gauge\napp_debug_info{build=\"x\"} 1\n"
    "# TYPE app_temperature gauge\napp_temperature 21.5\n"
    "app_untyped 42\n";

// metric -> value of an instant vector in the API's JSON shape.
std::map<std::string, std::string> Vector(const std::string& body) {
  std::map<std::string, std::string> out;
  json doc = json::parse(body);
  for (const json& r : doc["data"]["result"]) out[r["metric"].dump()] = r["value"][1];
  return out;
}

std::map<std::string, std::string> Query(const std::vector<std::string>& source,
                                         const std::string& expr) {
  std::vector<std::string> args = {"query", "--format", "json"};
  args.insert(args.end(), source.begin(), source.end());
  args.push_back(expr);
  ProcessResult r = RunTtam(args);
  REQUIRE_MESSAGE(r.exit_code == 0, (r.out + r.err));
  return Vector(r.out);
}

}  // namespace

TEST_CASE("record --config holds the series a prometheus server scraping the same config holds") {
  if (!std::filesystem::exists(kPrometheusPath) || !std::filesystem::exists(kNodeExporterPath)) {
    MESSAGE("SKIPPED: install prometheus and prometheus-node-exporter (.ci/install-deps does)");
    return;
  }
  ttam::test::FixtureServer app({{.path = "/metrics", .body = kApp}});
  NodeExporter node;
  node.RequireReady();
  // The Python app, when the official client is installed.
  const char* python = "/usr/bin/python3";
  bool with_python =
      ttam::test::RunProcess({python, "-c", "import prometheus_client"}).exit_code == 0;
  int python_port = ttam::test::FreePort();
  std::optional<ttam::test::BackgroundProcess> python_app;
  if (with_python) {
    python_app.emplace(
        std::vector<std::string>{python, std::string(TTAM_SOURCE_DIR) + "/samples/primitive_app.py",
                                 std::to_string(python_port)});
    REQUIRE_MESSAGE(ttam::test::WaitForPort(python_port, std::chrono::seconds(15)),
                    python_app->Log());
  } else {
    MESSAGE(
        "the Python app part is SKIPPED: install python3-prometheus-client "
        "(.ci/install-deps does)");
  }

  const std::string config =
      "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
      "scrape_configs:\n"
      "  - job_name: app\n"
      "    static_configs: [{targets: ['127.0.0.1:" +
      std::to_string(app.port()) +
      "'], labels: {env: prod}}]\n"
      "    metric_relabel_configs:\n"
      "      - {source_labels: [__name__, env], regex: 'app_debug_info;prod', action: drop}\n"
      "  - job_name: node\n"
      "    static_configs: [{targets: ['127.0.0.1:" +
      std::to_string(node.port()) + "']}]\n" +
      (with_python ? "  - job_name: python\n"
                     "    static_configs: [{targets: ['127.0.0.1:" +
                         std::to_string(python_port) + "']}]\n"
                   : std::string());
  PrometheusServer server({.config = config});
  std::string base = server.url();
  server.RequireValue("sum(up)", with_python ? "3" : "2");

  TempDir dir;
  std::string file = dir.path() + "/rec.om";
  ProcessResult rec = RunTtam(
      {"record", "--config", server.config_path(), "--interval", "1s", "--count", "3", "-o", file});
  REQUIRE_MESSAGE(rec.exit_code == 0, (rec.out + rec.err));
  std::vector<std::string> local = {"--data", file};
  std::vector<std::string> remote = {"--prometheus", base};

  // The fixture: the same series, label for label, with the same values.
  const std::string app_series = "{job=\"app\",__name__!~\"scrape_.*\"}";
  std::map<std::string, std::string> ours = Query(local, app_series);
  std::map<std::string, std::string> theirs;
  for (const auto& [metric, value] : Query(remote, app_series)) {
    // Prometheus 3 (and ttam) store a histogram's le="1" as le="1.0"
    // (OpenMetrics' float form, docs/migration.md); 2.42 stores it as written.
    std::string key = metric;
    if (size_t at = key.find("\"le\":\"1\""); at != std::string::npos) {
      key.replace(at, 8, "\"le\":\"1.0\"");
    }
    theirs[key] = value;
  }
  // 2 requests, 5 latency, temperature, untyped and up; app_debug_info dropped.
  CHECK(ours.size() == 10);
  CHECK(ours == theirs);
  CHECK(ours.count("{\"__name__\":\"app_requests_total\",\"code\":\"200\",\"env\":\"prod\","
                   "\"exported_job\":\"checkout\",\"instance\":\"127.0.0.1:" +
                   std::to_string(app.port()) + "\",\"job\":\"app\"}") == 1);
  // The report series, values aside (durations differ, scrape_series_added is the server's).
  const std::string report =
      "group by (__name__, job, instance, env) ({__name__=~\"scrape_.*\","
      "__name__!=\"scrape_series_added\"})";
  CHECK(Query(local, report) == Query(remote, report));
  CHECK(Query(local, "scrape_samples_post_metric_relabeling{job=\"app\"}") ==
        Query(remote, "scrape_samples_post_metric_relabeling{job=\"app\"}"));

  // node-exporter: the same series, but for a few that come and go.
  const std::string node_series = "group by (__name__, job, instance, env) ({job=\"node\"})";
  std::map<std::string, std::string> node_ours = Query(local, node_series);
  std::map<std::string, std::string> node_theirs = Query(remote,
                                                         "group by (__name__, job, "
                                                         "instance, env) ({job=\"node\","
                                                         "__name__!=\"scrape_series_added\"})");
  size_t common = 0;
  std::string differences;
  for (const auto& [metric, value] : node_ours) {
    if (node_theirs.count(metric) == 1) {
      ++common;
    } else {
      differences += " ours:" + metric;
    }
  }
  for (const auto& [metric, value] : node_theirs) {
    if (node_ours.count(metric) == 0) differences += " theirs:" + metric;
  }
  CHECK(node_ours.size() > 100);
  CHECK_MESSAGE(common + 3 >= node_ours.size(), differences);
  CHECK_MESSAGE(common + 3 >= node_theirs.size(), differences);

  if (with_python) {
    // The Python app: the same series. Prometheus 2.42 stores OpenMetrics'
    // `_created` lines as series; Prometheus 3 (and ttam) do not, by default.
    const std::string python_series =
        "group by (__name__, job, instance, primitive_name, primitive_type, le) "
        "({job=\"python\",__name__!~\".*_created|scrape_series_added\"})";
    std::map<std::string, std::string> py_ours = Query(local, python_series);
    CHECK(py_ours.size() > 20);
    CHECK(py_ours == Query(remote, python_series));
    CHECK(Query(local, "count({job=\"python\",__name__=~\".*_created\"})").empty());
  }

  // The recording loads into a real TSDB.
  ProcessResult blocks =
      ttam::test::RunProcess({ttam::test::kPromtoolPath, "tsdb", "create-blocks-from",
                              "openmetrics", file, dir.path() + "/blocks"},
                             "", std::chrono::seconds(120));
  CHECK_MESSAGE(blocks.exit_code == 0, blocks.out << blocks.err);
}
