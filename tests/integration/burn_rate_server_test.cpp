// `ttam burn-rate` against a real prometheus (Debian's 2.42) over the same
// samples: three days of request counters that end in a fast burn are
// written as a recording that ends a minute ago, backfilled with `promtool
// tsdb create-blocks-from openmetrics` and served by a prometheus started
// here on 127.0.0.1. Every window's query that `ttam burn-rate --data FILE`
// printed (pinned with `@` at the last sample) must give ttam's value on
// the server, to the last bit; and `ttam burn-rate --prometheus` (at the
// server's now, the period window included) must page, as the data does.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../slo/burn_data.h"
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

constexpr const char* kServerSpec = R"(slos:
  - name: checkout
    objective: 99.9
    period: 30d
    sli:
      errors: http_requests_total{code="500"}
      total: http_requests_total
)";

}  // namespace

TEST_CASE("burn-rate's queries give ttam's values on a real prometheus, and it pages there too") {
  if (!std::filesystem::exists(kPrometheusPath) || !std::filesystem::exists(kPromtoolPath)) {
    MESSAGE("SKIPPED: install prometheus (Debian package: prometheus and promtool)");
    return;
  }
  using ttam::test::kStepS;
  constexpr int kSamples = 3 * 24 * 3600 / kStepS + 2;  // just over 3d
  // Steady traffic with 1 error in 10,000, then an hour at 5% errors.
  ttam::test::Counters c = ttam::test::Build({{kSamples - 52, 10, 0.001}, {52, 9.5, 0.5}});
  int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  int64_t start_s = now_s - 60 - (kSamples - 1) * kStepS;
  TempDir dir;
  std::string om = dir.Write("data.om", ttam::test::Recording(c, start_s));
  std::string spec = dir.Write("slo.yml", kServerSpec);
  std::string data = dir.path() + "/data";
  ProcessResult backfill =
      RunProcess({kPromtoolPath, "tsdb", "create-blocks-from", "openmetrics", om, data}, "",
                 std::chrono::seconds(120));
  REQUIRE_MESSAGE(backfill.exit_code == 0, backfill.out << backfill.err);
  PrometheusServer server({.storage = data});
  int64_t last_s = start_s + (kSamples - 1) * kStepS;
  server.RequireValue("count(http_requests_total)", "2", last_s);

  // --data: the numbers and the queries that computed them.
  ProcessResult local = RunTtam({"burn-rate", "--format", "json", "--slo", spec, "--data", om});
  CAPTURE(local.err);
  CHECK(local.exit_code == 1);  // it pages
  json mine = json::parse(local.out, nullptr, false);
  REQUIRE(!mine.is_discarded());
  REQUIRE(mine["slos"].size() == 1);
  CHECK(mine["slos"][0]["verdict"] == "page");
  int compared = 0;
  for (const json& w : mine["slos"][0]["windows"]) {
    for (const auto& [query, value] :
         {std::pair{w["query"], w["error_ratio"]}, std::pair{w["events_query"], w["events"]}}) {
      if (query.get<std::string>().empty() || value.is_null()) continue;
      std::string q = query.get<std::string>();
      CAPTURE(q);
      ProcessResult theirs =
          RunTtam({"query", "--format", "json", "--prometheus", server.url(), q});
      REQUIRE(theirs.exit_code == 0);
      json answer = json::parse(theirs.out, nullptr, false);
      REQUIRE(!answer.is_discarded());
      REQUIRE(answer["data"]["result"].size() == 1);
      double got = std::stod(answer["data"]["result"][0]["value"][1].get<std::string>());
      CHECK(got == value.get<double>());
      ++compared;
    }
  }
  CHECK(compared == 14);  // 7 windows (the 30d period is not covered), ratio and events

  // --prometheus: the server's now, every window (the period too).
  ProcessResult remote =
      RunTtam({"burn-rate", "--format", "json", "--slo", spec, "--prometheus", server.url()});
  CAPTURE(remote.err);
  CHECK(remote.exit_code == 1);
  json theirs = json::parse(remote.out, nullptr, false);
  REQUIRE(!theirs.is_discarded());
  REQUIRE(theirs["slos"].size() == 1);
  CHECK(theirs["slos"][0]["verdict"] == "page");
  CHECK(theirs["slos"][0]["budget_window"] == "30d");
  for (const json& w : theirs["slos"][0]["windows"]) {
    CAPTURE(w.dump());
    CHECK(w["covered"] == true);
    REQUIRE(!w["error_ratio"].is_null());
  }
  double remaining = theirs["slos"][0]["budget_remaining"].get<double>();
  // The server has 3 days of the 30d window: its ratio is theirs (burn
  // ~0.8: 3 days at 0.1, an hour at 50), so about a fifth is left.
  CHECK(remaining > 0.1);
  CHECK(remaining < 0.3);
  MESSAGE("compared " << compared
                      << " window ratios and event counts with prometheus 2.42: all equal to "
                         "the last bit; --prometheus pages with "
                      << remaining * 100 << "% of the 30d budget left");
}
