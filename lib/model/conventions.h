#pragma once

// Prometheus's naming conventions for metrics: the suffixes that mark
// counters, histograms and summaries, base units, and the names that mark a
// gauge or an already-computed rate.

#include <optional>
#include <string>
#include <string_view>

namespace ttam::model {

/// True when the name follows a counter's conventions: it ends in `_total`,
/// or is a histogram's or summary's `_bucket`, `_count` or `_sum`.
bool HasCounterSuffix(std::string_view name);

/// True when `name` ends in `_count` or `_sum` after a base unit
/// (`_seconds_count`, `_bytes_sum`, ...), or ends in `_total` or `_bucket`:
/// the name is a counter beyond reasonable doubt.
bool IsCounterName(std::string_view name);

/// Why `name` is clearly not a counter (for messages), or nullopt when it
/// could be one. Only names that Prometheus's conventions mark as gauges or
/// as already-computed rates are reported; unknown names are not.
/// `native_histograms`: `_seconds` and `_bytes` names may be native
/// histograms (which rate() accepts), so they are not reported.
std::optional<std::string> NotCounterReason(std::string_view name, bool native_histograms);

/// A unit word of a metric name and the base unit it should be.
struct UnitMatch {
  std::string_view unit;  ///< the word as written, e.g. "milliseconds"
  std::string_view base;  ///< the base unit, e.g. "seconds"
};

/// True when `part` (one `_`-separated word of a name) is one of promlint's
/// units, with or without an SI or binary prefix ("kilobytes", "minutes");
/// fills `out`.
bool MatchUnit(std::string_view part, UnitMatch* out);

}  // namespace ttam::model
