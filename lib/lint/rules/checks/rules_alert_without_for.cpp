// rules/alert-without-for: without `for` (or with `for: 0s`) an alert fires
// as soon as one evaluation returns a result, so a single spike, a restart
// or a scrape hiccup notifies someone. A short `for` makes the condition hold
// for a while first.
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"

namespace ttam::lint::checks {
namespace {

class RulesAlertWithoutFor : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    const rules::Rule& rule = v.rule;
    if (!rule.IsAlert() || (rule.for_ms && *rule.for_ms > 0)) return;
    const yaml::Node* at = rule.for_ms ? FindValue(rule.node, "for") : nullptr;
    if (at == nullptr) at = rule.name_node != nullptr ? rule.name_node : rule.node;
    if (at == nullptr) return;
    out.Report(v, *at,
               "alert " + Quote(rule.alert) + (rule.for_ms ? " has for: 0s" : " has no for") +
                   ", so it fires on a single evaluation's result: one spike or missed "
                   "scrape notifies someone; add for: (e.g. for: 5m) so the condition must "
                   "hold for a while first");
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesAlertWithoutFor() {
  return std::make_unique<RulesAlertWithoutFor>();
}

}  // namespace ttam::lint::checks
