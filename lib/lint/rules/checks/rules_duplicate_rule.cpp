// rules/duplicate-rule: promtool's `check rules` duplicate lint. Two rules of
// one file with the same record/alert name, expression and labels produce the
// same series twice (recording rules) or evaluate the same alert twice.
#include <map>
#include <string_view>
#include <unordered_map>

#include "lint/rules/helpers.h"
#include "promql/printer.h"
#include "support/hash.h"

namespace ttam::lint::checks {
namespace {

// What makes two rules the same: name, canonical expression and labels.
std::string RuleKey(const rules::RuleFile& file, const rules::Rule& rule, const promql::Expr* ast) {
  std::string key(rule.Name());
  key += '\x1d';
  key += CanonicalExpr(file, rule, ast);
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
  // promtool compares within one file; so do we, keyed by the canonical
  // expression so that formatting differences do not hide a duplicate.
  // Only a hash of each key is kept; a hash match is confirmed on the full
  // keys (the earlier rule's expression is parsed again: rare).
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (&v.file != file_) {
      file_ = &v.file;
      seen_.clear();
    }
    const rules::Rule& rule = v.rule;
    if (rule.Name().empty()) return;
    std::string key = RuleKey(v.file, rule, v.ast);
    uint64_t hash = HashBytes(key);
    const rules::Rule* earlier = nullptr;
    auto [first, last] = seen_.equal_range(hash);
    for (auto it = first; it != last && earlier == nullptr; ++it) {
      if (RuleKey(v.file, *it->second, nullptr) == key) earlier = it->second;
    }
    if (earlier == nullptr) {
      seen_.emplace(hash, &rule);
      return;
    }
    const yaml::Node* at = rule.name_node != nullptr ? rule.name_node : rule.node;
    if (at == nullptr) return;
    out.Report(v, *at,
               std::string(rule.IsAlert() ? "alert" : "recording rule") + " \"" +
                   std::string(rule.Name()) +
                   "\" repeats an earlier rule with the same expression and labels (line " +
                   std::to_string(earlier->node->mark.line) + "); remove one of them");
  }

 private:
  const rules::RuleFile* file_ = nullptr;
  std::unordered_multimap<uint64_t, const rules::Rule*> seen_;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesDuplicateRule() {
  return std::make_unique<RulesDuplicateRule>();
}

}  // namespace ttam::lint::checks
