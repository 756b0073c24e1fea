#pragma once

// What rule checks know of metric types: from --metadata (an exposition's
// TYPE lines or a Prometheus server's /api/v1/metadata), from scraping the
// config's targets, and from a built-in table of well-known exporters
// (lib/lint/rules/data/metric_types.txt, made by scripts/gen-metric-types).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "expfmt/events.h"

namespace ttam::lint {

/// How a series' values behave, as far as rate() and raw reads care.
enum class SeriesKind {
  kCounter,    ///< only grows, resets on restarts: a counter, or a classic histogram's or
               ///< summary's _bucket, _count and _sum
  kGauge,      ///< goes up and down: gauges, info and stateset, _created timestamps, a
               ///< gauge histogram's parts, a summary's quantiles
  kHistogram,  ///< the family name of a histogram: a native histogram when selected whole
};

/// What a lookup found: the kind and where the type came from.
struct KnownSeries {
  SeriesKind kind;
  expfmt::MetricType family_type;  ///< the TYPE of the family that decided it
  std::string_view source;         ///< e.g. "--metadata", "node_exporter"
};

/// Metric families and their types. The first type added for a family wins,
/// so sources are added in priority order (--metadata, scraped targets, the
/// built-in table).
class MetricTypes {
 public:
  /// Adds `family` with `type` unless the family is known already; untyped
  /// and unknown types are not added (they say nothing).
  void Add(std::string_view family, expfmt::MetricType type, std::string_view source);
  /// Adds every family of `other` that is not known yet.
  void Merge(const MetricTypes& other);
  /// The kind of the series named `series` (a sample name as a selector
  /// writes it): its own family, or the family its suffix belongs to
  /// (`_total`/`_created` of a counter, `_bucket`/`_count`/`_sum` of a
  /// histogram or summary, `_gcount`/`_gsum`). Nullopt when unknown.
  std::optional<KnownSeries> Lookup(std::string_view series) const;
  /// Number of families.
  size_t size() const { return families_.size(); }

 private:
  struct FamilyType {
    expfmt::MetricType type;
    std::string source;
  };
  // Lookups by string_view, without building a std::string per probe.
  struct FamilyNameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const FamilyType* Find(std::string_view family) const;
  std::unordered_map<std::string, FamilyType, FamilyNameHash, std::equal_to<>> families_;
};

/// Adds the families declared by the TYPE lines of an exposition (the text
/// format or OpenMetrics) to `out`, with `source`. Returns how many TYPE
/// lines it read.
size_t AddExpositionTypes(std::string_view text, std::string_view source, MetricTypes& out);

/// The built-in table of well-known exporters' metric types (node_exporter,
/// Prometheus, Alertmanager, blackbox_exporter, Pushgateway, the Go client's
/// runtime and process collectors, kube-state-metrics, cAdvisor).
const MetricTypes& BuiltinMetricTypes();

/// "counter", "gauge", ... for messages.
std::string_view SeriesKindName(SeriesKind kind);

}  // namespace ttam::lint
