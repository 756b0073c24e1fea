#pragma once

// What the three spec-format readers of slo_spec*.cpp share: checking a
// query template, turning a selector into a rate sum, objectives, labels and
// alert tiers. Internal to lib/slo: ParseSpecFile (slo_spec.h) is the API.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slo/slo_spec.h"
#include "yaml/document.h"
#include "yaml/schema.h"

namespace ttam::slo::spec_internal {

/// Reads a sloth `version: prometheus/v1` document (slo_spec_sloth.cpp).
void ReadSlothFile(yaml::Context& ctx, const yaml::Node& root, SpecFile& file);

/// Reads the OpenSLO v1 objects of a stream's documents (each a mapping or a
/// list of them): every `kind: SLO` becomes SloSpecs; `kind: SLI` and
/// `kind: DataSource` objects are read when an SLO refers to them; other
/// kinds are skipped (slo_spec_openslo.cpp).
void ReadOpenSloStream(const std::vector<std::unique_ptr<yaml::Document>>& docs, diag::Sink& sink,
                       SpecFile& file);

/// The position of `node`, as SloSpec and Sli keep it.
SpecPosition PositionOf(const yaml::Node& node);

/// Reports an error about bytes [begin, end) of `scalar`'s value.
void ReportInScalar(yaml::Context& ctx, const yaml::Node& scalar, size_t begin, size_t end,
                    std::string_view path, std::string message);

/// Checks a query template given verbatim in `node` (a scalar): it must hold
/// `{{.window}}` (`{{ .window }}` too, as Go templates read it), and parse
/// and type-check as PromQL returning an instant vector once the
/// placeholder is replaced by 5m. Errors point inside the scalar. `what`
/// names the field in messages ("error_query"). Returns the template,
/// trimmed, with the placeholder written as kWindowPlaceholder.
std::optional<std::string> CheckTemplateScalar(yaml::Context& ctx, const yaml::Node& node,
                                               std::string_view path, std::string_view what);

/// The same for a template ttam built (from a selector, or by combining
/// templates); errors are reported at `at`.
bool CheckBuiltTemplate(yaml::Context& ctx, const yaml::Node& at, std::string_view path,
                        std::string_view what, std::string_view query_template);

/// A plain instant-vector selector (`x_total{code=~"5.."}`): no range,
/// offset or @. Returns the selector's text (trimmed) or reports why not at
/// `node` (a scalar). `hint` ends the message: what to write instead.
std::optional<std::string> PlainSelector(yaml::Context& ctx, const yaml::Node& node,
                                         std::string_view path, std::string_view hint);

/// `sum by (<by>) (rate(<selector>[{{.window}}]))`; `sum(rate(...))` when
/// `by` is empty.
std::string SumRate(const std::vector<std::string>& by, std::string_view selector);

/// `query_template` as an operand of a binary operator: in parentheses when
/// it is itself a binary expression.
std::string Operand(std::string_view query_template);

/// The value of an `le` label for bound `threshold` as Prometheus 3 writes
/// it when it scrapes a classic histogram (labels.FormatOpenMetricsFloat:
/// Go's %g, with ".0" appended when there is neither "." nor "e"): 0.25 ->
/// "0.25", 1 -> "1.0", 10 -> "10.0", 1e-05 -> "1e-05".
std::string LeLabelValue(double threshold);

/// "primitive-availability" -> "PrimitiveAvailabilityBurnRate".
std::string DefaultAlertName(std::string_view slo_name);

/// Checks an objective given as a percentage (reported at `obj`'s field
/// `field`): it must be in (0, 100). Returns it as a fraction.
std::optional<double> ObjectiveFromPercent(yaml::Object& obj, std::string_view field,
                                           double percent);

/// Reads a map of labels (or annotations) and checks the names: legacy
/// label names (Prometheus 2.42 rejects others in rule files), not `__*`
/// and not one of the labels the generated rules set (sloth_id,
/// sloth_service, sloth_slo, sloth_window, sloth_severity).
std::map<std::string, std::string> LabelMap(yaml::Object& obj, std::string_view field,
                                            bool is_annotations);

/// Reads a tier (`disable`, `labels`, `annotations`, and `factors` when
/// `with_factors`) into `tier`.
void ReadTier(yaml::Object& obj, AlertTier& tier, bool with_factors);

/// Warns (at `at`) about each enabled tier whose larger factor needs an
/// error ratio of 1 or more with the spec's objective: that alert can never
/// fire (e.g. a 90% objective with the default page factor 14.4).
void WarnUnreachableTiers(yaml::Context& ctx, const yaml::Node& at, std::string_view path,
                          const SloSpec& spec, std::string_view factors_hint);

/// A period as SloSpec keeps it, from a Prometheus duration that must be
/// positive; reports at field `field` of `obj`.
std::optional<int64_t> PositivePeriod(yaml::Object& obj, std::string_view field);

}  // namespace ttam::slo::spec_internal
