#pragma once

// Runs a parsed promqltest file against the engine as upstream's promqltest
// does: loads and clears the store, evaluates each eval, checks expected
// failures and annotations, compares results (promqltest_compare.h) and
// cross-checks every instant eval in range mode (the middle step of a
// range query from T−1m to T+1m). Evals the engine cannot run are skipped
// with a reason, never failed: `native-histogram` (classified as the
// corpus census does, promqltest_classify.h) or `not implemented: …`.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "eval/engine.h"
#include "eval/promqltest.h"
#include "eval/promqltest_compare.h"

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
  std::vector<EvalOutcome> evals;         ///< One per eval run, in order (up to a load error).
  std::optional<std::string> load_error;  ///< A load block the store rejected; the run stops there.
  int load_error_line = 0;                ///< 1-based line of that load block.
  /// Number of evals with `status`.
  int Count(EvalStatus status) const;
};

/// The engine settings promqltest runs with: upstream's test engine has
/// delayed `__name__` removal on and a limit of 10,000 samples.
EngineOptions PromqltestEngineOptions();

/// How to run a file.
struct RunOptions {
  EngineOptions engine = PromqltestEngineOptions();
  /// When set, only the evals it accepts run; the others are left out of
  /// the outcome (ttam test-promql --run).
  std::function<bool(const EvalCmd&)> select;
  /// Also run upstream's `@` re-runs of instant evals: the expression with
  /// `@ T` on every selector, re-printed, at −10T, 0, T/5, T and 10T. Off by
  /// default: annotation positions then refer to the re-printed text, which
  /// must match Go's printer byte for byte.
  bool at_modifier_runs = false;
};

/// Runs every command of `file`.
FileOutcome RunTestFile(const TestFile& file, const RunOptions& options);

/// Runs every command of `file` with `engine` settings.
FileOutcome RunTestFile(const TestFile& file,
                        const EngineOptions& engine = PromqltestEngineOptions());

/// upstream's atModifierTestCases for an instant eval at `t`: the
/// expression with `@ t` on every selector and subquery that has none (not
/// under a subquery that has one), re-printed and parsed back, and the times
/// to run it at.
struct AtModifierRuns {
  std::string text;            ///< The re-printed expression.
  promql::ExprPtr tree;        ///< `text` parsed (spans refer to it).
  std::vector<int64_t> times;  ///< −10t, 0, t/5, t, 10t; −1000, 0, 1000 when t is 0.
};

/// The @ re-runs of `expr` at `t`, or nullopt when it calls a function that
/// is not step invariant (time(), timestamp(), predict_linear(), ...).
std::optional<AtModifierRuns> AtModifierTestCases(const promql::Expr& expr, int64_t t);

/// upstream's checkAnnotations for one run of `cmd` as `query`: "" when
/// `annotations` meet its warn/info expectations, else upstream's message.
std::string CheckAnnotations(const EvalCmd& cmd, const std::string& query,
                             const Annotations& annotations);

/// upstream's annotation text with its position: `<text> (<line>:<col>)`,
/// the 1-based line and byte column of `span.begin` in `query`.
std::string AnnotationString(const Annotation& annotation, std::string_view query);

}  // namespace ttam::eval::promqltest
