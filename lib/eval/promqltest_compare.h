#pragma once

// Compares one evaluation result with an eval's expectations as upstream's
// promqltest compareResult does, with its failure texts: 1e-6 relative
// tolerance, exact zero, StaleNaN only equal to StaleNaN.

#include <cstdint>
#include <string>

#include "eval/promqltest.h"
#include "eval/value.h"

namespace ttam::eval::promqltest {

/// upstream's almost.Equal: StaleNaN equals only StaleNaN, NaN equals NaN,
/// exact zero when either side is zero, else a relative tolerance.
bool AlmostEqual(double a, double b, double epsilon = 1e-6);

/// Go's `%v` of a float64: shortest digits, an exponent below 1e-4 or from
/// 1e21 on (`1e+21`, `1e-05`), `+Inf`, `-Inf`, `NaN`.
std::string GoFloat(double value);

/// The time grid expected points sit on: a matrix's k-th expected value is
/// at start + k·step, and none may lie after end.
struct ExpectedGrid {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  int64_t step_ms = 0;
};

/// Compares `got` with `cmd`'s expectations; "" when they agree, else
/// upstream's message (`expected 2 for {a="b"} but got 3`, ...).
std::string CompareResult(const EvalCmd& cmd, const Value& got, const ExpectedGrid& grid);

/// upstream's assertMatrixSorted: "" when `m` is sorted by labels.
std::string CheckMatrixSorted(const Matrix& m);

}  // namespace ttam::eval::promqltest
