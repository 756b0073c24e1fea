// `ttam burn-rate --prometheus` on the built binary against a fixture server
// on 127.0.0.1: every window's queries are sent pinned with `@` at one
// evaluation time, and the verdict comes from the server's answers. The
// file sources' cases are goldens in tests/cli/burn-rate/, the numbers'
// evidence tests/slo/burn_rate_promtool_test.cpp.
#include <doctest/doctest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/fixture_server.h"
#include "support/process.h"

namespace {

using ttam::test::FixtureServer;
using ttam::test::FreePort;
using ttam::test::ProcessResult;
using ttam::test::RunTtam;
using ttam::test::TempDir;

constexpr char kBurnSpec[] = R"(slos:
  - name: checkout
    objective: 99.9
    period: 30d
    sli:
      errors: http_requests_total{code=~"5.."}
      total: http_requests_total
)";

TEST_CASE(
    "--prometheus: every window's queries, pinned at one time; the verdict from the answers") {
  // Every query gets the same answer: 0.05 (a 5% error ratio, burn 50),
  // and as an event count 1e6 events.
  FixtureServer server({{.path = "/api/v1/query",
                         .content_type = "application/json",
                         .body = R"({"status":"success","data":{"resultType":"vector",)"
                                 R"("result":[{"metric":{},"value":[1767225600,"0.05"]}]}})"}});
  TempDir dir;
  std::string spec = dir.Write("slo.yml", kBurnSpec);
  ProcessResult r =
      RunTtam({"--format", "json", "burn-rate", "--slo", spec, "--prometheus", server.Url("")});
  CAPTURE(r.err);
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE(!doc.is_discarded());
  // 8 windows (5m ... 3d and the 30d period), each a ratio and an event count.
  auto requests = server.Requests();
  CHECK(requests.size() == 16);
  std::string time;
  for (const auto& req : requests) {
    CAPTURE(req.target);
    CHECK(req.target.find("%40") != std::string::npos);  // `@ T` in every query
    size_t at = req.target.find("&time=");
    REQUIRE(at != std::string::npos);
    if (time.empty()) time = req.target.substr(at);
    CHECK(req.target.substr(at) == time);  // one evaluation time
  }
  REQUIRE(doc["slos"].size() == 1);
  // On a server every window is covered, the period too.
  for (const auto& w : doc["slos"][0]["windows"]) CHECK(w["covered"] == true);
  // The events answer is 0.05 too: below --min-events, so the fast burn
  // does not page; with --min-events 0 it does.
  CHECK(doc["slos"][0]["verdict"] == "ok");
  CHECK(r.exit_code == 0);
  r = RunTtam({"burn-rate", "--slo", spec, "--min-events", "0", "--prometheus", server.Url("")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("pages: burn rate 50 over 1h and 50 over 5m, both above 14.4") !=
        std::string::npos);
}

TEST_CASE("--prometheus: a server that is down is an error, exit 2") {
  TempDir dir;
  std::string spec = dir.Write("slo.yml", kBurnSpec);
  ProcessResult r = RunTtam({"burn-rate", "--slo", spec, "--prometheus",
                             "http://127.0.0.1:" + std::to_string(FreePort())});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(r.err.find("ttam: error: ") != std::string::npos);
}

TEST_CASE("on a terminal each window gets a sparkline of its burn rate up to now") {
  const std::string script = "/usr/bin/script";
  if (access(script.c_str(), X_OK) != 0) {
    MESSAGE("SKIPPED: " << script << " (util-linux) runs ttam on a pseudo-terminal");
    return;
  }
  TempDir dir;
  std::string spec = dir.Write("slo.yml", kBurnSpec);
  // Two hours without errors, then 5% errors for the last 40 minutes.
  std::string data = dir.Write("d.txt",
                               "load 1m\n"
                               "  http_requests_total{code=\"200\"} 0+100x120 12095+95x40\n"
                               "  http_requests_total{code=\"503\"} 0+0x120 5+5x40\n");
  std::string command =
      std::string(TTAM_BINARY) + " burn-rate --color never --slo " + spec + " " + data;
  ProcessResult r = ttam::test::RunProcess({script, "-qec", command, "/dev/null"});
  std::string out = r.out;
  for (size_t at = out.find('\r'); at != std::string::npos; at = out.find('\r')) out.erase(at, 1);
  CAPTURE(out);
  CHECK(out.find("WINDOW  ERROR RATIO  BURN RATE  EVENTS  BURN RATE UP TO NOW\n") !=
        std::string::npos);
  // 5m: nothing for most of the data, then the burst at its full height.
  size_t row = out.find("\n  5m ");
  REQUIRE(row != std::string::npos);
  std::string line = out.substr(row + 1, out.find('\n', row + 1) - row - 1);
  CHECK(line.find("▁▁▁▁") != std::string::npos);
  CHECK(line.ends_with("█"));
  // Windows the data does not cover get no sparkline.
  CHECK(out.find("  1d      not covered\n") != std::string::npos);
}

}  // namespace
