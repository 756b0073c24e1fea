#pragma once

// What the rules generator (slo_rules.cpp) and the unit-test generator
// (slo_rules_tests.cpp) share: the label sets, names and texts both must
// write identically. Internal to lib/slo.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "slo/burn_plan.h"
#include "slo/slo_spec.h"

namespace ttam::slo::rules_internal {

/// The two alert tiers, in the order they are written.
enum class Tier { kPage, kTicket };

/// The alerts' name: the spec's, else the SLO name in UpperCamelCase plus
/// "BurnRate" ("primitive-availability" -> "PrimitiveAvailabilityBurnRate").
std::string AlertName(const SloSpec& spec);

/// "page" or "ticket": the value of `sloth_severity`.
std::string_view TierName(Tier tier);

/// The spec's settings of a tier.
const AlertTier& TierSpec(const SloSpec& spec, Tier tier);

/// The tier's window pairs with their factors (PagePairs / TicketPairs).
std::vector<WindowPair> TierPairs(const SloSpec& spec, Tier tier);

/// `slo:sli_error:ratio_rate<window>`.
std::string RatioRecordName(int64_t window_ms);

/// sloth_id, sloth_service (when the spec has a service), sloth_slo.
std::map<std::string, std::string> SloIdLabels(const SloSpec& spec);

/// The labels of the SLI ratio rules of one window: the id labels,
/// sloth_window and the spec's labels.
std::map<std::string, std::string> RatioRuleLabels(const SloSpec& spec, int64_t window_ms);

/// The labels an alert of `tier` adds: sloth_severity, the spec's alert
/// labels, the tier's labels (later ones win).
std::map<std::string, std::string> AlertRuleLabels(const SloSpec& spec, Tier tier);

/// The alert's annotations: sloth's default title and summary, the spec's
/// alert annotations, the tier's (later ones win).
std::map<std::string, std::string> AlertRuleAnnotations(const SloSpec& spec, Tier tier);

/// True when the SLI's total query is a rate of events (sums of rate()
/// over selectors, added or subtracted), so that rate times a window counts
/// the events the low-traffic guard needs; false for raw SLIs and for
/// totals such as sum_over_time of a gauge.
bool TotalIsEventRate(const Sli& sli);

/// `1 - objective` as the rules write it (12 significant digits: 0.001,
/// not 0.0010000000000000009).
std::string BudgetText(double objective);

/// The budget the alert thresholds use: BudgetText read back.
double BudgetValue(double objective);

/// A YAML scalar: plain when that is unambiguous for yaml-cpp and Go's
/// yaml.v2/v3 (names, simple words), else double-quoted with escapes.
std::string YamlScalar(std::string_view text);

/// Writes `key:` and the map below it at `indent` spaces (nothing when
/// empty), keys sorted.
void WriteYamlMap(std::string& out, int indent, std::string_view key,
                  const std::map<std::string, std::string>& values);

/// Writes `key: |` and `text`'s lines indented at `indent + 2` (a plain
/// scalar when `text` is one line that needs no quoting).
void WriteYamlBlock(std::string& out, int indent, std::string_view key, std::string_view text);

}  // namespace ttam::slo::rules_internal
