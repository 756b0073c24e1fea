// `job` and `instance` tell series from different targets apart. Without them
// series collide (out-of-order and duplicate-sample errors, lost data) and
// dashboards and alerts cannot say which target is affected. In target
// relabel_configs Prometheus puts `instance` back (from __address__) after a
// labeldrop, so there only `job` counts.
#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

class DropsJobOrInstance : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const RelabelList& list : RelabelLists(input.config.config)) {
      if (list.name == "alert_relabel_configs") continue;  // dropping instance there is dedup
      bool target_relabel = list.name == "relabel_configs";
      for (const config::RelabelConfig& rule : *list.rules) {
        bool drop = rule.action == "labeldrop";
        if (!drop && rule.action != "labelkeep") continue;
        if (rule.origin.doc == nullptr || rule.origin.node == nullptr) continue;
        AnchoredRegex regex(rule.regex);
        if (!regex.ok()) continue;
        std::vector<std::string> removed;
        for (const char* label : {"job", "instance"}) {
          if (target_relabel && std::string_view(label) == "instance") continue;
          if (regex.Matches(label) == drop) removed.push_back(label);
        }
        if (removed.empty()) continue;
        const yaml::Node* at = FindValue(rule.origin.node, "regex");
        if (at == nullptr) at = rule.origin.node;
        std::string names = Quote(removed[0]);
        if (removed.size() > 1) names += " and " + Quote(removed[1]);
        std::string effect =
            target_relabel
                ? "the targets lose their job label, so their series cannot be told apart from "
                  "other jobs'"
                : "series from different targets collide (duplicate-sample errors, lost data) "
                  "and nothing says which target they came from";
        out.Report(*rule.origin.doc, *at,
                   rule.origin.path + ": " + rule.action + " " + Quote(rule.regex) + " removes " +
                       names + "; " + effect + "; " +
                       (drop ? "narrow the regex so that it does not match them"
                             : "add them to the regex (e.g. \"job|instance|...\")"));
      }
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigDropsJobOrInstance() { return std::make_unique<DropsJobOrInstance>(); }

}  // namespace ttam::lint::checks
