#pragma once

// Go's time.Parse(time.RFC3339Nano, s), as Prometheus parses the times its
// API and promtool take: `2006-01-02T15:04:05Z`, an optional fraction of any
// length after `.` or `,` (digits past the ninth are dropped), and `Z` or a
// `±hh:mm` offset; the day must exist in its month.

#include <cstdint>
#include <optional>
#include <string_view>

namespace ttam {

/// Milliseconds since the epoch (the nanoseconds truncated), or nullopt
/// when `s` is not such a time.
std::optional<int64_t> ParseRfc3339Ms(std::string_view s);

}  // namespace ttam
