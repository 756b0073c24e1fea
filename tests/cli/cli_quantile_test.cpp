// `ttam quantile` on the built binary with network sources on 127.0.0.1: a
// URL scraped twice --window apart (instance and job labels added, the two
// scrapes' span as the window), --config (a prometheus.yml's targets with
// their relabelled labels, one of them down), and --prometheus (the queries sent to the
// server at one evaluation time; a server that is down). The file sources'
// cases are goldens in tests/cli/quantile/.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/fixture_server.h"
#include "support/process.h"

namespace {

using ttam::test::FixtureServer;
using ttam::test::FreePort;
using ttam::test::ProcessResult;
using ttam::test::RunTtam;

constexpr char kHistogram[] =
    "# TYPE rpc_seconds histogram\n"
    "rpc_seconds_bucket{method=\"get\",le=\"0.1\"} 10\n"
    "rpc_seconds_bucket{method=\"get\",le=\"+Inf\"} 20\n"
    "rpc_seconds_count{method=\"get\"} 20\n"
    "rpc_seconds_sum{method=\"get\"} 3\n";

TEST_CASE("a URL is scraped twice, --window apart, with instance and job labels") {
  FixtureServer server({{.path = "/metrics", .body = kHistogram}});
  ProcessResult r = RunTtam({"quantile", "--format", "json", "--window", "1s", "--by",
                             "method,instance,job", "--job", "app", server.Url("/metrics")});
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server.Requests().size() == 2);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  // The counters did not move between the scrapes: no observations in the
  // window, a rate of 0, NaN quantiles (null), and a finding saying so.
  REQUIRE(doc["rates"].size() == 1);
  CHECK(doc["rates"][0]["value"] == 0.0);
  nlohmann::json labels = doc["rates"][0]["labels"];
  CHECK(labels["method"] == "get");
  CHECK(labels["job"] == "app");
  CHECK(labels["instance"] == "127.0.0.1:" + std::to_string(server.port()));
  REQUIRE(doc["quantiles"].size() == 3);
  CHECK(doc["quantiles"][0]["value"].is_null());
  bool no_requests = false;
  for (const auto& d : doc["diagnostics"]) no_requests |= d["check"] == "quantile/no-requests";
  CHECK(no_requests);
  // The window is the span between the scrapes plus 1ms: at least 1s.
  std::string window = doc["evaluation"]["window"];
  CHECK(window.starts_with("1s"));
  CHECK(doc["evaluation"]["cumulative"] == false);
}

TEST_CASE("--config: the fleet's targets are scraped twice, with their relabelled labels") {
  FixtureServer server({{.path = "/metrics", .body = kHistogram}});
  ttam::test::TempDir dir;
  std::string config = dir.Write("prometheus.yml",
                                 "scrape_configs:\n"
                                 "  - job_name: api\n"
                                 "    static_configs:\n"
                                 "      - targets: ['127.0.0.1:" +
                                     std::to_string(server.port()) +
                                     "']\n"
                                     "        labels: {team: core}\n"
                                     "  - job_name: down\n"
                                     "    static_configs:\n"
                                     "      - targets: ['127.0.0.1:" +
                                     std::to_string(FreePort()) + "']\n");
  ProcessResult r = RunTtam({"quantile", "--format", "json", "--window", "1s", "--by",
                             "method,team,job", "--config", config});
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 1);  // the target that is down is an error finding
  CHECK(server.Requests().size() == 2);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["rates"].size() == 1);
  nlohmann::json labels = doc["rates"][0]["labels"];
  CHECK(labels == nlohmann::json{{"job", "api"}, {"method", "get"}, {"team", "core"}});
  size_t down = 0;
  for (const auto& d : doc["diagnostics"]) down += d["check"] == "quantile/target-down";
  CHECK(down == 2);  // once per round of scrapes

  r = RunTtam({"quantile", "--window", "1s", "--job", "down", "--config", config});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no target of the config could be scraped") != std::string::npos);
  r = RunTtam({"quantile", "--job", "nope", "--config", config});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--job nope: no such job with targets in") != std::string::npos);
}

TEST_CASE("a URL that cannot be scraped: exit 2, nothing waited for") {
  ProcessResult r = RunTtam(
      {"quantile", "--window", "1h", "http://127.0.0.1:" + std::to_string(FreePort()) + "/m"});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(r.err.find("ttam: error: cannot scrape http://127.0.0.1:") == 0);
}

TEST_CASE("--prometheus sends the queries with the evaluation time") {
  FixtureServer server(
      {{.path = "/api/v1/query",
        .content_type = "application/json",
        .body = R"({"status":"success","data":{"resultType":"vector","result":[]}})"}});
  ProcessResult r = RunTtam({"quantile", "--prometheus", server.Url("")});
  // The server has no histogram: a clear error.
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no classic histogram") != std::string::npos);
  auto requests = server.Requests();
  REQUIRE(requests.size() == 2);  // the histogram and summary discovery
  CHECK(requests[0].target.starts_with(
      "/api/v1/query?query=count%20by%20%28__name__%29%20%28%7B__name__%3D~%22.%2B_bucket%22"));
  CHECK(requests[0].target.find("&time=") != std::string::npos);

  r = RunTtam({"quantile", "--prometheus", server.Url(""), "{tmp}/x"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--prometheus cannot be combined") != std::string::npos);
}

TEST_CASE("--prometheus: a server that is down is an error, exit 2") {
  ProcessResult r =
      RunTtam({"quantile", "--prometheus", "http://127.0.0.1:" + std::to_string(FreePort())});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(r.err.find("ttam: error: ") == 0);
}

}  // namespace
