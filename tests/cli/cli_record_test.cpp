// `ttam record` against fixture servers on 127.0.0.1, with the simulated
// clock (--test-clock: fixed scrape times, no real waiting): the file's
// samples and report series, failures as findings, where output goes, bad
// input, and SIGTERM ending a real-time run with what was recorded.
#include <doctest/doctest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "support/fixture_server.h"
#include "support/process.h"

extern char** environ;

using ttam::test::FixtureServer;
using ttam::test::ProcessResult;
using ttam::test::ReadFile;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

const char* kApp =
    "# HELP req_total Requests.\n# TYPE req_total counter\nreq_total{code=\"200\"} 7\n"
    "# HELP lat_seconds Latency.\n# TYPE lat_seconds histogram\n"
    "lat_seconds_bucket{le=\"0.1\"} 3\nlat_seconds_bucket{le=\"+Inf\"} 4\n"
    "lat_seconds_sum 0.9\nlat_seconds_count 4\n";

// The lines of `text` that start with `prefix`.
std::string LinesStartingWith(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (text.compare(pos, prefix.size(), prefix) == 0) out += text.substr(pos, end - pos + 1);
    pos = end + 1;
  }
  return out;
}

size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("cli record: three scrapes of two targets, one failing, on the simulated clock") {
  FixtureServer server({{.path = "/metrics", .body = kApp}});
  FixtureServer failing({{.path = "/gone", .status = 503}});
  TempDir dir;
  std::string out = dir.path() + "/rec.om";
  std::string good = server.Url("/metrics");
  std::string bad = failing.Url("/gone");
  ProcessResult r = RunTtam({"record", "--test-clock", "1700000000000", "--interval", "10s",
                             "--count", "3", "-o", out, good, bad});
  CHECK(r.exit_code == 0);
  std::string port = std::to_string(server.port());
  CHECK(r.out.find("warning: 3 of 3 scrapes failed (first at 2023-11-14T22:13:20Z: ") !=
        std::string::npos);
  CHECK(r.out.find("[record/scrape-failed]") != std::string::npos);
  CHECK(r.err == "recorded 3 scrapes of 2 targets: 13 series, 39 samples, 3 failed scrapes -> " +
                     out + "\n");
  std::string file = ReadFile(out);
  std::string instance_good = "instance=\"127.0.0.1:" + port + "\",job=\"ttam\"";
  std::string instance_bad =
      "instance=\"127.0.0.1:" + std::to_string(failing.port()) + "\",job=\"ttam\"";
  CHECK(LinesStartingWith(file, "up{") ==
        "up{" + instance_good + "} 1 1700000000.000\n" + "up{" + instance_good +
            "} 1 1700000010.000\n" + "up{" + instance_good + "} 1 1700000020.000\n" + "up{" +
            instance_bad + "} 0 1700000000.000\n" + "up{" + instance_bad + "} 0 1700000010.000\n" +
            "up{" + instance_bad + "} 0 1700000020.000\n");
  CHECK(LinesStartingWith(file, "req_total") ==
        "req_total{code=\"200\"," + instance_good + "} 7 1700000000.000\n" +
            "req_total{code=\"200\"," + instance_good + "} 7 1700000010.000\n" +
            "req_total{code=\"200\"," + instance_good + "} 7 1700000020.000\n");
  CHECK(file.find("# TYPE req counter\n# HELP req Requests.\n") != std::string::npos);
  CHECK(file.find("# TYPE lat_seconds histogram\n") != std::string::npos);
  CHECK(file.ends_with("# EOF\n"));
  CHECK(FilesIn(dir.path()) == 1);  // no temporary file left behind

  // The evaluator reads it back: every series, the rate over the window.
  ProcessResult q =
      RunTtam({"query", "--format", "json", "--data", out, "count({__name__=~\".+\"})"});
  REQUIRE(q.exit_code == 0);
  CHECK(q.out.find("\"13\"") != std::string::npos);
  ProcessResult up = RunTtam({"query", "--data", out, "sum(up)"});
  CHECK(up.exit_code == 0);
  CHECK(up.out == "SERIES  VALUE\n{}      1\n");

  // --fail-on warning makes the failures gate.
  ProcessResult gated = RunTtam({"record", "--test-clock", "1700000000000", "--count", "1",
                                 "--fail-on", "warning", "-o", out, good, bad});
  CHECK(gated.exit_code == 1);
}

TEST_CASE("cli record: URLs get instance host:port and --job; without -o stdout is the file") {
  FixtureServer server({{.path = "/metrics", .body = "m 1\n"}});
  ProcessResult r = RunTtam({"record", "--test-clock", "1700000000000", "--count", "1", "--job",
                             "app", server.Url("/metrics")});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.starts_with("# TYPE m unknown\nm{instance=\"127.0.0.1:" +
                          std::to_string(server.port()) + "\",job=\"app\"} 1 1700000000.000\n"));
  CHECK(r.out.ends_with("# EOF\n"));
  // Findings (none here) and the summary go to stderr.
  CHECK(r.err ==
        "no problems found\nrecorded 1 scrape of 1 target: 5 series, 5 samples, 0 failed "
        "scrapes\n");
}

TEST_CASE("cli record: --duration covers its end; json findings") {
  FixtureServer server({{.path = "/metrics", .body = "m 1\n"}});
  FixtureServer failing({{.path = "/gone", .status = 404}});
  TempDir dir;
  std::string out = dir.path() + "/rec.om";
  ProcessResult r =
      RunTtam({"record", "--format", "json", "--test-clock", "1700000000000", "--interval", "15s",
               "--duration", "1m", "-o", out, server.Url("/metrics"), failing.Url("/gone")});
  REQUIRE(r.exit_code == 0);
  auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["diagnostics"].size() == 1);
  CHECK(doc["diagnostics"][0]["check"] == "record/scrape-failed");
  std::string ups = LinesStartingWith(ReadFile(out), "up{");
  CHECK(std::count(ups.begin(), ups.end(), '\n') == 10);  // 0, 15, 30, 45, 60 s for two targets
  CHECK(ups.find(" 1700000060.000\n") != std::string::npos);
}

TEST_CASE("cli record: bad input is a clear error, exit 2, and no file") {
  FixtureServer server({{.path = "/metrics", .body = "m 1\n"}, {.path = "/gone", .status = 404}});
  TempDir dir;
  std::string out = dir.path() + "/rec.om";
  std::string url = server.Url("/metrics");
  struct Case {
    const char* name;
    std::vector<std::string> args;
    const char* error;
  };
  const Case cases[] = {
      {"no targets", {"record", "--count", "1"}, "nothing to record"},
      {"bad interval", {"record", "--interval", "soon", "--count", "1", url}, "--interval soon"},
      {"zero interval", {"record", "--interval", "0s", "--count", "1", url}, "longer than 0s"},
      {"duration and count", {"record", "--duration", "1m", "--count", "1", url}, "not both"},
      {"urls and config", {"record", "--config", "p.yml", url}, "not both"},
      {"a file, not a URL", {"record", "--count", "1", "/etc/hostname"}, "not an http(s) URL"},
      {"unwritable -o",
       {"record", "--count", "1", "-o", dir.path() + "/no/such/dir/rec.om", url},
       "-o: cannot write"},
      {"every scrape failed",
       {"record", "--test-clock", "1700000000000", "--count", "2", "-o", out, server.Url("/gone")},
       "nothing was recorded: every scrape failed"},
      {"unreachable",
       {"record", "--test-clock", "1700000000000", "--count", "1", "--timeout", "2s", "-o", out,
        "http://127.0.0.1:1/metrics"},
       "nothing was recorded: every scrape failed"},
      {"missing config", {"record", "--config", dir.path() + "/none.yml"}, "--config"},
      {"two URLs, one instance",
       {"record", "--count", "1", url, server.Url("/gone")},
       "their series would mix"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    ProcessResult r = RunTtam(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.error) != std::string::npos);
    CHECK(r.err.find("ttam: error: ") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
    CHECK(FilesIn(dir.path()) == 0);
  }
}

TEST_CASE("cli record: --config scrapes the jobs' targets with their labels and relabelling") {
  FixtureServer server({{.path = "/metrics", .body = kApp}});
  TempDir dir;
  std::string target = "127.0.0.1:" + std::to_string(server.port());
  std::string config = dir.Write(
      "prometheus.yml",
      "scrape_configs:\n"
      "  - job_name: app\n"
      "    static_configs: [{targets: ['" +
          target +
          "'], labels: {env: prod}}]\n"
          "    metric_relabel_configs:\n"
          "      - {source_labels: [__name__, env], regex: 'lat_seconds_.*;prod', action: drop}\n"
          "  - job_name: other\n"
          "    static_configs: [{targets: ['" +
          target + "']}]\n");
  std::string out = dir.path() + "/rec.om";
  ProcessResult r = RunTtam({"record", "--test-clock", "1700000000000", "--count", "1", "--config",
                             config, "--job", "app", "-o", out});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::string file = ReadFile(out);
  CHECK(LinesStartingWith(file, "req_total") == "req_total{code=\"200\",env=\"prod\",instance=\"" +
                                                    target + "\",job=\"app\"} 7 1700000000.000\n");
  CHECK(LinesStartingWith(file, "lat_seconds").empty());  // dropped using the target's env label
  CHECK(LinesStartingWith(file, "scrape_samples_post_metric_relabeling") ==
        "scrape_samples_post_metric_relabeling{env=\"prod\",instance=\"" + target +
            "\",job=\"app\"} 1 1700000000.000\n");
  CHECK(LinesStartingWith(file, "scrape_samples_scraped") ==
        "scrape_samples_scraped{env=\"prod\",instance=\"" + target +
            "\",job=\"app\"} 5 1700000000.000\n");

  // A job's sample_limit rejects a scrape whole, as Prometheus does: up 0.
  std::string limited = dir.Write("limited.yml",
                                  "scrape_configs:\n  - job_name: app\n    sample_limit: 2\n"
                                  "    static_configs: [{targets: ['" +
                                      target + "']}]\n");
  ProcessResult over = RunTtam(
      {"record", "--test-clock", "1700000000000", "--count", "1", "--config", limited, "-o", out});
  CHECK(over.exit_code == 2);
  CHECK(over.out.find("1 of 1 scrapes failed (first at 2023-11-14T22:13:20Z: sample limit "
                      "exceeded (5 samples, sample_limit 2))") != std::string::npos);
  CHECK(over.err.find("nothing was recorded: every scrape failed") != std::string::npos);

  ProcessResult none = RunTtam({"record", "--count", "1", "--config", config, "--job", "nope"});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("--job nope: no such job") != std::string::npos);
}

TEST_CASE("cli record: SIGTERM ends a real-time run and writes what was recorded") {
  FixtureServer server({{.path = "/metrics", .body = "m 1\n"}});
  TempDir dir;
  std::string out = dir.path() + "/rec.om";
  std::vector<std::string> args = {TTAM_BINARY, "record", "--interval", "1h",
                                   "--quiet",   "-o",     out,          server.Url("/metrics")};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
  // Wait for the first scrape, then stop it while it waits an hour for the second.
  for (int i = 0; i < 100 && server.Requests().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::string file = ReadFile(out);
  CHECK(LinesStartingWith(file, "m{").size() > 0);
  CHECK(std::count(file.begin(), file.end(), '\n') ==
        15);  // m: 2 lines, 4 report families: 3 each, # EOF
  CHECK(file.ends_with("# EOF\n"));
}
