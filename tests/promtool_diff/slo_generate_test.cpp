// `ttam slo generate`'s output through the built ttam and promtool 2.42:
// the rules lint clean (ttam lint-rules) and load (promtool check rules);
// the generated unit tests pass under ttam test-rules and promtool test
// rules; swapping a window pair's burns (the "fires" case given the burn
// just below the factor, and the reverse) makes both cases fail; and on
// the same input series ttam's window ratios equal those of sloth's
// published rules for two of sloth's examples (getting-started: counters;
// home-wifi: gauges counted over subqueries), while the period ratio is
// errors over total across the period, not sloth's average of 5m ratios.
// The specs are built in code (tests/slo/slo_test_specs.h).

#include <doctest/doctest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "slo/slo_rules.h"
#include "slo/slo_test_specs.h"
#include "support/process.h"
#include "support/promtool.h"

namespace {

using ttam::test::ProcessResult;
using ttam::test::ReadFile;
using ttam::test::RunProcess;
using ttam::test::RunTtam;
using ttam::test::TempDir;
namespace specs = ttam::slo::test_specs;

const std::string kPromtool = ttam::test::FindPromtool();

struct Named {
  std::string name;
  ttam::slo::SpecFile file;
};

std::vector<Named> Specs() {
  return {{"sloth-getting-started", specs::SlothGettingStarted()},
          {"ttam-availability", specs::TtamAvailability()},
          {"ttam-latency", specs::TtamLatency()}};
}

// More shapes, for ttam only (promtool takes 20 s a file): two SLOs in one
// file; a disabled page tier with custom ticket factors and a 7d period;
// selectors that split errors from the rest (`!~`), with no metric name;
// errors and total from two metrics; metric names matched by a regex.
std::vector<Named> MoreSpecs() {
  ttam::slo::SpecFile two = specs::TtamAvailability();
  two.slos.push_back(specs::TtamLatency().slos[0]);
  ttam::slo::SpecFile ticket_only = specs::TtamLatency();
  ttam::slo::SloSpec& t = ticket_only.slos[0];
  t.page.disable = true;
  t.ticket.factors[0] = 4;
  t.ticket.factors[1] = 1.5;
  t.period_ms = 7LL * 24 * 3600 * 1000;
  ttam::slo::SpecFile split = specs::TtamAvailability();
  split.slos[0].sli.error_query =
      "sum by (primitive_name) (rate({__name__=\"primitive_requests_total\", "
      "status=~\"5..|error\"}[{{.window}}]))";
  split.slos[0].sli.total_query =
      "sum by (primitive_name) "
      "(rate(primitive_requests_total{status=~\"5..|error\"}[{{.window}}])) "
      "+ sum by (primitive_name) "
      "(rate(primitive_requests_total{status!~\"5..|error\"}[{{.window}}]))";
  ttam::slo::SpecFile two_metrics = specs::TtamAvailability();
  two_metrics.slos[0].sli.error_query =
      "sum by (primitive_name) (rate(primitive_errors_total[{{.window}}]))";
  ttam::slo::SpecFile name_regex = specs::SlothGettingStarted();
  name_regex.slos[0].sli.error_query =
      "sum(rate({__name__=~\"http_.*_count\", code=\"500\"}[{{.window}}]))";
  name_regex.slos[0].sli.total_query = "sum(rate({__name__=~\"http_.*_count\"}[{{.window}}]))";
  return {{"two-slos", two},
          {"ticket-only", ticket_only},
          {"split-selectors", split},
          {"two-metrics", two_metrics},
          {"name-regex", name_regex}};
}

// Writes rules.yml and tests.yml for `file` into `dir`.
void WriteGenerated(const TempDir& dir, const ttam::slo::SpecFile& file) {
  dir.Write("rules.yml", ttam::slo::GenerateRules(file));
  ttam::slo::GeneratedTests tests = ttam::slo::GenerateTests(file, "rules.yml");
  REQUIRE(tests.skipped.empty());
  dir.Write("tests.yml", tests.yaml);
}

// A generated test file cut into its header and its test groups.
struct TestFileParts {
  std::string header;
  std::vector<std::string> groups;  // each starts with `  - name: "<title>"`
};

TestFileParts Split(const std::string& text) {
  TestFileParts parts;
  const std::string marker = "\n  - name: ";
  size_t at = text.find(marker);
  REQUIRE(at != std::string::npos);
  parts.header = text.substr(0, at + 1);
  while (at != std::string::npos) {
    size_t next = text.find(marker, at + 1);
    parts.groups.push_back(
        text.substr(at + 1, next == std::string::npos ? std::string::npos : next - at));
    at = next;
  }
  return parts;
}

std::string Title(const std::string& group) {
  size_t open = group.find('"');
  return group.substr(open + 1, group.find('"', open + 1) - open - 1);
}

std::string InputBlock(const std::string& group) {
  size_t from = group.find("    input_series:\n");
  size_t to = group.find("    alert_rule_test:\n");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  return group.substr(from, to - from);
}

std::string WithInput(const std::string& group, const std::string& input) {
  std::string out = group;
  std::string old = InputBlock(group);
  return out.replace(out.find(old), old.size(), input);
}

// Mutants: each "fires" group given its pair's input at 0.98 x factor, and
// each "does not fire" group given the input at 1.02 x factor.
std::vector<std::string> SwappedBurns(const TestFileParts& parts, const std::string& only = "") {
  std::map<std::string, std::string> fires, quiet;  // by "<slo> <tier> <windows>"
  for (const std::string& g : parts.groups) {
    std::string title = Title(g);
    std::string key = title.substr(0, title.find(": burn"));
    if (title.ends_with(" fires")) fires[key] = g;
    if (title.find("0.98 x") != std::string::npos) quiet[key] = g;
  }
  std::vector<std::string> out;
  for (const auto& [key, g] : fires) {
    if (!quiet.contains(key) || key.find(only) == std::string::npos) continue;
    out.push_back(WithInput(g, InputBlock(quiet[key])));
    out.push_back(WithInput(quiet[key], InputBlock(g)));
  }
  return out;
}

}  // namespace

TEST_CASE("slo generate: the rules lint clean and their tests pass under ttam test-rules") {
  std::vector<Named> all = Specs();
  for (Named& more : MoreSpecs()) all.push_back(std::move(more));
  for (const Named& s : all) {
    CAPTURE(s.name);
    TempDir dir;
    WriteGenerated(dir, s.file);
    ProcessResult lint = RunTtam({"lint-rules", dir.path() + "/rules.yml"});
    CHECK(lint.exit_code == 0);
    CHECK(lint.out + lint.err == "no problems found\n");
    ProcessResult run = RunTtam({"test-rules", dir.path() + "/tests.yml"});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
  }
}

TEST_CASE("slo generate: a pair's burns swapped fail its tests under ttam test-rules") {
  std::vector<Named> all = Specs();
  for (Named& more : MoreSpecs()) all.push_back(std::move(more));
  for (const Named& s : all) {
    CAPTURE(s.name);
    TempDir dir;
    WriteGenerated(dir, s.file);
    TestFileParts parts = Split(ReadFile(dir.path() + "/tests.yml"));
    std::vector<std::string> mutants = SwappedBurns(parts);
    size_t pairs = 0;
    for (const ttam::slo::SloSpec& slo : s.file.slos) {
      pairs += (slo.page.disable ? 0 : 2) + (slo.ticket.disable ? 0 : 2);
    }
    CHECK(mutants.size() == 2 * pairs);  // per pair: fires, does not fire
    for (const std::string& mutant : mutants) {
      CAPTURE(Title(mutant));
      dir.Write("mutant.yml", parts.header + mutant);
      ProcessResult run = RunTtam({"test-rules", dir.path() + "/mutant.yml"});
      CHECK(run.exit_code == 1);
      CHECK((run.out + run.err).find("name: " + Title(mutant) + ",") != std::string::npos);
    }
  }
}

TEST_CASE("slo generate: promtool 2.42 loads the rules and passes the tests, not the mutants") {
  if (kPromtool.empty()) {
    MESSAGE(ttam::test::kPromtoolMissing);
    return;
  }
  for (const Named& s : Specs()) {
    CAPTURE(s.name);
    TempDir dir;
    WriteGenerated(dir, s.file);
    ProcessResult check = RunProcess({kPromtool, "check", "rules", dir.path() + "/rules.yml"});
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    if (s.name == "ttam-availability") continue;  // the same shape as sloth's; 20 s each
    ProcessResult run = RunProcess({kPromtool, "test", "rules", dir.path() + "/tests.yml"}, "",
                                   std::chrono::seconds(240));
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    // The page pairs' mutants (hours of data, not days).
    TestFileParts parts = Split(ReadFile(dir.path() + "/tests.yml"));
    for (const std::string& mutant : SwappedBurns(parts, " page ")) {
      CAPTURE(Title(mutant));
      dir.Write("mutant.yml", parts.header + mutant);
      ProcessResult m = RunProcess({kPromtool, "test", "rules", dir.path() + "/mutant.yml"});
      CHECK(m.exit_code == 1);
      CHECK(m.err.find("name: " + Title(mutant) + ",") != std::string::npos);
    }
  }
}

namespace {

// sloth's published rules (`file` in tests/slo/testdata_rules) with every
// name they record or alert on renamed, so that they load beside ttam's.
std::string SlothReferenceRules(const std::string& file, const std::string& alert) {
  std::string text = ReadFile(std::string(TTAM_SLO_TESTDATA) + "/" + file);
  REQUIRE(!text.empty());
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"slo:", "sloth_ref:"}, {"sloth-slo-", "ref-sloth-slo-"}, {alert, "Ref" + alert}}) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      // `sloth_slo: x` is a label, not a name.
      if (from == "slo:" && at >= 6 && text.compare(at - 6, 6, "sloth_") == 0) {
        at += from.size();
        continue;
      }
      text.replace(at, from.size(), to);
      at += to.size();
    }
  }
  return text;
}

// promql_expr_test items: at each time, every short window's ratio of
// ttam's rules equals sloth's, then `extra` (items for the period).
std::string CompareWindows(const std::string& id, const std::string& extra) {
  std::string out = "    promql_expr_test:\n";
  for (const char* at : {"3h", "6h30m", "12h"}) {
    for (const char* w : {"5m", "30m", "1h", "2h", "6h", "1d", "3d"}) {
      out += std::string("      - expr: count(slo:sli_error:ratio_rate") + w + "{sloth_id=\"" + id +
             "\"} == ignoring (cmd) sloth_ref:sli_error:ratio_rate" + w +
             ")\n        eval_time: " + at +
             "\n        exp_samples:\n          - labels: '{}'\n            value: 1\n";
    }
  }
  return out + extra;
}

std::string CountIs1(const std::string& expr) {
  return "      - expr: count(" + expr +
         ")\n        eval_time: 12h\n        exp_samples:\n          - labels: '{}'\n"
         "            value: 1\n";
}

void RunBoth(const TempDir& dir, const std::string& file) {
  ProcessResult ttam_run = RunTtam({"test-rules", dir.path() + "/" + file});
  INFO(ttam_run.out << ttam_run.err);
  CHECK(ttam_run.exit_code == 0);
  if (kPromtool.empty()) {
    MESSAGE(ttam::test::kPromtoolMissing);
    return;
  }
  ProcessResult run = RunProcess({kPromtool, "test", "rules", dir.path() + "/" + file});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
}

}  // namespace

TEST_CASE(
    "slo generate: sloth's getting-started: window ratios equal sloth's; the period is "
    "errors/total") {
  TempDir dir;
  dir.Write("ttam.yml", ttam::slo::GenerateRules(specs::SlothGettingStarted()));
  dir.Write("sloth.yml",
            SlothReferenceRules("sloth-getting-started.gen.yml", "MyServiceHighErrorRate"));
  // 6h of heavy traffic with few errors, then 6h of light traffic with
  // many: errors/total over the 12h is 4320 / 756000, while the average of
  // the 5m ratios is near (0.001 + 0.1) / 2. Counters start high, so that
  // extrapolation treats every series alike.
  char period[64];
  std::snprintf(period, sizeof period, "%.17g", 4320.0 / 756000.0);
  std::string data =
      "rule_files: [ttam.yml, sloth.yml]\n"
      "evaluation_interval: 5m\n"
      "tests:\n"
      "  - interval: 1m\n"
      "    input_series:\n"
      "      - series: 'http_request_duration_seconds_count{job=\"myservice\", code=\"200\"}'\n"
      "        values: '1000000+1998x360 1719370+90x359'\n"
      "      - series: 'http_request_duration_seconds_count{job=\"myservice\", code=\"500\"}'\n"
      "        values: '1000000+2x360 1000725+5x359'\n"
      "      - series: 'http_request_duration_seconds_count{job=\"myservice\", code=\"429\"}'\n"
      "        values: '1000000+0x360 1000005+5x359'\n" +
      CompareWindows(
          "myservice-requests-availability",
          CountIs1("abs(slo:sli_error:ratio_rate30d - " + std::string(period) + ") < 1e-12") +
              CountIs1("abs(sloth_ref:sli_error:ratio_rate30d - " + std::string(period) +
                       ") > 0.01"));
  dir.Write("compare.yml", data);
  RunBoth(dir, "compare.yml");
}

TEST_CASE("slo generate: sloth's home-wifi (gauges, subqueries): the same windows and period") {
  TempDir dir;
  dir.Write("ttam.yml", ttam::slo::GenerateRules(specs::SlothHomeWifi()));
  dir.Write("sloth.yml",
            SlothReferenceRules("sloth-home-wifi.gen.yml", "GoodWifiClientSatisfaction"));
  // Four clients, one unsatisfied, for 6h; then only the unsatisfied one:
  // over the 12h one client in 2.5 was unhappy (0.4), while the 5m ratios
  // average (0.25 + 1) / 2.
  const std::string errors =
      "sum_over_time((count(unifipoller_client_satisfaction_ratio < 0.75))[30d:]) OR on() "
      "vector(0)";
  const std::string total = "sum_over_time((count(unifipoller_client_satisfaction_ratio))[30d:])";
  std::string period = "((" + errors + ") / (" + total + "))";
  std::string data =
      "rule_files: [ttam.yml, sloth.yml]\n"
      "evaluation_interval: 5m\n"
      "tests:\n"
      "  - interval: 1m\n"
      "    input_series:\n"
      "      - series: 'unifipoller_client_satisfaction_ratio{name=\"a\"}'\n"
      "        values: '0.9x360'\n"
      "      - series: 'unifipoller_client_satisfaction_ratio{name=\"b\"}'\n"
      "        values: '0.95x360'\n"
      "      - series: 'unifipoller_client_satisfaction_ratio{name=\"c\"}'\n"
      "        values: '0.8x360'\n"
      "      - series: 'unifipoller_client_satisfaction_ratio{name=\"d\"}'\n"
      "        values: '0.7x720'\n" +
      CompareWindows(
          "home-wifi-good-wifi-client-satisfaction",
          CountIs1("slo:sli_error:ratio_rate30d == on() " + period) +
              CountIs1("abs(slo:sli_error:ratio_rate30d - 0.4) < 0.01") +
              CountIs1("abs(sloth_ref:sli_error:ratio_rate30d - on() " + period + ") > 0.1"));
  dir.Write("compare.yml", data);
  RunBoth(dir, "compare.yml");
}
