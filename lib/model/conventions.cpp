#include "model/conventions.h"

#include <algorithm>

namespace ttam::model {
namespace {

// promlint's units: unit -> base unit.
struct UnitRow {
  std::string_view unit;
  std::string_view base;
};
constexpr UnitRow kUnits[] = {
    {"amperes", "amperes"},    {"bytes", "bytes"},     {"celsius", "celsius"},
    {"grams", "grams"},        {"joules", "joules"},   {"kelvin", "kelvin"},
    {"meters", "meters"},      {"metres", "metres"},   {"seconds", "seconds"},
    {"volts", "volts"},        {"minutes", "seconds"}, {"hours", "seconds"},
    {"days", "seconds"},       {"weeks", "seconds"},   {"kelvins", "kelvin"},
    {"fahrenheit", "celsius"}, {"rankine", "celsius"}, {"inches", "meters"},
    {"yards", "meters"},       {"miles", "meters"},    {"bits", "bytes"},
    {"calories", "joules"},    {"pounds", "grams"},    {"ounces", "grams"},
};
constexpr std::string_view kUnitPrefixes[] = {
    "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo",
    "kibi", "mega", "mibi",  "giga",  "gibi",  "tera", "tebi", "peta",  "pebi",
};

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Base units (Prometheus naming practice) that histograms and summaries carry
// before their _count and _sum.
constexpr std::string_view kBaseUnits[] = {"_seconds", "_bytes",  "_meters",  "_grams", "_volts",
                                           "_amperes", "_joules", "_celsius", "_ratio", "_bits"};

}  // namespace

bool HasCounterSuffix(std::string_view name) {
  return EndsWith(name, "_total") || EndsWith(name, "_bucket") || EndsWith(name, "_count") ||
         EndsWith(name, "_sum");
}

bool IsCounterName(std::string_view name) {
  if (EndsWith(name, "_total") || EndsWith(name, "_bucket")) return true;
  std::string_view base;
  if (EndsWith(name, "_count")) {
    base = name.substr(0, name.size() - 6);
  } else if (EndsWith(name, "_sum")) {
    base = name.substr(0, name.size() - 4);
  } else {
    return false;
  }
  for (std::string_view unit : kBaseUnits) {
    if (EndsWith(base, unit)) return true;
  }
  return false;
}

std::optional<std::string> NotCounterReason(std::string_view name, bool native_histograms) {
  if (name.empty() || HasCounterSuffix(name)) return std::nullopt;
  if (EndsWith(name, "_created")) {
    return "its _created suffix marks a creation timestamp, not a counter";
  }
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos) {
    // A recording rule's output, level:metric:operations: a rate, ratio,
    // average or quantile computed already.
    std::string_view ops = name.substr(colon + 1);
    std::string_view rest = name.substr(0, colon);
    size_t prev = rest.rfind(':');
    std::string_view metric = prev == std::string_view::npos ? rest : rest.substr(prev + 1);
    for (std::string_view word : {"rate", "ratio", "avg", "mean", "quantile", "percent"}) {
      if (ops.find(word) != std::string_view::npos || EndsWith(metric, "_" + std::string(word))) {
        return "it is a recording rule's output that holds a " + std::string(word) +
               " already, not a counter";
      }
    }
    if (ops.size() >= 2 && ops[0] == 'p' &&
        std::all_of(ops.begin() + 1, ops.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return "it is a recording rule's output that holds a quantile already, not a counter";
    }
    return std::nullopt;
  }
  struct Suffix {
    std::string_view suffix;
    bool unit;  // may be a native histogram's name
  };
  static constexpr Suffix kGaugeSuffixes[] = {
      {"_bytes", true},    {"_seconds", true},   {"_ratio", false},     {"_percent", false},
      {"_celsius", false}, {"_info", false},     {"_timestamp", false}, {"_active", false},
      {"_current", false}, {"_inflight", false}, {"_in_flight", false}, {"_in_progress", false},
  };
  for (const Suffix& s : kGaugeSuffixes) {
    if (!EndsWith(name, s.suffix) || (s.unit && native_histograms)) continue;
    return "its " + std::string(s.suffix) + " suffix without _total marks a gauge";
  }
  return std::nullopt;
}

bool MatchUnit(std::string_view part, UnitMatch* out) {
  for (const UnitRow& row : kUnits) {
    if (part.size() < row.unit.size()) continue;
    if (part.substr(part.size() - row.unit.size()) != row.unit) continue;
    std::string_view prefix = part.substr(0, part.size() - row.unit.size());
    bool known = prefix.empty();
    for (std::string_view p : kUnitPrefixes) known = known || prefix == p;
    if (!known) continue;
    out->unit = part;
    out->base = row.base;
    return true;
  }
  return false;
}

}  // namespace ttam::model
