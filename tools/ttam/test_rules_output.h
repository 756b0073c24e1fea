#pragma once

// What `ttam test-rules` prints about a run beyond promtool's own text: the
// check ids of its findings, a problem as a positioned diagnostic, the
// totals line and the --format json member.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "ruletest/runner.h"

namespace ttam::cli {

/// A failed expectation: an alert_rule_test or promql_expr_test whose
/// expected alerts or samples differ from what the rules produced.
inline constexpr char kTestRulesFailed[] = "test-rules/failed";
/// A rule or a promql_expr_test expression failed to evaluate.
inline constexpr char kTestRulesEvalError[] = "test-rules/eval-error";
/// The test file, a rule file, input_series or an exp_samples label set is
/// invalid, or a required field is missing.
inline constexpr char kTestRulesInvalidFile[] = "test-rules/invalid-file";
/// promtool's warnings, e.g. a rule_files pattern that matches no file.
inline constexpr char kTestRulesWarning[] = "test-rules/warning";

/// The check ids above with their severities and summaries (SARIF metadata).
std::vector<diag::CheckInfo> TestRulesChecks();

/// The check id of a problem of kind `kind`.
const char* TestRulesCheck(ruletest::ProblemKind kind);

/// `problem` as a finding at its position; `source_line` is the text of the
/// line it points at (may be empty). With `diff_in_message`, the diff lines
/// follow the one-line summary in the message (for json, github and sarif);
/// without, the message is the summary alone and the caller prints the diff.
diag::Diagnostic ProblemDiagnostic(const ruletest::Problem& problem, std::string source_line,
                                   bool diff_in_message);

/// A runner warning (`no file match pattern p`) as a finding about the test
/// file `path` whose text is `content`: at the rule_files entry that names
/// the pattern when one does, else about the whole file.
diag::Diagnostic WarningDiagnostic(const std::string& path, std::string_view content,
                                   std::string_view warning);

/// The diff lines of `problem` as text mode prints them under the
/// diagnostic: each indented by four spaces, one per line; with `color`,
/// expected-only lines red and produced-only lines green.
std::string DiffBlock(const ruletest::Problem& problem, bool color);

/// `2 files: 1 passed, 1 failed; 5 test groups: 4 passed, 1 failed`.
std::string TotalsLine(const std::vector<ruletest::FileOutcome>& files);

/// The `test_rules` member of the --format json document:
/// `{"files":[{"file","passed","abort","warnings","groups":[{"name","index",
/// "line","passed","problems":[{"kind","file","line","column","summary",
/// "text","diff"}]}]}],"summary":{"files","files_failed","groups","groups_failed"}}`.
nlohmann::ordered_json TestRulesJson(const std::vector<ruletest::FileOutcome>& files);

}  // namespace ttam::cli
