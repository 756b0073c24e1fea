// ruletest/rule-files-unmatched: a rule_files pattern that matches nothing.
// promtool prints a warning and goes on: the tests then run without those
// rules, so alert tests expecting nothing pass and the rules go untested.
#include <string>

#include "lint/ruletest/check.h"

namespace ttam::lint::checks {
namespace {

class RuleTestRuleFilesUnmatched : public RuleTestCheck {
 public:
  void Run(const RuleTestLintInput& input, RuleTestReporter& out) override {
    for (const RuleFilesPattern& p : input.rule_files) {
      if (!p.matches.empty()) continue;
      out.Report(*p.node, "rule_files pattern \"" + std::string(p.node->scalar) +
                              "\" matches no file (patterns are relative to the test file's "
                              "directory): the tests run without its rules; fix the path");
    }
  }
};

}  // namespace

std::unique_ptr<RuleTestCheck> MakeRuleTestRuleFilesUnmatched() {
  return std::make_unique<RuleTestRuleFilesUnmatched>();
}

}  // namespace ttam::lint::checks
