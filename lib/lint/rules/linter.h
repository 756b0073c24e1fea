#pragma once

// Runs the rule checks (the rows of lib/lint/rules/registry.cpp).

#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "lint/rules/check.h"
#include "promql/ast.h"

namespace ttam::lint {

/// Runs one check over `input` (Begin, OnRule for every rule, Finish), its
/// findings to `out` in the order it makes them (for tests of a check made
/// outside the registry).
void RunRulesCheck(RulesCheck& check, const RulesLintInput& input, RulesReporter& out);

/// Runs every rule check for which `enabled(id)` is true (without `enabled`,
/// the checks that are on by default); findings go out in
/// file and line order.
void LintRules(const RulesLintInput& input, diag::Sink& sink,
               const std::function<bool(std::string_view)>& enabled);

/// LintRules one file at a time, for inputs too large to keep loaded: the
/// caller loads a file, passes it to Lint, and may free it afterwards; the
/// checks keep only names, hashes and positions across files. Findings are
/// held until Finish, which sends them in file and line order, exactly as
/// LintRules over all the files would.
class RulesLinter {
 public:
  /// Begins every enabled check (as LintRules); `input.recorded` must hold
  /// the recording rules of every file to come (`input.files` is not read,
  /// and `input` must outlive the linter).
  RulesLinter(const RulesLintInput& input, const std::function<bool(std::string_view)>& enabled);
  ~RulesLinter();
  RulesLinter(const RulesLinter&) = delete;
  RulesLinter& operator=(const RulesLinter&) = delete;

  /// Visits every rule of `file` with every check. `more_files`: other
  /// files may follow (false for the last: the checks keep nothing of it).
  void Lint(const rules::RuleFile& file, bool more_files = true);
  /// Lint one file a group at a time, as the loader hands them over
  /// (rules::GroupConsumer): every group of the file with the trees the
  /// loader parsed (`trees[i]` for `group.rules[i]`; rules past the span's
  /// end are parsed here) and template references (`refs[i]`, as
  /// tmpl::CheckTemplate finds them), then EndFile.
  void LintGroup(const rules::RuleFile& file, const rules::Group& group,
                 std::span<const promql::Expr* const> trees,
                 std::span<const rules::TemplateRefs> refs);
  /// After the last group of a file given to LintGroup.
  void EndFile(bool more_files);
  /// Finishes the checks and sends every finding to `sink`.
  void Finish(diag::Sink& sink);

 private:
  const RulesLintInput& input_;
  diag::CollectingSink collected_;
  std::vector<std::unique_ptr<RulesCheck>> checks_;
  std::vector<RulesReporter> reporters_;
  std::vector<RulesCheck*> checks_view_;        // checks_, as VisitGroup takes them
  std::vector<RulesReporter*> reporters_view_;  // reporters_, likewise
};

}  // namespace ttam::lint
