#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "support/result.h"

namespace ttam {

/// Parses a Prometheus duration: one or more `<integer><unit>` terms in
/// decreasing unit order, units y, w, d, h, m, s, ms (e.g. `1h30m`, `500ms`,
/// `0s`). `1.5m` and a bare `10` are errors, as in Prometheus.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

/// Formats milliseconds the way Prometheus prints durations (`1h30m`, `500ms`,
/// `-5m`, `0s`): the one duration formatter. `max_terms` > 0 keeps only the
/// largest terms, truncating the rest (`1d2h` for 1d2h3m4s with 2), for
/// messages where an approximate age reads better.
std::string FormatDuration(std::chrono::milliseconds duration, int max_terms = 0);
/// The same for a count of milliseconds.
inline std::string FormatDuration(int64_t ms, int max_terms = 0) {
  return FormatDuration(std::chrono::milliseconds(ms), max_terms);
}

/// Parses a byte size: a plain byte count, or a number with B, KB, MB, GB,
/// TB, PB, EB (powers of 1024, as Prometheus reads them) or KiB, MiB, ...
Result<uint64_t> ParseByteSize(std::string_view text);

/// Formats a byte count for people: `512 B`, `25.1 KiB`, `3.0 MiB`.
std::string FormatBytes(uint64_t bytes);

}  // namespace ttam
