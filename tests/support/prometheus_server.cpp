#include "support/prometheus_server.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

namespace ttam::test {
namespace {

constexpr std::chrono::milliseconds kServerPollInterval{100};

std::string PercentEncodeQuery(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// The value of a one-sample vector or of a scalar in an API answer; nullopt
// for anything else (an error, no sample, several).
std::optional<std::string> SingleValue(const std::string& body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("status", "") != "success") {
    return std::nullopt;
  }
  const nlohmann::json& data = doc["data"];
  const nlohmann::json& result = data["result"];
  std::string type = data.value("resultType", "");
  if (type == "scalar" && result.is_array() && result.size() == 2 && result[1].is_string()) {
    return result[1].get<std::string>();
  }
  if (type == "vector" && result.is_array() && result.size() == 1 &&
      result[0]["value"].is_array() && result[0]["value"].size() == 2 &&
      result[0]["value"][1].is_string()) {
    return result[0]["value"][1].get<std::string>();
  }
  return std::nullopt;
}

std::string Seconds(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

}  // namespace

LocalResponse LocalGet(int port, const std::string& path, const std::string& accept) {
  LocalResponse out;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return out;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return out;
  }
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: " + accept +
                        "\r\nAccept-Encoding: identity\r\n\r\n";
  if (write(fd, request.data(), request.size()) < 0) {
    close(fd);
    return out;
  }
  std::string response;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) response.append(buf, static_cast<size_t>(n));
  close(fd);
  size_t split = response.find("\r\n\r\n");
  // "HTTP/1.x NNN reason"
  if (split == std::string::npos || response.size() < 12) return out;
  out.status = std::atoi(response.c_str() + 9);
  out.body = response.substr(split + 4);
  return out;
}

PrometheusServer::PrometheusServer(PrometheusOptions options)
    : port_(FreePort()), config_path_(dir_.Write("prometheus.yml", options.config)), process_([&] {
        std::vector<std::string> argv = {
            kPrometheusPath, "--config.file=" + config_path_,
            "--storage.tsdb.path=" +
                (options.storage.empty() ? dir_.path() + "/data" : options.storage),
            "--web.listen-address=127.0.0.1:" + std::to_string(port_)};
        argv.insert(argv.end(), options.flags.begin(), options.flags.end());
        return argv;
      }()) {}

std::string PrometheusServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void PrometheusServer::RequireReady(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  LocalResponse last;
  while (std::chrono::steady_clock::now() < deadline) {
    last = LocalGet(port_, "/-/ready");
    if (last.status == 200) return;
    if (!process_.running()) FAIL("prometheus at " << url() << " exited; its log:\n" << Log());
    std::this_thread::sleep_for(kServerPollInterval);
  }
  FAIL("prometheus at " << url() << " was not ready after " << Seconds(timeout)
                        << " (last answer to /-/ready: "
                        << (last.status == 0 ? std::string("none")
                                             : std::to_string(last.status) + " " + last.body)
                        << "); its log:\n"
                        << Log());
}

void PrometheusServer::RequireValue(const std::string& expr, const std::string& want,
                                    std::optional<int64_t> at, std::chrono::milliseconds timeout) {
  std::string path = "/api/v1/query?query=" + PercentEncodeQuery(expr);
  if (at) path += "&time=" + std::to_string(*at);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  LocalResponse last;
  while (std::chrono::steady_clock::now() < deadline) {
    last = LocalGet(port_, path, "application/json");
    if (SingleValue(last.body) == want) return;
    if (!process_.running()) FAIL("prometheus at " << url() << " exited; its log:\n" << Log());
    std::this_thread::sleep_for(kServerPollInterval);
  }
  FAIL("prometheus at " << url() << ": `" << expr << "`"
                        << (at ? " at " + std::to_string(*at) : std::string()) << " did not answer "
                        << want << " within " << Seconds(timeout) << " (last answer: "
                        << (last.status == 0 ? std::string("none")
                                             : std::to_string(last.status) + " " + last.body)
                        << "); its log:\n"
                        << Log());
}

NodeExporter::NodeExporter()
    : port_(FreePort()),
      process_({kNodeExporterPath, "--web.listen-address=127.0.0.1:" + std::to_string(port_)}) {}

std::string NodeExporter::metrics_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/metrics";
}

void NodeExporter::RequireReady(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!LocalGet(port_, "/metrics", "text/plain").body.empty()) return;
    if (!process_.running()) {
      FAIL("node-exporter on 127.0.0.1:" << port_ << " exited; its log:\n" << Log());
    }
    std::this_thread::sleep_for(kServerPollInterval);
  }
  FAIL("node-exporter on 127.0.0.1:" << port_ << " served no /metrics within " << Seconds(timeout)
                                     << "; its log:\n"
                                     << Log());
}

}  // namespace ttam::test
