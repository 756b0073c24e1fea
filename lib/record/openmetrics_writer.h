#pragma once

// A Recording as OpenMetrics 1.0 text with timestamps: one block per family
// (TYPE, HELP, UNIT, then its samples), each metric's points in time order
// (a histogram's or summary's series of one label set written together at
// each time), and `# EOF`. promtool's `tsdb create-blocks-from openmetrics`
// and `ttam query --data` read it.
#include <cstdint>
#include <ostream>
#include <string>

#include "record/recording.h"

namespace ttam::record {

/// Writes `recording` to `out`.
void WriteOpenMetrics(const Recording& recording, std::ostream& out);

/// `ms` as OpenMetrics seconds with three decimals ("1700000000.123").
std::string FormatOpenMetricsTimestamp(int64_t ms);

/// The first millisecond at or after `ms` that reads back unchanged both by
/// Prometheus's OpenMetrics parser (seconds * 1000, truncated) and by ttam's
/// (rounded); a scrape taken at `ms` is stamped with it, so that promtool and
/// ttam see the same sample times.
int64_t ExactOpenMetricsMs(int64_t ms);

}  // namespace ttam::record
