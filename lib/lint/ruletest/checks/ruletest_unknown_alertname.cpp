// ruletest/unknown-alertname: an alert_rule_test for an alert name that no
// rule in the test's rule files defines. Such a test can only expect no
// alerts, and then passes whatever the rules do: usually a typo or a renamed
// alert.
#include <string>

#include "lint/ruletest/check.h"

namespace ttam::lint::checks {
namespace {

class RuleTestUnknownAlertname : public RuleTestCheck {
 public:
  void Run(const RuleTestLintInput& input, RuleTestReporter& out) override {
    // Silent when a rule file is missing or broken (what it defines is not
    // known) or when no pattern matched (rule-files-unmatched says so).
    if (!input.rule_files_complete) return;
    std::string files;
    for (const RuleFilesPattern& p : input.rule_files) {
      for (const std::string& m : p.matches) files += (files.empty() ? "" : ", ") + m;
    }
    if (files.empty()) return;
    const yaml::Node* tests = input.doc.root.Find("tests");
    if (tests == nullptr || !tests->IsSequence()) return;
    for (const yaml::Node& test : tests->items) {
      const yaml::Node* alerts = test.IsMap() ? test.Find("alert_rule_test") : nullptr;
      if (alerts == nullptr || !alerts->IsSequence()) continue;
      for (const yaml::Node& item : alerts->items) {
        const yaml::Node* name = item.IsMap() ? item.Find("alertname") : nullptr;
        if (name == nullptr || !name->IsScalar() || input.alertnames.contains(name->scalar)) {
          continue;
        }
        out.Report(*name, "no rule in " + files + " defines alert \"" + std::string(name->scalar) +
                              "\": this test can only expect no alerts and passes whatever "
                              "the rules do; check the name");
      }
    }
  }
};

}  // namespace

std::unique_ptr<RuleTestCheck> MakeRuleTestUnknownAlertname() {
  return std::make_unique<RuleTestUnknownAlertname>();
}

}  // namespace ttam::lint::checks
