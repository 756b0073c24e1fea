// rules/duplicate-rule: promtool's `check rules` duplicate lint. Two rules of
// one file with the same record/alert name, expression and labels produce the
// same series twice (recording rules) or evaluate the same alert twice.
#include <map>
#include <string_view>
#include <unordered_map>

#include "lint/checks/rules_checks.h"
#include "promql/printer.h"
#include "support/hash.h"

namespace ttam::lint::checks {
namespace {

// What makes two rules the same: name, canonical expression and labels.
std::string RuleKey(const rules::Rule& rule) {
  std::string key = rule.Name();
  key += '\x1d';
  key += rule.ast ? promql::Print(*rule.ast) : rule.expr;
  std::map<std::string_view, std::string_view> labels;
  for (const auto& kv : rule.labels) labels[kv.key] = kv.value;
  for (const auto& [k, v] : labels) {
    key += '\x1d';
    key += k;
    key += '\x1f';
    key += v;
  }
  return key;
}

class RulesDuplicateRule : public RulesCheck {
 public:
  void Run(const RulesLintInput& input, RulesReporter& out) override {
    // promtool compares within one file; so do we, keyed by the canonical
    // expression so that formatting differences do not hide a duplicate.
    // Only a hash of each key is kept (20,000 printed expressions would be
    // megabytes); a hash match is confirmed on the full keys.
    for (const rules::RuleFile* file : input.files) {
      std::unordered_multimap<uint64_t, const rules::Rule*> seen;
      seen.reserve(1024);
      for (const rules::Group& group : file->groups) {
        for (const rules::Rule& rule : group.rules) {
          if (rule.Name().empty()) continue;
          std::string key = RuleKey(rule);
          uint64_t hash = HashBytes(key);
          const rules::Rule* earlier = nullptr;
          auto [first, last] = seen.equal_range(hash);
          for (auto it = first; it != last && earlier == nullptr; ++it) {
            if (RuleKey(*it->second) == key) earlier = it->second;
          }
          if (earlier == nullptr) {
            seen.emplace(hash, &rule);
            continue;
          }
          const yaml::Node* at = rule.name_node != nullptr ? rule.name_node : rule.node;
          if (at == nullptr) continue;
          out.Report(*file, group, rule, *at,
                     std::string(rule.IsAlert() ? "alert" : "recording rule") + " \"" +
                         rule.Name() + "\" repeats an earlier rule with the same expression "
                         "and labels (line " + std::to_string(earlier->node->mark.line) +
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
