#include "test_rules_output.h"

#include <nlohmann/json.hpp>

namespace ttam::cli {
namespace {

using ruletest::ProblemKind;

std::string_view KindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kFile:
      return "file";
    case ProblemKind::kRuleLoad:
      return "rule-load";
    case ProblemKind::kInputSeries:
      return "input-series";
    case ProblemKind::kRuleEval:
      return "rule-eval";
    case ProblemKind::kAlert:
      return "alert";
    case ProblemKind::kExpr:
      return "expr";
    case ProblemKind::kExprError:
      return "expr-error";
    case ProblemKind::kExpectedLabels:
      return "expected-labels";
    case ProblemKind::kMissingField:
      return "missing-field";
  }
  return "file";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// `text` on one line: its lines without their indentation, joined by spaces
// (`yaml: unmarshal errors:\n  line 6: ...` -> `yaml: unmarshal errors: line 6: ...`).
std::string OneLine(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    if (!line.empty()) out += (out.empty() ? "" : " ") + std::string(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

// The one-line message: the runner's summary, or promtool's text.
std::string Summary(const ruletest::Problem& problem) {
  return OneLine(problem.summary.empty() ? problem.text : problem.summary);
}

nlohmann::ordered_json ProblemJson(const ruletest::Problem& p) {
  nlohmann::ordered_json j;
  j["kind"] = KindName(p.kind);
  j["file"] = p.position.path;
  j["line"] = p.position.line;
  j["column"] = p.position.column;
  j["summary"] = Summary(p);
  j["text"] = p.text;
  j["diff"] = p.diff;
  return j;
}

}  // namespace

std::vector<diag::CheckInfo> TestRulesChecks() {
  return {
      {kTestRulesFailed, diag::Severity::kError,
       "A test's expected alerts or samples differ from what the rules produced"},
      {kTestRulesEvalError, diag::Severity::kError,
       "A rule or a promql_expr_test expression failed to evaluate"},
      {kTestRulesInvalidFile, diag::Severity::kError,
       "The test file, a rule file, input_series or expected labels are invalid"},
      {kTestRulesWarning, diag::Severity::kWarning,
       "promtool's warnings, e.g. a rule_files pattern that matches no file"},
  };
}

const char* TestRulesCheck(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kAlert:
    case ProblemKind::kExpr:
      return kTestRulesFailed;
    case ProblemKind::kRuleEval:
    case ProblemKind::kExprError:
      return kTestRulesEvalError;
    case ProblemKind::kFile:
    case ProblemKind::kRuleLoad:
    case ProblemKind::kInputSeries:
    case ProblemKind::kExpectedLabels:
    case ProblemKind::kMissingField:
      return kTestRulesInvalidFile;
  }
  return kTestRulesInvalidFile;
}

diag::Diagnostic ProblemDiagnostic(const ruletest::Problem& problem, std::string source_line,
                                   bool diff_in_message) {
  diag::Diagnostic d;
  d.path = problem.position.path;
  d.line = static_cast<uint32_t>(problem.position.line > 0 ? problem.position.line : 0);
  d.column = static_cast<uint32_t>(problem.position.column > 0 ? problem.position.column : 0);
  d.severity = diag::Severity::kError;
  d.check = TestRulesCheck(problem.kind);
  d.message = Summary(problem);
  if (diff_in_message) {
    for (const std::string& line : problem.diff) d.message += "\n" + line;
  }
  if (d.line != 0) d.source_line = std::move(source_line);
  return d;
}

diag::Diagnostic WarningDiagnostic(const std::string& path, std::string_view content,
                                   std::string_view warning) {
  warning = Trim(warning);
  if (warning.starts_with("WARNING: ")) warning.remove_prefix(9);
  diag::Diagnostic d;
  d.path = path;
  d.severity = diag::Severity::kWarning;
  d.check = kTestRulesWarning;
  d.message = std::string(warning);
  // The pattern is reported joined with the test file's directory; find it
  // as written in the file.
  constexpr std::string_view kNoMatch = "no file match pattern ";
  if (!warning.starts_with(kNoMatch)) return d;
  std::string_view pattern = warning.substr(kNoMatch.size());
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  if (!dir.empty() && pattern.starts_with(dir)) pattern.remove_prefix(dir.size());
  if (pattern.empty()) return d;
  uint32_t line = 1;
  for (size_t begin = 0; begin < content.size(); ++line) {
    size_t end = content.find('\n', begin);
    std::string_view text =
        content.substr(begin, end == std::string_view::npos ? end : end - begin);
    size_t at = text.find(pattern);
    size_t comment = text.find('#');
    if (at != std::string_view::npos && (comment == std::string_view::npos || comment > at)) {
      d.line = line;
      d.column = static_cast<uint32_t>(at + 1);
      d.end_column = static_cast<uint32_t>(at + 1 + pattern.size());
      d.source_line = std::string(text);
      if (d.source_line.ends_with('\r')) d.source_line.pop_back();
      break;
    }
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  return d;
}

std::string DiffBlock(const ruletest::Problem& problem, bool color) {
  std::string out;
  for (const std::string& line : problem.diff) {
    std::string_view paint;
    if (color && line.starts_with("- ")) paint = "\x1b[31m";
    if (color && line.starts_with("+ ")) paint = "\x1b[32m";
    out += "    " + std::string(paint) + line + (paint.empty() ? "" : "\x1b[0m") + "\n";
  }
  return out;
}

std::string TotalsLine(const std::vector<ruletest::FileOutcome>& files) {
  size_t files_failed = 0, groups = 0, groups_failed = 0;
  for (const ruletest::FileOutcome& f : files) {
    files_failed += f.Passed() ? 0 : 1;
    for (const ruletest::GroupOutcome& g : f.groups) {
      ++groups;
      groups_failed += g.problems.empty() ? 0 : 1;
    }
  }
  auto plural = [](size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
  };
  return plural(files.size(), "file") + ": " + std::to_string(files.size() - files_failed) +
         " passed, " + std::to_string(files_failed) + " failed; " + plural(groups, "test group") +
         ": " + std::to_string(groups - groups_failed) + " passed, " +
         std::to_string(groups_failed) + " failed";
}

nlohmann::ordered_json TestRulesJson(const std::vector<ruletest::FileOutcome>& files) {
  nlohmann::ordered_json doc;
  doc["files"] = nlohmann::ordered_json::array();
  size_t files_failed = 0, groups = 0, groups_failed = 0;
  for (const ruletest::FileOutcome& f : files) {
    nlohmann::ordered_json jf;
    jf["file"] = f.path;
    jf["passed"] = f.Passed();
    jf["abort"] = f.abort ? ProblemJson(*f.abort) : nlohmann::ordered_json();
    jf["warnings"] = f.warnings;
    jf["groups"] = nlohmann::ordered_json::array();
    for (const ruletest::GroupOutcome& g : f.groups) {
      nlohmann::ordered_json jg;
      jg["name"] = g.name;
      jg["index"] = g.index;
      jg["line"] = g.position.line;
      jg["passed"] = g.problems.empty();
      jg["problems"] = nlohmann::ordered_json::array();
      for (const ruletest::Problem& p : g.problems) jg["problems"].push_back(ProblemJson(p));
      jf["groups"].push_back(std::move(jg));
      ++groups;
      groups_failed += g.problems.empty() ? 0 : 1;
    }
    files_failed += f.Passed() ? 0 : 1;
    doc["files"].push_back(std::move(jf));
  }
  doc["summary"] = {{"files", files.size()},
                    {"files_failed", files_failed},
                    {"groups", groups},
                    {"groups_failed", groups_failed}};
  return doc;
}

}  // namespace ttam::cli
