// Upstream's own promtool unit-test files (spec §4.9), run with the flags
// upstream's unittest_test.go and the 3.x CLI use, against their expected
// verdicts. Reads ../shared/corpus/prometheus/cmd/promtool/testdata and
// skips visibly when it is absent.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ruletest/runner.h"
#include "support/memory_fs.h"

namespace fs = std::filesystem;
using ttam::ruletest::FileOutcome;
using ttam::ruletest::Options;
using ttam::ruletest::RunTestFile;

namespace {

struct CorpusCase {
  std::string file;
  std::vector<std::string> run;
  bool ignore_unknown_fields = false;
  bool want_pass = false;
  /// Why ttam's verdict differs from upstream's, when it is a known gap.
  std::string known_gap;
};

}  // namespace

TEST_CASE("upstream promtool unit-test corpus: verdicts as upstream expects") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/cmd/promtool/testdata";
  if (!fs::is_directory(dir)) {
    MESSAGE("skipped: reads ../shared/corpus; no corpus at " << dir.string());
    return;
  }
  const std::vector<CorpusCase> cases = {
      {"unittest.yml", {}, false, true, ""},
      {"long-period.yml", {}, false, true, ""},
      {"bad-input-series.yml", {}, false, false, ""},
      {"bad-promql.yml", {}, false, false, ""},
      {"bad-rules-syntax-test.yml", {}, false, false, ""},
      {"bad-rules-error-test.yml", {}, false, false, ""},
      {"failing.yml", {}, false, false, ""},
      {"at-modifier-test.yml", {}, false, true, ""},
      {"negative-offset-test.yml", {}, false, true, ""},
      {"no-test-group-interval.yml", {}, false, true, ""},
      {"start-time-test.yml", {}, false, true, ""},
      {"rules_run.yml", {}, false, false, ""},
      {"rules_run.yml", {"correct", "wrong"}, false, false, ""},
      {"rules_run.yml", {"correct"}, false, true, ""},
      {"rules_run.yml", {"wrong"}, false, false, ""},
      {"rules_run_extrafields.yml", {}, true, true, ""},
      {"rules_run_extrafields.yml", {}, false, false, ""},
      {"rules_run_no_fuzzy.yml", {}, false, false, ""},
      {"rules_run_fuzzy.yml", {"correct"}, false, true, ""},
      {"rules_run_fuzzy.yml", {"wrong"}, false, false, ""},
  };
  std::ostringstream table;
  table << "reading " << dir.string() << "\n";
  table << "file                          flags                      want  got   note\n";
  int agree = 0, known = 0;
  for (const CorpusCase& c : cases) {
    CAPTURE(c.file);
    Options options;
    options.run = c.run;
    options.ignore_unknown_fields = c.ignore_unknown_fields;
    FileOutcome out = RunTestFile((dir / c.file).string(), ttam::RealFileSystem(), options);
    bool passed = out.Passed();
    std::string flags;
    for (const std::string& r : c.run) flags += "--run " + r + " ";
    if (c.ignore_unknown_fields) flags += "--ignore-unknown-fields";
    std::string note;
    if (passed == c.want_pass) {
      ++agree;
    } else if (!c.known_gap.empty()) {
      ++known;
      note = "KNOWN GAP: " + c.known_gap;
    } else {
      note = "MISMATCH:\n" + ttam::ruletest::PromtoolText(out);
    }
    char line[200];
    std::snprintf(line, sizeof line, "%-29s %-26s %-5s %-5s ", c.file.c_str(), flags.c_str(),
                  c.want_pass ? "pass" : "fail", passed ? "pass" : "fail");
    table << line << note << "\n";
    if (c.known_gap.empty()) {
      CHECK_MESSAGE(passed == c.want_pass, ttam::ruletest::PromtoolText(out));
    } else {
      // Must fail clearly, never pass with a wrong result.
      CHECK_FALSE(passed);
    }
  }
  table << agree << " of " << cases.size() << " verdicts as upstream; " << known << " known gaps\n";
  MESSAGE(table.str());
}

namespace {

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `text` with its first `from` replaced by `to`.
std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("upstream unittest.yml: its histogram expectations are compared, hint included") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/cmd/promtool/testdata";
  if (!fs::is_directory(dir)) {
    MESSAGE("skipped: reads ../shared/corpus; no corpus at " << dir.string());
    return;
  }
  const std::string original = ReadFile(dir / "unittest.yml");
  struct Mutant {
    std::string from, to, want;
  };
  // Each mutant changes one histogram expectation; the failure shows the
  // histogram ttam read back from the TSDB-like store.
  const Mutant mutants[] = {
      {"{{count:2 sum:3 counter_reset_hint:not_reset buckets:[2]}}",
       "{{count:2 sum:3 buckets:[2]}}",
       "        exp: {__name__=\"test_histogram_repeat\"} {{count:2 sum:3 buckets:[2]}}\n"
       "        got: {__name__=\"test_histogram_repeat\"} {{count:2 sum:3 "
       "counter_reset_hint:not_reset buckets:[2]}}"},
      {"{{count:4 sum:5.6 counter_reset_hint:not_reset buckets:[4]}}",
       "{{count:4 sum:5.6 counter_reset_hint:not_reset buckets:[3]}}",
       "        got: {__name__=\"test_histogram_increase\"} {{count:4 sum:5.6 "
       "counter_reset_hint:not_reset buckets:[4]}}"},
      {"histogram: \"{{schema:1 sum:-0.3", "histogram: \"{{schema:2 sum:-0.3",
       "        got: {__name__=\"test_histogram\"} {{schema:1 count:32.1 sum:-0.3 z_bucket:7.1 "
       "z_bucket_w:0.05 offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}"},
  };
  for (const Mutant& m : mutants) {
    CAPTURE(m.to);
    ttam::testing::MemoryFileSystem mem;
    mem.files["/c/unittest.yml"] = Replaced(original, m.from, m.to);
    mem.files["/c/rules.yml"] = ReadFile(dir / "rules.yml");
    FileOutcome out = RunTestFile("/c/unittest.yml", mem);
    std::string text = ttam::ruletest::PromtoolText(out);
    CHECK_FALSE(out.Passed());
    CHECK_MESSAGE(text.find(m.want) != std::string::npos, text);
  }
}

TEST_CASE("upstream failing files: promtool's texts") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/cmd/promtool/testdata";
  if (!fs::is_directory(dir)) {
    MESSAGE("skipped: reads ../shared/corpus; no corpus at " << dir.string());
    return;
  }
  struct Case {
    std::string file, want;
  };
  const std::string dup =
      "found duplicate series for the match group {a=\"1\"} on the right hand-side of the "
      "operation: [{__name__=\"join_2\", a=\"1\", b=\"3\"}, {__name__=\"join_2\", a=\"1\", "
      "b=\"4\"}];many-to-many matching not allowed: matching labels must be unique on one side";
  const Case cases[] = {
      {"bad-promql.yml",
       "  FAILED:\n    expr: \"join_1 + on(a) join_2\", time: 0s, err: " + dup + "\n\n\n"},
      {"bad-rules-error-test.yml", "  FAILED:\n    rule: joined, time: 0s, err: " + dup + "\n\n\n"},
      {"bad-rules-syntax-test.yml",
       "  FAILED:\n" + (dir / "bad-rules-syntax.yml").lexically_normal().string() +
           ": 7:15: group \"bad-syntax\", rule 1, \"x\": could not parse expression: 1:7: parse "
           "error: unexpected end of input\n\n\n"},
      {"rules_run_no_fuzzy.yml",
       "  FAILED:\n    expr: \"test_low\", time: 0s,\n        exp: {__name__=\"test_low\"} 3E+00\n"
       "        got: {__name__=\"test_low\"} 2.9999999999999996E+00\n\n"
       "    expr: \"test_high\", time: 0s,\n        exp: {__name__=\"test_high\"} 3E+00\n"
       "        got: {__name__=\"test_high\"} 3.0000000000000004E+00\n\n\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    FileOutcome out = RunTestFile((dir / c.file).string(), ttam::RealFileSystem(), {});
    CHECK(ttam::ruletest::PromtoolText(out) == c.want);
  }
}

TEST_CASE("promtool 2.42's own outputs (tests/ruletest/testdata/promtool242)") {
  fs::path root = fs::path(TTAM_SOURCE_DIR) / "tests/ruletest/testdata/promtool242";
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    CAPTURE(entry.path().filename().string());
    FileOutcome out = RunTestFile((entry.path() / "test.yml").string(), ttam::RealFileSystem(), {});
    std::string want = ReadFile(entry.path() / "test.want");
    for (size_t at = want.find("$DIR/"); at != std::string::npos; at = want.find("$DIR/"))
      want.replace(at, 5, entry.path().string() + "/");
    CHECK(ttam::ruletest::PromtoolText(out) == want);
    ++cases;
  }
  CHECK(cases >= 3);
}
