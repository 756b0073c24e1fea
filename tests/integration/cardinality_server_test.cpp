// promapi::MeasureServer against a real prometheus (Debian package) started
// here on 127.0.0.1 with a temporary storage dir, scraping a fixture exporter
// and prometheus-node-exporter. The per-metric series counts it reads from
// the server's API must equal a direct count of the same targets'
// expositions, apart from the series Prometheus adds itself (up, scrape_*).
// Also: bad servers (HTML, malformed JSON, another JSON shape, API errors,
// HTTP errors, a stall, connection refused) give clear errors, no hang.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "promapi/server.h"
#include "scrape/fetch.h"
#include "scrape/read_exposition.h"
#include "support/fixture_server.h"
#include "support/process.h"
#include "support/prometheus_server.h"

using ttam::test::ProcessResult;
using ttam::test::RunTtam;

namespace {

using ttam::test::Behaviour;
using ttam::test::FixtureServer;
using ttam::test::FreePort;
using ttam::test::kNodeExporterPath;
using ttam::test::kPrometheusPath;
using ttam::test::NodeExporter;
using ttam::test::PrometheusServer;
using ttam::test::Route;

constexpr char kTextAccept[] = "text/plain;version=0.0.4";

// A static exposition: every count is known.
constexpr char kFixture[] = R"(# HELP fixture_requests_total Requests.
# TYPE fixture_requests_total counter
fixture_requests_total{fixture_code="200",path="/a"} 10
fixture_requests_total{fixture_code="200",path="/b"} 4
fixture_requests_total{fixture_code="404",path="/a"} 1
fixture_requests_total{fixture_code="500",path="/c"} 2
# HELP fixture_latency_seconds Latency.
# TYPE fixture_latency_seconds histogram
fixture_latency_seconds_bucket{fixture_code="200",le="0.1"} 1
fixture_latency_seconds_bucket{fixture_code="200",le="1"} 2
fixture_latency_seconds_bucket{fixture_code="200",le="+Inf"} 3
fixture_latency_seconds_sum{fixture_code="200"} 1.5
fixture_latency_seconds_count{fixture_code="200"} 3
fixture_latency_seconds_bucket{fixture_code="500",le="0.1"} 0
fixture_latency_seconds_bucket{fixture_code="500",le="1"} 0
fixture_latency_seconds_bucket{fixture_code="500",le="+Inf"} 1
fixture_latency_seconds_sum{fixture_code="500"} 2
fixture_latency_seconds_count{fixture_code="500"} 1
# HELP fixture_rpc_seconds RPCs.
# TYPE fixture_rpc_seconds summary
fixture_rpc_seconds{quantile="0.5"} 0.1
fixture_rpc_seconds{quantile="0.9"} 0.2
fixture_rpc_seconds_sum 4
fixture_rpc_seconds_count 20
# TYPE fixture_temperature gauge
fixture_temperature{room="a"} 20
fixture_temperature{room="b"} 21
fixture_untyped 1
)";

// Series per family, counted directly from an exposition.
struct FamilySeries : ttam::expfmt::Consumer {
  void OnSample(const ttam::expfmt::SampleEvent& e) override {
    series[std::string(e.family.name)].insert(e.series_hash);
  }
  std::map<std::string, std::set<uint64_t>> series;
  std::map<std::string, uint64_t> Counts() const {
    std::map<std::string, uint64_t> out;
    for (const auto& [name, hashes] : series) out[name] = hashes.size();
    return out;
  }
};

std::map<std::string, uint64_t> DirectCount(const std::string& url) {
  auto client = ttam::scrape::MakeHttpClient();
  ttam::scrape::ReadOptions options;
  options.fetch.accept = kTextAccept;
  FamilySeries counter;
  ttam::diag::CollectingSink sink;
  auto read = ttam::scrape::ReadExposition(url, options, *client, counter, sink);
  REQUIRE_MESSAGE(read.ok(), read.error().message);
  return counter.Counts();
}

std::string Measure(const std::string& base, int timeout_ms = 3000) {
  auto client = ttam::scrape::MakeHttpClient();
  ttam::scrape::FetchOptions fetch;
  fetch.timeout = std::chrono::milliseconds(timeout_ms);
  auto got = ttam::promapi::MeasureServer(base, fetch, *client, 10);
  return got.ok() ? "ok" : got.error().message;
}

}  // namespace

TEST_CASE("MeasureServer against a real prometheus equals direct counts") {
  if (!std::filesystem::exists(kPrometheusPath) || !std::filesystem::exists(kNodeExporterPath)) {
    MESSAGE("SKIPPED: install prometheus and prometheus-node-exporter (.ci/install-deps does)");
    return;
  }
  FixtureServer fixture({{.path = "/metrics", .body = kFixture}});
  NodeExporter node;
  node.RequireReady();

  const std::string config =
      "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
      "scrape_configs:\n"
      "  - job_name: fixture\n    static_configs: [{targets: ['127.0.0.1:" +
      std::to_string(fixture.port()) +
      "']}]\n"
      "  - job_name: node\n    static_configs: [{targets: ['127.0.0.1:" +
      std::to_string(node.port()) + "']}]\n";
  PrometheusServer server({.config = config});
  std::string base = server.url();
  auto client = ttam::scrape::MakeHttpClient();
  server.RequireValue("count(up == 1)", "2");
  // One more scrape interval, so that both targets' first scrapes are in.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));

  std::map<std::string, uint64_t> fixture_direct = DirectCount(fixture.Url("/metrics"));
  std::map<std::string, uint64_t> node_direct = DirectCount(node.metrics_url());

  ttam::scrape::FetchOptions fetch;
  fetch.timeout = std::chrono::seconds(20);
  auto measured = ttam::promapi::MeasureServer(base + "/", fetch, *client, 0);
  REQUIRE_MESSAGE(measured.ok(), measured.error().message);
  std::map<std::string, uint64_t> from_server;
  std::map<std::string, std::string> types;
  for (const auto& m : measured->metrics) {
    from_server[m.name] = m.series;
    types[m.name] = m.type;
  }

  // The fixture: exact, metric by metric, with types.
  CHECK(fixture_direct == std::map<std::string, uint64_t>{{"fixture_latency_seconds", 10},
                                                          {"fixture_requests_total", 4},
                                                          {"fixture_rpc_seconds", 4},
                                                          {"fixture_temperature", 2},
                                                          {"fixture_untyped", 1}});
  for (const auto& entry : fixture_direct) {
    const std::string& name = entry.first;
    CAPTURE(name);
    CHECK(from_server[name] == entry.second);
  }
  CHECK(types["fixture_latency_seconds"] == "histogram");
  CHECK(types["fixture_rpc_seconds"] == "summary");
  CHECK(types["fixture_requests_total"] == "counter");
  CHECK(types["fixture_temperature"] == "gauge");
  CHECK(types["fixture_untyped"] == "unknown");

  // Labels only the fixture has: exact distinct values and top values.
  bool saw_code = false;
  for (const auto& l : measured->labels) {
    if (l.name != "fixture_code") continue;
    saw_code = true;
    CHECK(l.distinct_values == 3);
    REQUIRE(l.top_values.size() == 3);
    CHECK(l.top_values[0].value == "200");
    CHECK(l.top_values[0].series == 7);  // 2 counter series + 5 histogram series
    CHECK(l.top_values[1].value == "500");
    CHECK(l.top_values[1].series == 6);
    CHECK(l.top_values[2].value == "404");
    CHECK(l.top_values[2].series == 1);
  }
  CHECK(saw_code);

  // node-exporter: every family the direct scrape saw, same series count.
  // A live exporter may add or drop a series between two scrapes: report
  // every difference, and require all but a handful to match exactly.
  uint64_t node_series = 0, node_matches = 0, node_total = 0;
  std::string differences;
  for (const auto& [name, n] : node_direct) {
    node_series += n;
    ++node_total;
    if (from_server[name] == n) {
      ++node_matches;
    } else {
      differences += " " + name + "(direct " + std::to_string(n) + ", server " +
                     std::to_string(from_server[name]) + ")";
    }
  }
  CHECK_MESSAGE(node_matches + 3 >= node_total, differences);

  // Everything else on the server is what Prometheus adds per target.
  const std::set<std::string> added = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                                       "scrape_samples_post_metric_relabeling",
                                       "scrape_series_added"};
  uint64_t added_series = 0;
  for (const auto& entry : from_server) {
    const std::string& name = entry.first;
    if (fixture_direct.count(name) || node_direct.count(name)) continue;
    CAPTURE(name);
    CHECK(added.count(name) == 1);
    CHECK(entry.second == 2);  // one series per target
    added_series += entry.second;
  }
  uint64_t fixture_series = 0;
  for (const auto& [name, n] : fixture_direct) fixture_series += n;
  MESSAGE("prometheus at " << base << ": total_series " << measured->total_series << " = fixture "
                           << fixture_series << " + node-exporter " << node_series << " (direct) + "
                           << added_series << " added by Prometheus; " << node_matches << "/"
                           << node_total << " node-exporter families equal" << differences);
  // With a top: the lists are cut, each label's distinct count comes from
  // count(count by) and its top values from topk; they must agree with the
  // full measurement (series counts only: topk breaks ties its own way).
  auto top2 = ttam::promapi::MeasureServer(base, fetch, *client, 2);
  REQUIRE_MESSAGE(top2.ok(), top2.error().message);
  CHECK(top2->total_series == measured->total_series);
  REQUIRE(top2->metrics.size() == 2);
  REQUIRE(top2->labels.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CAPTURE(i);
    CHECK(top2->metrics[i].series == measured->metrics[i].series);
    CHECK(top2->labels[i].distinct_values == measured->labels[i].distinct_values);
    REQUIRE(top2->labels[i].top_values.size() ==
            std::min<size_t>(2, measured->labels[i].top_values.size()));
    for (size_t j = 0; j < top2->labels[i].top_values.size(); ++j) {
      CHECK(top2->labels[i].top_values[j].series == measured->labels[i].top_values[j].series);
    }
  }
  MESSAGE("top 2 labels: " << top2->labels[0].name << " (" << top2->labels[0].distinct_values
                           << " values), " << top2->labels[1].name << " ("
                           << top2->labels[1].distinct_values << ")");
  CHECK(measured->total_series + 5 >= fixture_series + node_series + added_series);
  CHECK(measured->total_series <= fixture_series + node_series + added_series + 5);

  // The same through the command line: `ttam cardinality --prometheus` and
  // `ttam cardinality` on direct scrapes of the two targets agree per metric
  // (the fixture exactly; node-exporter is live, so a few families may move
  // between the two reads), apart from what Prometheus adds itself.
  ProcessResult server_run =
      RunTtam({"cardinality", "--format", "json", "--top", "0", "--max-series-per-metric",
               "1000000", "--timeout", "20s", "--prometheus", base});
  REQUIRE_MESSAGE(server_run.exit_code == 0, server_run.err);
  ProcessResult direct_run = RunTtam(
      {"cardinality", "--format", "json", "--top", "0", "--max-series-per-metric", "1000000",
       "--disable", "cardinality/*", fixture.Url("/metrics"), node.metrics_url()});
  REQUIRE_MESSAGE(direct_run.exit_code == 0, direct_run.err);
  std::map<std::string, uint64_t> cli_server, cli_direct;
  // (The documents are kept in variables: a range-for over a member of a
  // temporary would read freed memory.)
  nlohmann::json server_doc = nlohmann::json::parse(server_run.out);
  nlohmann::json direct_doc = nlohmann::json::parse(direct_run.out);
  for (const auto& m : server_doc["cardinality"]["metrics"]) cli_server[m["name"]] = m["series"];
  for (const auto& m : direct_doc["cardinality"]["metrics"]) cli_direct[m["name"]] = m["series"];
  size_t equal = 0, differ = 0;
  for (const auto& [name, series] : cli_direct) {
    auto it = cli_server.find(name);
    if (it != cli_server.end() && it->second == series) {
      ++equal;
    } else {
      ++differ;
      MESSAGE("differs: " << name << " direct " << series << ", server "
                          << (it == cli_server.end() ? 0 : it->second));
    }
  }
  for (const auto& entry : fixture_direct) {
    const std::string& name = entry.first;  // (clang 14 cannot capture a structured binding)
    CAPTURE(name);
    CHECK(cli_server[name] == entry.second);
  }
  MESSAGE("ttam cardinality --prometheus vs direct scrapes: " << equal << "/" << cli_direct.size()
                                                              << " metrics equal");
  CHECK(differ <= 3);
  for (const auto& entry : cli_server) {
    const std::string& name = entry.first;
    if (cli_direct.count(name) != 0) continue;
    CAPTURE(name);
    CHECK((name == "up" || name.rfind("scrape_", 0) == 0));  // added by Prometheus
  }
}

TEST_CASE("MeasureServer: a server that is not Prometheus, API errors, unreachable") {
  FixtureServer html({{.path = "/api/v1/status/tsdb",
                       .content_type = "text/html",
                       .body = "<!DOCTYPE html><html><body>Grafana</body></html>"}});
  CHECK(Measure(html.Url("")) == html.Url("/api/v1/status/tsdb") +
                                     " answered with HTML (text/html), not the Prometheus API: "
                                     "check that the URL is a Prometheus server's root");

  FixtureServer malformed({{.path = "/api/v1/status/tsdb",
                            .content_type = "application/json",
                            .body = "{\"status\":\"success\",\"data\":{"}});
  std::string m = Measure(malformed.Url(""));
  CHECK(m.rfind("malformed JSON from " + malformed.Url("/api/v1/status/tsdb") + ": ", 0) == 0);

  FixtureServer other({{.path = "/api/v1/status/tsdb",
                        .content_type = "application/json",
                        .body = "{\"ok\":true}"}});
  CHECK(Measure(other.Url("")) == other.Url("/api/v1/status/tsdb") +
                                      " did not answer like the Prometheus API (no \"status\" in "
                                      "the reply): check that the URL is a Prometheus server's "
                                      "root");

  const std::string ok_tsdb = R"({"status":"success","data":{"headStats":{"numSeries":1}}})";
  FixtureServer api_error({
      {.path = "/api/v1/status/tsdb", .content_type = "application/json", .body = ok_tsdb},
      {.path = "/api/v1/metadata",
       .content_type = "application/json",
       .body = R"({"status":"success","data":{}})"},
      {.path = "/api/v1/query",
       .content_type = "application/json",
       .body = R"({"status":"error","errorType":"execution","error":"query timed out"})"},
  });
  CHECK(Measure(api_error.Url("")) ==
        "Prometheus at " + api_error.Url("") + " returned an error (execution): query timed out");

  FixtureServer wrong_result({
      {.path = "/api/v1/status/tsdb", .content_type = "application/json", .body = ok_tsdb},
      {.path = "/api/v1/metadata",
       .content_type = "application/json",
       .body = R"({"status":"success","data":{}})"},
      {.path = "/api/v1/query",
       .content_type = "application/json",
       .body = R"({"status":"success","data":{"resultType":"matrix","result":[]}})"},
  });
  CHECK(Measure(wrong_result.Url("")).find("is not an instant vector") != std::string::npos);

  FixtureServer http_error({{.path = "/api/v1/status/tsdb", .status = 503, .body = "down"}});
  std::string e = Measure(http_error.Url(""));
  CHECK(e.rfind("cannot query Prometheus at " + http_error.Url("") + ": ", 0) == 0);
  CHECK(e.find("503") != std::string::npos);

  FixtureServer stall(
      {{.path = "/api/v1/status/tsdb", .behaviour = Behaviour::kStallAfterHeaders}});
  auto start = std::chrono::steady_clock::now();
  std::string s = Measure(stall.Url(""), 500);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(s.rfind("cannot query Prometheus at ", 0) == 0);

  int closed = FreePort();
  std::string refused = Measure("http://127.0.0.1:" + std::to_string(closed));
  MESSAGE("connection refused: " << refused);
  CHECK(refused.rfind(
            "cannot query Prometheus at http://127.0.0.1:" + std::to_string(closed) + ": ", 0) ==
        0);
}
