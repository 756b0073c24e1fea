// `ttam lint-rules` through the built binary: the guide's samples, positions
// inside expressions, exit codes, formats, feature flags, --config, stdin,
// directories, and bad input (clear error, no crash, no hang, bounded memory).
#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/process.h"

using ttam::test::ProcessResult;
using ttam::test::RunTtam;
using ttam::test::RunTtamMeasured;
using ttam::test::TempDir;

namespace {

// The memory bound for 20,000 rules: ttam needs about 50 MB; under
// AddressSanitizer (redzones, a 256 MB quarantine) several times that.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxRssKb20kRules = 1024 * 1024;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr long kMaxRssKb20kRules = 1024 * 1024;
#else
constexpr long kMaxRssKb20kRules = 100 * 1024;
#endif
#else
constexpr long kMaxRssKb20kRules = 100 * 1024;
#endif

const std::string kSamples = std::string(TTAM_SOURCE_DIR) + "/samples/";

bool Ran(const ProcessResult& r) { return r.exit_code == 0 || r.exit_code == 1; }

// A valid rule file of `rules` rules with realistic expressions and templates.
std::string BigRuleFile(int rules) {
  std::string out = "groups:\n";
  for (int i = 0; i < rules; ++i) {
    std::string n = std::to_string(i);
    if (i % 50 == 0) out += "  - name: group" + n + "\n    rules:\n";
    if (i % 2 == 0) {
      out += "      - record: job:primitive_requests_" + n +
             ":rate5m\n        expr: sum by (job) "
             "(rate(primitive_requests_" +
             n + "_total[5m]))\n";
    } else {
      out += "      - alert: Slow" + n +
             "\n        expr: |\n          histogram_quantile(0.95, "
             "sum by (le, job) (rate(d" +
             n +
             "_bucket[5m]))) > 1\n        for: 5m\n"
             "        annotations:\n          summary: '{{ $labels.job }} p95 is {{ $value | "
             "humanizeDuration }}'\n";
    }
  }
  return out;
}

}  // namespace

// A clean file: tests/cli/lint-rules/clean.txt.
TEST_CASE("cli: lint-rules: the guide's rules load") {
  ProcessResult guide = RunTtam({"lint-rules", "--format", "json", kSamples + "rules"});
  CAPTURE(guide.err);
  CHECK(guide.exit_code == 0);  // Prometheus loads them: lints are warnings at most
  auto doc = nlohmann::json::parse(guide.out);
  CHECK(doc["summary"]["errors"] == 0);
  const auto& files = doc["lint_rules"]["files"];
  REQUIRE(files.size() == 3);  // the directory's three files, in name order
  CHECK(files[0]["file"] == kSamples + "rules/alerting_rules.yml");
  CHECK(files[1]["file"] == kSamples + "rules/guide_queries.yml");
  CHECK(files[2]["file"] == kSamples + "rules/recording_rules.yml");
  for (const auto& f : files) CHECK(f["valid"] == true);

  // The guide's "SLO burn rate" is flagged, with the formula to use instead.
  bool burn_rate = false;
  for (const auto& d : doc["diagnostics"]) {
    if (d["check"] != "rules/time-arithmetic") continue;
    CHECK(d["file"] == kSamples + "rules/guide_queries.yml");
    std::string message = d["message"];
    CHECK(message.find("burn rate is the error ratio over a window divided by the error budget") !=
          std::string::npos);
    CHECK(message.find("/ (1 - 0.99)") != std::string::npos);
    burn_rate = true;
  }
  CHECK(burn_rate);
}

// Positions inside expressions, validation errors as Prometheus reports
// them, --enable-feature, exit codes, --disable, --format github, stdin and
// --config: tests/cli/lint-rules/*.txt.

TEST_CASE("cli: lint-rules sarif format") {
  TempDir dir;
  std::string bad = dir.Write("bad.yml",
                              "groups:\n  - name: g\n    rules:\n"
                              "      - record: r\n        expr: rate(up)\n");
  ProcessResult sarif = RunTtam({"lint-rules", "--format", "sarif", bad});
  auto doc = nlohmann::json::parse(sarif.out);
  CHECK(doc["version"] == "2.1.0");
}

TEST_CASE("cli: lint-rules bad input gives a clear error, never a crash or a hang") {
  TempDir dir;
  const auto kLimit = std::chrono::seconds(60);
  // A missing file, an empty file: tests/cli/lint-rules/{missing_file,empty_file}.txt.
  SUBCASE("a directory without rule files: exit 2") {
    TempDir empty;
    ProcessResult r = RunTtam({"lint-rules", empty.path()});
    CHECK(r.exit_code == 2);
  }
  SUBCASE("binary garbage") {
    std::mt19937 rng(7);
    std::string garbage(64 * 1024, '\0');
    for (char& c : garbage) c = static_cast<char>(rng());
    ProcessResult r = RunTtam({"lint-rules", dir.Write("garbage.yml", garbage)}, "", kLimit);
    CHECK(r.exit_code == 1);
    CHECK(r.signal == 0);
  }
  SUBCASE("an expression nested 100,000 deep: an error, not a stack overflow") {
    std::string expr = std::string(100000, '(') + "up" + std::string(100000, ')');
    std::string text =
        "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: '" + expr + "'\n";
    ProcessResult r = RunTtam({"lint-rules", dir.Write("deep.yml", text)}, "", kLimit);
    CHECK(Ran(r));
    CHECK(r.signal == 0);
  }
  SUBCASE("a template nested 100,000 deep") {
    std::string tmpl;
    for (int i = 0; i < 100000; ++i) tmpl += "{{if true}}";
    std::string text =
        "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n"
        "        annotations:\n          s: '" +
        tmpl + "'\n";
    ProcessResult r = RunTtam({"lint-rules", dir.Write("deep_tmpl.yml", text)}, "", kLimit);
    CHECK(r.exit_code == 1);
    CHECK(r.signal == 0);
  }
  SUBCASE("a 20,000-rule file in bounded memory") {
    ProcessResult r =
        RunTtamMeasured({"lint-rules", dir.Write("big.yml", BigRuleFile(20000))}, "", kLimit);
    CHECK(Ran(r));
    CHECK_FALSE(r.timed_out);
    MESSAGE("20,000 rules: peak RSS " << r.max_rss_kb / 1024 << " MiB");
    CHECK(r.max_rss_kb < kMaxRssKb20kRules);
  }
}
