#include "support/units.h"

#include <charconv>
#include <cstdio>
#include <limits>

namespace ttam {
namespace {

struct UnitRow {
  std::string_view name;
  int64_t ms;
};

// Order matters: "ms" before "m", and terms must come in this order.
constexpr UnitRow kDurationUnits[] = {
    {"y", 365LL * 24 * 3600 * 1000},
    {"w", 7LL * 24 * 3600 * 1000},
    {"d", 24LL * 3600 * 1000},
    {"h", 3600LL * 1000},
    {"m", 60LL * 1000},
    {"s", 1000},
    {"ms", 1},
};

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  auto invalid = [&] {
    return Error{"invalid duration \"" + std::string(text) +
                 "\": use an integer and a unit, e.g. 10s, 1m30s, 500ms (units: ms, s, m, h, d, "
                 "w, y)"};
  };
  if (text.empty()) return invalid();
  if (text == "0") return std::chrono::milliseconds(0);
  size_t pos = 0;
  int last_unit = -1;
  int64_t total = 0;
  while (pos < text.size()) {
    if (text[pos] < '0' || text[pos] > '9') return invalid();
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), n);
    if (ec != std::errc() || ptr == text.data() + pos) return invalid();
    pos = static_cast<size_t>(ptr - text.data());
    int unit = -1;
    for (int i = 0; i < static_cast<int>(std::size(kDurationUnits)); ++i) {
      std::string_view u = kDurationUnits[i].name;
      if (text.substr(pos, u.size()) != u) continue;
      // "m" must not swallow the "m" of "ms".
      if (u == "m" && text.substr(pos, 2) == "ms") continue;
      unit = i;
      break;
    }
    if (unit < 0 || unit <= last_unit) return invalid();
    last_unit = unit;
    pos += kDurationUnits[unit].name.size();
    int64_t factor = kDurationUnits[unit].ms;
    if (n > (std::numeric_limits<int64_t>::max() - total) / factor) {
      return Error{"duration \"" + std::string(text) + "\" is too long"};
    }
    total += n * factor;
  }
  return std::chrono::milliseconds(total);
}

std::string FormatDuration(std::chrono::milliseconds duration, int max_terms) {
  int64_t ms = duration.count();
  if (ms == 0) return "0s";
  std::string out = ms < 0 ? "-" : "";
  // The magnitude, computed without overflowing at INT64_MIN.
  uint64_t left = ms < 0 ? static_cast<uint64_t>(-(ms + 1)) + 1 : static_cast<uint64_t>(ms);
  int terms = 0;
  for (const auto& unit : kDurationUnits) {
    auto unit_ms = static_cast<uint64_t>(unit.ms);
    if (left < unit_ms) continue;
    out += std::to_string(left / unit_ms) + std::string(unit.name);
    left %= unit_ms;
    if (++terms == max_terms) break;
  }
  return out;
}

Result<uint64_t> ParseByteSize(std::string_view text) {
  auto invalid = [&] {
    return Error{"invalid size \"" + std::string(text) +
                 "\": use a byte count or a number with a unit, e.g. 512KB, 64MiB, 1GB"};
  };
  uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr == text.data()) return invalid();
  std::string_view unit = text.substr(static_cast<size_t>(ptr - text.data()));
  struct Row {
    std::string_view a, b;
    int shift;
  };
  static constexpr Row kRows[] = {{"", "B", 0},      {"KB", "KiB", 10}, {"MB", "MiB", 20},
                                  {"GB", "GiB", 30}, {"TB", "TiB", 40}, {"PB", "PiB", 50},
                                  {"EB", "EiB", 60}};
  for (const Row& row : kRows) {
    if (unit != row.a && unit != row.b) continue;
    if (row.shift > 0 && n > (std::numeric_limits<uint64_t>::max() >> row.shift)) {
      return Error{"size \"" + std::string(text) + "\" is too large"};
    }
    return n << row.shift;
  }
  return invalid();
}

std::string FormatBytes(uint64_t bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", value, kUnits[unit]);
  return buf;
}

}  // namespace ttam
