#pragma once

// The table every exposition check test uses: an input, the check to run, and
// the exact diagnostics it must produce (`line:col: severity: message [id]`).

#include <doctest/doctest.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "lint_test_util.h"

namespace ttam::test {

struct CheckCase {
  std::string_view check;  ///< the one check that runs
  std::string_view name;
  expfmt::Format format;
  std::string_view input;
  std::string_view want;  ///< parser and check diagnostics, in order
  std::string_view require_prefix = "";
  uint64_t max_series = 1000;
  int64_t now_ms = 0;
};

/// The tables of metrics_checks_test.cpp, exposition_checks_test.cpp and
/// histogram_checks_test.cpp, for the coverage test in registry_test.cpp.
std::span<const CheckCase> MetricsCases();
std::span<const CheckCase> MetricsOptionCases();
std::span<const CheckCase> ExpositionCases();
std::span<const CheckCase> ExpositionOptionCases();
std::span<const CheckCase> HistogramCases();

/// Runs `c` and returns what it reported.
inline std::string RunCase(const CheckCase& c) {
  lint::ExpositionOptions options;
  options.require_prefix = std::string(c.require_prefix);
  options.max_series_per_metric = c.max_series;
  options.now_ms = c.now_ms;
  return Lint(c.check, c.input, c.format, options);
}

/// Checks every case of a table.
inline void CheckCases(std::span<const CheckCase> cases) {
  for (const CheckCase& c : cases) {
    CAPTURE(c.check);
    CAPTURE(c.name);
    CHECK(RunCase(c) == c.want);
  }
}

}  // namespace ttam::test
