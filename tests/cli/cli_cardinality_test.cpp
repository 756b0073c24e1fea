// `ttam cardinality` through the built binary: counts on expositions with
// known answers, budgets, suspects, --save/--baseline, --limits, --config over
// fixture targets (one down, one over its sample_limit), and bad input.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_helpers.h"
#include "support/fixture_server.h"
#include "support/process.h"

using ttam::test::Behaviour;
using ttam::test::CheckIds;
using ttam::test::FixtureServer;
using ttam::test::FreePort;
using ttam::test::ProcessResult;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

// 3 counter series + 1 histogram with 2 label sets x (3 buckets + _sum + _count) = 13 series.
const char* kKnown =
    "# TYPE http_requests_total counter\n"
    "http_requests_total{code=\"200\",method=\"get\"} 1\n"
    "http_requests_total{code=\"500\",method=\"get\"} 1\n"
    "http_requests_total{code=\"200\",method=\"post\"} 1\n"
    "# TYPE latency_seconds histogram\n"
    "latency_seconds_bucket{method=\"get\",le=\"0.1\"} 1\n"
    "latency_seconds_bucket{method=\"get\",le=\"1\"} 2\n"
    "latency_seconds_bucket{method=\"get\",le=\"+Inf\"} 3\n"
    "latency_seconds_sum{method=\"get\"} 1.5\n"
    "latency_seconds_count{method=\"get\"} 3\n"
    "latency_seconds_bucket{method=\"post\",le=\"0.1\"} 1\n"
    "latency_seconds_bucket{method=\"post\",le=\"1\"} 2\n"
    "latency_seconds_bucket{method=\"post\",le=\"+Inf\"} 3\n"
    "latency_seconds_sum{method=\"post\"} 1.5\n"
    "latency_seconds_count{method=\"post\"} 3\n";

// An exposition with `n` series of one metric whose `request_id` label is a UUID.
std::string WithRequestIds(int n) {
  std::string out = "# TYPE api_calls_total counter\n";
  for (int i = 0; i < n; ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "%08x-1234-4abc-9def-%012x", i * 7919, i);
    out += "api_calls_total{request_id=\"" + std::string(id) + "\"} 1\n";
  }
  return out;
}

}  // namespace

// Counts on an exposition with known answers (JSON and text), the budgets,
// --limits and usage errors: tests/cli/cardinality/*.txt.

TEST_CASE("cli: cardinality flags unbounded labels") {
  TempDir dir;
  ProcessResult ids = RunTtam({"cardinality", "--format", "json", "--fail-on", "warning",
                               dir.Write("ids.prom", WithRequestIds(50))});
  auto doc = nlohmann::json::parse(ids.out);
  CHECK(CheckIds(doc).count("cardinality/unbounded-label") == 1);
  CHECK(ids.exit_code == 1);
}

TEST_CASE("cli: cardinality --save and --baseline catch growth") {
  TempDir dir;
  std::string base = dir.path() + "/base.json";
  ProcessResult saved =
      RunTtam({"cardinality", "--save", base, dir.Write("before.prom", WithRequestIds(10))});
  CHECK(saved.exit_code == 0);
  ProcessResult same =
      RunTtam({"cardinality", "--baseline", base, "--disable", "cardinality/unbounded-label",
               dir.Write("same.prom", WithRequestIds(10))});
  CHECK(same.exit_code == 0);
  ProcessResult grown =
      RunTtam({"cardinality", "--format", "json", "--baseline", base, "--max-growth", "10%",
               dir.Write("after.prom", WithRequestIds(20))});
  CHECK(grown.exit_code == 1);
  CHECK(CheckIds(nlohmann::json::parse(grown.out)).count("cardinality/growth") == 1);
  ProcessResult absolute =
      RunTtam({"cardinality", "--baseline", base, "--max-growth", "50", "--disable",
               "cardinality/unbounded-label", dir.path() + "/after.prom"});
  CHECK(absolute.exit_code == 0);
}

TEST_CASE("cli: cardinality --config scrapes every target; one down, one over its sample_limit") {
  TempDir dir;
  FixtureServer up({{.path = "/metrics", .body = kKnown}});
  FixtureServer big({{.path = "/metrics", .body = WithRequestIds(30)}});
  int down_port = FreePort();
  std::string config =
      dir.Write("prometheus.yml",
                "global:\n  scrape_interval: 15s\n"
                "scrape_configs:\n"
                "  - job_name: app\n"
                "    static_configs:\n"
                "      - targets: ['127.0.0.1:" +
                    std::to_string(up.port()) + "', '127.0.0.1:" + std::to_string(down_port) +
                    "']\n"
                    "  - job_name: ids\n"
                    "    sample_limit: 10\n"
                    "    static_configs:\n"
                    "      - targets: ['127.0.0.1:" +
                    std::to_string(big.port()) + "']\n");
  ProcessResult r =
      RunTtam({"cardinality", "--format", "json", "--config", config, "--timeout", "2s"}, "",
              std::chrono::seconds(60));
  CAPTURE(r.err);
  CHECK(r.exit_code == 1);
  auto doc = nlohmann::json::parse(r.out);
  auto ids = CheckIds(doc);
  CHECK(ids.count("cardinality/target-down") == 1);
  CHECK(ids.count("cardinality/target-limit") == 1);
  CHECK(doc["cardinality"]["total_series"] == 13 + 30);
  ProcessResult job =
      RunTtam({"cardinality", "--format", "json", "--config", config, "--job", "ids"});
  CHECK(nlohmann::json::parse(job.out)["cardinality"]["total_series"] == 30);

  // metric_relabel_configs apply before counting and before sample_limit:
  // dropping most of the ids brings the target under its limit.
  std::string relabelled = dir.Write("relabelled.yml",
                                     "scrape_configs:\n"
                                     "  - job_name: ids\n"
                                     "    sample_limit: 10\n"
                                     "    static_configs:\n"
                                     "      - targets: ['127.0.0.1:" +
                                         std::to_string(big.port()) +
                                         "']\n"
                                         "    metric_relabel_configs:\n"
                                         "      - source_labels: [request_id]\n"
                                         "        regex: '0000.*'\n"
                                         "        action: keep\n"
                                         "      - target_label: env\n"
                                         "        replacement: prod\n");
  ProcessResult relabelled_run =
      RunTtam({"cardinality", "--format", "json", "--config", relabelled});
  auto relabelled_doc = nlohmann::json::parse(relabelled_run.out);
  CHECK(CheckIds(relabelled_doc).count("cardinality/target-limit") == 0);
  // Ids are %08x of i * 7919: those starting 0000 are i = 0..8.
  CHECK(relabelled_doc["cardinality"]["total_series"] == 9);
  bool env = false;
  for (const auto& l : relabelled_doc["cardinality"]["labels"]) env = env || l["name"] == "env";
  CHECK(env);
}

TEST_CASE("cli: cardinality bad input: a clear error, exit 2, no hang") {
  // No source, --prometheus with a file, a missing file, a --baseline that
  // is not JSON, a bad --max-growth: tests/cli/cardinality/*.txt.
  ProcessResult refused =
      RunTtam({"cardinality", "--prometheus", "http://127.0.0.1:" + std::to_string(FreePort())});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("ttam: error: ") == 0);
  FixtureServer html({{.path = "/api/v1/status/tsdb",
                       .content_type = "text/html",
                       .body = "<html>not prometheus</html>"},
                      {.path = "/api/v1/query",
                       .content_type = "text/html",
                       .body = "<html>not prometheus</html>"}});
  ProcessResult not_prom = RunTtam({"cardinality", "--prometheus", html.Url("")});
  CHECK(not_prom.exit_code == 2);
  CHECK(not_prom.err.find("ttam: error: ") == 0);
  FixtureServer stall({{.path = "/metrics", .behaviour = Behaviour::kStallAfterHeaders}});
  auto start = std::chrono::steady_clock::now();
  ProcessResult stalled = RunTtam({"cardinality", "--timeout", "1s", stall.Url("/metrics")});
  CHECK(stalled.exit_code == 2);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

namespace {

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

}  // namespace

TEST_CASE("cli: cardinality --config on the guide's samples/prometheus.yml with fixture targets") {
  // The guide's config, its targets pointed at fixture exporters on 127.0.0.1:
  // the app (the guide's exposition), app1 (healthy), app2 (over the
  // sample_limit the test gives tta-dev-prod), app3 (down), staging.
  std::string root = std::string(TTAM_SOURCE_DIR);
  std::string app_metrics = ReadFileText(root + "/samples/primitive_metrics.prom");
  REQUIRE(!app_metrics.empty());
  FixtureServer app({{.path = "/metrics", .body = app_metrics}});
  FixtureServer app1({{.path = "/metrics", .body = kKnown}});
  FixtureServer app2({{.path = "/metrics", .body = WithRequestIds(40)}});
  FixtureServer staging({{.path = "/metrics", .body = kKnown}});
  int app3 = FreePort();
  auto at = [](int port) { return "127.0.0.1:" + std::to_string(port); };
  std::string config = ReadFileText(root + "/samples/prometheus.yml");
  ReplaceAll(config, "localhost:5000", at(app.port()));
  ReplaceAll(config, "app1.example.com:5000", at(app1.port()));
  ReplaceAll(config, "app2.example.com:5000", at(app2.port()));
  ReplaceAll(config, "app3.example.com:5000", at(app3));
  ReplaceAll(config, "staging.example.com:5000", at(staging.port()));
  ReplaceAll(config, "  - job_name: 'tta-dev-prod'\n",
             "  - job_name: 'tta-dev-prod'\n    sample_limit: 20\n");
  TempDir dir;
  std::string path = dir.Write("prometheus.yml", config);
  ProcessResult r = RunTtam(
      {"cardinality", "--format", "json", "--top", "0", "--config", path, "--timeout", "2s"}, "",
      std::chrono::seconds(60));
  CAPTURE(r.err);
  CHECK(r.exit_code == 1);
  auto doc = nlohmann::json::parse(r.out);
  std::vector<std::string> down, limited, unresolved;
  for (const auto& d : doc["diagnostics"]) {
    std::string check = d["check"];
    std::string message = d["message"];
    if (check == "cardinality/target-down") down.push_back(message);
    if (check == "cardinality/target-limit") limited.push_back(message);
    if (check == "cardinality/unresolved-discovery") unresolved.push_back(message);
  }
  REQUIRE(down.size() == 1);
  CHECK(down[0].find(at(app3)) != std::string::npos);
  REQUIRE(limited.size() == 1);
  CHECK(limited[0].find(at(app2.port())) != std::string::npos);
  CHECK(limited[0].find("sample_limit") != std::string::npos);
  CHECK(unresolved.size() == 2);  // the kubernetes and ec2 jobs
  // Two jobs scrape the app: tta-dev keeps its 23 series, tta-dev-app's
  // metric_relabel_configs drop the 10 primitive_duration_seconds_bucket
  // series (the guide's "Drop high-cardinality metrics"); app1 and staging
  // 13 each; app2 40 (counted: Prometheus would reject the scrape, and the
  // finding says so).
  CHECK(doc["cardinality"]["total_series"] == 23 + (23 - 10) + 13 + 13 + 40);
}
