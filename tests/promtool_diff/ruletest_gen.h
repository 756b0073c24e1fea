#pragma once

// The generator of the rule unit-test differential (ruletest_test.cpp):
// a rule file and a unit-test file per index, deterministic for a seed, with
// the expectations left empty for promtool to fill in.
//
// Timing rules that keep promtool 2.42's closed windows out of the
// comparison (spec §0.3, §4.10): input intervals and evaluation intervals
// are multiples of 5 s, so every sample and every rule evaluation sits on a
// multiple of 5 s; every range in a rule or an expression test is 3 mod 5 s
// (`[2m3s]`), and the expression tests of test group g run at times that are
// g mod 5 s (g < 3), so no window's left edge, nor a lookback's, lands on a
// sample. Counters start at 1000 or more and grow slowly, so rate's
// extrapolation never reaches zero (the zero clamp changed in 2.51). Only
// what 2.42 has: no start_timestamp, fuzzy_compare, histograms or group
// labels; `interval` is always written (2.42 has no default). Sums and
// averages go only over values whose sum does not depend on the order of
// the series (exact values, or at most two inexact ones): promtool adds in
// hash order, and Prometheus 3 with Kahan compensation. No avg_over_time
// over inexact values either: 2.42's incremental mean and Prometheus 3's
// compensated sum divided once (PR #14413) differ in the last bits (the
// evaluator differential, eval_test.cpp, lists that difference).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ttam::test::ruletestdiff {

/// An expected alert: labels without alertname, and annotations.
struct ExpAlert {
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
};

/// One alert_rule_test item.
struct AlertItem {
  std::string eval_time;  ///< model.Duration text, as promtool prints it back (`5m5s`).
  std::string alertname;
  std::vector<ExpAlert> exp;
};

/// One expected sample: labels as promtool prints them (`{__name__="m", a="b"}`).
struct ExpSample {
  std::string labels;
  double value = 0;
};

/// One promql_expr_test item.
struct ExprItem {
  std::string expr;
  std::string eval_time;  ///< model.Duration text.
  std::vector<ExpSample> exp;
};

/// One item of `tests:`.
struct TestGroup {
  std::string name;  ///< Unique in the file (promtool prefixes alert failures with it).
  std::string interval;
  std::vector<std::pair<std::string, std::string>> input;  ///< (series, values)
  std::map<std::string, std::string> external_labels;
  std::string external_url;
  std::vector<AlertItem> alerts;
  std::vector<ExprItem> exprs;
};

/// A unit-test file (its rule_files is the one generated rule file).
struct UnitTestFile {
  std::string evaluation_interval;
  std::vector<std::string> group_eval_order;  ///< Empty: not written.
  std::vector<TestGroup> tests;
};

/// A generated pair.
struct GeneratedCase {
  std::string rules_yaml;
  UnitTestFile test;
  /// What it exercises, for the summary (e.g. `keep_firing_for`, `humanize`).
  std::vector<std::string> features;
};

/// The pair number `index` for `seed`.
GeneratedCase Generate(uint32_t seed, size_t index);

/// The unit-test file's YAML, its rule_files naming `rule_file`.
std::string RenderTestFile(const UnitTestFile& file, const std::string& rule_file);

/// Go's model.Duration text of a whole number of seconds (`0s`, `5m5s`, `1h`).
std::string ModelDuration(int64_t seconds);

/// Changes one expectation of `file` (an expected value, an expected label
/// or an expected annotation, picked by `choice`) so that the file must
/// fail; returns what was changed, or "" when `file` has nothing of that
/// kind. `choice` 0: a value, 1: a label, 2: an annotation.
std::string Mutate(UnitTestFile& file, int choice, uint32_t seed);

}  // namespace ttam::test::ruletestdiff
