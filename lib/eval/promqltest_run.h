#pragma once

// Runs a parsed promqltest file against the engine: loads and clears the
// store, evaluates each eval and compares results as upstream's
// compareResult does (1e-6 relative tolerance, exact zero). Evals the
// engine cannot run yet are skipped with a reason, never failed.

#include <optional>
#include <string>
#include <vector>

#include "eval/engine.h"
#include "eval/promqltest.h"

namespace ttam::eval::promqltest {

/// The outcome kinds of one eval.
enum class EvalStatus { kPassed, kFailed, kSkipped };

/// What happened to one eval.
struct EvalOutcome {
  int line = 0;  ///< 1-based line of the eval command.
  EvalStatus status = EvalStatus::kSkipped;
  std::string reason;   ///< Why it was skipped (`native-histogram`, `not implemented: …`).
  std::string message;  ///< Why it failed, upstream-style.
};

/// What happened to a file.
struct FileOutcome {
  std::vector<EvalOutcome> evals;         ///< One per eval command, in order (up to a load error).
  std::optional<std::string> load_error;  ///< A load block the store rejected; the run stops there.
  /// Number of evals with `status`.
  int Count(EvalStatus status) const;
};

/// upstream's almost.Equal: StaleNaN equals only StaleNaN, NaN equals NaN,
/// exact zero when either side is zero, else a relative tolerance.
bool AlmostEqual(double a, double b, double epsilon = 1e-6);

/// The engine settings promqltest runs with: upstream's test engine has
/// delayed `__name__` removal on and a limit of 10,000 samples.
EngineOptions PromqltestEngineOptions();

/// Runs every command of `file`.
FileOutcome RunTestFile(const TestFile& file,
                        const EngineOptions& options = PromqltestEngineOptions());

}  // namespace ttam::eval::promqltest
