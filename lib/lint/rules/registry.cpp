#include "diag/check_info.h"
#include "lint/rules/check.h"
#include "rules/rule_file.h"

namespace ttam::lint::checks {
// Each check's factory, defined in its file checks/rules_<name>.cpp.
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
std::unique_ptr<RulesCheck> MakeRulesImpossibleMatch();
}  // namespace ttam::lint::checks

namespace ttam::lint {
namespace {

using diag::Severity;
constexpr diag::Enablement kOff = diag::Enablement::kOffByDefault;
namespace c = checks;

// Every rule check, one row each. Ids are a public contract: never rename
// one; document each in man/ttam-checks.7.
const RulesCheckInfo kChecks[] = {
    {"rules/duplicate-rule", Severity::kWarning,
     "two rules with the same name, expression and labels, or two recording rules writing the "
     "same series (promtool's duplicate-rules lint)",
     c::MakeRulesDuplicateRule},
    {"rules/rate-non-counter", Severity::kWarning,
     "rate(), irate(), increase() or resets() over a metric whose name marks it as a gauge",
     c::MakeRulesRateNonCounter},
    {"rules/counter-without-rate", Severity::kWarning,
     "a counter's raw value (a total since start, reset by restarts) used without rate()",
     c::MakeRulesCounterWithoutRate},
    {"rules/histogram-quantile-le", Severity::kWarning,
     "histogram_quantile() over buckets whose le label an aggregation dropped: empty result",
     c::MakeRulesHistogramQuantileLe},
    {"rules/histogram-quantile-rate", Severity::kWarning,
     "histogram_quantile() over raw _bucket counters instead of their rate()",
     c::MakeRulesHistogramQuantileRate},
    {"rules/rate-range-short", Severity::kWarning,
     "a rate() range shorter than 4 scrape intervals (needs --config)", c::MakeRulesRateRangeShort},
    {"rules/template-label-aggregated", Severity::kWarning,
     "an alert template reads $labels.x but the expression's result cannot have label x",
     c::MakeRulesTemplateLabelAggregated},
    // Opinions: off unless --enable names them.
    {"rules/record-naming", Severity::kInfo,
     "a recording rule name not in the level:metric:operations form", c::MakeRulesRecordNaming,
     kOff},
    {"rules/alert-without-for", Severity::kInfo,
     "an alert without for that thresholds an instantaneous value: one evaluation pages",
     c::MakeRulesAlertWithoutFor, kOff},
    {"rules/plain-regex-matcher", Severity::kInfo,
     "a =~ or !~ matcher whose regex has no metacharacters: use = or !=",
     c::MakeRulesPlainRegexMatcher},
    {"rules/duplicate-alert", Severity::kInfo,
     "two alerting rules with one name whose alerts can carry the same labels, across the files "
     "checked together",
     c::MakeRulesDuplicateAlert},
    {"rules/dropped-series", Severity::kWarning,
     "a rule selects a metric that metric_relabel_configs drop in every job (needs --config)",
     c::MakeRulesDroppedSeries},
    {"rules/time-arithmetic", Severity::kWarning,
     "time() minus a value that is neither a timestamp nor a duration (the guide's burn rate)",
     c::MakeRulesTimeArithmetic},
    {"rules/impossible-match", Severity::kWarning,
     "a vector match on(l) where one side can never carry l: the result is always empty",
     c::MakeRulesImpossibleMatch},
};

const diag::CheckInfo kValidation[] = {
    {rules::kStructure, Severity::kError,
     "a rule file's groups or rules are malformed (missing or conflicting fields)"},
    {rules::kUnknownField, Severity::kError,
     "a field rule files do not have (promtool's --ignore-unknown-fields skips these)"},
    {rules::kType, Severity::kError, "a rule file's field has the wrong YAML type"},
    {rules::kValue, Severity::kError,
     "a rule file's field has an invalid value (a duration, a negative limit, an empty entry)"},
    {rules::kDuplicateGroup, Severity::kError, "two groups in one file share a name"},
    {rules::kInvalidName, Severity::kError, "an invalid record, label or annotation name"},
    {rules::kPromqlSyntax, Severity::kError, "an expression is not valid PromQL"},
    {rules::kPromqlType, Severity::kError,
     "an expression parses but fails PromQL's type checks (argument types, arity, matching)"},
    {rules::kTemplate, Severity::kError,
     "a label or annotation is not a valid Go template for Prometheus"},
};

}  // namespace

std::span<const RulesCheckInfo> RulesChecks() { return kChecks; }

std::span<const diag::CheckInfo> RulesValidationChecks() { return kValidation; }

}  // namespace ttam::lint
