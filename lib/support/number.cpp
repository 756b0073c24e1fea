#include "support/number.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>

namespace ttam {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

bool ParseFloat(std::string_view text, double* out) {
  if (text.empty()) return false;
  bool negative = false;
  std::string_view rest = text;
  if (rest.front() == '+' || rest.front() == '-') {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  if (EqualsIgnoringCase(rest, "inf") || EqualsIgnoringCase(rest, "infinity")) {
    *out = negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
    return true;
  }
  if (EqualsIgnoringCase(rest, "nan")) {
    if (text.size() != rest.size()) return false;  // Go rejects "+NaN"
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (rest.empty() || !(IsDigit(rest.front()) || rest.front() == '.')) return false;
  // Fast path for plain decimals ("0.25", "10"), the usual `le` values: with at
  // most 15 digits the mantissa and the power of ten are exact doubles, so one
  // division rounds correctly (Clinger's fast path).
  {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    uint64_t mantissa = 0;
    int digits = 0;
    int fraction = -1;
    bool simple = true;
    for (char c : rest) {
      if (IsDigit(c)) {
        mantissa = mantissa * 10 + static_cast<uint64_t>(c - '0');
        ++digits;
        if (fraction >= 0) ++fraction;
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        simple = false;
        break;
      }
    }
    if (simple && digits > 0 && digits <= 15) {
      double v = static_cast<double>(mantissa);
      if (fraction > 0) v /= kPow10[fraction];
      *out = negative ? -v : v;
      return true;
    }
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  if (ptr != rest.data() + rest.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    // Go returns ±Inf or ±0 with an error; either way not a usable bound.
    return false;
  }
  if (ec != std::errc()) return false;
  *out = negative ? -value : value;
  return true;
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "?";
  return std::string(buf, ptr);
}

namespace {

// The shortest round-trip digits of |value| (finite, not zero) and the
// decimal exponent of the first one: 1.2345e+20 gives "12345" and 20.
void ShortestDigits(double value, std::string* digits, int* exp10) {
  char buf[64];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(end - buf));
  size_t e = sci.find('e');
  digits->clear();
  for (size_t i = 0; i < e; ++i) {
    if (sci[i] != '.') *digits += sci[i];
  }
  *exp10 = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), *exp10);
}

// `digits` with the decimal exponent `exp10` in positional form ("0.00123", "1230", "1.23").
std::string PositionalForm(const std::string& digits, int exp10) {
  if (exp10 < 0) return "0." + std::string(static_cast<size_t>(-exp10 - 1), '0') + digits;
  size_t int_digits = static_cast<size_t>(exp10) + 1;
  if (digits.size() <= int_digits) return digits + std::string(int_digits - digits.size(), '0');
  return digits.substr(0, int_digits) + "." + digits.substr(int_digits);
}

}  // namespace

std::string FormatShortestFixed(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  const std::string sign = std::signbit(value) ? "-" : "";
  if (value == 0) return sign + "0";
  std::string digits;
  int exp10 = 0;
  ShortestDigits(value, &digits, &exp10);
  return sign + PositionalForm(digits, exp10);
}

std::string FormatGoG(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  const std::string sign = std::signbit(value) ? "-" : "";
  if (value == 0) return sign + "0";
  std::string digits;
  int exp10 = 0;
  ShortestDigits(value, &digits, &exp10);
  if (exp10 >= -4 && exp10 < 6) return sign + PositionalForm(digits, exp10);
  std::string out = sign + digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  out += exp10 < 0 ? "e-" : "e+";
  int magnitude = exp10 < 0 ? -exp10 : exp10;
  if (magnitude < 10) out += '0';
  return out + std::to_string(magnitude);
}

std::string FormatGoPercentF(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%f", value);
  return buf;
}

}  // namespace ttam
