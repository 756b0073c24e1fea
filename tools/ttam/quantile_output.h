#pragma once

// `ttam quantile`'s output: the text table (and, on a terminal, a bar
// chart of each group's buckets) and the JSON members of --format json.

#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "diag/render.h"
#include "quantile_run.h"

namespace ttam::cli {

/// How to print the text form.
struct QuantileTextOptions {
  bool bars = false;   ///< a bar chart of each group's buckets (stdout is a terminal)
  std::string source;  ///< what was read, for the heading
};

/// Writes the table: a heading per histogram (grouping, window, time),
/// one row per group (rate, mean, one column per quantile, the --under
/// share), the queries that computed each column, then the summaries.
void WriteQuantileText(const QuantileResults& results, const QuantileTextOptions& options,
                       std::ostream& out);

/// The members of the --format json document: `quantiles`, `fractions`,
/// `rates`, `means`, `summary_quantiles` and `evaluation`; each number
/// with its labels, query and time (Unix seconds).
std::vector<diag::JsonExtra> QuantileJson(const QuantileResults& results,
                                          const std::string& source);

}  // namespace ttam::cli
