#pragma once

// SLO specs as `ttam burn-rate` and `ttam slo generate` read them, from
// three formats: ttam's own YAML (`slos:` at the top), sloth's
// `version: prometheus/v1` and OpenSLO v1 `kind: SLO` documents with a
// Prometheus ratio metric. Each becomes one SloSpec whose SLI is a pair of
// PromQL templates (errors, total) with a `{{.window}}` placeholder, so
// that every later step (burn rates, rules, tests) is format-independent.
// Pure: the text in, specs and positioned findings (`slo/spec`) out.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "support/result.h"

namespace ttam::slo {

/// The check id of every problem in a spec file.
inline constexpr std::string_view kSpecCheck = "slo/spec";

/// The placeholder a query template uses for its range (sloth's).
inline constexpr std::string_view kWindowPlaceholder = "{{.window}}";

/// Which format a spec file was written in.
enum class SpecFormat { kTtam, kSloth, kOpenSlo };

/// Where in the spec file something was written (1-based; 0 when unknown).
struct SpecPosition {
  uint32_t line = 0;
  uint32_t column = 0;
};

/// One alert severity's settings.
struct AlertTier {
  bool disable = false;
  /// Burn-rate factors of the two window pairs: page (1h & 5m, 6h & 30m),
  /// ticket (1d & 2h, 3d & 6h). Defaults: page {14.4, 6}, ticket {3, 1}.
  double factors[2] = {0, 0};
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
};

/// The SLI: PromQL templates with `{{.window}}` where the range goes.
struct Sli {
  /// Errors per second over the window, summed by the SLO's `by` labels,
  /// e.g. `sum by (primitive_name) (rate(x_total{status="error"}[{{.window}}]))`.
  /// Empty for a raw SLI.
  std::string error_query;
  /// All events per second over the window, summed the same way.
  std::string total_query;
  /// Sloth's `raw.error_ratio_query` (a ratio, no event counts): set instead
  /// of the two above; burn-rate then cannot count events.
  std::string error_ratio_query;
  /// For a latency SLI: the histogram family and threshold in seconds, as
  /// written (the queries above already express them).
  std::string latency_histogram;
  std::optional<double> latency_threshold;
  SpecPosition position;  ///< the `sli` (or indicator) node
};

/// One SLO, whatever format it came from.
struct SloSpec {
  SpecFormat format = SpecFormat::kTtam;
  /// ttam's `name`; sloth's `<service>-<name>` (its sloth_id); OpenSLO's
  /// metadata.name. Unique within a file.
  std::string name;
  std::string service;      ///< sloth's / OpenSLO's service ("" for ttam specs unless given)
  std::string slo_name;     ///< the SLO's own name within its service (sloth's `name`)
  std::string description;  ///< "" when not given
  double objective = 0;     ///< a fraction in (0, 1): 99.9 % is 0.999
  int64_t period_ms = 30LL * 24 * 3600 * 1000;  ///< the SLO period (default 30d)
  std::vector<std::string> by;                  ///< group labels the SLI's sums keep (ttam's `by`)
  Sli sli;
  std::map<std::string, std::string> labels;  ///< the SLO's labels (sloth's and ttam's `labels`)
  /// The alert's name (sloth's alerting.name); default: the name in
  /// UpperCamelCase plus "BurnRate" ("primitive-availability" ->
  /// "PrimitiveAvailabilityBurnRate"). ParseSpecFile fills in the default,
  /// so it is never empty in a parsed file.
  std::string alert_name;
  std::map<std::string, std::string> alert_labels;       ///< on both tiers
  std::map<std::string, std::string> alert_annotations;  ///< on both tiers
  AlertTier page;
  AlertTier ticket;
  SpecPosition position;  ///< the SLO's node, for findings about it
};

/// A parsed spec file.
struct SpecFile {
  SpecFormat format = SpecFormat::kTtam;
  std::vector<SloSpec> slos;
};

/// Parses a spec file (`path` names it in findings). Every problem is an
/// error finding with check kSpecCheck at its line and column, saying how
/// to fix it: unknown fields, an objective outside (0, 100), a bad period,
/// a query that does not parse as PromQL once `{{.window}}` is replaced, a
/// missing `{{.window}}` in a sloth or OpenSLO query, an OpenSLO metric
/// source other than Prometheus, duplicate names (YAML syntax errors are
/// reported under kSpecCheck too). Returns an Error (after reporting) when
/// the file has any error; a file with no SLO is an error. Warnings (sloth
/// fields that only decorate sloth's output, OpenSLO alertPolicies) do not
/// fail it. The formats' rules are written at the top of slo_spec.cpp
/// (ttam's; also samples/slo.yml), slo_spec_sloth.cpp and
/// slo_spec_openslo.cpp (an OpenSLO SLO with several objectives gives one
/// SloSpec per objective, named `<metadata.name>-<index>`).
Result<SpecFile> ParseSpecFile(std::string_view text, std::string_view path, diag::Sink& sink);

/// The template with `{{.window}}` replaced by `window` (e.g. "5m").
std::string ExpandWindow(std::string_view query_template, std::string_view window);

}  // namespace ttam::slo
