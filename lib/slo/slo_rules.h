#pragma once

// `ttam slo generate`: an SLO spec's Prometheus recording and alerting
// rules, named as sloth names them (so sloth dashboards keep working), and
// a promtool rule unit-test file proving that each alert fires at its burn
// rate and not below it. Every window's ratio, the period's included, is
// the SLI's error query over its total query with that window (never an
// average of short-window ratios). Pure: YAML text out, no I/O.

#include <string>

#include "slo/slo_spec.h"

namespace ttam::slo {

/// The rules file: per SLO, one group `sloth-slo-sli-recordings-<name>` of
/// `slo:sli_error:ratio_rate<window>` for every window of BurnWindows(),
/// one group `sloth-slo-meta-recordings-<name>` (`slo:objective:ratio`,
/// `slo:error_budget:ratio`, `slo:time_period:days`,
/// `slo:current_burn_rate:ratio`, `slo:period_burn_rate:ratio`,
/// `slo:period_error_budget_remaining:ratio`, `sloth_slo_info`) and one
/// group `sloth-slo-alerts-<name>` with the page and ticket alerts
/// (`sloth_severity` = page / ticket, the multi-window conditions, the
/// spec's labels and annotations). Only fields Prometheus 2.42 knows.
std::string GenerateRules(const SpecFile& specs);

/// The unit-test file for GenerateRules' output (rule_files: `rules_path`):
/// per SLO and tier, series that burn just above the tier's factor (the
/// alert fires) and just below it (it does not), with an explicit
/// `evaluation_interval`, passing under `ttam test-rules` and promtool 2.42.
std::string GenerateTests(const SpecFile& specs, const std::string& rules_path);

}  // namespace ttam::slo
