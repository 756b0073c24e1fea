// Runs the unit-test file named by TTAM_RULETEST_FILE (for timing generated
// workloads, spec §6.1) and prints promtool's text's first lines; skips
// visibly when the variable is not set.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "ruletest/runner.h"

TEST_CASE("run the file named by TTAM_RULETEST_FILE") {
  const char* path = std::getenv("TTAM_RULETEST_FILE");
  if (path == nullptr) {
    MESSAGE("skipped: TTAM_RULETEST_FILE is not set");
    return;
  }
  auto start = std::chrono::steady_clock::now();
  ttam::ruletest::FileOutcome out = ttam::ruletest::RunTestFile(path, ttam::RealFileSystem());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string text = ttam::ruletest::PromtoolText(out);
  MESSAGE(path << ": " << (out.Passed() ? "passed" : "FAILED") << " in " << seconds << " s\n"
               << text.substr(0, 3000));
}
