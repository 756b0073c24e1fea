// The burn-rate evidence: data with designed error patterns (a fast burn
// that must page, a slow burn that must ticket, a low-traffic blip that
// must not page, traffic that stops), written as a promqltest load file
// and as a recording (OpenMetrics with timestamps, as `ttam record` writes)
// for `ttam burn-rate --format json`, which must agree, and as promtool
// input_series. Verdicts and exit codes must be as designed, and every
// window's error ratio and event count ttam printed, as a
// promql_expr_test at ttam's evaluation time, must pass `promtool test
// rules` (2.42): exact float equality.
//
// Samples are 70 s apart, so that no sample sits on the left edge of any
// window (5m ... 3d), where Prometheus 3 (left-open) and 2.42 (closed)
// differ. TTAM_BURN_DIFF_KEEP=DIR keeps the generated files.

#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "burn_data.h"
#include "support/process.h"
#include "support/promtool.h"

namespace {

using ttam::test::Build;
using ttam::test::BurnFloat;
using ttam::test::Counters;
using ttam::test::kStepS;
using ttam::test::Phase;
using ttam::test::Recording;
using ttam::test::ValueList;

constexpr const char* kSpec = R"(slos:
  - name: checkout
    objective: 99.9
    period: 30d
    sli:
      errors: http_requests_total{code="500"}
      total: http_requests_total
)";

struct Scenario {
  const char* name;
  std::vector<Phase> phases;
  const char* verdict;
  int exit_code;         // with the default --fail-on
  int exit_code_ticket;  // with --fail-on ticket
};

constexpr int kThreeDays = 3 * 24 * 3600 / kStepS + 2;  // just over 3d of samples

}  // namespace

TEST_CASE("burn-rate verdicts on designed data, and every ratio equals promtool 2.42's") {
  std::string promtool = ttam::test::FindPromtool();
  const char* keep = std::getenv("TTAM_BURN_DIFF_KEEP");
  ttam::test::TempDir dir;
  std::string spec = dir.Write("slo.yml", kSpec);
  // Steady traffic: 10 requests per step, 1 error in 10,000 (burn 0.1).
  const Scenario scenarios[] = {
      {"fast burn pages",
       {{kThreeDays - 52, 10, 0.001}, {52, 9.5, 0.5}},  // the last hour: 5% errors, burn 50
       "page",
       1,
       1},
      {"slow burn tickets",
       {{kThreeDays - 1235, 10, 0.001}, {1235, 9.96, 0.04}},  // the last day: burn 4
       "ticket",
       0,
       1},
      {"a low-traffic blip does not page",
       {{kThreeDays - 3, 1, 0}, {1, 0, 1}, {2, 1, 0}},  // 1 request per step, one error
       "ok",
       0,
       0},
      {"traffic that stops is no data, not NaN",
       {{kThreeDays - 400, 10, 0.001}, {400, 0, 0}},  // nothing for the last ~8h
       "ok",
       0,
       0},
  };
  int compared = 0, nodata = 0, index = 0;
  for (const Scenario& s : scenarios) {
    ++index;
    CAPTURE(s.name);
    Counters c = Build(s.phases);
    std::string load = "load " + std::to_string(kStepS) +
                       "s\n  http_requests_total{code=\"200\"} " + ValueList(c.ok) +
                       "\n  http_requests_total{code=\"500\"} " + ValueList(c.errors) + "\n";
    std::string data = dir.Write("data-" + std::to_string(index) + ".txt", load);
    ttam::test::ProcessResult r =
        ttam::test::RunTtam({"burn-rate", "--slo", spec, "--data", data, "--format", "json"});
    CAPTURE(r.err);
    CHECK(r.exit_code == s.exit_code);
    ttam::test::ProcessResult t = ttam::test::RunTtam(
        {"burn-rate", "--slo", spec, "--data", data, "--fail-on", "ticket", "--format", "json"});
    CHECK(t.exit_code == s.exit_code_ticket);
    nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE(!doc.is_discarded());
    // A recording of the same samples gives the same numbers.
    std::string om = dir.Write("data-" + std::to_string(index) + ".om", Recording(c, 0));
    ttam::test::ProcessResult rec =
        ttam::test::RunTtam({"burn-rate", "--slo", spec, "--data", om, "--format", "json"});
    CHECK(rec.exit_code == s.exit_code);
    nlohmann::json recorded = nlohmann::json::parse(rec.out, nullptr, false);
    REQUIRE(!recorded.is_discarded());
    CHECK(recorded["slos"] == doc["slos"]);
    REQUIRE(doc["slos"].size() == 1);
    const nlohmann::json& slo = doc["slos"][0];
    CHECK(slo["verdict"] == s.verdict);
    CHECK(r.out.find("NaN") == std::string::npos);
    double time_s = doc["evaluation"]["time"].get<double>();
    CHECK(time_s == static_cast<double>((c.samples - 1) * kStepS));
    // 3d is covered (the data spans just over it), the 30d period is not.
    for (const auto& w : slo["windows"]) {
      CAPTURE(w.dump());
      CHECK(w["covered"].get<bool>() == (w["window"] != "30d"));
    }
    if (std::string(s.name).starts_with("a low-traffic")) {
      bool guarded = false;
      for (const auto& d : doc["diagnostics"]) guarded |= d["check"] == "burn-rate/low-traffic";
      CHECK(guarded);
    }

    if (promtool.empty()) continue;
    // evaluation_interval = the sample interval: promtool loads input only up
    // to its last evaluation step, which must reach ttam's evaluation time.
    std::string yaml = "evaluation_interval: " + std::to_string(kStepS) +
                       "s\ntests:\n  - interval: " + std::to_string(kStepS) +
                       "s\n    input_series:\n"
                       "      - series: 'http_requests_total{code=\"200\"}'\n        values: '" +
                       ValueList(c.ok) +
                       "'\n      - series: 'http_requests_total{code=\"500\"}'\n        values: '" +
                       ValueList(c.errors) + "'\n    promql_expr_test:\n";
    auto expect = [&](const nlohmann::json& query, const nlohmann::json& value) {
      if (query.get<std::string>().empty()) return;
      if (value.is_null()) {
        ++nodata;
        return;
      }
      yaml += "      - expr: '" + query.get<std::string>() +
              "'\n        eval_time: " + std::to_string(static_cast<int64_t>(time_s)) +
              "s\n        exp_samples:\n          - labels: '{}'\n            value: " +
              BurnFloat(value.get<double>()) + "\n";
      ++compared;
    };
    for (const auto& w : slo["windows"]) {
      expect(w["query"], w["error_ratio"]);
      expect(w["events_query"], w["events"]);
    }
    std::string test_file = dir.Write("test.yml", yaml);
    if (keep != nullptr) {
      std::filesystem::create_directories(keep);
      std::string stem = std::string(keep) + "/" + std::to_string(index);
      std::filesystem::copy_file(data, stem + "-data.txt",
                                 std::filesystem::copy_options::overwrite_existing);
      std::filesystem::copy_file(test_file, stem + "-test.yml",
                                 std::filesystem::copy_options::overwrite_existing);
    }
    ttam::test::ProcessResult p = ttam::test::RunProcess({promtool, "test", "rules", test_file}, "",
                                                         std::chrono::seconds(300));
    CAPTURE(p.out);
    CAPTURE(p.err);
    CHECK(p.exit_code == 0);
  }
  if (promtool.empty()) {
    MESSAGE(ttam::test::kPromtoolMissing);
    return;
  }
  MESSAGE("compared " << compared << " window ratios and event counts with promtool 2.42, all "
                      << "equal to the last bit; " << nodata << " windows had no data");
  CHECK(compared > 40);
}
