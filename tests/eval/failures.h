#pragma once

// What the engine tests share: run a promqltest text and list what did not pass.

#include <string>

#include "eval/promqltest.h"
#include "eval/promqltest_run.h"

namespace ttam::eval::test {

/// Runs `text` and reports every eval that did not pass ("" when all did).
inline std::string Failures(const char* text) {
  promqltest::TestFile f = promqltest::ParseTestFile(text);
  if (!f.ok()) return "parse error";
  promqltest::FileOutcome out = promqltest::RunTestFile(f);
  std::string failures;
  for (const promqltest::EvalOutcome& o : out.evals) {
    if (o.status == promqltest::EvalStatus::kFailed) failures += o.message + "\n";
    if (o.status == promqltest::EvalStatus::kSkipped) failures += "skipped: " + o.reason + "\n";
  }
  return failures;
}

}  // namespace ttam::eval::test
