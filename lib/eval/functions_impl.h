#pragma once

// Internal to eval: the function implementations behind the table in
// functions.cpp, grouped by file, and the helpers they share.

#include <optional>

#include "eval/binary.h"
#include "eval/functions.h"

namespace ttam::eval {

/// The first range vector among the arguments, or null.
const Matrix* MatrixArg(const FunctionArgs& in);

/// The first instant vector among the arguments, or null.
const Vector* VectorArg(const FunctionArgs& in);

/// The scalar argument `i`, or NaN when it is not a scalar.
double ScalarArg(const FunctionArgs& in, size_t i);

/// Applies `fn` to each series of the range argument: one output sample per
/// series for which `fn` returns a value, the name dropped unless `keep_name`;
/// fails when two outputs end up with the same labels.
template <typename Fn>
Result<Value> PerSeries(const FunctionArgs& in, bool keep_name, Fn fn) {
  Vector out;
  const Matrix* m = MatrixArg(in);
  if (m == nullptr) return Error{"function expects a range vector argument"};
  for (const MatrixSeries& s : *m) {
    std::optional<double> v = fn(s);
    if (!v) continue;
    out.push_back({keep_name ? s.labels : DropMetadata(s.labels), in.t, *v});
  }
  if (!keep_name) {
    if (Status st = CheckDistinctLabels(out); !st) return st.error();
  }
  return Value(std::move(out));
}

/// Applies `fn` to each float of the instant vector argument, dropping the name.
template <typename Fn>
Result<Value> PerSample(const FunctionArgs& in, Fn fn) {
  Vector out;
  const Vector* v = VectorArg(in);
  if (v == nullptr) return Error{"function expects an instant vector argument"};
  out.reserve(v->size());
  for (const VectorSample& s : *v) out.push_back({DropMetadata(s.labels), in.t, fn(s.v)});
  if (Status st = CheckDistinctLabels(out); !st) return st.error();
  return Value(std::move(out));
}

// functions_rate.cpp
/// rate(m): per-second increase with upstream's extrapolation.
Result<Value> FuncRate(const FunctionArgs& in);
/// increase(m).
Result<Value> FuncIncrease(const FunctionArgs& in);
/// delta(m).
Result<Value> FuncDelta(const FunctionArgs& in);
/// irate(m).
Result<Value> FuncIrate(const FunctionArgs& in);
/// idelta(m).
Result<Value> FuncIdelta(const FunctionArgs& in);
/// resets(m).
Result<Value> FuncResets(const FunctionArgs& in);
/// changes(m).
Result<Value> FuncChanges(const FunctionArgs& in);
/// deriv(m).
Result<Value> FuncDeriv(const FunctionArgs& in);
/// predict_linear(m, s).
Result<Value> FuncPredictLinear(const FunctionArgs& in);

// functions_over_time.cpp
/// sum_over_time(m).
Result<Value> FuncSumOverTime(const FunctionArgs& in);
/// avg_over_time(m).
Result<Value> FuncAvgOverTime(const FunctionArgs& in);
/// min_over_time(m).
Result<Value> FuncMinOverTime(const FunctionArgs& in);
/// max_over_time(m).
Result<Value> FuncMaxOverTime(const FunctionArgs& in);
/// count_over_time(m).
Result<Value> FuncCountOverTime(const FunctionArgs& in);
/// last_over_time(m) (keeps the name).
Result<Value> FuncLastOverTime(const FunctionArgs& in);
/// first_over_time(m) (keeps the name).
Result<Value> FuncFirstOverTime(const FunctionArgs& in);
/// present_over_time(m).
Result<Value> FuncPresentOverTime(const FunctionArgs& in);
/// stddev_over_time(m).
Result<Value> FuncStddevOverTime(const FunctionArgs& in);
/// stdvar_over_time(m).
Result<Value> FuncStdvarOverTime(const FunctionArgs& in);
/// quantile_over_time(q, m).
Result<Value> FuncQuantileOverTime(const FunctionArgs& in);
/// mad_over_time(m).
Result<Value> FuncMadOverTime(const FunctionArgs& in);
/// ts_of_min_over_time(m).
Result<Value> FuncTsOfMinOverTime(const FunctionArgs& in);
/// ts_of_max_over_time(m).
Result<Value> FuncTsOfMaxOverTime(const FunctionArgs& in);
/// ts_of_first_over_time(m).
Result<Value> FuncTsOfFirstOverTime(const FunctionArgs& in);
/// ts_of_last_over_time(m).
Result<Value> FuncTsOfLastOverTime(const FunctionArgs& in);

/// upstream's quantile(): q-quantile of `values` (sorted in place), NaN first.
double Quantile(double q, std::vector<double>& values);

}  // namespace ttam::eval
