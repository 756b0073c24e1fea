// ruletest/*: each unit-test file check on small test files with their rule
// files in memory, a case that fires and one that does not, asserting the
// exact diagnostics; then detection, suppression, the registry and the man
// page.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "lint/ruletest/check.h"
#include "lint/ruletest/linter.h"
#include "support/checks_page.h"
#include "support/memory_fs.h"

namespace {

constexpr const char* kTestPath = "/t/test.yml";

constexpr std::string_view kRules =
    "groups:\n"
    "  - name: g\n"
    "    rules:\n"
    "      - alert: HighLoad\n"
    "        expr: load > 1\n";

struct RuletestCase {
  std::string check;
  std::string name;
  std::string test;  ///< /t/test.yml
  std::string want;
  std::string rules = std::string(kRules);  ///< /t/rules.yml
};

std::string Run(const RuletestCase& c, std::string_view only) {
  ttam::testing::MemoryFileSystem fs({{kTestPath, c.test}, {"/t/rules.yml", c.rules}});
  ttam::diag::CollectingSink sink;
  ttam::lint::LintRuleTestFile(kTestPath, c.test, fs, sink,
                               [&](std::string_view id) { return id == only; });
  return ttam::testing::Render(sink.diagnostics, kTestPath);
}

// A test file: rule_files, then one test with `interval` and `body` (indented by 4).
std::string Test(std::string_view rule_files, std::string_view body,
                 std::string_view interval = "1m") {
  return "rule_files:\n  - " + std::string(rule_files) +
         "\nevaluation_interval: 1m\ntests:\n  - interval: " + std::string(interval) + "\n" +
         std::string(body);
}

constexpr std::string_view kSeries =
    "    input_series:\n"
    "      - series: load{job=\"a\"}\n"
    "        values: 0+1x10\n";

const RuletestCase kRuletestCases[] = {
    {"ruletest/rule-files-unmatched", "a pattern matching nothing",
     Test("rulez.yml", std::string(kSeries)),
     "2:5: warning: rule_files pattern \"rulez.yml\" matches no file (patterns are relative to "
     "the test file's directory): the tests run without its rules; fix the path "
     "[ruletest/rule-files-unmatched]"},
    {"ruletest/rule-files-unmatched", "a glob matching the rule file",
     Test("rul*.yml", std::string(kSeries)), ""},
    {"ruletest/unknown-alertname", "a misspelt alert name",
     Test("rules.yml", std::string(kSeries) + "    alert_rule_test:\n"
                                              "      - eval_time: 5m\n"
                                              "        alertname: HighLaod\n"
                                              "        exp_alerts: []\n"),
     "11:20: warning: no rule in /t/rules.yml defines alert \"HighLaod\": this test can only "
     "expect no alerts and passes whatever the rules do; check the name "
     "[ruletest/unknown-alertname]"},
    {"ruletest/unknown-alertname", "a defined alert name",
     Test("rules.yml", std::string(kSeries) + "    alert_rule_test:\n"
                                              "      - eval_time: 5m\n"
                                              "        alertname: HighLoad\n"
                                              "        exp_alerts: []\n"),
     ""},
    {"ruletest/unknown-alertname", "silent when the rule file is invalid",
     Test("rules.yml", std::string(kSeries) + "    alert_rule_test:\n"
                                              "      - eval_time: 5m\n"
                                              "        alertname: Other\n"),
     "", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: rate(\n"},
    {"ruletest/eval-time-beyond-input", "eval_time past the last sample and the lookback",
     Test("rules.yml", std::string(kSeries) + "    promql_expr_test:\n"
                                              "      - expr: sum(load)\n"
                                              "        eval_time: 16m\n"
                                              "        exp_samples: []\n"
                                              "    alert_rule_test:\n"
                                              "      - eval_time: 1h\n"
                                              "        alertname: HighLoad\n"),
     "11:20: warning: eval_time 16m is more than the 5m lookback after the last input sample "
     "(at 10m: 11 values every 1m), so no input is visible there; lengthen the series (e.g. "
     "0+1x16) or move eval_time [ruletest/eval-time-beyond-input]\n"
     "14:20: warning: eval_time 1h is more than the 5m lookback after the last input sample "
     "(at 10m: 11 values every 1m), so no input is visible there; lengthen the series (e.g. "
     "0+1x60) or move eval_time [ruletest/eval-time-beyond-input]"},
    {"ruletest/eval-time-beyond-input", "within the lookback, or an expression without input",
     Test("rules.yml", std::string(kSeries) + "    promql_expr_test:\n"
                                              "      - expr: load\n"
                                              "        eval_time: 15m\n"
                                              "      - expr: time()\n"
                                              "        eval_time: 1h\n"),
     ""},
    {"ruletest/eval-time-beyond-input", "eval_time at the last sample (gaps and repeats counted)",
     Test("rules.yml",
          "    input_series:\n"
          "      - series: load{job=\"a\"}\n"
          "        values: 1 _x4 stale 2+3x3 {{schema:0 sum:1 count:1}}x2\n"
          "    alert_rule_test:\n"
          "      - eval_time: 11m\n"
          "        alertname: HighLoad\n",
          "30s"),
     ""},
};

TEST_CASE("each ruletest check fires and stays silent on its cases") {
  for (const RuletestCase& c : kRuletestCases) {
    CAPTURE(c.check);
    CAPTURE(c.name);
    CHECK(Run(c, c.check) == c.want);
  }
}

TEST_CASE("only unit-test files are recognised") {
  CHECK(ttam::lint::LooksLikeRuleTestFile("rule_files:\n  - a.yml\ntests:\n  - {}\n"));
  CHECK(ttam::lint::LooksLikeRuleTestFile("# c\ntests: []\nrule_files: [a.yml]\n"));
  CHECK_FALSE(ttam::lint::LooksLikeRuleTestFile(std::string(kRules)));
  CHECK_FALSE(ttam::lint::LooksLikeRuleTestFile("groups:\n  - name: tests\n    rules: []\n"));
  CHECK_FALSE(ttam::lint::LooksLikeRuleTestFile("rule_files: [a.yml]\n  tests: []\n"));
  // Expression tests only: no rule_files, and no groups either.
  CHECK(ttam::lint::LooksLikeRuleTestFile("tests:\n  - input_series: []\n"));
  CHECK_FALSE(ttam::lint::LooksLikeRuleTestFile("groups: []\ntests: []\n"));
}

TEST_CASE("a ttam: disable comment silences a ruletest finding") {
  RuletestCase c = kRuletestCases[0];
  c.test = "rule_files:\n  - rulez.yml  # ttam: disable=ruletest/rule-files-unmatched\ntests: []\n";
  CHECK(Run(c, c.check).empty());
}

TEST_CASE("every ruletest check has an id, a summary, a case each way and a man page section") {
  std::string page = ttam::test::ReadChecksPage();
  REQUIRE(!page.empty());
  for (const ttam::lint::RuleTestCheckInfo& info : ttam::lint::RuleTestChecks()) {
    CAPTURE(info.id);
    CHECK(ttam::test::IsCheckId(info.id));
    CHECK(!info.summary.empty());
    CHECK(page.find(ttam::test::ChecksPageSection(std::string(info.id), info.severity)) !=
          std::string::npos);
    bool fires = false, silent = false;
    for (const RuletestCase& c : kRuletestCases) {
      if (c.check != info.id) continue;
      (c.want.empty() ? silent : fires) = true;
    }
    CHECK(fires);
    CHECK(silent);
  }
}

}  // namespace
