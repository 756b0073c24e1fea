// RFC 3339 times as Go's time.Parse reads them.

#include "support/rfc3339.h"

namespace ttam {
namespace {

bool IsRfcDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`.
bool RfcDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!IsRfcDigit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t RfcDaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsRfcLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<int64_t> ParseRfc3339Ms(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!RfcDigits(s, 0, 4, &year) || s.size() < 20 || s[4] != '-' || !RfcDigits(s, 5, 2, &month) ||
      s[7] != '-' || !RfcDigits(s, 8, 2, &day) || s[10] != 'T' || !RfcDigits(s, 11, 2, &hour) ||
      s[13] != ':' || !RfcDigits(s, 14, 2, &minute) || s[16] != ':' ||
      !RfcDigits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] + (month == 2 && IsRfcLeapYear(year) ? 1 : 0) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos + 1 < s.size() && (s[pos] == '.' || s[pos] == ',') && IsRfcDigit(s[pos + 1])) {
    ++pos;
    size_t digits = 0;
    int64_t scale = 100000000;
    while (pos < s.size() && IsRfcDigit(s[pos])) {
      if (digits < 9) nanos += (s[pos] - '0') * scale;
      scale /= 10;
      ++digits;
      ++pos;
    }
  }
  int64_t offset_s = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!RfcDigits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !RfcDigits(s, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_s = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t secs =
      RfcDaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  return secs * 1000 + nanos / 1000000;
}

}  // namespace ttam
