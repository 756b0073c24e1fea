// `ttam quantile` against a real prometheus (Debian's 2.42) over the same
// samples: generated classic histograms (two families, handlers and
// instances, a counter reset, a heavy tail in +Inf) are written as
// OpenMetrics, backfilled with `promtool tsdb create-blocks-from
// openmetrics` and served by a prometheus started here on 127.0.0.1. Every
// query `ttam quantile --data FILE` printed is then sent to the server as is
// (`ttam query --prometheus`: the `@ T` in it pins the time, whatever the
// server's clock says), and the server's values must be ttam's: equal to the
// last bit, or, for a `sum by` over several series, within 1e-12 (2.42 adds
// plainly, Prometheus 3 and ttam with Kahan compensation).
//
// Samples sit 7 s after each 15 s step, so that neither the default window
// (the span plus 1ms) nor --window 4m59s puts one on a window's left edge,
// where 2.42 (closed) and Prometheus 3 (open) differ. histogram_fraction is
// not compared: 2.42 computes it for native histograms only.
//
// A server that scraped a live app on the official Python client, its
// samples exported through the API and replayed: quantile_live_test.cpp.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/prometheus_server.h"

namespace {

using nlohmann::json;
using ttam::test::kPrometheusPath;
using ttam::test::kPromtoolPath;
using ttam::test::ProcessResult;
using ttam::test::PrometheusServer;
using ttam::test::RunProcess;
using ttam::test::RunTtam;
using ttam::test::TempDir;

constexpr int64_t kStart = 1700000000;  // seconds
constexpr int kSteps = 120;             // 30 min at 15 s

std::string Histogram(const std::string& name, const std::vector<std::string>& bounds,
                      int heavy_tail) {
  std::string out = "# TYPE " + name + " histogram\n";
  for (int h = 0; h < 2; ++h) {
    for (int i = 0; i < 2; ++i) {
      std::string labels = "handler=\"/h" + std::to_string(h) + "\",instance=\"i" +
                           std::to_string(i) + "\",job=\"app\"";
      std::vector<int64_t> acc(bounds.size() + 1, 0);
      int64_t sum_ms = 0;
      std::string lines;
      for (int k = 0; k < kSteps; ++k) {
        if (h == 1 && i == 0 && k == 60) {
          std::fill(acc.begin(), acc.end(), 0);  // the process restarted
          sum_ms = 0;
        }
        int64_t running = 0;
        for (size_t b = 0; b <= bounds.size(); ++b) {
          bool inf = b == bounds.size();
          int64_t obs = inf ? (k * 3 + h + i) % (heavy_tail + 1) : (k * 7 + b * 3 + h) % 6;
          running += obs;
          acc[b] += running;
          sum_ms += obs * (inf ? 5000 : 40 * static_cast<int64_t>(b + 1));
        }
        std::string ts = " " + std::to_string(kStart + 7 + 15 * k) + "\n";
        for (size_t b = 0; b <= bounds.size(); ++b) {
          std::string le = b == bounds.size() ? "+Inf" : bounds[b];
          lines +=
              name + "_bucket{" + labels + ",le=\"" + le + "\"} " + std::to_string(acc[b]) + ts;
        }
        lines += name + "_count{" + labels + "} " + std::to_string(acc.back()) + ts;
        lines += name + "_sum{" + labels + "} " + std::to_string(sum_ms / 1000) + "." +
                 std::to_string(sum_ms % 1000 / 100) + ts;
      }
      out += lines;
    }
  }
  return out;
}

json Run(const std::vector<std::string>& args) {
  ProcessResult r = RunTtam(args, "", std::chrono::seconds(60));
  INFO("ttam " << args.front() << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  json body = json::parse(r.out, nullptr, false);
  REQUIRE(!body.is_discarded());
  return body;
}

}  // namespace

TEST_CASE("ttam quantile's queries give ttam's values on a real prometheus over the same data") {
  if (!std::filesystem::exists(kPrometheusPath) || !std::filesystem::exists(kPromtoolPath)) {
    MESSAGE("SKIPPED: install prometheus (Debian package: prometheus and promtool)");
    return;
  }
  TempDir dir;
  std::string om = dir.Write(
      "data.om", Histogram("http_request_duration_seconds", {"0.05", "0.1", "0.25", "0.5"}, 2) +
                     Histogram("rpc_seconds", {"0.01", "0.1"}, 40) + "# EOF\n");
  std::string data = dir.path() + "/data";
  ProcessResult backfill =
      RunProcess({kPromtoolPath, "tsdb", "create-blocks-from", "openmetrics", om, data}, "",
                 std::chrono::seconds(120));
  REQUIRE_MESSAGE(backfill.exit_code == 0, backfill.out << backfill.err);
  PrometheusServer server({.storage = data, .flags = {"--storage.tsdb.retention.time=100y"}});
  std::string base = server.url();
  server.RequireValue("count(rpc_seconds_count)", "4", kStart + 600);

  size_t compared = 0, exact = 0, resets = 0, in_inf = 0;
  for (std::vector<std::string> extra :
       {std::vector<std::string>{}, std::vector<std::string>{"--window", "4m59s"},
        std::vector<std::string>{"--by", "handler,instance"}}) {
    std::vector<std::string> args{"quantile", "--format", "json", "-q", "0.5,0.9,0.99", om};
    args.insert(args.end(), extra.begin(), extra.end());
    json mine = Run(args);
    for (const json& d : mine["diagnostics"]) resets += d["check"] == "quantile/counter-reset";
    // query -> labels (JSON text) -> value
    std::map<std::string, std::map<std::string, double>> expected;
    for (const char* member : {"quantiles", "rates", "means"}) {
      for (const json& e : mine[member]) {
        in_inf += e.contains("above_highest_bound");
        REQUIRE(!e["value"].is_null());
        expected[e["query"]][e["labels"].dump()] = e["value"].get<double>();
      }
    }
    REQUIRE(expected.size() >= 10);
    for (const auto& entry : expected) {
      // (Named: clang 14 cannot capture a structured binding in CAPTURE.)
      const std::string& query = entry.first;
      const std::map<std::string, double>& values = entry.second;
      CAPTURE(query);
      json theirs = Run({"query", "--format", "json", "--prometheus", base, query});
      REQUIRE(theirs["data"]["resultType"] == "vector");
      std::map<std::string, double> got;
      for (const json& s : theirs["data"]["result"]) {
        got[s["metric"].dump()] = std::stod(s["value"][1].get<std::string>());
      }
      CHECK(got.size() == values.size());
      bool summed = extra.size() < 2 || extra[0] != "--by";
      for (const auto& point : values) {
        const std::string& labels = point.first;
        double v = point.second;
        CAPTURE(labels);
        REQUIRE(got.count(labels) == 1);
        double w = got[labels];
        ++compared;
        if (v == w) {
          ++exact;
          continue;
        }
        CHECK_MESSAGE(summed, "one series per group: nothing is summed, so equal to the last bit");
        CHECK_MESSAGE(std::fabs(v - w) <= 1e-12 * std::max(std::fabs(v), std::fabs(w)),
                      "ttam " << v << ", prometheus " << w);
      }
    }
  }
  MESSAGE("compared " << compared << " values with prometheus 2.42: " << exact
                      << " equal to the last bit, the rest within 1e-12 (sum order); " << in_inf
                      << " quantiles in +Inf; " << resets << " counter resets reported");
  CHECK(in_inf > 0);
  CHECK(resets > 0);
}
