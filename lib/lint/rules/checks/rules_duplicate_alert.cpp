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
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "lint/rules/result_shape.h"
#include "promql/printer.h"

namespace ttam::lint::checks {
namespace {

struct Seen {
  const rules::RuleFile* file;
  const rules::Rule* rule;
};

std::map<std::string_view, std::string_view> Labels(const rules::Rule& rule) {
  std::map<std::string_view, std::string_view> out;
  for (const rules::KeyValue& kv : rule.labels) out[kv.key] = kv.value;
  return out;
}

class RulesDuplicateAlert : public RulesCheck {
 public:
  // Keyed by name only (views into the rules); labels and expressions are
  // compared when a name repeats, which is rare: nothing per alert is
  // printed or copied up front.
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    const rules::Rule& rule = v.rule;
    if (!rule.IsAlert() || rule.name_node == nullptr || v.file.doc == nullptr) return;
    std::vector<Seen>& earlier = by_name_[rule.alert];
    if (!earlier.empty()) {
      auto labels = Labels(rule);
      std::string expr = CanonicalExpr(v.file, rule, v.ast);
      std::optional<ResultShape> shape = ShapeOfRule(v.file, rule, v.ast);
      for (const Seen& other : earlier) {
        if (Labels(*other.rule) != labels) continue;
        bool same_expr = CanonicalExpr(*other.file, *other.rule, nullptr) == expr;
        if (same_expr && other.file == &v.file) continue;  // rules/duplicate-rule
        if (!same_expr && shape) {
          std::optional<ResultShape> other_shape = ShapeOfRule(*other.file, *other.rule, nullptr);
          if (other_shape && ShapesDisjoint(*shape, *other_shape)) continue;
        }
        const yaml::Node& other_at = *other.rule->name_node;
        out.Report(v, *rule.name_node,
                   "alert " + Quote(rule.alert) + " is also defined at " +
                       Where(*other.file->doc, other_at) +
                       (same_expr ? " with the same expression: it fires twice"
                                  : " with the same labels, and both expressions can return "
                                    "series with the same labels: Alertmanager cannot tell "
                                    "their alerts apart, so they overwrite and resolve each "
                                    "other") +
                       "; rename one, or give them distinct labels (e.g. severity)",
                   {NoteAt(*other.file->doc, other_at, "the other definition")});
        break;
      }
    }
    earlier.push_back({&v.file, &rule});
  }

 private:
  std::unordered_map<std::string_view, std::vector<Seen>> by_name_;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesDuplicateAlert() {
  return std::make_unique<RulesDuplicateAlert>();
}

}  // namespace ttam::lint::checks
