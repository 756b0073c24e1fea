#include "lint/exposition/helpers.h"
#include "model/conventions.h"

namespace ttam::lint::checks {
namespace {

enum class Measures { kUnknown, kTime, kSize };

// Words that say a value is a time or a size, and so has a unit. In a counter
// most of them name the events counted ("timeouts", "duplicate_timestamp"), so
// only the ones marked `counter` mean "seconds or bytes summed up" there.
struct Word {
  std::string_view text;
  Measures measures;
  bool counter;
};
constexpr Word kWords[] = {
    {"duration", Measures::kTime, true},   {"durations", Measures::kTime, false},
    {"latency", Measures::kTime, true},    {"latencies", Measures::kTime, false},
    {"time", Measures::kTime, true},       {"times", Measures::kTime, false},
    {"age", Measures::kTime, false},       {"delay", Measures::kTime, false},
    {"delays", Measures::kTime, false},    {"elapsed", Measures::kTime, true},
    {"uptime", Measures::kTime, false},    {"timeout", Measures::kTime, false},
    {"lag", Measures::kTime, false},       {"interval", Measures::kTime, false},
    {"timestamp", Measures::kTime, false}, {"size", Measures::kSize, true},
    {"sizes", Measures::kSize, false},     {"length", Measures::kSize, false},
    {"memory", Measures::kSize, true},
};

// Parts that may follow a time/size word in a gauge name without changing what
// is measured ("memory_usage", "delay_max").
constexpr std::string_view kQualifiers[] = {"usage", "used",    "free",  "available",
                                            "max",   "min",     "avg",   "mean",
                                            "peak",  "current", "limit", "remaining"};

// Units besides promlint's table (which MatchUnit knows, prefixes included),
// and the plural nouns that count things, which are units too.
constexpr std::string_view kOtherUnits[] = {
    "ratio",      "percent",  "hertz",    "watts",      "samples",     "items",  "objects",
    "entries",    "requests", "events",   "messages",   "records",     "rows",   "keys",
    "operations", "tasks",    "jobs",     "files",      "chunks",      "series", "points",
    "elements",   "retries",  "attempts", "batches",    "connections", "pages",  "tokens",
    "calls",      "values",   "lines",    "characters", "buckets",     "nodes",  "errors",
};

template <typename T, size_t N>
bool Contains(const T (&list)[N], std::string_view s) {
  for (const T& x : list) {
    if (x == s) return true;
  }
  return false;
}

const Word* FindWord(std::string_view part) {
  for (const Word& w : kWords) {
    if (w.text == part) return &w;
  }
  return nullptr;
}

bool IsUnit(std::string_view part) {
  model::UnitMatch m;
  return model::MatchUnit(part, &m) || Contains(kOtherUnits, part);
}

// "min_time", "last_time", ...: a time word after a word that makes it a
// point in time rather than a duration.
bool PointInTime(std::string_view base) {
  for (std::string_view p : {"min_time", "max_time", "start_time", "end_time", "last_time",
                             "lowest_time", "highest_time", "oldest_time", "newest_time"}) {
    if (base.ends_with(p)) return true;
  }
  return false;
}

std::string_view UnitFor(Measures m) {
  switch (m) {
    case Measures::kTime:
      return "seconds";
    case Measures::kSize:
      return "bytes";
    case Measures::kUnknown:
      return "";
  }
  return "";
}

// The guide: "Include units in name (`_seconds`, `_total`)". Histograms and
// summaries always observe something with a unit; gauges and counters do when
// their name says they measure a time or a size.
class MissingUnit final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    using expfmt::MetricType;
    MetricType type = event.family.type;
    bool always = IsHistogram(type) || type == MetricType::kSummary;
    bool counter = type == MetricType::kCounter;
    if (!always && !counter && type != MetricType::kGauge) return;
    if (event.has_unit && !event.unit.empty()) return;

    std::string_view name = event.family.name;
    // Text-format counter families carry "_total"; the unit goes before it.
    // Other reserved suffixes (reported by metrics/reserved-suffix and
    // metrics/total-suffix-non-counter) are looked through the same way.
    std::string_view suffix;
    for (std::string_view s : {"_total", "_count", "_sum", "_bucket", "_created"}) {
      if (name.size() > s.size() && name.ends_with(s)) {
        suffix = s;
        break;
      }
    }
    std::string_view base = name.substr(0, name.size() - suffix.size());

    // Collect the parts; find the last time/size word and what follows it.
    std::string_view last;
    Measures measures = Measures::kUnknown;
    bool only_qualifiers_after = false;
    ForEachPart(base, [&](std::string_view part) {
      last = part;
      const Word* w = FindWord(part);
      if (w != nullptr && (!counter || w->counter)) {
        measures = w->measures;
        only_qualifiers_after = true;
      } else if (only_qualifiers_after && !Contains(kQualifiers, part)) {
        only_qualifiers_after = false;
      }
    });
    if (IsUnit(last)) return;
    // A histogram or summary whose name says nothing about time or size often
    // observes counts of things ("recipients_per_message"): unitless is right.
    if (measures == Measures::kUnknown) return;
    if (!always) {
      if (measures == Measures::kUnknown || !only_qualifiers_after) return;
      // A counter counts events unless the word ends its name ("cpu_time_total").
      if (counter && FindWord(last) == nullptr) return;
      // "queue_length" counts items.
      if (base.ends_with("queue_length")) return;
    }

    std::string what = measures == Measures::kTime ? "measures time" : "measures a size";
    auto renamed = [&](std::string_view unit) {
      return Quote(std::string(base) + "_" + std::string(unit) + std::string(suffix));
    };
    std::string example = renamed(UnitFor(measures));
    // A point in time is often kept in milliseconds ("tsdb_head_min_time"),
    // where "_seconds" would be a wrong rename.
    if (measures == Measures::kTime && (last == "timestamp" || PointInTime(base))) {
      example += " for Unix seconds, or " + renamed("milliseconds") + " when it holds milliseconds";
    }
    std::string where = suffix.empty() ? std::string("end the name with the base unit")
                                       : "put the base unit before \"" + std::string(suffix) + "\"";
    ReportAtFamily(event, out,
                   Subject(event.family) + " " + what + " but its name has no unit; " + where +
                       ", e.g. " + example);
  }
};

}  // namespace

CheckPtr MakeMetricsMissingUnit(const ExpositionOptions& /*options*/) {
  return std::make_unique<MissingUnit>();
}

}  // namespace ttam::lint::checks
