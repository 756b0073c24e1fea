#pragma once

// `ttam burn-rate`'s computation: for each SLO of a spec file and each of
// its groups, the error ratio, burn rate and event count over every window
// (lib/slo/burn_plan.h), the budget left, the time to exhaustion and the
// multi-window verdict; every number with the PromQL that computed it, run
// through the source's QueryBackend. The verdicts become findings (page:
// error, ticket: warning, insufficient data: info) at the SLO's place in
// the spec file, so --fail-on and every --format work as elsewhere.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "model/labels.h"
#include "slo/burn_plan.h"
#include "slo/slo_spec.h"
#include "sources.h"

namespace ttam::cli {

/// The check ids `burn-rate` reports.
inline constexpr std::string_view kBurnPageCheck = "burn-rate/page";
inline constexpr std::string_view kBurnTicketCheck = "burn-rate/ticket";
inline constexpr std::string_view kBurnInsufficientCheck = "burn-rate/insufficient-data";
inline constexpr std::string_view kBurnLowTrafficCheck = "burn-rate/low-traffic";
inline constexpr std::string_view kBurnNoDataCheck = "burn-rate/no-data";
inline constexpr std::string_view kBurnWarningCheck = "burn-rate/promql-warning";
/// The prefix of the fleet's findings with --config (lib/fleet's ids).
inline constexpr std::string_view kBurnIdPrefix = "burn-rate";
inline constexpr std::string_view kBurnTargetDownCheck = "burn-rate/target-down";
inline constexpr std::string_view kBurnTargetLimitCheck = "burn-rate/target-limit";
inline constexpr std::string_view kBurnTargetConfigCheck = "burn-rate/target-config";
inline constexpr std::string_view kBurnUnresolvedDiscoveryCheck = "burn-rate/unresolved-discovery";

/// The checks above (and slo/spec), for SARIF's rule table.
std::vector<diag::CheckInfo> BurnRateChecks();

/// One window of one group.
struct BurnWindowResult {
  int64_t window_ms = 0;
  bool covered = false;
  std::optional<double> error_ratio;  ///< nullopt: no data (or not covered)
  std::optional<double> burn_rate;
  std::optional<double> events;
  std::string ratio_query;   ///< pinned with `@`; empty when not covered
  std::string events_query;  ///< empty for a raw SLI or when not covered
  /// Burn rates at evenly spaced times up to the evaluation time, oldest
  /// first, for the terminal's sparkline (empty unless asked for).
  std::vector<std::optional<double>> history;
};

/// One group of an SLO (one result of its sums).
struct BurnGroupResult {
  model::Labels labels;
  std::vector<BurnWindowResult> windows;  ///< ascending, BurnWindows(period)
  slo::VerdictResult verdict;
  /// The share of the error budget left over budget_span_ms (1 - its burn
  /// rate); nullopt with no data.
  std::optional<double> budget_remaining;
  int64_t budget_span_ms = 0;  ///< the window the budget was computed over
  std::string budget_query;
  /// When the period's budget is gone at the 1h burn rate; nullopt when it
  /// is not burning, or the budget is over a span shorter than the period.
  std::optional<int64_t> exhaustion_ms;
};

/// One SLO.
struct BurnSloResult {
  std::string name;
  double objective = 0;
  int64_t period_ms = 0;
  std::vector<BurnGroupResult> groups;
  slo::Verdict verdict = slo::Verdict::kOk;  ///< the worst of its groups
};

/// Everything one run computed.
struct BurnResults {
  int64_t time_ms = 0;
  std::optional<int64_t> span_ms;  ///< what local data covers; nullopt on a server
  double min_events = 100;
  std::vector<BurnSloResult> slos;
};

/// What to compute.
struct BurnRequest {
  double min_events = 100;
  /// Points of each window's sparkline (0: none).
  int history_points = 0;
  std::string spec_path;  ///< for the findings' positions
};

/// Evaluates every SLO of `specs` at `source.time_ms`. Windows longer than
/// the data's span are not covered (and not evaluated); on a server every
/// window is. Verdicts and no-data windows are reported on `sink`. An
/// Error: a query could not run.
Result<BurnResults> ComputeBurnRates(const slo::SpecFile& specs, const BurnRequest& request,
                                     const Source& source, diag::Sink& sink);

}  // namespace ttam::cli
