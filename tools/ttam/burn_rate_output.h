#pragma once

// `ttam burn-rate`'s output: per SLO and group, a table of windows (error
// ratio, burn rate, events; on a terminal a sparkline of the burn rate up
// to now), the budget left and the verdict with its reason; and the `slos`
// member of --format json.

#include <ostream>
#include <string>
#include <vector>

#include "burn_rate_run.h"
#include "diag/render.h"

namespace ttam::cli {

/// How to print the text form.
struct BurnTextOptions {
  bool sparklines = false;  ///< history columns (stdout is a terminal)
  std::string source;       ///< what was read, for the heading
};

/// Writes the tables, then the queries of each SLO.
void WriteBurnText(const BurnResults& results, const BurnTextOptions& options, std::ostream& out);

/// The members of --format json: `slos` (one entry per SLO and group:
/// name, labels, objective, period, windows [{window, covered,
/// error_ratio, burn_rate, events, query, events_query}],
/// budget_remaining, budget_window, exhaustion_seconds, verdict, reason)
/// and `evaluation` (time, span, min_events, source).
std::vector<diag::JsonExtra> BurnJson(const BurnResults& results, const std::string& source);

}  // namespace ttam::cli
