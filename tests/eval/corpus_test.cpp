// Parses every promqltest file of the shared corpus (upstream's own test
// suite): each must parse with no error and load into the store; then every
// eval the engine can run so far must pass (the rest are skipped, counted),
// except the known failures listed below, which must keep failing until the
// gap is closed (then they leave the list).

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "eval/promqltest.h"
#include "eval/promqltest_load.h"
#include "eval/promqltest_run.h"
#include "eval/storage.h"

namespace ttam::eval::promqltest {
namespace {

namespace fs = std::filesystem;

// Evals that run and fail for a known gap in the engine: file, line, why.
struct KnownFailure {
  std::string_view file;
  int line;
  std::string_view why;
};

constexpr std::string_view kDelayedNameRemoval =
    "needs delayed __name__ removal (the engine drops names immediately)";

constexpr KnownFailure kKnownFailures[] = {
    {"name_label_dropping.test", 59, kDelayedNameRemoval},
    {"name_label_dropping.test", 64, kDelayedNameRemoval},
    {"name_label_dropping.test", 69, kDelayedNameRemoval},
    {"name_label_dropping.test", 74, kDelayedNameRemoval},
    {"name_label_dropping.test", 89, kDelayedNameRemoval},
    {"name_label_dropping.test", 115, kDelayedNameRemoval},
    {"name_label_dropping.test", 119, kDelayedNameRemoval},
    {"name_label_dropping.test", 123, kDelayedNameRemoval},
};

// Evals the census-exact classification (promqltest_classify.h) newly runs
// and that fail for a gap in the engine, not in the runner: they leave this
// list as the engine work that closes each gap is merged.
constexpr std::string_view kSortInRange =
    "sort functions do not yet know they run in a range query (upstream warns that they are "
    "ineffective there)";
constexpr KnownFailure kPendingEngine[] = {
    {"operators.test", 131,
     "rate over a parenthesised range selector, rate((m[25m])), gives -Inf (range not seen "
     "through the parentheses)"},
    {"range_queries.test", 109, kSortInRange},
    {"range_queries.test", 112, kSortInRange},
    {"range_queries.test", 115, kSortInRange},
    {"range_queries.test", 118, kSortInRange},
    {"range_queries.test", 121, kSortInRange},
};

const KnownFailure* FindKnownFailure(std::string_view file, int line) {
  for (const KnownFailure& k : kKnownFailures) {
    if (k.file == file && k.line == line) return &k;
  }
  for (const KnownFailure& k : kPendingEngine) {
    if (k.file == file && k.line == line) return &k;
  }
  return nullptr;
}

TEST_CASE("every corpus promqltest file parses, loads and runs") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/promql/promqltest/testdata";
  if (!fs::is_directory(dir)) {
    MESSAGE("skipped: no corpus at " << dir.string());
    return;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  int passed = 0, failed = 0, skipped = 0, known = 0, natives = 0;
  int total_files = 0, errors = 0, loads = 0, evals = 0, ranges = 0, fails = 0, static_fails = 0;
  std::ostringstream table;
  std::map<std::string, int> skip_reasons;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    TestFile f = ParseTestFile(text);
    ++total_files;
    CAPTURE(path.filename().string());
    if (!f.ok()) {
      ++errors;
      FAIL_CHECK(f.error->Format(path.filename().string()));
      continue;
    }
    int file_loads = 0, file_evals = 0;
    Storage storage;
    for (const Command& c : f.commands) {
      if (const auto* load = std::get_if<LoadCmd>(&c)) {
        ++file_loads;
        Status st = LoadInto(*load, storage);
        CHECK_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
      } else if (std::holds_alternative<ClearCmd>(c)) {
        storage.Clear();
      } else {
        const auto& e = std::get<EvalCmd>(c);
        ++file_evals;
        ranges += e.range;
        fails += e.ExpectsFailure();
        static_fails += e.static_error.has_value();
      }
    }
    loads += file_loads;
    evals += file_evals;
    // With upstream's `@` re-runs of instant evals (step invariance), as promqltest does.
    RunOptions options;
    options.at_modifier_runs = true;
    FileOutcome run = RunTestFile(f, options);
    CHECK_MESSAGE(!run.load_error, run.load_error.value_or(""));
    int native = 0;
    for (const EvalOutcome& o : run.evals) {
      if (o.status == EvalStatus::kSkipped) {
        ++skip_reasons[o.reason];
        native += o.reason == "native-histogram";
        CHECK_MESSAGE((o.reason == "native-histogram" || o.reason.starts_with("not implemented: ")),
                      path.filename().string() << ":" << o.line << ": skip reason " << o.reason);
      }
      const KnownFailure* k = FindKnownFailure(path.filename().string(), o.line);
      if (o.status == EvalStatus::kFailed && k != nullptr) {
        ++known;
        ++skip_reasons["known failure: " + std::string(k->why)];
      } else if (o.status == EvalStatus::kFailed) {
        FAIL_CHECK(path.filename().string() << ": " << o.message);
      } else if (k != nullptr) {
        FAIL_CHECK(path.filename().string()
                   << ": line " << o.line << " is listed as a known failure but did not fail");
      }
    }
    passed += run.Count(EvalStatus::kPassed);
    failed += run.Count(EvalStatus::kFailed);
    skipped += run.Count(EvalStatus::kSkipped);
    table << "  " << path.filename().string() << ": loads=" << file_loads << " evals=" << file_evals
          << " passed=" << run.Count(EvalStatus::kPassed)
          << " failed=" << run.Count(EvalStatus::kFailed)
          << " skipped=" << run.Count(EvalStatus::kSkipped) << " (native-histogram=" << native
          << ")\n";
    natives += native;
  }
  std::vector<std::pair<int, std::string>> reasons;
  for (const auto& [reason, n] : skip_reasons) reasons.emplace_back(n, reason);
  std::sort(reasons.rbegin(), reasons.rend());
  table << "  skip reasons:\n";
  for (const auto& [n, reason] : reasons) table << "    " << n << " " << reason << "\n";
  MESSAGE("promqltest corpus: files="
          << total_files << " parse_errors=" << errors << " loads=" << loads << " evals=" << evals
          << " (range " << ranges << ", expecting failure " << fails << ", of which static "
          << static_fails << "); run: passed=" << passed << " failed=" << failed << " (known "
          << known << ") skipped=" << skipped << " (native-histogram " << natives << ", float-only "
          << evals - natives << ")\n"
          << table.str());
  CHECK(errors == 0);
}

}  // namespace
}  // namespace ttam::eval::promqltest
