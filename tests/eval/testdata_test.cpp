// Runs ttam's own promqltest files (tests/eval/testdata/*.test, see the
// README there) with promqltest's engine settings: every eval must pass and
// none may be skipped, since each file pins behaviour the engine has.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "eval/promqltest.h"
#include "eval/promqltest_run.h"

namespace ttam::eval::promqltest {
namespace {

namespace fs = std::filesystem;

TEST_CASE("ttam's own promqltest files pass in full") {
  fs::path dir = fs::path(TTAM_SOURCE_DIR) / "tests/eval/testdata";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  for (const fs::path& path : files) {
    CAPTURE(path.filename().string());
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    TestFile f = ParseTestFile(text);
    if (!f.ok()) {
      FAIL_CHECK(f.error->Format(path.filename().string()));
      continue;
    }
    FileOutcome run = RunTestFile(f);
    CHECK_MESSAGE(!run.load_error, run.load_error.value_or(""));
    for (const EvalOutcome& o : run.evals) {
      CHECK_MESSAGE(o.status == EvalStatus::kPassed,
                    path.filename().string()
                        << ":" << o.line << ": "
                        << (o.status == EvalStatus::kSkipped ? "skipped: " + o.reason : o.message));
    }
    MESSAGE(path.filename().string() << ": " << run.Count(EvalStatus::kPassed) << " passed");
  }
}

}  // namespace
}  // namespace ttam::eval::promqltest
