#pragma once

// The unit-test file of `promtool test rules` as data (spec §4.2), read
// strictly as promtool's yaml.UnmarshalStrict reads it: an unknown field is
// an error naming promtool's Go type, durations are model.Durations,
// start_timestamp is unix seconds or RFC3339. Every item keeps its 1-based
// line and column in the file, so failures can point at it.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ttam::ruletest {

/// A 1-based line and column in the test file.
struct Mark {
  int line = 0;
  int column = 0;
};

/// A string map as written (`exp_labels`, `exp_annotations`, `external_labels`).
using StringMap = std::vector<std::pair<std::string, std::string>>;

/// One `input_series` item.
struct InputSeries {
  std::string series;  ///< The metric in PromQL series notation.
  std::string values;  ///< The expanding notation (`0+1x10 _ stale`).
  Mark mark;
};

/// One `exp_alerts` item.
struct ExpAlert {
  StringMap labels;       ///< exp_labels (without alertname).
  StringMap annotations;  ///< exp_annotations.
  Mark mark;
};

/// One `alert_rule_test` item.
struct AlertTest {
  int64_t eval_time_ms = 0;
  std::string alertname;
  std::vector<ExpAlert> exp_alerts;
  Mark mark;
};

/// One `exp_samples` item.
struct ExpSample {
  std::string labels;                    ///< ParseMetric text; "" = {}.
  double value = 0;                      ///< `value`.
  std::optional<std::string> histogram;  ///< `histogram` (`{{…}}`; "" counts as absent).
  Mark mark;
};

/// One `promql_expr_test` item.
struct ExprTest {
  std::string expr;
  int64_t eval_time_ms = 0;
  std::vector<ExpSample> exp_samples;
  Mark mark;
};

/// One item of `tests:`.
struct TestGroup {
  std::string name;
  int64_t interval_ms = 0;  ///< The input step; 0 = evaluation_interval.
  int64_t start_ms = 0;     ///< start_timestamp in ms since the epoch (0 = epoch).
  std::vector<InputSeries> input_series;
  std::vector<AlertTest> alert_tests;
  std::vector<ExprTest> expr_tests;
  StringMap external_labels;
  std::string external_url;
  Mark mark;
};

/// A whole unit-test file.
struct TestFile {
  std::vector<std::string> rule_files;  ///< Globs as written.
  int64_t evaluation_interval_ms = 60'000;
  std::vector<std::string> group_eval_order;
  bool fuzzy_compare = false;
  std::vector<TestGroup> tests;
};

/// The error of a file that does not read, with where it is (0 = unknown).
struct FileError {
  std::string text;  ///< promtool's text, e.g. `yaml: unmarshal errors:\n  line 3: field x not
                     ///< found in type main.testGroup`.
  Mark mark;
};

/// Parses a unit-test file's text strictly. An empty evaluation_interval is
/// 1m; a repeated group_eval_order name is an error.
std::variant<TestFile, FileError> ParseTestFile(const std::string& path, const std::string& text);

}  // namespace ttam::ruletest
