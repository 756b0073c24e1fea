// Real peers from Debian: prometheus-node-exporter and a prometheus server's
// own /metrics, started here on 127.0.0.1 with free ports and stopped after.
// `ttam scrape` and `ttam scrape --check` must read every sample they serve.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "support/process.h"

using ttam::test::BackgroundProcess;
using ttam::test::FreePort;
using ttam::test::ProcessResult;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

constexpr const char* kNodeExporter = "/usr/bin/prometheus-node-exporter";
constexpr const char* kPrometheus = "/usr/bin/prometheus";

/// An HTTP/1.0 GET written for this test alone, so that the sample count it
/// gives does not depend on ttam's client. Returns the body ("" on failure).
std::string RawGet(int port, const std::string& path, const std::string& accept) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: " + accept +
                        "\r\nAccept-Encoding: identity\r\n\r\n";
  if (write(fd, request.data(), request.size()) < 0) {
    close(fd);
    return "";
  }
  std::string response;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) response.append(buf, static_cast<size_t>(n));
  close(fd);
  size_t split = response.find("\r\n\r\n");
  return split == std::string::npos ? "" : response.substr(split + 4);
}

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

bool WaitForBody(int port, const std::string& path) {
  for (int i = 0; i < 150; ++i) {
    if (!RawGet(port, path, "text/plain").empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

/// The checks run against one live endpoint.
void CheckEndpoint(const std::string& name, int port) {
  CAPTURE(name);
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/metrics";

  // 1. The same bytes, read independently and by ttam from a file: exact count.
  std::string body = RawGet(port, "/metrics", "text/plain;version=0.0.4");
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
  uint64_t after = CountSampleLines(RawGet(port, "/metrics", "text/plain;version=0.0.4"));
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
  REQUIRE_MESSAGE(std::filesystem::exists(kNodeExporter),
                  "install prometheus-node-exporter (.ci/install-deps does)");
  int port = FreePort();
  BackgroundProcess exporter(
      {kNodeExporter, "--web.listen-address=127.0.0.1:" + std::to_string(port)});
  REQUIRE_MESSAGE(WaitForBody(port, "/metrics"), exporter.Log());
  CheckEndpoint("node-exporter", port);
}

TEST_CASE("real endpoint: a prometheus server's own /metrics") {
  REQUIRE_MESSAGE(std::filesystem::exists(kPrometheus),
                  "install prometheus (.ci/install-deps does)");
  TempDir dir;
  std::string config =
      dir.Write("prometheus.yml", "global:\n  scrape_interval: 15s\nscrape_configs: []\n");
  int port = FreePort();
  BackgroundProcess server({kPrometheus, "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.path() + "/data",
                            "--web.listen-address=127.0.0.1:" + std::to_string(port)});
  REQUIRE_MESSAGE(WaitForBody(port, "/metrics"), server.Log());
  CheckEndpoint("prometheus", port);
}
