// Real peers from Debian: prometheus-node-exporter and a prometheus server's
// own /metrics, started here on 127.0.0.1 with free ports and stopped after.
// `ttam scrape` and `ttam scrape --check` must read every sample they serve.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/process.h"
#include "support/prometheus_server.h"

using ttam::test::kNodeExporterPath;
using ttam::test::kPrometheusPath;
using ttam::test::LocalGet;
using ttam::test::NodeExporter;
using ttam::test::ProcessResult;
using ttam::test::PrometheusServer;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

/// Sample lines: neither comments nor blank.
uint64_t CountSampleLines(const std::string& body) {
  std::istringstream in(body);
  std::string line;
  uint64_t n = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') ++n;
  }
  return n;
}

/// The checks run against one live endpoint.
void CheckEndpoint(const std::string& name, int port) {
  CAPTURE(name);
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/metrics";

  // 1. The same bytes, read independently and by ttam from a file: exact count.
  std::string body = LocalGet(port, "/metrics", "text/plain;version=0.0.4").body;
  REQUIRE(!body.empty());
  uint64_t independent = CountSampleLines(body);
  TempDir dir;
  std::string file = dir.Write(name + ".prom", body);
  ProcessResult from_file = RunTtam({"scrape", "--format", "json", file});
  REQUIRE(from_file.exit_code == 0);
  auto doc = nlohmann::json::parse(from_file.out);
  CHECK(doc["scrape"]["samples"].get<uint64_t>() == independent);
  CHECK(doc["summary"]["errors"] == 0);
  MESSAGE(name << ": " << independent << " samples counted independently, "
               << doc["scrape"]["samples"] << " parsed by ttam from the same bytes");

  // 2. Over HTTP with Prometheus's Accept header (OpenMetrics when offered).
  // A server that just started adds series between requests (Prometheus's
  // own metrics grow with its first scrapes and queries), so the live count
  // is bracketed by independent counts taken just before and just after it,
  // with 10% for OpenMetrics' extra _created samples and gauges that come and go.
  ProcessResult live = RunTtam({"scrape", "--format", "json", url});
  REQUIRE(live.exit_code == 0);
  uint64_t after = CountSampleLines(LocalGet(port, "/metrics", "text/plain;version=0.0.4").body);
  auto live_doc = nlohmann::json::parse(live.out);
  uint64_t live_samples = live_doc["scrape"]["samples"].get<uint64_t>();
  CHECK(live_samples * 10 >= std::min(independent, after) * 9);
  CHECK(live_samples * 10 <= std::max(independent, after) * 11);
  CHECK(live_doc["summary"]["errors"] == 0);
  MESSAGE(name << " over HTTP: " << live_samples << " samples, format "
               << live_doc["scrape"]["format"] << ", content type "
               << live_doc["scrape"]["content_type"]);

  // 3. Text summary and --check: never "could not run", never a syntax error.
  ProcessResult text = RunTtam({"scrape", url});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find(" families, ") != std::string::npos);
  ProcessResult check = RunTtam({"scrape", "--check", "--format", "json", url});
  CHECK((check.exit_code == 0 || check.exit_code == 1));
  auto check_doc = nlohmann::json::parse(check.out);
  for (const auto& d : check_doc["diagnostics"]) {
    std::string id = d["check"].get<std::string>();
    CHECK_MESSAGE(id.rfind("exposition/syntax", 0) != 0, d["message"].get<std::string>());
  }
  MESSAGE(name << " --check: " << check_doc["diagnostics"].size() << " findings");
}

}  // namespace

TEST_CASE("real endpoint: prometheus-node-exporter") {
  REQUIRE_MESSAGE(std::filesystem::exists(kNodeExporterPath),
                  "install prometheus-node-exporter (.ci/install-deps does)");
  NodeExporter exporter;
  exporter.RequireReady();
  CheckEndpoint("node-exporter", exporter.port());
}

TEST_CASE("real endpoint: a prometheus server's own /metrics") {
  REQUIRE_MESSAGE(std::filesystem::exists(kPrometheusPath),
                  "install prometheus (.ci/install-deps does)");
  PrometheusServer server({.config = "global:\n  scrape_interval: 15s\nscrape_configs: []\n"});
  server.RequireReady();
  CheckEndpoint("prometheus", server.port());
}
