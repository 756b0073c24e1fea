#pragma once

#include <string>
#include <string_view>

namespace ttam {

/// Parses a float as Prometheus does (Go's strconv.ParseFloat): "1",
/// "-1.5e3", "+Inf", "NaN" (any case); the whole text must be consumed.
bool ParseFloat(std::string_view text, double* out);

/// Shortest text that reads back as `value`; "+Inf", "-Inf", "NaN" for specials.
std::string FormatNumber(double value);

/// Go's strconv.FormatFloat(value, 'f', -1, 64): the shortest round-trip
/// digits, always in positional form (1e+21 is "1000000000000000000000",
/// 1.2345678901234568e20 is "123456789012345680000", not the exact binary
/// value std::to_chars's fixed form writes); "NaN", "+Inf", "-Inf".
std::string FormatShortestFixed(double value);

/// Go's fmt `%g` (strconv.FormatFloat(value, 'g', -1, 64)): the shortest
/// round-trip digits, in exponent form when the decimal exponent is below -4
/// or at least 6 ("1e+06", "1e-05", "123456", "0.0001"); "NaN", "+Inf",
/// "-Inf"; negative zero is "-0".
std::string FormatGoG(double value);

/// Go's fmt `%f`: six decimals ("0.500000"); "NaN", "+Inf", "-Inf".
std::string FormatGoPercentF(double value);

}  // namespace ttam
