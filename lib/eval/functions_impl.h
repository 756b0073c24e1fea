#pragma once

// Internal to eval: the function implementations behind the table in
// functions.cpp, grouped by file, and the helpers they share.

#include <limits>
#include <optional>

#include "eval/binary.h"
#include "eval/functions.h"

namespace ttam::eval {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// The first range vector among the arguments, or null.
const Matrix* MatrixArg(const FunctionArgs& in);

/// The first instant vector among the arguments, or null.
const Vector* VectorArg(const FunctionArgs& in);

/// The scalar argument `i`, or NaN when it is not a scalar.
double ScalarArg(const FunctionArgs& in, size_t i);

/// Applies `fn` (SeriesWindow -> optional<double>) to each series of the
/// range argument: one output sample per series for which `fn` returns a
/// value, the name dropped unless `keep_name` (or marked to drop, with
/// delayed name removal); in immediate mode, fails when two outputs end up
/// with the same labels.
template <typename Fn>
Result<Value> PerSeries(const FunctionArgs& in, bool keep_name, Fn fn) {
  Vector out;
  const Matrix* m = MatrixArg(in);
  if (m == nullptr) return Error{"function expects a range vector argument"};
  for (const MatrixSeries& s : *m) {
    std::optional<double> v = fn(SeriesWindow{s.labels, s.floats, s.start_timestamps});
    if (!v) continue;
    if (keep_name) {
      out.push_back({s.labels, in.t, *v});
    } else {
      out.push_back({NameDropped(s.labels, in.delayed_name_removal), in.t, *v, true});
    }
  }
  if (!keep_name && !in.delayed_name_removal) {
    if (Status st = CheckDistinctLabels(out); !st) return st.error();
  }
  return Value(std::move(out));
}

/// The table row of a range function given by its per-window value.
template <WindowFn F, bool kKeepsName = false>
Result<Value> CallPerWindow(const FunctionArgs& in) {
  return PerSeries(in, kKeepsName, [&](const SeriesWindow& s) { return F(in, s); });
}
template <WindowFn F, bool kKeepsName = false>
constexpr FunctionImpl Windowed(std::string_view name) {
  return FunctionImpl{name, &CallPerWindow<F, kKeepsName>, F, kKeepsName};
}
inline constexpr bool kKeepsName = true;

/// Applies `fn` to each float of the instant vector argument, dropping the name
/// (or marking it to drop, with delayed name removal).
template <typename Fn>
Result<Value> PerSample(const FunctionArgs& in, Fn fn) {
  Vector out;
  const Vector* v = VectorArg(in);
  if (v == nullptr) return Error{"function expects an instant vector argument"};
  out.reserve(v->size());
  for (const VectorSample& s : *v)
    out.push_back({NameDropped(s.labels, in.delayed_name_removal), in.t, fn(s.v), true});
  if (!in.delayed_name_removal) {
    if (Status st = CheckDistinctLabels(out); !st) return st.error();
  }
  return Value(std::move(out));
}

// functions_rate.cpp
/// rate(m): per-second increase with upstream's extrapolation.
std::optional<double> WindowRate(const FunctionArgs& in, const SeriesWindow& s);
/// increase(m).
std::optional<double> WindowIncrease(const FunctionArgs& in, const SeriesWindow& s);
/// delta(m).
std::optional<double> WindowDelta(const FunctionArgs& in, const SeriesWindow& s);
/// irate(m).
std::optional<double> WindowIrate(const FunctionArgs& in, const SeriesWindow& s);
/// idelta(m).
std::optional<double> WindowIdelta(const FunctionArgs& in, const SeriesWindow& s);
/// resets(m).
std::optional<double> WindowResets(const FunctionArgs& in, const SeriesWindow& s);
/// changes(m).
std::optional<double> WindowChanges(const FunctionArgs& in, const SeriesWindow& s);
/// double_exponential_smoothing(m, sf, tf).
Result<Value> FuncDoubleExponentialSmoothing(const FunctionArgs& in);
/// deriv(m).
std::optional<double> WindowDeriv(const FunctionArgs& in, const SeriesWindow& s);
/// predict_linear(m, s).
std::optional<double> WindowPredictLinear(const FunctionArgs& in, const SeriesWindow& s);
/// start_timestamp(v): each sample's start timestamp in seconds (0 when unknown),
/// only when `v` is a plain selector (FunctionArgs::start_timestamps).
Result<Value> FuncStartTimestamp(const FunctionArgs& in);

// functions_over_time.cpp
/// sum_over_time(m).
std::optional<double> WindowSumOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// avg_over_time(m).
std::optional<double> WindowAvgOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// min_over_time(m).
std::optional<double> WindowMinOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// max_over_time(m).
std::optional<double> WindowMaxOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// count_over_time(m).
std::optional<double> WindowCountOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// last_over_time(m) (keeps the name).
std::optional<double> WindowLastOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// first_over_time(m) (keeps the name).
std::optional<double> WindowFirstOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// present_over_time(m).
std::optional<double> WindowPresentOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// stddev_over_time(m).
std::optional<double> WindowStddevOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// stdvar_over_time(m).
std::optional<double> WindowStdvarOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// quantile_over_time(q, m).
std::optional<double> WindowQuantileOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// mad_over_time(m).
std::optional<double> WindowMadOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// ts_of_min_over_time(m).
std::optional<double> WindowTsOfMinOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// ts_of_max_over_time(m).
std::optional<double> WindowTsOfMaxOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// ts_of_first_over_time(m).
std::optional<double> WindowTsOfFirstOverTime(const FunctionArgs& in, const SeriesWindow& s);
/// ts_of_last_over_time(m).
std::optional<double> WindowTsOfLastOverTime(const FunctionArgs& in, const SeriesWindow& s);

// functions_math.cpp
/// abs().
Result<Value> FuncAbs(const FunctionArgs& in);
/// acos().
Result<Value> FuncAcos(const FunctionArgs& in);
/// acosh().
Result<Value> FuncAcosh(const FunctionArgs& in);
/// asin().
Result<Value> FuncAsin(const FunctionArgs& in);
/// asinh().
Result<Value> FuncAsinh(const FunctionArgs& in);
/// atan().
Result<Value> FuncAtan(const FunctionArgs& in);
/// atanh().
Result<Value> FuncAtanh(const FunctionArgs& in);
/// ceil().
Result<Value> FuncCeil(const FunctionArgs& in);
/// clamp().
Result<Value> FuncClamp(const FunctionArgs& in);
/// clamp_max().
Result<Value> FuncClampMax(const FunctionArgs& in);
/// clamp_min().
Result<Value> FuncClampMin(const FunctionArgs& in);
/// cos().
Result<Value> FuncCos(const FunctionArgs& in);
/// cosh().
Result<Value> FuncCosh(const FunctionArgs& in);
/// day_of_month().
Result<Value> FuncDayOfMonth(const FunctionArgs& in);
/// day_of_week().
Result<Value> FuncDayOfWeek(const FunctionArgs& in);
/// day_of_year().
Result<Value> FuncDayOfYear(const FunctionArgs& in);
/// days_in_month().
Result<Value> FuncDaysInMonth(const FunctionArgs& in);
/// deg().
Result<Value> FuncDeg(const FunctionArgs& in);
/// exp().
Result<Value> FuncExp(const FunctionArgs& in);
/// floor().
Result<Value> FuncFloor(const FunctionArgs& in);
/// hour().
Result<Value> FuncHour(const FunctionArgs& in);
/// ln().
Result<Value> FuncLn(const FunctionArgs& in);
/// log10().
Result<Value> FuncLog10(const FunctionArgs& in);
/// log2().
Result<Value> FuncLog2(const FunctionArgs& in);
/// minute().
Result<Value> FuncMinute(const FunctionArgs& in);
/// month().
Result<Value> FuncMonth(const FunctionArgs& in);
/// pi().
Result<Value> FuncPi(const FunctionArgs& in);
/// rad().
Result<Value> FuncRad(const FunctionArgs& in);
/// round().
Result<Value> FuncRound(const FunctionArgs& in);
/// max_of(a, b): Go's math.Max of two scalars.
Result<Value> FuncMaxOf(const FunctionArgs& in);
/// min_of(a, b): Go's math.Min of two scalars.
Result<Value> FuncMinOf(const FunctionArgs& in);
/// scalar().
Result<Value> FuncScalar(const FunctionArgs& in);
/// sgn().
Result<Value> FuncSgn(const FunctionArgs& in);
/// sin().
Result<Value> FuncSin(const FunctionArgs& in);
/// sinh().
Result<Value> FuncSinh(const FunctionArgs& in);
/// sqrt().
Result<Value> FuncSqrt(const FunctionArgs& in);
/// tan().
Result<Value> FuncTan(const FunctionArgs& in);
/// tanh().
Result<Value> FuncTanh(const FunctionArgs& in);
/// timestamp().
Result<Value> FuncTimestamp(const FunctionArgs& in);
/// vector().
Result<Value> FuncVector(const FunctionArgs& in);
/// year().
Result<Value> FuncYear(const FunctionArgs& in);

// functions_labels.cpp
/// absent().
Result<Value> FuncAbsent(const FunctionArgs& in);
/// absent_over_time().
Result<Value> FuncAbsentOverTime(const FunctionArgs& in);
/// label_join().
Result<Value> FuncLabelJoin(const FunctionArgs& in);
/// label_replace().
Result<Value> FuncLabelReplace(const FunctionArgs& in);
/// sort().
Result<Value> FuncSort(const FunctionArgs& in);
/// sort_desc().
Result<Value> FuncSortDesc(const FunctionArgs& in);

// functions_histogram.cpp
/// histogram_quantile(q, v) over classic buckets.
Result<Value> FuncHistogramQuantile(const FunctionArgs& in);
/// histogram_quantiles(v, label, q...) over classic buckets.
Result<Value> FuncHistogramQuantiles(const FunctionArgs& in);
/// histogram_fraction(lower, upper, v) over classic buckets.
Result<Value> FuncHistogramFraction(const FunctionArgs& in);
/// histogram_count/sum/avg/stddev/stdvar: native histograms only, so
/// nothing for float samples.
Result<Value> FuncHistogramNativeOnly(const FunctionArgs& in);

/// sort_by_label(v, l...): natural order of the labels' values, then the labels.
Result<Value> FuncSortByLabel(const FunctionArgs& in);
/// sort_by_label_desc(v, l...).
Result<Value> FuncSortByLabelDesc(const FunctionArgs& in);

/// upstream's quantile(): q-quantile of `values` (sorted in place), NaN first.
double Quantile(double q, std::vector<double>& values);

}  // namespace ttam::eval
