#pragma once

// `ttam query`'s text output: an instant vector as a table of series and
// values; a range result as one row per series, either every step's value
// (`_` where a series has no point) or, on a terminal, a unicode sparkline
// with the series' minimum, maximum and last value.

#include <cstdint>
#include <ostream>
#include <string>

#include "eval/value.h"

namespace ttam::cli {

/// How to print a result.
struct QueryTextOptions {
  bool sparkline = false;  ///< range results as sparklines (stdout is a terminal)
  /// For range results: the steps, so that missing points show as `_`.
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  int64_t step_ms = 0;
};

/// A row of at most `width` block characters (▁▂▃▄▅▆▇█) for the points,
/// scaled between their minimum and maximum; a space for a missing step,
/// `?` for NaN or an infinity. Several steps share a cell when there are
/// more than `width`; the cell shows the last of them.
std::string Sparkline(const eval::MatrixSeries& series, int64_t start_ms, int64_t end_ms,
                      int64_t step_ms, size_t width);

/// Writes `value` as text.
void WriteQueryText(const eval::Value& value, const QueryTextOptions& options, std::ostream& out);

}  // namespace ttam::cli
