#pragma once

// The texts promtool prints for rule unit tests (spec §4.6, §4.7): numbers
// in strconv's 'E' form, durations as model.Duration and Go time.Duration,
// alert lists and sample lists as unittest.go renders them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/labels.h"

namespace ttam::ruletest {

/// strconv.FormatFloat(v, 'E', -1, 64): `1E+00`, `3.5E+01`, `NaN`, `+Inf`.
std::string FormatE(double value);

/// Go's time.Duration.String() of `ms`: `0s`, `1m0s`, `1h0m0s`, `1.5s`, `500ms`.
std::string GoDuration(int64_t ms);

/// model.Duration.String() of `ms`: `0s`, `2m30s`, `1d`, `1w`.
std::string ModelDuration(int64_t ms);

/// PromQL's ParseErr.Error() for an error at byte `offset` of `query`:
/// `line:col: parse error: message`.
std::string PromqlErrorText(std::string_view query, size_t offset, const std::string& message);

/// An alert as promtool compares it: labels and annotations.
struct AlertItem {
  model::Labels labels;
  model::Labels annotations;
  friend bool operator==(const AlertItem&, const AlertItem&) = default;
};

/// A sample as promtool compares it.
struct SampleItem {
  model::Labels labels;
  double value = 0;
  /// A native histogram's TestExpression (`{{…}}`), or "" for a float.
  std::string histogram{};
};

/// parsedSample.String(): `<labels> <value as %E>`, or `<labels> {{…}}` for
/// a histogram.
std::string SampleText(const SampleItem& sample);

/// labelsAndAnnotations.String(): `[]` or the numbered multi-line list.
std::string AlertListText(const std::vector<AlertItem>& alerts);

/// go's indentLines: every line after the first prefixed with `indent`.
std::string IndentLines(const std::string& lines, const std::string& indent);

/// parsedSamplesString: `nil` or `<labels> <E value>` joined by `, `.
std::string SampleListText(const std::vector<SampleItem>& samples);

}  // namespace ttam::ruletest
