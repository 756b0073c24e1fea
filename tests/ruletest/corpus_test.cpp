// Upstream's own promtool unit-test files (spec §4.9), run with the flags
// upstream's unittest_test.go and the 3.x CLI use, against their expected
// verdicts. Reads ../shared/corpus/prometheus/cmd/promtool/testdata and
// skips visibly when it is absent.

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "ruletest/runner.h"

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
      {"unittest.yml", {}, false, true, "native histograms in input_series and histogram: expectations"},
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
  table << agree << " of " << cases.size() << " verdicts as upstream; " << known
        << " known gaps\n";
  MESSAGE(table.str());
}

TEST_CASE("scratch print") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/cmd/promtool/testdata";
  for (const char* f : {"failing.yml", "bad-promql.yml", "bad-input-series.yml", "bad-rules-syntax-test.yml", "bad-rules-error-test.yml", "rules_run_no_fuzzy.yml", "rules_run_extrafields.yml", "unittest.yml"}) {
    FileOutcome out = RunTestFile((dir / f).string(), ttam::RealFileSystem(), {});
    MESSAGE(f << "\n" << ttam::ruletest::PromtoolText(out));
  }
}
