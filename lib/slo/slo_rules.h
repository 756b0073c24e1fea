#pragma once

// `ttam slo generate`: an SLO spec's Prometheus recording and alerting
// rules, named as sloth names them (so sloth dashboards keep working), and
// a promtool rule unit-test file proving that each alert fires at its burn
// rate and not below it. Every window's ratio, the period's included, is
// the SLI's error query over its total query with that window (never an
// average of short-window ratios). Pure: YAML text out, no I/O.

#include <string>
#include <vector>

#include "slo/slo_spec.h"

namespace ttam::slo {

/// What the generated rules and tests depend on beyond the spec.
struct RulesOptions {
  /// The low-traffic guard: a window pair fires only when its short window
  /// saw at least this many events (`(<total query>) * <seconds> >= N` in
  /// the alert). 0 leaves the guard out; SLIs whose total is not a sum of
  /// rate() (raw ratios, gauges over subqueries) never have one.
  double min_events = 100;
};

/// The rules file: per SLO, one group `sloth-slo-sli-recordings-<name>` of
/// `slo:sli_error:ratio_rate<window>` for every window of BurnWindows(),
/// one group `sloth-slo-meta-recordings-<name>` (`slo:objective:ratio`,
/// `slo:error_budget:ratio`, `slo:time_period:days`,
/// `slo:current_burn_rate:ratio`, `slo:period_burn_rate:ratio`,
/// `slo:period_error_budget_remaining:ratio`, `sloth_slo_info`) and one
/// group `sloth-slo-alerts-<name>` with the page and ticket alerts
/// (`sloth_severity` = page / ticket, the multi-window conditions, the
/// low-traffic guard, the spec's labels and annotations). Only fields
/// Prometheus 2.42 knows.
std::string GenerateRules(const SpecFile& specs, const RulesOptions& options = {});

/// The error ratio's threshold for a burn factor as the alerts write it:
/// `<factor> * <1 - objective>` (e.g. "14.4 * 0.001").
std::string ThresholdText(double factor, double objective);

/// A generated unit-test file and the SLOs it could not test.
struct GeneratedTests {
  std::string yaml;
  /// "<slo name>: <why>" for each SLO without tests (a raw ratio SLI, a
  /// query shape whose input series cannot be designed, a templated
  /// annotation whose value cannot be known).
  std::vector<std::string> skipped;
};

/// The unit-test file for GenerateRules' output (rule_files: `rules_path`):
/// per SLO, tier and window pair, input series built from the SLI's
/// selectors that burn just above the pair's factor (the tier's alert
/// fires) and just below it (it does not), plus a low-traffic case under
/// the guard, with an explicit `evaluation_interval` and `interval`,
/// passing under `ttam test-rules` and promtool 2.42 whatever order the
/// groups are evaluated in.
GeneratedTests GenerateTests(const SpecFile& specs, const std::string& rules_path,
                             const RulesOptions& options = {});

}  // namespace ttam::slo
