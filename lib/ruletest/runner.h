#pragma once

// promtool's rule unit tests (`promtool test rules`, Prometheus 3.x
// cmd/promtool/unittest.go; ../shared/research/evaluator-spec.md §4): reads
// a unit-test file strictly, loads its rule files, runs every test group as
// promtool does (lazy input loading, every group at every
// evaluation_interval in group_eval_order, recording rules written back,
// alerts with for/keep_firing_for, ALERTS/ALERTS_FOR_STATE, templates,
// alert checks at the step at or before eval_time, expression tests as
// instant queries) and compares as promtool does. Each problem carries
// promtool's exact text and the position of what failed in the test file.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "promql/parser.h"
#include "support/filesystem.h"

namespace ttam::ruletest {

/// How to run (promtool's flags).
struct Options {
  /// --run: patterns joined with `|` and matched unanchored against each
  /// group's name; groups that do not match are left out. Empty: all.
  std::vector<std::string> run;
  /// --ignore-unknown-fields: for the rule files (the test file is always strict).
  bool ignore_unknown_fields = false;
  /// --enable-feature=promql-delayed-name-removal.
  bool delayed_name_removal = false;
  /// --enable-feature=promql-experimental-functions.
  bool experimental_functions = false;
  /// --debug: each group's outcome gets promtool's dump of its store (debug_dump.h).
  bool debug = false;
  /// The other syntax features (promql-extended-range-selectors,
  /// promql-binop-fill-modifiers; duration expressions are always on).
  promql::ParseOptions syntax;
};

/// A 1-based position in a file; 0 = unknown.
struct Position {
  std::string path;  ///< The file (the test file, or a rule file for rule load errors).
  int line = 0;
  int column = 0;
};

/// What kind of problem.
enum class ProblemKind {
  kFile,         ///< The test file cannot be read or parsed, a bad glob or group order.
  kRuleLoad,     ///< A rule file is invalid (reported in every group that runs, as promtool does).
  kInputSeries,  ///< input_series do not parse.
  kRuleEval,     ///< A rule failed to evaluate (the group stops).
  kAlert,        ///< An alert_rule_test's expected alerts differ.
  kExpr,         ///< A promql_expr_test's expected samples differ.
  kExprError,    ///< A promql_expr_test's query failed.
  kExpectedLabels,  ///< An exp_samples labels string does not parse.
  kMissingField,    ///< A required attribute is missing (alertname).
};

/// One problem, as promtool reports it, plus where it is.
struct Problem {
  ProblemKind kind = ProblemKind::kFile;
  /// promtool's text exactly, without the trailing newline (e.g.
  /// `    expr: "m", time: 2m30s,\n        exp: …\n        got: …`).
  std::string text;
  /// Where: the failing exp_alerts / exp_samples entry (or the test item,
  /// or the rule) in its file.
  Position position;
  /// A short one-line summary for positioned output (e.g. `expr "m" at
  /// 2m30s: expected 1 sample, got 1; values differ`).
  std::string summary;
  /// The difference, one line each, `- ` expected only, `+ ` got only,
  /// `  ` in both (alerts: labels and annotations; samples: labels and value).
  std::vector<std::string> diff;
};

/// One test group (an item of `tests:`).
struct GroupOutcome {
  std::string name;   ///< As written; may be empty.
  size_t index = 0;   ///< 0-based index in `tests:` (JUnit names unnamed ones `unnamed#<index>`).
  Position position;  ///< The group's item in the test file.
  std::vector<Problem> problems;  ///< Empty: passed.
  double seconds = 0;             ///< Wall time.
  /// With Options::debug: promtool's `DEBUG: Dump of all data ...` text
  /// (empty when the group stopped before its end, as promtool's does).
  std::string debug_dump{};
};

/// One test file.
struct FileOutcome {
  std::string path;                  ///< As given.
  std::vector<GroupOutcome> groups;  ///< The groups that ran (those --run selected), in file order.
  /// A problem that stopped the whole file (kFile): promtool's Abort. Rule
  /// files load per test group in promtool, so their errors (kRuleLoad) are
  /// problems of each group that runs, not an abort.
  std::optional<Problem> abort;
  /// promtool's warnings, e.g. `no file match pattern <p>` (not failures).
  std::vector<std::string> warnings;
  bool Passed() const;
};

/// Runs the unit-test file at `path` (read through `fs`, rule_files
/// globbed relative to its directory through `fs`).
FileOutcome RunTestFile(const std::string& path, FileSystem& fs, const Options& options = {});

/// promtool's text for `outcome`: what `promtool test rules` writes for
/// this file, stdout and stderr merged in order (`  SUCCESS` or `  FAILED:`
/// and each problem's text followed by a blank line).
std::string PromtoolText(const FileOutcome& outcome);

}  // namespace ttam::ruletest
