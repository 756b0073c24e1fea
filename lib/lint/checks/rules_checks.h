#pragma once

// Factories of the rule checks (lib/lint/checks/rules_*.cpp), one per file.
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "lint/rules_check.h"
#include "template/template_check.h"

namespace ttam::lint::checks {

std::unique_ptr<RulesCheck> MakeRulesDuplicateRule();
std::unique_ptr<RulesCheck> MakeRulesRateNonCounter();
std::unique_ptr<RulesCheck> MakeRulesCounterWithoutRate();
std::unique_ptr<RulesCheck> MakeRulesHistogramQuantileLe();
std::unique_ptr<RulesCheck> MakeRulesHistogramQuantileRate();
std::unique_ptr<RulesCheck> MakeRulesRateRangeShort();
std::unique_ptr<RulesCheck> MakeRulesTemplateLabelAggregated();
std::unique_ptr<RulesCheck> MakeRulesRecordNaming();
std::unique_ptr<RulesCheck> MakeRulesAlertWithoutFor();
std::unique_ptr<RulesCheck> MakeRulesPlainRegexMatcher();
std::unique_ptr<RulesCheck> MakeRulesDuplicateAlert();
std::unique_ptr<RulesCheck> MakeRulesDroppedSeries();
std::unique_ptr<RulesCheck> MakeRulesTimeArithmetic();

/// Finds the `$labels.x` references of a template (tmpl::CheckTemplate's
/// label_refs in production; tests may pass their own).
using LabelRefFinder =
    std::function<std::vector<tmpl::LabelReference>(std::string_view template_text)>;

/// rules/template-label-aggregated with another way to find label references.
std::unique_ptr<RulesCheck> MakeRulesTemplateLabelAggregatedWith(LabelRefFinder find);

}  // namespace ttam::lint::checks
