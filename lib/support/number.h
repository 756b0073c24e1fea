#pragma once

#include <string>
#include <string_view>

namespace ttam {

/// Parses a float as Prometheus does (Go's strconv.ParseFloat): "1",
/// "-1.5e3", "+Inf", "NaN" (any case); the whole text must be consumed.
bool ParseFloat(std::string_view text, double* out);

/// Shortest text that reads back as `value`; "+Inf", "-Inf", "NaN" for specials.
std::string FormatNumber(double value);

}  // namespace ttam
