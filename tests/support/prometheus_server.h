#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/process.h"

namespace ttam::test {

/// Debian's binaries the integration tests start (tests skip without them).
inline constexpr const char* kPrometheusPath = "/usr/bin/prometheus";
inline constexpr const char* kNodeExporterPath = "/usr/bin/prometheus-node-exporter";
inline constexpr const char* kPromtoolPath = "/usr/bin/promtool";

/// What a plain GET on 127.0.0.1 got back.
struct LocalResponse {
  int status = 0;    ///< the HTTP status; 0 when nothing answered
  std::string body;  ///< empty when nothing answered
};

/// An HTTP/1.0 GET of `path` on 127.0.0.1:port, written without ttam's own
/// client, so that what tests read through it does not depend on that client.
/// Sends `accept` and no compression; waits at most 10 s for each read.
LocalResponse LocalGet(int port, const std::string& path, const std::string& accept = "*/*");

/// How to start a prometheus.
struct PrometheusOptions {
  /// The text of its prometheus.yml.
  std::string config = "global:\n  scrape_interval: 15s\n";
  /// Its TSDB directory (e.g. one backfilled by promtool); empty: a fresh
  /// directory the server deletes when it stops.
  std::string storage{};
  /// More flags, e.g. "--storage.tsdb.retention.time=100y".
  std::vector<std::string> flags{};
};

/// A real prometheus (kPrometheusPath) on 127.0.0.1 and a free port, with
/// its prometheus.yml in a temporary directory; stopped on destruction. The
/// constructor only starts it: call RequireReady or RequireValue before use.
class PrometheusServer {
 public:
  explicit PrometheusServer(PrometheusOptions options = {});
  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  /// The port it listens on.
  int port() const { return port_; }
  /// "http://127.0.0.1:<port>", the base URL of its API.
  std::string url() const;
  /// The prometheus.yml it was started with.
  const std::string& config_path() const { return config_path_; }
  /// What it logged so far.
  std::string Log() const { return process_.Log(); }

  /// Waits until GET /-/ready answers 200; fails the test (REQUIRE) with the
  /// last answer and the server's log when `timeout` passes first.
  void RequireReady(std::chrono::milliseconds timeout = std::chrono::seconds(60));

  /// Waits until the instant query `expr` (at Unix time `at`, else the
  /// server's now) answers one sample, or a scalar, whose value is `want` as
  /// the API writes it (e.g. "2"); fails the test (REQUIRE) with the last
  /// answer and the server's log when `timeout` passes first. For "the
  /// backfill is loaded" or "every target was scraped".
  void RequireValue(const std::string& expr, const std::string& want,
                    std::optional<int64_t> at = std::nullopt,
                    std::chrono::milliseconds timeout = std::chrono::seconds(60));

 private:
  TempDir dir_;
  int port_ = 0;
  std::string config_path_;
  BackgroundProcess process_;
};

/// A prometheus-node-exporter (kNodeExporterPath) on 127.0.0.1 and a free
/// port; stopped on destruction. Call RequireReady before use.
class NodeExporter {
 public:
  NodeExporter();
  NodeExporter(const NodeExporter&) = delete;
  NodeExporter& operator=(const NodeExporter&) = delete;

  /// The port it listens on.
  int port() const { return port_; }
  /// "http://127.0.0.1:<port>/metrics".
  std::string metrics_url() const;
  /// What it logged so far.
  std::string Log() const { return process_.Log(); }

  /// Waits until /metrics answers with a body; fails the test (REQUIRE)
  /// with the exporter's log when `timeout` passes first.
  void RequireReady(std::chrono::milliseconds timeout = std::chrono::seconds(15));

 private:
  int port_ = 0;
  BackgroundProcess process_;
};

}  // namespace ttam::test
