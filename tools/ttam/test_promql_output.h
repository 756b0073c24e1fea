#pragma once

// What `ttam test-promql` prints about a run: the per-file text summary
// line and the --format json document.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "eval/promqltest_run.h"

namespace ttam::cli {

/// One file's run as the output needs it.
struct TestedFile {
  std::string path;                       ///< As given on the command line.
  eval::promqltest::FileOutcome outcome;  ///< Evals run (empty when it could not run).
};

/// `3 passed, 1 failed, 2 skipped (2 native-histogram)`: counts, then the
/// skip reasons by count (most frequent first).
std::string CountsLine(const std::vector<const eval::promqltest::EvalOutcome*>& evals);

/// The --format json document:
/// `{"files":[{"file","passed","failed","skipped","evals":[{"line","status","reason","message"}]}],
///   "summary":{"passed","failed","skipped"}}`.
nlohmann::ordered_json TestPromqlJson(const std::vector<TestedFile>& files);

}  // namespace ttam::cli
