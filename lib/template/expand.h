#pragma once

// Executes alert templates as Prometheus does (template.NewTemplateExpander
// over Go text/template with missingkey=zero): the source is prefixed with
// `{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}
// {{$externalURL := .ExternalURL}}{{$value := .Value}}` (one line, 112
// bytes, so error columns count it), parsed by CheckTemplate's parser
// (parser.h), which builds the tree, and executed with Go's builtins and
// Prometheus's function map. Parsed templates are cached per thread. Numbers print as Go prints
// them ({{ $value }} of 1234567 is `1.234567e+06`; humanize and friends as upstream).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/result.h"

namespace ttam::tmpl {

/// A label set as templates see it: name -> value, sorted by name.
using LabelMap = std::vector<std::pair<std::string, std::string>>;

/// One sample of a `query` result: its labels (with `__name__`) and value.
struct QuerySample {
  LabelMap labels;
  double value = 0;
};

/// Runs the `query` template function's PromQL at the alert's evaluation
/// time; an error becomes the template's execution error.
using QueryFunc = std::function<Result<std::vector<QuerySample>>(const std::string& expr)>;

/// What an alert template is executed with.
struct AlertData {
  LabelMap labels;           ///< .Labels / $labels: the alert's labels.
  LabelMap external_labels;  ///< .ExternalLabels / $externalLabels.
  std::string external_url;  ///< .ExternalURL / $externalURL, externalURL, pathPrefix.
  double value = 0;          ///< .Value / $value.
};

/// How to expand.
struct ExpandOptions {
  /// The template's name: `__alert_<rule name>` for alert labels and annotations.
  std::string name;
  /// The evaluation time (ms since the epoch): `now`, and the time `query` runs at.
  int64_t eval_time_ms = 0;
  /// The `query` function; null: calling `query` is an execution error.
  QueryFunc query;
  /// The URL the `externalURL` and `pathPrefix` functions read (Prometheus's
  /// --web.external-url, parsed). promtool's rule tests give them none (a nil
  /// *url.URL), so there both fail with Go's nil-pointer error; nullopt does
  /// the same. ($externalURL is AlertData::external_url either way.)
  std::optional<std::string> function_external_url;
};

/// Expands `text` (a label or annotation value) for `data`. On failure the
/// error is Prometheus's text: `error executing template NAME: template:
/// NAME:LINE:COL: executing "NAME" at <NODE>: …` exactly as Go words it, or
/// `error parsing template NAME: template: NAME:LINE: …` where the message
/// is CheckTemplate's (Go's words first, then ttam's advice; rule files with
/// such templates fail to load, in Prometheus as in ttam, so this is rarely
/// seen). The rules layer turns it into `<error expanding template: ERR>` as
/// Prometheus does.
Result<std::string> ExpandAlertTemplate(std::string_view text, const AlertData& data,
                                        const ExpandOptions& options);

/// Go's fmt %v of a float64 (strconv.FormatFloat(v, 'g', -1, 64): the
/// exponent form when the decimal exponent is below -4 or at least 6):
/// 1234567 -> `1.234567e+06`, 100000 -> `100000`, 3 -> `3`, 1.2345e-05 ->
/// `1.2345e-05`, NaN -> `NaN`, +Inf -> `+Inf`.
std::string FormatGoValue(double value);

}  // namespace ttam::tmpl
