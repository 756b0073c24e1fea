// `ttam quantile` on what a real prometheus (Debian's 2.42) scraped from a
// live app on the official Python client (samples/primitive_app.py, the
// guide's primitive_duration_seconds histogram growing with every scrape,
// served by prometheus_client itself): the server scrapes it every second,
// its samples are exported through its API (a range selector over them) and
// replayed into `ttam quantile --data`, and every query ttam printed, sent to
// the server as is, must give ttam's values to the last bit (one series per
// group: nothing is summed, so not even the Kahan difference applies).
// The scrape times are the server's, with milliseconds, so the printed
// queries carry `@ <seconds>.<ms>` and a window of the span plus 1ms.
// The client also writes a primitive_duration_seconds_created series per
// child, which 2.42 stores as a series of its own: it is exported and
// replayed too, and ttam quantile leaves it aside (it is no bucket, count or
// sum), so it changes no number.
// Then `ttam quantile --prometheus` on the same server, whose printed
// queries, pinned by `@`, keep their values while the scraping goes on.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "support/process.h"
#include "support/prometheus_server.h"

namespace {

using nlohmann::json;
using ttam::test::BackgroundProcess;
using ttam::test::FreePort;
using ttam::test::kPrometheusPath;
using ttam::test::ProcessResult;
using ttam::test::PrometheusServer;
using ttam::test::RunProcess;
using ttam::test::RunTtam;
using ttam::test::TempDir;
using ttam::test::WaitForPort;

constexpr const char* kPython = "/usr/bin/python3";

json RunJson(const std::vector<std::string>& args) {
  ProcessResult r = RunTtam(args, "", std::chrono::seconds(60));
  INFO("ttam " << args.front() << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  json body = json::parse(r.out, nullptr, false);
  REQUIRE(!body.is_discarded());
  return body;
}

// `name{a="b",...}` from an API metric object (values need no escaping here).
std::string SeriesText(const json& metric) {
  std::string name, labels;
  for (auto it = metric.begin(); it != metric.end(); ++it) {
    if (it.key() == "__name__") {
      name = it.value();
      continue;
    }
    labels += (labels.empty() ? "" : ",") + it.key() + "=\"" + it.value().get<std::string>() + "\"";
  }
  return name + "{" + labels + "}";
}

}  // namespace

TEST_CASE("ttam quantile over a prometheus's scrapes of a live app gives the server's values") {
  if (!std::filesystem::exists(kPrometheusPath) || !std::filesystem::exists(kPython)) {
    MESSAGE("SKIPPED: needs /usr/bin/prometheus (Debian package prometheus) and python3");
    return;
  }
  ProcessResult client = RunProcess({kPython, "-c", "import prometheus_client"});
  if (client.exit_code != 0) {
    MESSAGE(
        "SKIPPED: needs the official Python client (Debian package "
        "python3-prometheus-client; .ci/install-deps installs it): "
        << client.err);
    return;
  }
  TempDir dir;
  int app_port = FreePort();
  BackgroundProcess app({kPython, std::string(TTAM_SOURCE_DIR) + "/samples/primitive_app.py",
                         std::to_string(app_port)});
  REQUIRE_MESSAGE(WaitForPort(app_port, std::chrono::seconds(15)), app.Log());
  PrometheusServer server({.config = "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                                     "  - job_name: app\n    static_configs:\n"
                                     "      - targets: ['127.0.0.1:" +
                                     std::to_string(app_port) + "']\n"});
  std::string base = server.url();
  // Wait for eight scrapes.
  server.RequireValue("count(count_over_time(primitive_duration_seconds_count[1h]) >= 8)", "2");

  // Export every sample the server holds, as an exposition with timestamps.
  json exported = RunJson({"query", "--format", "json", "--prometheus", base,
                           "{__name__=~\"primitive_duration_seconds_.*\"}[1h]"});
  REQUIRE(exported["data"]["resultType"] == "matrix");
  std::string text;
  size_t created = 0;
  for (const json& s : exported["data"]["result"]) {
    std::string series = SeriesText(s["metric"]);
    created += series.starts_with("primitive_duration_seconds_created{");
    for (const json& p : s["values"]) {
      auto ms = static_cast<int64_t>(std::llround(p[0].get<double>() * 1000));
      text += series + " " + p[1].get<std::string>() + " " + std::to_string(ms) + "\n";
    }
  }
  CHECK(created == 2);  // the client's, one per child
  std::string file = dir.Write("export.prom", text);

  json mine =
      RunJson({"quantile", "--format", "json", "-q", "0.5,0.9,0.99", "--under", "0.1", file});
  std::map<std::string, std::map<std::string, double>> expected;
  size_t in_inf = 0;
  for (const char* member : {"quantiles", "rates", "means"}) {
    for (const json& e : mine[member]) {
      in_inf += e.contains("above_highest_bound");
      expected[e["query"]][e["labels"].dump()] = e["value"].get<double>();
    }
  }
  REQUIRE(expected.size() == 5);
  size_t compared = 0;
  for (const auto& entry : expected) {
    // (Named: clang 14 cannot capture a structured binding in CAPTURE.)
    const std::string& query = entry.first;
    const std::map<std::string, double>& values = entry.second;
    CAPTURE(query);
    CHECK(query.find(" @ ") != std::string::npos);
    json theirs = RunJson({"query", "--format", "json", "--prometheus", base, query});
    std::map<std::string, double> got;
    for (const json& s : theirs["data"]["result"]) {
      got[s["metric"].dump()] = std::stod(s["value"][1].get<std::string>());
    }
    CHECK(got.size() == values.size());
    for (const auto& point : values) {
      const std::string& labels = point.first;
      double v = point.second;
      CAPTURE(labels);
      REQUIRE(got.count(labels) == 1);
      CHECK(got[labels] == v);
      ++compared;
    }
  }
  MESSAGE("compared " << compared << " values with prometheus 2.42's evaluation over its own "
                      << "scrapes of a live app: all equal to the last bit; " << in_inf
                      << " quantiles in +Inf; window " << mine["evaluation"]["window"]);
  CHECK(compared == 10);

  // `--prometheus`: the same queries run on the server at the clock's now
  // (whole seconds). Pinned by `@`, a printed query gives the same value
  // when asked again later, while the app keeps being scraped. (Compared
  // between two later asks: the first run may race a scrape still being
  // written at that second.)
  json remote = RunJson({"quantile", "--format", "json", "--prometheus", base, "--window", "4s"});
  REQUIRE(remote["quantiles"].size() == 6);
  CHECK(remote["evaluation"]["window"] == "4s");
  for (const json& e : remote["quantiles"]) {
    std::string query = e["query"];
    CAPTURE(query);
    CHECK(query.find("[4s] @ ") != std::string::npos);
    json first = RunJson({"query", "--format", "json", "--prometheus", base, query});
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    json second = RunJson({"query", "--format", "json", "--prometheus", base, query});
    // The sample's time is the request's (the server's now); the values stay.
    auto values = [](const json& body) {
      std::map<std::string, std::string> out;
      for (const json& r : body["data"]["result"]) out[r["metric"].dump()] = r["value"][1];
      return out;
    };
    CHECK(values(first).size() == 2);
    CHECK(values(first) == values(second));
  }
}
