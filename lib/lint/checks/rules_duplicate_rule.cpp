// rules/duplicate-rule: promtool's `check rules` duplicate lint. Two rules of
// one file with the same record/alert name, expression and labels produce the
// same series twice (recording rules) or evaluate the same alert twice.
#include <map>
#include <tuple>

#include "lint/checks/rules_checks.h"
#include "promql/printer.h"

namespace ttam::lint::checks {
namespace {

class RulesDuplicateRule : public RulesCheck {
 public:
  void Run(const RulesLintInput& input, RulesReporter& out) override {
    // promtool compares within one file; so do we, keyed by the canonical
    // expression so that formatting differences do not hide a duplicate.
    for (const rules::RuleFile* file : input.files) {
      std::map<std::tuple<std::string, std::string, std::string>, const rules::Rule*> seen;
      for (const rules::Group& group : file->groups) {
        for (const rules::Rule& rule : group.rules) {
          if (rule.Name().empty()) continue;
          std::string expr = rule.ast ? promql::Print(*rule.ast) : rule.expr;
          std::map<std::string, std::string> labels;
          for (const auto& kv : rule.labels) labels[kv.key] = kv.value;
          std::string label_key;
          for (const auto& [k, v] : labels) label_key += k + "\x1f" + v + "\x1e";
          auto [it, inserted] = seen.emplace(std::make_tuple(rule.Name(), expr, label_key), &rule);
          if (inserted) continue;
          const yaml::Node* at = rule.name_node != nullptr ? rule.name_node : rule.node;
          if (at == nullptr) continue;
          out.Report(*file, group, rule, *at,
                     std::string(rule.IsAlert() ? "alert" : "recording rule") + " \"" +
                         rule.Name() + "\" repeats an earlier rule with the same expression "
                         "and labels (line " + std::to_string(it->second->node->mark.line) +
                         "); remove one of them");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesDuplicateRule() {
  return std::make_unique<RulesDuplicateRule>();
}

}  // namespace ttam::lint::checks
