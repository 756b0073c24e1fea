#pragma once

// Light lints of rule unit-test files (the files `promtool test rules` and
// `ttam test-rules` run; ids ruletest/*): what makes a test pass without
// testing what its author meant. Each check is a file in
// lib/lint/ruletest/checks/ruletest_*.cpp and a row in
// lib/lint/ruletest/registry.cpp; checks read the test file's YAML tree.

#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "yaml/document.h"

namespace ttam::lint {

/// One `rule_files` entry of a unit-test file and the files it matched.
struct RuleFilesPattern {
  const yaml::Node* node = nullptr;  ///< the pattern scalar
  std::vector<std::string> matches;  ///< matched paths (resolved against the test file), sorted
};

/// A unit-test file as its checks see it.
struct RuleTestLintInput {
  const yaml::Document& doc;
  std::vector<RuleFilesPattern> rule_files;
  /// The alert names the matched rule files define.
  std::set<std::string, std::less<>> alertnames;
  /// False when a matched rule file could not be read or has errors: what
  /// it defines is then not known.
  bool rule_files_complete = true;
};

/// Builds the diagnostics of one check at nodes of the test file, dropping
/// those a `# ttam: disable=<id>` comment switches off (on the line or a
/// comment line directly above it).
class RuleTestReporter {
 public:
  RuleTestReporter(diag::Sink& sink, const yaml::Document& doc, std::string_view check,
                   diag::Severity severity)
      : sink_(sink), doc_(doc), check_(check), severity_(severity) {}

  /// Reports at `node` (a node of the test file).
  void Report(const yaml::Node& node, std::string message);

  std::string_view check() const { return check_; }

 private:
  diag::Sink& sink_;
  const yaml::Document& doc_;
  std::string_view check_;
  diag::Severity severity_;
};

/// One unit-test file check.
class RuleTestCheck {
 public:
  virtual ~RuleTestCheck() = default;
  virtual void Run(const RuleTestLintInput& input, RuleTestReporter& out) = 0;
};

/// A registry row: the check's id, default severity, one-line summary, factory.
struct RuleTestCheckInfo {
  std::string_view id;
  diag::Severity severity;
  std::string_view summary;
  std::unique_ptr<RuleTestCheck> (*make)();
  /// Off-by-default checks run only when --enable names them (ID, group/*, strict).
  diag::Enablement enablement = diag::Enablement::kOnByDefault;
};

/// Every unit-test file check, in one table (lib/lint/ruletest/registry.cpp).
std::span<const RuleTestCheckInfo> RuleTestChecks();

}  // namespace ttam::lint
