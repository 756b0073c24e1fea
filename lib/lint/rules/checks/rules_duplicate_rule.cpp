// rules/duplicate-rule: promtool's `check rules` duplicate lint. Two rules of
// one file with the same record/alert name, expression and labels produce the
// same series twice (recording rules) or evaluate the same alert twice. Two
// recording rules with one name and the same labels but different
// expressions write the same series too when their results can overlap
// (promtool reports those whatever their expressions); where the results are
// disjoint (tier="api" against tier="web" on a label the result keeps), they
// are silent, where promtool is not.
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lint/rules/helpers.h"
#include "lint/rules/result_shape.h"
#include "promql/printer.h"
#include "support/hash.h"

namespace ttam::lint::checks {
namespace {

// The rule's name and its labels, sorted: what identifies the series it writes.
std::string RuleNameAndLabels(const rules::Rule& rule) {
  std::string key(rule.IsAlert() ? "a" : "r");
  key += rule.Name();
  // Sorted by name; of a name written twice the last value counts (as
  // rulefmt's map). A small vector: most rules have a label or two.
  std::vector<std::pair<std::string_view, std::string_view>> labels;
  labels.reserve(rule.labels.size());
  for (const auto& kv : rule.labels) labels.emplace_back(kv.key, kv.value);
  std::stable_sort(labels.begin(), labels.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i + 1 < labels.size() && labels[i + 1].first == labels[i].first) continue;
    const auto& [k, v] = labels[i];
    key += '\x1d';
    key += k;
    key += '\x1f';
    key += v;
  }
  return key;
}

class RulesDuplicateRule : public RulesCheck {
 public:
  // promtool compares within one file; so do we. Rules are keyed by a hash
  // of name and labels; a hash match is confirmed on the full keys, and only
  // then are the expressions compared (the earlier rule's expression is
  // parsed again: rare).
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (&v.file != file_) {
      file_ = &v.file;
      seen_.clear();
    }
    const rules::Rule& rule = v.rule;
    if (rule.Name().empty()) return;
    std::string key = RuleNameAndLabels(rule);
    uint64_t hash = HashBytes(key);
    auto [first, last] = seen_.equal_range(hash);
    const rules::Rule* same = nullptr;
    const rules::Rule* overlapping = nullptr;
    std::string expr;
    std::optional<ResultShape> shape;
    bool shape_done = false;
    for (auto it = first; it != last && same == nullptr; ++it) {
      const rules::Rule& other = *it->second;
      if (RuleNameAndLabels(other) != key) continue;
      if (expr.empty()) expr = CanonicalExpr(v.file, rule, v.ast);
      if (CanonicalExpr(v.file, other, nullptr) == expr) {
        same = &other;
        break;
      }
      // Alerts with other expressions are rules/duplicate-alert's.
      if (rule.IsAlert() || overlapping != nullptr) continue;
      if (!shape_done) {
        shape = ShapeOfRule(v.file, rule, v.ast);
        shape_done = true;
      }
      std::optional<ResultShape> other_shape = ShapeOfRule(v.file, other, nullptr);
      if (!shape || !other_shape || !ShapesDisjoint(*shape, *other_shape)) overlapping = &other;
    }
    seen_.emplace(hash, &rule);
    const yaml::Node* at = rule.name_node != nullptr ? rule.name_node : rule.node;
    if (at == nullptr) return;
    if (same != nullptr) {
      out.Report(v, *at,
                 std::string(rule.IsAlert() ? "alert" : "recording rule") + " \"" +
                     std::string(rule.Name()) +
                     "\" repeats an earlier rule with the same expression and labels (line " +
                     std::to_string(same->node->mark.line) + "); remove one of them");
    } else if (overlapping != nullptr) {
      out.Report(v, *at,
                 "recording rule \"" + std::string(rule.Name()) +
                     "\" writes the same series as the rule at line " +
                     std::to_string(overlapping->node->mark.line) +
                     " (same name and labels, another expression, results that can have the "
                     "same labels): the two overwrite each other at every evaluation; rename "
                     "one, or give them distinct labels");
    }
  }

  // promtool compares within one file: forget it (its rules are freed next).
  void EndFile(bool more_files) override {
    (void)more_files;
    file_ = nullptr;
    seen_.clear();
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
