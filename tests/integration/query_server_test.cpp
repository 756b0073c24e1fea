// `ttam query` locally and against a real prometheus (Debian package, 2.42)
// over the same data: a generated OpenMetrics file is backfilled with
// `promtool tsdb create-blocks-from openmetrics`, the server is started here
// on 127.0.0.1 with a temporary storage dir, and each query must give the
// same series with the same values both ways (`--data FILE` and
// `--prometheus URL`). Samples sit 7 s after each 15 s step and every
// evaluation time and range is a multiple of 15 s, so that no sample lies on
// a window's edge: 2.42's windows are closed on the left, Prometheus 3's
// (and ttam's) open.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/prometheus_server.h"

namespace {

using nlohmann::json;
using ttam::test::FreePort;
using ttam::test::kPrometheusPath;
using ttam::test::kPromtoolPath;
using ttam::test::ProcessResult;
using ttam::test::PrometheusServer;
using ttam::test::RunProcess;
using ttam::test::RunTtam;
using ttam::test::TempDir;

constexpr int64_t kStart = 1700000000;  // seconds
constexpr int kSteps = 240;             // 1 h at 15 s

// Counters per job and instance (one with a reset), a gauge per room and a
// classic histogram, as OpenMetrics with second timestamps.
std::string Generate() {
  std::string counters = "# TYPE http_requests counter\n";
  std::string gauges = "# TYPE temperature gauge\n";
  std::string histogram = "# TYPE latency_seconds histogram\n";
  const char* jobs[] = {"api", "db", "web"};
  const char* bounds[] = {"0.1", "0.5", "1", "+Inf"};
  for (int j = 0; j < 3; ++j) {
    for (int i = 0; i < 4; ++i) {
      double v = 0;
      for (int k = 0; k < kSteps; ++k) {
        v += (j + 1) * (i + 2) + (k * 7 + i) % 5;
        if (j == 1 && i == 2 && k == 120) v = 3;  // a counter reset
        counters += "http_requests_total{job=\"" + std::string(jobs[j]) + "\",instance=\"h" +
                    std::to_string(i) + "\"} " + std::to_string(static_cast<int64_t>(v)) + " " +
                    std::to_string(kStart + 7 + 15 * k) + "\n";
      }
    }
  }
  for (int r = 0; r < 3; ++r) {
    for (int k = 0; k < kSteps; ++k) {
      double v = 20 + r + ((k * 13 + r * 5) % 17) * 0.25;
      gauges += "temperature{room=\"r" + std::to_string(r) + "\"} " + std::to_string(v) + " " +
                std::to_string(kStart + 7 + 15 * k) + "\n";
    }
  }
  for (int k = 0; k < kSteps; ++k) {
    std::string ts = " " + std::to_string(kStart + 7 + 15 * k) + "\n";
    int64_t count = 0;
    for (int b = 0; b < 4; ++b) {
      count += static_cast<int64_t>(k) * (b + 1) + (k % 3) * b;
      histogram += "latency_seconds_bucket{le=\"" + std::string(bounds[b]) + "\"} " +
                   std::to_string(count) + ts;
    }
    histogram += "latency_seconds_sum " + std::to_string(k * 3) + ts;
    histogram += "latency_seconds_count " + std::to_string(count) + ts;
  }
  return counters + gauges + histogram + "# EOF\n";
}

// series (labels as JSON text) -> values, from an API body.
std::map<std::string, std::vector<std::pair<double, std::string>>> Series(const json& body) {
  std::map<std::string, std::vector<std::pair<double, std::string>>> out;
  const json& result = body["data"]["result"];
  std::string type = body["data"]["resultType"];
  if (type == "scalar") {
    out[""] = {{result[0].get<double>(), result[1].get<std::string>()}};
    return out;
  }
  for (const json& s : result) {
    auto& points = out[s["metric"].dump()];
    if (s.contains("value")) points.emplace_back(s["value"][0].get<double>(), s["value"][1]);
    if (s.contains("values")) {
      for (const json& p : s["values"]) points.emplace_back(p[0].get<double>(), p[1]);
    }
  }
  return out;
}

bool Close(const std::string& a, const std::string& b) {
  if (a == b) return true;
  double x = std::stod(a), y = std::stod(b);
  if (std::isnan(x) && std::isnan(y)) return true;
  // 2.42 sums without Kahan compensation; Prometheus 3 (and ttam) with it.
  return std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
}

json Query(const std::vector<std::string>& args) {
  ProcessResult r = RunTtam(args, "", std::chrono::seconds(60));
  INFO("ttam " << args.front() << " ...: " << r.err);
  REQUIRE(r.exit_code == 0);
  json body = json::parse(r.out, nullptr, false);
  REQUIRE(!body.is_discarded());
  REQUIRE(body["status"] == "success");
  return body;
}

}  // namespace

TEST_CASE("ttam query --data and --prometheus agree over the same backfilled data") {
  if (!std::filesystem::exists(kPrometheusPath) || !std::filesystem::exists(kPromtoolPath)) {
    MESSAGE(
        "SKIPPED: install prometheus (Debian package: prometheus and promtool); "
        ".ci/install-deps does");
    return;
  }
  TempDir dir;
  std::string om = dir.Write("data.om", Generate());
  std::string data = dir.path() + "/data";
  ProcessResult backfill =
      RunProcess({kPromtoolPath, "tsdb", "create-blocks-from", "openmetrics", om, data}, "",
                 std::chrono::seconds(120));
  REQUIRE_MESSAGE(backfill.exit_code == 0, backfill.out << backfill.err);

  PrometheusServer server({.storage = data, .flags = {"--storage.tsdb.retention.time=100y"}});
  std::string base = server.url();
  // Ready when a query over the backfill answers.
  server.RequireValue("count(temperature)", "3", kStart + 600);

  const std::string at = std::to_string(kStart + 1800);
  struct Case {
    std::string expr;
    std::vector<std::string> times;  // --time T, or --start --end --step
  };
  const std::string start = std::to_string(kStart + 600), end = std::to_string(kStart + 3000);
  const std::vector<Case> cases = {
      {"sum by (job) (rate(http_requests_total[5m]))", {"--time", at}},
      {"sum by (job) (rate(http_requests_total[5m]))",
       {"--start", start, "--end", end, "--step", "60"}},
      {"avg by (room) (temperature)", {"--time", at}},
      {"avg(temperature)", {"--start", start, "--end", end, "--step", "5m"}},
      {"max(increase(http_requests_total[10m]))", {"--time", at}},
      {"resets(http_requests_total[1h])", {"--time", std::to_string(kStart + 3585)}},
      {"histogram_quantile(0.9, sum by (le) (rate(latency_seconds_bucket[5m])))", {"--time", at}},
      {"topk(3, http_requests_total)", {"--time", at}},
      {"count_over_time(temperature[15m])", {"--time", at}},
      {"delta(temperature[10m])", {"--time", at}},
      {"max by (instance) (irate(http_requests_total{job=\"api\"}[2m]))", {"--time", at}},
      {"quantile(0.75, temperature)", {"--time", at}},
      {"sum(http_requests_total) / scalar(count(temperature))", {"--time", at}},
      {"scalar(sum(temperature))", {"--time", at}},
  };
  size_t exact = 0, compared = 0;
  std::string inexact;  // queries with values equal only within the tolerance
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    std::vector<std::string> local = {"query", "--format", "json", c.expr, "--data", om};
    std::vector<std::string> remote = {"query", "--format", "json", c.expr, "--prometheus", base};
    local.insert(local.end(), c.times.begin(), c.times.end());
    remote.insert(remote.end(), c.times.begin(), c.times.end());
    json mine = Query(local);
    json theirs = Query(remote);
    CHECK(mine["data"]["resultType"] == theirs["data"]["resultType"]);
    auto a = Series(mine), b = Series(theirs);
    REQUIRE(!a.empty());
    CHECK(a.size() == b.size());
    for (const auto& entry : a) {
      const std::string& metric = entry.first;
      const auto& points = entry.second;
      CAPTURE(metric);
      REQUIRE(b.count(metric) == 1);
      const auto& other = b[metric];
      REQUIRE(points.size() == other.size());
      for (size_t i = 0; i < points.size(); ++i) {
        CAPTURE(i);
        CHECK(points[i].first == other[i].first);
        CHECK_MESSAGE(Close(points[i].second, other[i].second),
                      "local " << points[i].second << ", prometheus " << other[i].second);
        ++compared;
        exact += points[i].second == other[i].second;
        if (points[i].second != other[i].second && inexact.find(c.expr) == std::string::npos) {
          inexact +=
              "\n  " + c.expr + ": local " + points[i].second + ", prometheus " + other[i].second;
        }
      }
    }
    // Bodies with equal values are byte-identical (same order, same formatting).
    if (a == b && mine["data"]["resultType"] != "vector") CHECK(mine.dump() == theirs.dump());
  }
  MESSAGE("ttam query: " << compared << " values compared over " << cases.size()
                         << " queries with prometheus 2.42 at " << base << ", " << exact
                         << " bit-identical; the others within 1e-9:" << inexact);
}

TEST_CASE("ttam query --prometheus: a server's errors and an unreachable server are clear") {
  int port = FreePort();  // nothing listens there
  ProcessResult r = RunTtam({"query", "up", "--prometheus",
                             "http://127.0.0.1:" + std::to_string(port), "--timeout", "5s"});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(r.err.find("ttam: error: cannot query Prometheus at http://127.0.0.1:" +
                   std::to_string(port) + ": ") == 0);
  CHECK(r.err.find("refused") != std::string::npos);
}
