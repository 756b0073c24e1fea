// Differential test against `promtool check metrics` (Debian's promtool 2.42):
// ttam must find at least what promtool finds. For every exposition in
// tests/lint/testdata and in the shared corpus:
//  - every metric promtool names in a `<metric> <problem>` line must be named,
//    in double quotes, by some ttam diagnostic;
//  - when promtool stops with a parse error on a Prometheus text file, ttam
//    must report an error too.
// Files where the two differ by design are listed in kDeliberate, with why.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/process.h"
#include "support/promtool.h"

namespace fs = std::filesystem;
using ttam::test::ProcessResult;

namespace {

// Corpus files whose verdicts differ by design, relative to TTAM_CORPUS_DIR.
struct Deliberate {
  std::string_view file;
  std::string_view reason;
};
constexpr std::string_view kOpenMetrics =
    "OpenMetrics (exemplars, float timestamps, # EOF): promtool 2.42 reads only the text "
    "format, ttam sniffs and parses OpenMetrics";
const Deliberate kDeliberate[] = {
    {"prometheus/model/textparse/testdata/1histogram.om.txt", kOpenMetrics},
    {"prometheus/model/textparse/testdata/alltypes.5mfs.om.txt", kOpenMetrics},
    {"prometheus/cmd/promtool/testdata/dump-openmetrics-roundtrip-test.prom", kOpenMetrics},
    {"prometheus/cmd/promtool/testdata/dump-openmetrics-test.prom", kOpenMetrics},
    {"prometheus/cmd/promtool/testdata/dump-test-1.prom",
     "Prometheus 3 syntax ({__name__=\"m\", ...}) that promtool 2.42 rejects and ttam reads"},
    {"prometheus/cmd/promtool/testdata/dump-test-2.prom",
     "Prometheus 3 syntax ({__name__=\"m\", ...}) that promtool 2.42 rejects and ttam reads"},
    {"prometheus/cmd/promtool/testdata/dump-test-3.prom",
     "Prometheus 3 syntax ({__name__=\"m\", ...}) that promtool 2.42 rejects and ttam reads"},
    {"prometheus/cmd/promtool/testdata/dump-series-1.prom",
     "JSON lines (promtool tsdb dump --format seriesjson), not an exposition"},
    {"prometheus/cmd/promtool/testdata/dump-series-2.prom",
     "JSON lines (promtool tsdb dump --format seriesjson), not an exposition"},
    {"prometheus/cmd/promtool/testdata/dump-series-3.prom",
     "JSON lines (promtool tsdb dump --format seriesjson), not an exposition"},
};

struct Input {
  std::string path;   ///< absolute
  std::string label;  ///< for messages and kDeliberate
};

std::vector<Input> Inputs() {
  std::vector<Input> inputs;
  for (const auto& entry : fs::directory_iterator(TTAM_LINT_TESTDATA)) {
    if (entry.path().extension() != ".prom") continue;
    inputs.push_back({entry.path().string(), "testdata/" + entry.path().filename().string()});
  }
  fs::path corpus(TTAM_CORPUS_DIR);
  const std::pair<const char*, const char*> kCorpusDirs[] = {
      {"prometheus/model/textparse/testdata", ""},
      {"prometheus/cmd/promtool/testdata", ".prom"},
  };
  for (const auto& [dir, extension] : kCorpusDirs) {
    fs::path full = corpus / dir;
    if (!fs::is_directory(full)) continue;
    for (const auto& entry : fs::directory_iterator(full)) {
      if (!entry.is_regular_file()) continue;
      if (*extension != '\0' && entry.path().extension() != extension) continue;
      inputs.push_back({entry.path().string(), (fs::path(dir) / entry.path().filename()).string()});
    }
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const Input& a, const Input& b) { return a.label < b.label; });
  return inputs;
}

const Deliberate* FindDeliberate(std::string_view label) {
  for (const Deliberate& d : kDeliberate) {
    if (d.file == label) return &d;
  }
  return nullptr;
}

// What promtool said: the metrics it named, or its parse error.
struct PromtoolVerdict {
  std::vector<std::string> metrics;  ///< in output order, repeats removed
  std::string error;                 ///< "error while linting: ..." when it could not parse
};

PromtoolVerdict RunPromtool(const std::string& promtool, const std::string& content) {
  ProcessResult r = ttam::test::RunProcess({promtool, "check", "metrics"}, content);
  PromtoolVerdict v;
  std::set<std::string> seen;
  std::istringstream lines(r.out + "\n" + r.err);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    if (line.starts_with("error while linting:")) {
      v.error = line;
      continue;
    }
    std::string metric = line.substr(0, line.find(' '));
    if (seen.insert(metric).second) v.metrics.push_back(metric);
  }
  return v;
}

}  // namespace

TEST_CASE("differential: ttam finds what promtool check metrics finds") {
  std::string promtool = ttam::test::FindPromtool();
  if (promtool.empty()) {
    MESSAGE(ttam::test::kPromtoolMissing);
    return;
  }
  if (!fs::is_directory(TTAM_CORPUS_DIR)) {
    MESSAGE("corpus " << TTAM_CORPUS_DIR
                      << " not found: only tests/lint/testdata is compared (corpus skipped)");
  }

  size_t files = 0;
  size_t agreeing_files = 0;
  size_t promtool_findings = 0;
  size_t matched_findings = 0;
  size_t promtool_errors = 0;
  size_t matched_errors = 0;
  std::vector<std::string> deliberate;

  for (const Input& input : Inputs()) {
    CAPTURE(input.label);
    if (const Deliberate* d = FindDeliberate(input.label)) {
      deliberate.push_back(input.label + ": " + std::string(d->reason));
      continue;
    }
    ++files;
    PromtoolVerdict want = RunPromtool(promtool, ttam::test::ReadFile(input.path));
    ProcessResult r = ttam::test::RunTtam(
        {"scrape", "--check", "--format", "json", "--fail-on", "info", input.path});
    CAPTURE(r.err);
    nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    bool ran = (r.exit_code == 0 || r.exit_code == 1) && doc.is_object();
    CHECK_MESSAGE(ran, "ttam could not run (exit " << r.exit_code << "): " << r.out);
    if (!ran) continue;

    std::vector<std::string> messages;
    bool ttam_error = false;
    for (const auto& d : doc["diagnostics"]) {
      messages.push_back(d["message"].get<std::string>());
      ttam_error = ttam_error || d["severity"] == "error";
    }

    bool agrees = true;
    for (const std::string& metric : want.metrics) {
      CAPTURE(metric);
      ++promtool_findings;
      std::string quoted = "\"" + metric + "\"";
      bool named = std::any_of(messages.begin(), messages.end(), [&](const std::string& m) {
        return m.find(quoted) != std::string::npos;
      });
      CHECK_MESSAGE(named, "promtool names " << metric << "; no ttam diagnostic does");
      matched_findings += named ? 1 : 0;
      agrees = agrees && named;
    }
    if (!want.error.empty()) {
      CAPTURE(want.error);
      ++promtool_errors;
      CHECK_MESSAGE(ttam_error, "promtool could not parse the file; ttam reported no error");
      matched_errors += ttam_error ? 1 : 0;
      agrees = agrees && ttam_error;
    }
    agreeing_files += agrees ? 1 : 0;
  }

  std::ostringstream summary;
  summary << "promtool differential: " << agreeing_files << "/" << files
          << " files agree; promtool findings named by ttam: " << matched_findings << "/"
          << promtool_findings
          << "; promtool parse errors matched by a ttam error: " << matched_errors << "/"
          << promtool_errors << "; " << deliberate.size() << " deliberate differences skipped";
  MESSAGE(summary.str());
  for (const std::string& d : deliberate) MESSAGE("deliberate difference: " << d);
  CHECK(files > 0);
}
