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

const char* kClean =
    "groups:\n"
    "  - name: app\n"
    "    rules:\n"
    "      - record: job:primitive_requests:rate5m\n"
    "        expr: sum by (job) (rate(primitive_requests_total[5m]))\n"
    "      - alert: PrimitiveDown\n"
    "        expr: up{job=\"app\"} == 0\n"
    "        for: 5m\n"
    "        annotations:\n"
    "          summary: '{{ $labels.instance }} is down'\n";

std::set<std::string> Checks(const nlohmann::json& doc) {
  std::set<std::string> ids;
  for (const auto& d : doc["diagnostics"]) ids.insert(d["check"].get<std::string>());
  return ids;
}

bool Ran(const ProcessResult& r) { return r.exit_code == 0 || r.exit_code == 1; }

// A valid rule file of `rules` rules with realistic expressions and templates.
std::string BigRuleFile(int rules) {
  std::string out = "groups:\n";
  for (int i = 0; i < rules; ++i) {
    std::string n = std::to_string(i);
    if (i % 50 == 0) out += "  - name: group" + n + "\n    rules:\n";
    if (i % 2 == 0) {
      out += "      - record: job:primitive_requests_" + n + ":rate5m\n        expr: sum by (job) "
             "(rate(primitive_requests_" + n + "_total[5m]))\n";
    } else {
      out += "      - alert: Slow" + n + "\n        expr: |\n          histogram_quantile(0.95, "
             "sum by (le, job) (rate(d" + n + "_bucket[5m]))) > 1\n        for: 5m\n"
             "        annotations:\n          summary: '{{ $labels.job }} p95 is {{ $value | "
             "humanizeDuration }}'\n";
    }
  }
  return out;
}

}  // namespace

TEST_CASE("cli: lint-rules accepts a clean file and the guide's rules load") {
  TempDir dir;
  ProcessResult r = RunTtam({"lint-rules", dir.Write("clean.yml", kClean)});
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "no problems found\n");

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

TEST_CASE("cli: lint-rules points inside the expression, with the line and a caret") {
  TempDir dir;
  std::string path = dir.Write("bad.yml",
                               "groups:\n"
                               "  - name: g\n"
                               "    rules:\n"
                               "      - record: job:x:rate5m\n"
                               "        expr: |\n"
                               "          sum by (job) (\n"
                               "            rate(primitive_requests_total)\n"
                               "          )\n");
  ProcessResult r = RunTtam({"lint-rules", "--color", "never", path});
  CHECK(r.exit_code == 1);
  CHECK(r.out ==
        path + ":7:18: error: invalid PromQL in \"expr\": expected type range vector in call to "
               "function \"rate\", got instant vector [promql/type]\n"
               "            rate(primitive_requests_total)\n"
               "                 ^~~~~~~~~~~~~~~~~~~~~~~~\n"
               "1 error, 0 warnings, 0 infos\n");
}

TEST_CASE("cli: lint-rules validation errors as Prometheus reports them") {
  TempDir dir;
  struct Case {
    const char* name;
    const char* text;
    const char* check;
  };
  const Case cases[] = {
      {"syntax", "groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: sum(\n",
       "promql/syntax"},
      {"unknown function",
       "groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: rat(x[5m])\n",
       "promql/type"},
      {"template", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n"
       "        for: 1m\n        annotations:\n          summary: '{{ $labels.job '\n",
       "rules/template"},
      {"structure", "groups:\n  - name: g\n    rules:\n      - record: r\n", "rules/structure"},
      {"duplicate group", "groups:\n  - name: g\n  - name: g\n", "rules/duplicate-group"},
      {"unknown field", "groups:\n  - name: g\n    rulez: []\n", "rules/unknown-field"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    ProcessResult r = RunTtam({"lint-rules", "--format", "json", dir.Write("c.yml", c.text)});
    CHECK(r.exit_code == 1);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(Checks(doc).count(c.check) == 1);
    CHECK(doc["lint_rules"]["files"][0]["valid"] == false);
  }
}

TEST_CASE("cli: lint-rules --enable-feature gates experimental functions") {
  TempDir dir;
  std::string path = dir.Write("exp.yml",
                               "groups:\n  - name: g\n    rules:\n      - record: job:x:sort\n"
                               "        expr: sort_by_label(up, \"job\")\n");
  ProcessResult off = RunTtam({"lint-rules", "--format", "json", path});
  CHECK(off.exit_code == 1);
  auto doc = nlohmann::json::parse(off.out);
  REQUIRE(doc["diagnostics"].size() >= 1);
  CHECK(doc["diagnostics"][0]["check"] == "promql/type");
  CHECK(doc["diagnostics"][0]["message"].get<std::string>().find("sort_by_label") !=
        std::string::npos);
  ProcessResult on =
      RunTtam({"lint-rules", "--enable-feature", "promql-experimental-functions", path});
  CHECK(on.exit_code == 0);
  ProcessResult typo = RunTtam({"lint-rules", "--enable-feature", "promql-experimental", path});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("unknown feature \"promql-experimental\"") != std::string::npos);
  CHECK(typo.err.find("promql-experimental-functions") != std::string::npos);
}

TEST_CASE("cli: lint-rules exit codes, --fail-on, --disable, formats and stdin") {
  TempDir dir;
  std::string bad = dir.Write("bad.yml", "groups:\n  - name: g\n    rules:\n"
                                         "      - record: r\n        expr: rate(up)\n");
  CHECK(RunTtam({"lint-rules", bad}).exit_code == 1);
  CHECK(RunTtam({"lint-rules", "--disable", "promql/type", bad}).exit_code == 0);
  ProcessResult gh = RunTtam({"lint-rules", "--format", "github", bad});
  CHECK(gh.exit_code == 1);
  CHECK(gh.out.find("::error file=" + bad + ",line=5,col=") != std::string::npos);
  ProcessResult sarif = RunTtam({"lint-rules", "--format", "sarif", bad});
  auto doc = nlohmann::json::parse(sarif.out);
  CHECK(doc["version"] == "2.1.0");
  ProcessResult in = RunTtam({"lint-rules", "--format", "json", "-"}, kClean);
  CHECK(in.exit_code == 0);
  CHECK(nlohmann::json::parse(in.out)["lint_rules"]["files"][0]["file"] == "<stdin>");
}

TEST_CASE("cli: lint-rules --config reads the config the rules run under") {
  TempDir dir;
  std::string rules = dir.Write("r.yml", kClean);
  std::string config = dir.Write("p.yml", "global:\n  scrape_interval: 15s\n");
  ProcessResult r = RunTtam({"lint-rules", "--config", config, rules});
  CHECK(r.exit_code == 0);
  ProcessResult broken =
      RunTtam({"lint-rules", "--format", "json", "--config",
               dir.Write("broken.yml", "global:\n  scrape_interval: 10\n"), rules});
  CHECK(broken.exit_code == 1);  // the config's own errors are reported
  CHECK(Checks(nlohmann::json::parse(broken.out)).count("config/value") == 1);
  ProcessResult missing = RunTtam({"lint-rules", "--config", dir.path() + "/nope.yml", rules});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("ttam: error: --config: ") == 0);
}

TEST_CASE("cli: lint-rules bad input gives a clear error, never a crash or a hang") {
  TempDir dir;
  const auto kLimit = std::chrono::seconds(60);
  SUBCASE("a missing file: exit 2, the other files still checked") {
    ProcessResult r = RunTtam({"lint-rules", "--format", "json", dir.path() + "/nope.yml",
                               dir.Write("ok.yml", kClean)});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("ttam: error: ") == 0);
    CHECK(nlohmann::json::parse(r.out)["lint_rules"]["files"].size() == 1);
  }
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
  SUBCASE("an empty file loads, as in Prometheus") {
    CHECK(RunTtam({"lint-rules", dir.Write("empty.yml", "")}).exit_code == 0);
  }
  SUBCASE("an expression nested 100,000 deep: an error, not a stack overflow") {
    std::string expr = std::string(100000, '(') + "up" + std::string(100000, ')');
    std::string text = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: '" +
                       expr + "'\n";
    ProcessResult r = RunTtam({"lint-rules", dir.Write("deep.yml", text)}, "", kLimit);
    CHECK(Ran(r));
    CHECK(r.signal == 0);
  }
  SUBCASE("a template nested 100,000 deep") {
    std::string tmpl;
    for (int i = 0; i < 100000; ++i) tmpl += "{{if true}}";
    std::string text = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n"
                       "        annotations:\n          s: '" + tmpl + "'\n";
    ProcessResult r = RunTtam({"lint-rules", dir.Write("deep_tmpl.yml", text)}, "", kLimit);
    CHECK(r.exit_code == 1);
    CHECK(r.signal == 0);
  }
  SUBCASE("a 20,000-rule file in bounded memory") {
    ProcessResult r = RunTtamMeasured({"lint-rules", dir.Write("big.yml", BigRuleFile(20000))},
                                      "", kLimit);
    CHECK(Ran(r));
    CHECK_FALSE(r.timed_out);
    MESSAGE("20,000 rules: peak RSS " << r.max_rss_kb / 1024 << " MiB");
    CHECK(r.max_rss_kb < kMaxRssKb20kRules);
  }
}
