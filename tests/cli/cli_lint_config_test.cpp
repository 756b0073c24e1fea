// `ttam lint-config` through the built binary: the guide's sample, exit codes,
// output formats, stdin, and bad input (clear error, no crash, no hang).
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/cli_helpers.h"
#include "support/process.h"

using ttam::test::CheckIds;
using ttam::test::kSamplesDir;
using ttam::test::ProcessResult;
using ttam::test::Ran;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

const std::string kSampleConfig = kSamplesDir + "prometheus.yml";

// A valid config of at least 10 MB: 40,000 jobs with labels and a relabel rule.
std::string BigConfig() {
  std::string big = "global:\n  scrape_interval: 15s\nscrape_configs:\n";
  for (int i = 0; big.size() < 10 * 1024 * 1024; ++i) {
    std::string n = std::to_string(i);
    big += "  - job_name: job" + n + "\n    static_configs:\n      - targets: ['host" + n +
           ".example.com:9100']\n        labels: {team: t" + n + ", tier: backend}\n" +
           "    relabel_configs:\n      - source_labels: [__address__]\n" +
           "        regex: '(.*):9100'\n        target_label: host\n";
  }
  return big;
}

}  // namespace

TEST_CASE("cli: lint-config on the guide's sample shows the guide's problems") {
  // config/no-sample-limit is off by default (it fires on most real configs).
  ProcessResult r = RunTtam(
      {"lint-config", "--format", "json", "--enable", "config/no-sample-limit", kSampleConfig});
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);  // warnings and infos only: Prometheus loads it
  auto doc = nlohmann::json::parse(r.out);
  auto ids = CheckIds(doc);
  for (const char* want : {"config/useless-gzip-param", "config/relabel-drops-used-series",
                           "config/honor-labels", "config/no-sample-limit"}) {
    CAPTURE(want);
    CHECK(ids.count(want) == 1);
  }
  CHECK(doc["summary"]["errors"] == 0);
  for (const auto& d : doc["diagnostics"]) {
    CHECK(d["line"].get<int>() > 0);
    CHECK(d["column"].get<int>() > 0);
  }
  const auto& files = doc["lint_config"]["files"];
  REQUIRE(files.size() == 1);
  CHECK(files[0]["file"] == kSampleConfig);
  CHECK(files[0]["valid"] == true);
  CHECK(files[0]["rule_files"].size() == 2);

  // The relabel drop names the recording rule it breaks, with its file and line.
  bool named = false;
  for (const auto& d : doc["diagnostics"]) {
    if (d["check"] != "config/relabel-drops-used-series") continue;
    std::string message = d["message"];
    named = named || (message.find("primitive:latency:p95") != std::string::npos &&
                      message.find("recording_rules.yml:") != std::string::npos);
  }
  CHECK(named);

  ProcessResult strict = RunTtam({"lint-config", "--fail-on", "warning", kSampleConfig});
  CHECK(strict.exit_code == 1);
}

// Text output, exit codes, --fail-on, --disable, suppression comments and
// stdin: tests/cli/lint-config/*.txt.

// --format github: tests/cli/lint-config/github.txt.
TEST_CASE("cli: lint-config sarif format") {
  TempDir dir;
  std::string invalid = dir.Write("invalid.yml", "global:\n  scrape_interval: 10\n");
  ProcessResult sarif = RunTtam({"lint-config", "--format", "sarif", invalid});
  CHECK(sarif.exit_code == 1);
  auto doc = nlohmann::json::parse(sarif.out);
  CHECK(doc["version"] == "2.1.0");
}

TEST_CASE("cli: lint-config bad input gives a clear error, never a crash or a hang") {
  TempDir dir;
  const auto kLimit = std::chrono::seconds(60);

  // A missing file, a directory, not YAML: tests/cli/lint-config/{missing_file,
  // directory,not_yaml}.txt.
  SUBCASE("binary garbage") {
    std::mt19937 rng(42);
    std::string garbage(64 * 1024, '\0');
    for (char& c : garbage) c = static_cast<char>(rng());
    ProcessResult r = RunTtam({"lint-config", dir.Write("garbage.yml", garbage)}, "", kLimit);
    CHECK(r.exit_code == 1);
    CHECK(r.signal == 0);
  }
  // An empty file: tests/cli/lint-config/empty_file.txt.
  SUBCASE("a 10 MB config with 40,000 jobs") {
    ProcessResult r = RunTtam({"lint-config", dir.Write("big.yml", BigConfig())}, "", kLimit);
    CHECK(Ran(r));
    CHECK_FALSE(r.timed_out);
  }
  SUBCASE("a 10 MB single line") {
    std::string line =
        "global: {external_labels: {a: '" + std::string(10 * 1024 * 1024, 'x') + "'}}\n";
    ProcessResult r = RunTtam({"lint-config", dir.Write("line.yml", line)}, "", kLimit);
    CHECK(Ran(r));
    CHECK_FALSE(r.timed_out);
  }
  // A rule_files glob without a match: tests/cli/lint-config/rule_files_no_match.txt.
}

TEST_CASE("cli: lint-config on an alias bomb (billion laughs) ends quickly") {
  TempDir dir;
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + prev;
    bomb += "]\n";
    prev = c;
  }
  ProcessResult r =
      RunTtam({"lint-config", dir.Write("bomb.yml", bomb)}, "", std::chrono::seconds(10));
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
}

// promtool 2.42 accepts this file; so must ttam (only alias expansion is capped).
TEST_CASE("cli: lint-config loads a valid 10 MB config, as promtool does") {
  TempDir dir;
  ProcessResult r =
      RunTtam({"lint-config", dir.Write("big.yml", BigConfig())}, "", std::chrono::seconds(60));
  CAPTURE(r.out.substr(0, 400));
  CHECK(r.exit_code == 0);
}

TEST_CASE("cli: lint-config --format json stays valid JSON for a file name that is not UTF-8") {
  TempDir dir;
  std::string path = dir.Write("bad\xff.yml", "scrape_configs:\n  - job_name: a\n");
  ProcessResult r = RunTtam({"lint-config", "--format", "json", path});
  CHECK((r.exit_code == 0 || r.exit_code == 1));
  CHECK(r.err == "");
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["lint_config"]["files"].size() == 1);
  CHECK(doc["lint_config"]["files"][0]["valid"] == true);
}

TEST_CASE("cli: lint-config --agent gives the verdicts of Prometheus's agent_mode tests") {
  // Reads ../shared/corpus; upstream's TestAgentMode states each outcome.
  std::string dir = std::string(TTAM_CORPUS_DIR) + "/prometheus/config/testdata/";
  if (!std::filesystem::exists(dir)) {
    MESSAGE("skipped: " << dir << " is absent (the corpus lives in ../shared)");
    return;
  }
  struct Case {
    const char* file;
    int agent_exit;   ///< with --agent
    int server_exit;  ///< without
  };
  const Case cases[] = {
      {"agent_mode.good.yml", 0, 0},
      {"agent_mode.without_remote_writes.yml", 0, 0},
      {"agent_mode.with_alert_manager.yml", 1, 0},
      {"agent_mode.with_alert_relabels.yml", 1, 0},
      {"agent_mode.with_remote_reads.yml", 1, 0},
      {"agent_mode.with_rule_files.yml", 1, 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    // The corpus leaves out the files rule_files names; that is not the verdict here.
    const std::vector<std::string> quiet = {"--disable", "config/rule-files-no-match", "--disable",
                                            "config/missing-file"};
    std::vector<std::string> agent = quiet;
    agent.insert(agent.end(), {"lint-config", "--agent", dir + c.file});
    std::vector<std::string> server = quiet;
    server.insert(server.end(), {"lint-config", dir + c.file});
    CHECK(RunTtam(agent).exit_code == c.agent_exit);
    CHECK(RunTtam(server).exit_code == c.server_exit);
  }
}
