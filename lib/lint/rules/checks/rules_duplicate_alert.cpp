// rules/duplicate-alert: Prometheus allows several alerting rules with one
// name, and tiers such as a warning at >1s and a page at >2s are a common
// pattern; those differ in their labels (severity) and are not reported.
// Two rules with the same name and the same labels but different expressions
// produce alerts that Alertmanager cannot tell apart when their result labels
// meet: they overwrite each other's annotations and resolve each other. An
// identical copy in another file fires everything twice. (pint, too, leaves
// same-name alerts alone and only reports duplicate recording rules.)
// Alerts whose results can never carry the same labels (each selects another
// component="..." that survives into the result, = against != on a kept
// label, by (verb) against no labels) never meet and are not reported.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "lint/rules/result_shape.h"
#include "promql/printer.h"

namespace ttam::lint::checks {
namespace {

// An alert seen earlier, kept after its file is freed: its expression and
// labels as written (to compare and, when a name repeats, to parse again)
// and where its name is.
struct Seen {
  uint64_t file = 0;  // which visited file (a multi-document file gives several)
  uint32_t path = 0;  // index into RulesDuplicateAlert::paths_
  uint32_t line = 0;
  uint32_t column = 0;
  std::string expr;
  bool expr_valid = false;
  promql::ParseOptions syntax;
  std::vector<std::pair<std::string, std::string>> labels;  // in the order written
};

std::map<std::string_view, std::string_view> Labels(const rules::Rule& rule) {
  std::map<std::string_view, std::string_view> out;
  for (const rules::KeyValue& kv : rule.labels) out[kv.key] = kv.value;
  return out;
}

class RulesDuplicateAlert : public RulesCheck {
 public:
  // Keyed by name only; labels and expressions are compared when a name
  // repeats, which is rare: nothing per alert is printed up front.
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    const rules::Rule& rule = v.rule;
    if (!rule.IsAlert() || rule.name_node == nullptr || v.file.doc == nullptr) return;
    std::vector<Seen>& earlier = by_name_[std::string(rule.alert)];
    if (!earlier.empty()) {
      auto labels = Labels(rule);
      std::string expr = CanonicalExpr(v.file, rule, v.ast);
      std::optional<ResultShape> shape = ShapeOfRule(v.file, rule, v.ast);
      for (const Seen& other : earlier) {
        rules::Rule other_rule = AsRule(rule.alert, other);
        if (Labels(other_rule) != labels) continue;
        bool same_expr = CanonicalExpr(other.syntax, other_rule, nullptr) == expr;
        if (same_expr && other.file == file_count_) continue;  // rules/duplicate-rule
        if (!same_expr && shape) {
          std::optional<ResultShape> other_shape = ShapeOfRule(other.syntax, other_rule, nullptr);
          if (other_shape && ShapesDisjoint(*shape, *other_shape)) continue;
        }
        const std::string& other_path = paths_[other.path];
        out.Report(v, *rule.name_node,
                   "alert " + Quote(rule.alert) + " is also defined at " + other_path + ":" +
                       std::to_string(other.line) +
                       (same_expr ? " with the same expression: it fires twice"
                                  : " with the same labels, and both expressions can return "
                                    "series with the same labels: Alertmanager cannot tell "
                                    "their alerts apart, so they overwrite and resolve each "
                                    "other") +
                       "; rename one, or give them distinct labels (e.g. severity)",
                   {diag::Note{other_path, other.line, other.column, "the other definition"}});
        break;
      }
    }
    earlier.push_back(Keep(v));
  }

  void EndFile() override { ++file_count_; }

 private:
  Seen Keep(const RuleVisit& v) {
    const rules::Rule& rule = v.rule;
    if (paths_.empty() || paths_.back() != v.file.doc->path) paths_.push_back(v.file.doc->path);
    Seen seen;
    seen.file = file_count_;
    seen.path = static_cast<uint32_t>(paths_.size() - 1);
    seen.line = rule.name_node->mark.line;
    seen.column = rule.name_node->mark.column;
    seen.expr = std::string(rule.expr);
    seen.expr_valid = rule.expr_valid;
    seen.syntax = v.file.options.syntax;
    for (const rules::KeyValue& kv : rule.labels) {
      seen.labels.emplace_back(std::string(kv.key), std::string(kv.value));
    }
    return seen;
  }

  // What the comparisons read of a rule (views into `seen`).
  static rules::Rule AsRule(std::string_view name, const Seen& seen) {
    rules::Rule rule;
    rule.alert = name;
    rule.expr = seen.expr;
    rule.expr_valid = seen.expr_valid;
    for (const auto& [key, value] : seen.labels) rule.labels.push_back({key, value});
    return rule;
  }

  std::unordered_map<std::string, std::vector<Seen>> by_name_;
  std::vector<std::string> paths_;
  uint64_t file_count_ = 0;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesDuplicateAlert() {
  return std::make_unique<RulesDuplicateAlert>();
}

}  // namespace ttam::lint::checks
