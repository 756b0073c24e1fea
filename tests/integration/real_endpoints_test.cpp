// Real peers from Debian: prometheus-node-exporter and a prometheus server's
// own /metrics, started here on 127.0.0.1 with free ports and stopped after.
// `ttam scrape` and `ttam scrape --check` must read every sample they serve.
// Then the exporters of issue 13 (node-exporter, Prometheus and its /federate
// of an OpenMetrics app, Pushgateway with pushed groups, Alertmanager,
// blackbox-exporter, the official Python client in both formats): `ttam scrape
// --check` gives no error-level finding on any of them, and each test prints
// the findings by check id.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/process.h"
#include "support/prometheus_server.h"

using ttam::test::BackgroundProcess;
using ttam::test::FreePort;
using ttam::test::kNodeExporterPath;
using ttam::test::kPrometheusPath;
using ttam::test::LocalGet;
using ttam::test::NodeExporter;
using ttam::test::ProcessResult;
using ttam::test::PrometheusServer;
using ttam::test::RunProcess;
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

namespace {

constexpr const char* kPushgatewayPath = "/usr/bin/prometheus-pushgateway";
constexpr const char* kAlertmanagerPath = "/usr/bin/prometheus-alertmanager";
constexpr const char* kBlackboxPath = "/usr/bin/prometheus-blackbox-exporter";
constexpr const char* kPython = "/usr/bin/python3";
constexpr const char* kTextAccept = "text/plain;version=0.0.4";
constexpr const char* kOpenMetricsAccept =
    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

/// False (with a visible message) when `path` is not installed.
bool Installed(const std::string& path, const std::string& package) {
  if (std::filesystem::exists(path)) return true;
  MESSAGE("skipped: " << path << " is missing (install " << package << "; .ci/install-deps does)");
  return false;
}

/// A server from Debian on 127.0.0.1 and a free port; killed on destruction.
class LocalServer {
 public:
  /// `argv_for(port)` builds the command line for the chosen port.
  template <typename ArgvFor>
  LocalServer(std::string name, ArgvFor argv_for)
      : name_(std::move(name)), port_(FreePort()), process_(argv_for(port_)) {}

  int port() const { return port_; }

  /// Waits until GET `path` answers 200 with a body; fails with the log otherwise.
  void RequireServing(const std::string& path = "/metrics") {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      ttam::test::LocalResponse r = LocalGet(port_, path, kTextAccept);
      if (r.status == 200 && !r.body.empty()) return;
      if (!process_.running()) FAIL(name_ << " exited; its log:\n" << process_.Log());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL(name_ << " served no " << path << " within 30 s; its log:\n" << process_.Log());
  }

 private:
  std::string name_;
  int port_;
  BackgroundProcess process_;
};

/// `ttam scrape --check` over `body`: no error-level finding; prints the
/// findings by check id. Returns the count per id.
std::map<std::string, int> RequireNoErrors(const std::string& name, const std::string& body) {
  CAPTURE(name);
  REQUIRE(!body.empty());
  TempDir dir;
  std::string file = dir.Write("exposition.prom", body);
  ProcessResult check = RunTtam({"scrape", "--check", "--format", "json", file});
  CHECK((check.exit_code == 0 || check.exit_code == 1));
  auto doc = nlohmann::json::parse(check.out);
  std::map<std::string, int> by_id;
  for (const auto& d : doc["diagnostics"]) {
    std::string id = d["check"].get<std::string>();
    ++by_id[id];
    CHECK_MESSAGE(d["severity"] != "error", name << ": " << id << " at line " << d["line"] << ": "
                                                 << d["message"].get<std::string>());
  }
  std::string tally;
  for (const auto& [id, n] : by_id) tally += " " + id + "=" + std::to_string(n);
  MESSAGE(name << " (" << doc["scrape"]["format"] << ", " << doc["scrape"]["samples"]
               << " samples) --check findings by id:" << (tally.empty() ? " none" : tally));
  return by_id;
}

/// GET `path` with `accept` and RequireNoErrors over the body.
std::map<std::string, int> CheckTarget(const std::string& name, int port, const std::string& path,
                                       const std::string& accept) {
  return RequireNoErrors(name, LocalGet(port, path, accept).body);
}

/// The official Python client's primitive_app.py (samples/) on a free port.
class PythonApp {
 public:
  PythonApp()
      : server_("python client app", [](int port) {
          return std::vector<std::string>{
              kPython, std::string(TTAM_SOURCE_DIR) + "/samples/primitive_app.py",
              std::to_string(port)};
        }) {}
  int port() const { return server_.port(); }
  void RequireServing() { server_.RequireServing(); }

 private:
  LocalServer server_;
};

/// Whether /usr/bin/python3 has the official client (python3-prometheus-client).
bool HasPythonClient() {
  if (!Installed(kPython, "python3")) return false;
  ProcessResult r = RunProcess({kPython, "-c", "import prometheus_client"});
  if (r.exit_code == 0) return true;
  MESSAGE(
      "skipped: /usr/bin/python3 has no prometheus_client (install "
      "python3-prometheus-client; .ci/install-deps does)");
  return false;
}

}  // namespace

TEST_CASE("real exporters, --check: node-exporter in both formats") {
  if (!Installed(kNodeExporterPath, "prometheus-node-exporter")) return;
  NodeExporter exporter;
  exporter.RequireReady();
  auto text = CheckTarget("node-exporter", exporter.port(), "/metrics", kTextAccept);
  // Kernel field names (node_memory_MemFree_bytes) and node_os_info{id="debian"}
  // are deliberate: no naming advice, no unbounded-label on them.
  CHECK(text.count("metrics/camel-case") == 0);
  CHECK(text.count("metrics/snake-case") == 0);
  CHECK(text.count("metrics/unbounded-label") == 0);
  CheckTarget("node-exporter (Accept: OpenMetrics)", exporter.port(), "/metrics",
              kOpenMetricsAccept);
}

TEST_CASE("real exporters, --check: prometheus and its /federate of an OpenMetrics app") {
  if (!Installed(kPrometheusPath, "prometheus") || !HasPythonClient()) return;
  PythonApp app;
  app.RequireServing();
  PrometheusServer server({.config = "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                                     "  - job_name: app\n    static_configs:\n"
                                     "      - targets: ['127.0.0.1:" +
                                     std::to_string(app.port()) + "']\n"});
  server.RequireReady();
  server.RequireValue("count(primitive_duration_seconds_created)", "2");
  CheckTarget("prometheus", server.port(), "/metrics", kOpenMetricsAccept);
  std::string federate =
      LocalGet(server.port(), "/federate?match%5B%5D=%7Bjob%3D%22app%22%7D", kTextAccept).body;
  // The class that was a false error: each name with its own "# TYPE x untyped",
  // sorted, so _created falls between _count and _sum.
  CHECK(federate.find("# TYPE primitive_duration_seconds_created untyped") != std::string::npos);
  auto found = RequireNoErrors("prometheus /federate", federate);
  CHECK(found.count("exposition/split-family") == 0);
}

TEST_CASE("real exporters, --check: the Python client in both formats") {
  if (!HasPythonClient()) return;
  PythonApp app;
  app.RequireServing();
  CheckTarget("python client (text)", app.port(), "/metrics", kTextAccept);
  CheckTarget("python client (Accept: OpenMetrics)", app.port(), "/metrics",
              "application/openmetrics-text;version=1.0.0");
  // A gauge histogram as the client writes it: in the text format a histogram
  // of buckets followed by the gauges _gcount and _gsum.
  const std::string script =
      "import sys\n"
      "from prometheus_client import CollectorRegistry, generate_latest\n"
      "from prometheus_client.core import GaugeHistogramMetricFamily\n"
      "from prometheus_client.openmetrics.exposition import generate_latest as om\n"
      "class C:\n"
      "    def collect(self):\n"
      "        yield GaugeHistogramMetricFamily('job_wait_seconds', 'Queued jobs by wait.',\n"
      "            buckets=[('1.0', 3), ('+Inf', 4)], gsum_value=2.5)\n"
      "r = CollectorRegistry()\n"
      "r.register(C())\n"
      "sys.stdout.write((om if sys.argv[1] == 'om' else generate_latest)(r).decode())\n";
  ProcessResult text = RunProcess({kPython, "-c", script, "text"});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("job_wait_seconds_gcount") != std::string::npos);
  auto found = RequireNoErrors("python client gauge histogram (text)", text.out);
  CHECK(found.count("histogram/missing-count") == 0);
  CHECK(found.count("histogram/missing-sum") == 0);
  ProcessResult openmetrics = RunProcess({kPython, "-c", script, "om"});
  REQUIRE(openmetrics.exit_code == 0);
  RequireNoErrors("python client gauge histogram (OpenMetrics)", openmetrics.out);
}

TEST_CASE("real exporters, --check: pushgateway with pushed groups") {
  if (!Installed(kPushgatewayPath, "prometheus-pushgateway") || !HasPythonClient()) return;
  LocalServer gateway("pushgateway", [](int port) {
    // Debian's build persists to /var/lib/prometheus by default: keep this
    // gateway's groups in memory, apart from any other gateway's.
    return std::vector<std::string>{kPushgatewayPath, "--persistence.file=",
                                    "--web.listen-address=127.0.0.1:" + std::to_string(port)};
  });
  gateway.RequireServing();
  // Two groups pushed by the official client: one without an instance (the
  // gateway then writes instance=""), one with.
  const std::string push =
      "import sys\n"
      "from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, "
      "push_to_gateway\n"
      "r = CollectorRegistry()\n"
      "Gauge('batch_last_success_seconds', 'Last success.', registry=r).set(1.7e9)\n"
      "Counter('batch_records', 'Records processed.', registry=r).inc(12)\n"
      "Histogram('batch_duration_seconds', 'Run time.', registry=r).observe(3.2)\n"
      "gw = '127.0.0.1:' + sys.argv[1]\n"
      "push_to_gateway(gw, job='nightly_batch', registry=r)\n"
      "push_to_gateway(gw, job='nightly_batch', grouping_key={'instance': 'host1'}, "
      "registry=r)\n";
  ProcessResult pushed = RunProcess({kPython, "-c", push, std::to_string(gateway.port())});
  REQUIRE_MESSAGE(pushed.exit_code == 0, pushed.err);
  std::string body = LocalGet(gateway.port(), "/metrics", kTextAccept).body;
  CHECK(body.find("instance=\"\"") != std::string::npos);
  auto found = RequireNoErrors("pushgateway", body);
  CHECK(found.count("exposition/empty-label-value") == 0);
  CHECK(found.count("metrics/missing-help") == 0);
  CheckTarget("pushgateway (Accept: OpenMetrics)", gateway.port(), "/metrics", kOpenMetricsAccept);
}

TEST_CASE("real exporters, --check: alertmanager") {
  if (!Installed(kAlertmanagerPath, "prometheus-alertmanager")) return;
  TempDir dir;
  std::string config =
      dir.Write("alertmanager.yml", "route:\n  receiver: r\nreceivers:\n  - name: r\n");
  std::filesystem::create_directories(dir.path() + "/data");
  LocalServer alertmanager("alertmanager", [&](int port) {
    return std::vector<std::string>{
        kAlertmanagerPath, "--config.file=" + config, "--storage.path=" + dir.path() + "/data",
        "--cluster.listen-address=", "--web.listen-address=127.0.0.1:" + std::to_string(port)};
  });
  alertmanager.RequireServing();
  CheckTarget("alertmanager", alertmanager.port(), "/metrics", kTextAccept);
  CheckTarget("alertmanager (Accept: OpenMetrics)", alertmanager.port(), "/metrics",
              kOpenMetricsAccept);
}

TEST_CASE("real exporters, --check: blackbox-exporter and a probe") {
  if (!Installed(kBlackboxPath, "prometheus-blackbox-exporter")) return;
  TempDir dir;
  std::string config =
      dir.Write("blackbox.yml", "modules:\n  tcp_connect:\n    prober: tcp\n    timeout: 5s\n");
  LocalServer blackbox("blackbox-exporter", [&](int port) {
    return std::vector<std::string>{kBlackboxPath, "--config.file=" + config,
                                    "--web.listen-address=127.0.0.1:" + std::to_string(port)};
  });
  blackbox.RequireServing();
  CheckTarget("blackbox-exporter", blackbox.port(), "/metrics", kOpenMetricsAccept);
  // A probe of the exporter's own port.
  CheckTarget("blackbox-exporter /probe", blackbox.port(),
              "/probe?module=tcp_connect&target=127.0.0.1:" + std::to_string(blackbox.port()),
              kTextAccept);
}
