#pragma once

// Burn rates: the windows an SLO is judged over, the PromQL of each
// window's error ratio and event count (pinned to the evaluation time with
// `@`, so a pasted query gives the same value at any wall-clock time), and
// the multi-window multi-burn-rate verdict of the SRE workbook (page: 1h &
// 5m above 14.4, or 6h & 30m above 6; ticket: 1d & 2h above 3, or 3d & 6h
// above 1; strict `>`). Pure: no evaluation and no I/O here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slo/slo_spec.h"
#include "support/result.h"

namespace ttam::slo {

inline constexpr int64_t kMinuteMs = 60 * 1000;
inline constexpr int64_t kHourMs = 60 * kMinuteMs;
inline constexpr int64_t kDayMs = 24 * kHourMs;

/// The short windows, longest last: 5m, 30m, 1h, 2h, 6h, 1d, 3d.
inline constexpr int64_t kBurnWindowsMs[] = {5 * kMinuteMs, 30 * kMinuteMs, kHourMs,   2 * kHourMs,
                                             6 * kHourMs,   kDayMs,         3 * kDayMs};

/// kBurnWindowsMs plus the period (when it is not one of them), ascending.
std::vector<int64_t> BurnWindows(int64_t period_ms);

/// A window as sloth's rule names and PromQL ranges write it: days, hours,
/// minutes, seconds, never weeks ("5m", "1h", "1d", "30d", "1h30m").
std::string WindowName(int64_t ms);

/// The default factors: page {14.4, 6}, ticket {3, 1}.
inline constexpr double kDefaultPageFactors[2] = {14.4, 6};
inline constexpr double kDefaultTicketFactors[2] = {3, 1};

/// One window pair of a tier: alert when the burn rate over both windows is
/// above the factor.
struct WindowPair {
  int64_t long_ms = 0;
  int64_t short_ms = 0;
  double factor = 0;
};

/// The page pairs (1h & 5m, 6h & 30m) with the spec's factors (or the
/// defaults where the spec has 0).
std::vector<WindowPair> PagePairs(const SloSpec& spec);
/// The ticket pairs (1d & 2h, 3d & 6h).
std::vector<WindowPair> TicketPairs(const SloSpec& spec);

/// The error ratio over a window: `((<errors>) or (<total>) * 0) / (<total>)`
/// with the window in the templates (a group that has traffic but no error
/// series has a ratio of 0), or the raw ratio query.
std::string ErrorRatioQuery(const Sli& sli, int64_t window_ms);

/// The events in a window: `(<total>) * <seconds>` (rate times the window
/// is what increase() computes); "" for a raw SLI, which has no counts.
std::string EventsQuery(const Sli& sli, int64_t window_ms);

/// `query` with `@ <seconds>` on every selector and subquery that has no
/// `@` of its own, printed back; an Error when it does not parse.
Result<std::string> PinAt(std::string_view query, int64_t time_ms);

/// What was measured over one window of one group.
struct WindowMeasure {
  int64_t window_ms = 0;
  /// The data spans at least the window (always true on a server).
  bool covered = false;
  /// nullopt: no data (no series, or zero traffic: never NaN).
  std::optional<double> error_ratio;
  /// Events in the window; nullopt when unknown (raw SLI, no data).
  std::optional<double> events;
};

/// The burn rate of an error ratio: ratio / (1 - objective).
double BurnRate(double error_ratio, double objective);

enum class Verdict { kOk, kTicket, kPage, kInsufficientData };

/// "ok", "ticket", "page", "insufficient-data".
std::string_view VerdictName(Verdict v);

/// The verdict of one group and why, in words the output prints.
struct VerdictResult {
  Verdict verdict = Verdict::kOk;
  /// e.g. "burn rate 20.1 over 1h and 31.0 over 5m, both above 14.4";
  /// for insufficient-data, which windows are missing; for ok, the
  /// highest pair's burn against its factor.
  std::string reason;
  /// Pairs that would have fired but for the short window's event count.
  std::vector<std::string> guarded;
  /// Windows the verdict needed that the data does not span.
  std::vector<int64_t> missing_windows;
};

/// Decides page, ticket, ok or insufficient-data from the measures (one
/// per window; a window absent from `measures` counts as not covered). A
/// pair fires when both windows are covered, have data, burn strictly
/// above the factor, and the short window saw at least `min_events`
/// events (when the count is known). Page wins over ticket; when nothing
/// fires and a pair's window is not covered, the verdict is
/// insufficient-data.
VerdictResult Decide(const SloSpec& spec, const std::vector<WindowMeasure>& measures,
                     double min_events);

/// The share of the error budget left over a window: 1 - burn rate, the
/// budget being 1 - objective of the window's events (sloth's
/// period_error_budget_remaining over the period). Negative when overspent.
double BudgetRemaining(double error_ratio, double objective);

/// How long the remaining budget lasts at `burn_rate`: remaining * period /
/// burn, in ms; nullopt when the burn is 0 (never) or the budget is spent.
std::optional<int64_t> TimeToExhaustion(double budget_remaining, double burn_rate,
                                        int64_t period_ms);

}  // namespace ttam::slo
