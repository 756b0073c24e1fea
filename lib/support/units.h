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

/// Formats milliseconds the way Prometheus prints durations (`1h30m`, `500ms`).
std::string FormatDuration(std::chrono::milliseconds duration);

/// Parses a byte size: a plain byte count, or a number with B, KB, MB, GB,
/// TB, PB, EB (powers of 1024, as Prometheus reads them) or KiB, MiB, ...
Result<uint64_t> ParseByteSize(std::string_view text);

/// Formats a byte count for people: `512 B`, `25.1 KiB`, `3.0 MiB`.
std::string FormatBytes(uint64_t bytes);

}  // namespace ttam
