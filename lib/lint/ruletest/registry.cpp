#include "lint/ruletest/check.h"

namespace ttam::lint::checks {
// Each check's factory, defined in its file checks/ruletest_<name>.cpp.
std::unique_ptr<RuleTestCheck> MakeRuleTestRuleFilesUnmatched();
std::unique_ptr<RuleTestCheck> MakeRuleTestUnknownAlertname();
std::unique_ptr<RuleTestCheck> MakeRuleTestEvalTimeBeyondInput();
}  // namespace ttam::lint::checks

namespace ttam::lint {
namespace {

using diag::Severity;
namespace c = checks;

// Every unit-test file check, one row each. Ids are a public contract: never
// rename one; document each in man/ttam-checks.7.
const RuleTestCheckInfo kChecks[] = {
    {"ruletest/rule-files-unmatched", Severity::kWarning,
     "a unit-test file's rule_files pattern matches no file (promtool only warns)",
     c::MakeRuleTestRuleFilesUnmatched},
    {"ruletest/unknown-alertname", Severity::kWarning,
     "an alert_rule_test names an alert no rule in the test's rule files defines",
     c::MakeRuleTestUnknownAlertname},
    {"ruletest/eval-time-beyond-input", Severity::kWarning,
     "a test's eval_time is after the last sample of its input series",
     c::MakeRuleTestEvalTimeBeyondInput},
};

}  // namespace

std::span<const RuleTestCheckInfo> RuleTestChecks() { return kChecks; }

}  // namespace ttam::lint
