#pragma once

// How promtool compares (spec §4.5): alerts as sorted lists of (labels,
// annotations) with exact strings; samples sorted by labels with exact
// float equality, or ±1 ULP under fuzzy_compare, NaN never equal. On a
// mismatch, the Problem carries promtool's text, a summary, a diff and the
// position of the first expected entry that has no match.

#include <optional>
#include <string>
#include <vector>

#include "ruletest/promtool_text.h"
#include "ruletest/runner.h"
#include "ruletest/test_file.h"

namespace ttam::ruletest {

/// `mark` in the test file `path`.
Position PositionIn(const std::string& path, const Mark& mark);

/// promtool's float equality: `a == b`, or with `fuzzy` also the
/// neighbours of `a` one ULP away. NaN never equals anything.
bool ValuesEqual(double a, double b, bool fuzzy);

/// Compares the firing alerts `got` of `test.alertname` at `test.eval_time_ms`
/// with the expected ones; nullopt when they match.
std::optional<Problem> CompareAlerts(const AlertTest& test, std::vector<AlertItem> got,
                                     const std::string& group_name, const std::string& path);

/// An expected sample parsed, with the index of its exp_samples entry.
struct ExpectedSample {
  SampleItem sample;
  size_t entry = 0;
};

/// Compares the samples of a promql_expr_test; nullopt when they match.
std::optional<Problem> CompareSamples(const ExprTest& test, std::vector<ExpectedSample> exp,
                                      std::vector<SampleItem> got, bool fuzzy,
                                      const std::string& path);

}  // namespace ttam::ruletest
