// `ttam test-promql` through the built binary: upstream's conformance corpus
// (the JSON summary agrees with the per-eval list, every skip has a reason
// from the fixed vocabulary), the diagnostics formats, standard input, and
// bad input (a clear error, no crash, no hang).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/process.h"

using ttam::test::ProcessResult;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

namespace fs = std::filesystem;

const char kFailing[] = R"(load 1m
  m{i="a"} 1 2 3

eval instant at 2m m
  m{i="a"} 4
)";

}  // namespace

TEST_CASE("cli: test-promql: upstream's corpus runs with no failure outside the known gaps") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/promql/promqltest/testdata";
  if (!fs::is_directory(dir)) {
    MESSAGE("skipped: no corpus at " << dir.string());
    return;
  }
  std::vector<std::string> args = {"test-promql", "--format", "json"};
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".test") args.push_back(entry.path().string());
  }
  std::sort(args.begin() + 3, args.end());
  ProcessResult r = RunTtam(args, "", std::chrono::minutes(5));
  CAPTURE(r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["files"].size() == args.size() - 3);
  int passed = 0, failed = 0, skipped = 0, native = 0, evals = 0;
  for (const auto& f : doc["files"]) {
    for (const auto& e : f["evals"]) {
      ++evals;
      std::string status = e["status"];
      std::string reason = e["reason"];
      passed += status == "passed";
      failed += status == "failed";
      skipped += status == "skipped";
      native += reason == "native-histogram";
      if (status == "skipped") {
        CHECK((reason == "native-histogram" || reason.starts_with("not implemented: ")));
      } else {
        CHECK(reason.empty());
      }
      CHECK((status == "failed") == !std::string(e["message"]).empty());
    }
  }
  CHECK(evals == 2214);
  CHECK(native == 926);  // the census's count (evaluator-spec.md §2)
  CHECK(doc["summary"]["passed"] == passed);
  CHECK(doc["summary"]["failed"] == failed);
  CHECK(doc["summary"]["skipped"] == skipped);
  CHECK(r.exit_code == (failed > 0 ? 1 : 0));
  MESSAGE("test-promql on the corpus: passed=" << passed << " failed=" << failed
                                               << " skipped=" << skipped);
}

TEST_CASE("cli: test-promql: github and sarif carry the failure at the eval's line") {
  TempDir dir;
  std::string file = dir.Write("f.test", kFailing);
  ProcessResult github = RunTtam({"test-promql", "--format", "github", file});
  CHECK(github.exit_code == 1);
  CHECK(github.out.find("::error file=" + file + ",line=4,") != std::string::npos);
  CHECK(github.out.find("expected 4 for {__name__=") != std::string::npos);

  ProcessResult sarif = RunTtam({"test-promql", "--format", "sarif", file});
  CHECK(sarif.exit_code == 1);
  auto doc = nlohmann::json::parse(sarif.out);
  const auto& results = doc["runs"][0]["results"];
  REQUIRE(results.size() == 1);
  CHECK(results[0]["ruleId"] == "promqltest/eval-failed");
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4);
}

TEST_CASE("cli: test-promql: standard input") {
  ProcessResult r = RunTtam({"test-promql", "-"}, "eval instant at 0 1+1\n  2\n");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "<stdin>: 1 passed, 0 failed, 0 skipped\n");
  CHECK(r.err.empty());
}

TEST_CASE("cli: test-promql: with --format json a malformed file is on stderr, exit 2") {
  TempDir dir;
  std::string bad = dir.Write("bad.test", "load 1m\n  m 1 x\n");
  ProcessResult r = RunTtam({"test-promql", "--format", "json", bad});
  CHECK(r.exit_code == 2);
  auto doc = nlohmann::json::parse(r.out);  // stdout stays one valid document
  CHECK(doc["files"][0]["file"] == bad);
  CHECK(doc["files"][0]["evals"].empty());
  CHECK(r.err.find(bad + ":2:") != std::string::npos);
  CHECK(r.err.find("[promqltest/parse-error]") != std::string::npos);
}

TEST_CASE("cli: test-promql: corrupted files never crash or hang") {
  const std::string base = R"(load 1m
  m{a="b"} 0+1x10 _ stale
  h {{schema:0 sum:1 count:1}}

eval range from 0 to 5m step 1m rate(m[2m]) * 2
  {a="b"} 0 1 1 1 1 1

eval instant at 1m sum by (a) (m) + on(a) group_left m
  expect warn regex: x
  {a="b"} 2
)";
  std::mt19937 rng(7);
  TempDir dir;
  for (int i = 0; i < 40; ++i) {
    std::string text = base;
    for (int k = 0; k < 3; ++k) {
      size_t at = rng() % text.size();
      text[at] = "{}[]()\"`x_+-@:\n 0"[rng() % 17];
    }
    if (i % 5 == 0) text.resize(rng() % text.size());
    std::string file = dir.Write("c" + std::to_string(i) + ".test", text);
    ProcessResult r = RunTtam({"test-promql", file}, "", std::chrono::seconds(20));
    CAPTURE(text);
    CHECK(r.signal == 0);
    CHECK_FALSE(r.timed_out);
    CHECK((r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2));
  }
}
