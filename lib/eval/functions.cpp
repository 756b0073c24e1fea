#include "eval/functions.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "eval/functions_impl.h"

namespace ttam::eval {
namespace {

Result<Value> FuncTime(const FunctionArgs& in) {
  return Value(Scalar{in.t, static_cast<double>(in.t) / 1000.0});
}

constexpr std::array kFunctions = {
    FunctionImpl{"abs", &FuncAbs},
    FunctionImpl{"absent", &FuncAbsent},
    FunctionImpl{"absent_over_time", &FuncAbsentOverTime},
    FunctionImpl{"acos", &FuncAcos},
    FunctionImpl{"acosh", &FuncAcosh},
    FunctionImpl{"asin", &FuncAsin},
    FunctionImpl{"asinh", &FuncAsinh},
    FunctionImpl{"atan", &FuncAtan},
    FunctionImpl{"atanh", &FuncAtanh},
    Windowed<WindowAvgOverTime>("avg_over_time"),
    FunctionImpl{"ceil", &FuncCeil},
    Windowed<WindowChanges>("changes"),
    FunctionImpl{"clamp", &FuncClamp},
    FunctionImpl{"clamp_max", &FuncClampMax},
    FunctionImpl{"clamp_min", &FuncClampMin},
    FunctionImpl{"cos", &FuncCos},
    FunctionImpl{"cosh", &FuncCosh},
    Windowed<WindowCountOverTime>("count_over_time"),
    FunctionImpl{"day_of_month", &FuncDayOfMonth},
    FunctionImpl{"day_of_week", &FuncDayOfWeek},
    FunctionImpl{"day_of_year", &FuncDayOfYear},
    FunctionImpl{"days_in_month", &FuncDaysInMonth},
    FunctionImpl{"deg", &FuncDeg},
    Windowed<WindowDelta>("delta"),
    Windowed<WindowDeriv>("deriv"),
    FunctionImpl{"double_exponential_smoothing", &FuncDoubleExponentialSmoothing},
    FunctionImpl{"exp", &FuncExp},
    Windowed<WindowFirstOverTime, kKeepsName>("first_over_time"),
    FunctionImpl{"floor", &FuncFloor},
    FunctionImpl{"histogram_avg", &FuncHistogramNativeOnly},
    FunctionImpl{"histogram_count", &FuncHistogramNativeOnly},
    FunctionImpl{"histogram_fraction", &FuncHistogramFraction},
    FunctionImpl{"histogram_quantile", &FuncHistogramQuantile},
    FunctionImpl{"histogram_quantiles", &FuncHistogramQuantiles},
    FunctionImpl{"histogram_stddev", &FuncHistogramNativeOnly},
    FunctionImpl{"histogram_stdvar", &FuncHistogramNativeOnly},
    FunctionImpl{"histogram_sum", &FuncHistogramNativeOnly},
    FunctionImpl{"hour", &FuncHour},
    Windowed<WindowIdelta>("idelta"),
    Windowed<WindowIncrease>("increase"),
    Windowed<WindowIrate>("irate"),
    FunctionImpl{"label_join", &FuncLabelJoin},
    FunctionImpl{"label_replace", &FuncLabelReplace},
    Windowed<WindowLastOverTime, kKeepsName>("last_over_time"),
    FunctionImpl{"ln", &FuncLn},
    FunctionImpl{"log10", &FuncLog10},
    FunctionImpl{"log2", &FuncLog2},
    Windowed<WindowMadOverTime>("mad_over_time"),
    FunctionImpl{"max_of", &FuncMaxOf},
    Windowed<WindowMaxOverTime>("max_over_time"),
    FunctionImpl{"min_of", &FuncMinOf},
    Windowed<WindowMinOverTime>("min_over_time"),
    FunctionImpl{"minute", &FuncMinute},
    FunctionImpl{"month", &FuncMonth},
    FunctionImpl{"pi", &FuncPi},
    Windowed<WindowPredictLinear>("predict_linear"),
    Windowed<WindowPresentOverTime>("present_over_time"),
    Windowed<WindowQuantileOverTime>("quantile_over_time"),
    FunctionImpl{"rad", &FuncRad},
    Windowed<WindowRate>("rate"),
    Windowed<WindowResets>("resets"),
    FunctionImpl{"round", &FuncRound},
    FunctionImpl{"scalar", &FuncScalar},
    FunctionImpl{"sgn", &FuncSgn},
    FunctionImpl{"sin", &FuncSin},
    FunctionImpl{"sinh", &FuncSinh},
    FunctionImpl{"sort", &FuncSort},
    FunctionImpl{"sort_by_label", &FuncSortByLabel},
    FunctionImpl{"sort_by_label_desc", &FuncSortByLabelDesc},
    FunctionImpl{"sort_desc", &FuncSortDesc},
    FunctionImpl{"sqrt", &FuncSqrt},
    FunctionImpl{"start_timestamp", &FuncStartTimestamp},
    Windowed<WindowStddevOverTime>("stddev_over_time"),
    Windowed<WindowStdvarOverTime>("stdvar_over_time"),
    Windowed<WindowSumOverTime>("sum_over_time"),
    FunctionImpl{"tan", &FuncTan},
    FunctionImpl{"tanh", &FuncTanh},
    FunctionImpl{"time", &FuncTime},
    FunctionImpl{"timestamp", &FuncTimestamp},
    Windowed<WindowTsOfFirstOverTime>("ts_of_first_over_time"),
    Windowed<WindowTsOfLastOverTime>("ts_of_last_over_time"),
    Windowed<WindowTsOfMaxOverTime>("ts_of_max_over_time"),
    Windowed<WindowTsOfMinOverTime>("ts_of_min_over_time"),
    FunctionImpl{"vector", &FuncVector},
    FunctionImpl{"year", &FuncYear},
};

static_assert(std::is_sorted(kFunctions.begin(), kFunctions.end(),
                             [](const FunctionImpl& a, const FunctionImpl& b) {
                               return a.name < b.name;
                             }),
              "the function table must stay sorted by name");

}  // namespace

const Matrix* MatrixArg(const FunctionArgs& in) {
  for (const Value& v : in.args) {
    if (const auto* m = std::get_if<Matrix>(&v)) return m;
  }
  return nullptr;
}

const Vector* VectorArg(const FunctionArgs& in) {
  for (const Value& v : in.args) {
    if (const auto* m = std::get_if<Vector>(&v)) return m;
  }
  return nullptr;
}

double ScalarArg(const FunctionArgs& in, size_t i) {
  if (i >= in.args.size()) return NAN;
  const auto* s = std::get_if<Scalar>(&in.args[i]);
  return s == nullptr ? NAN : s->v;
}

std::span<const FunctionImpl> AllFunctionImpls() { return kFunctions; }

const FunctionImpl* FindFunctionImpl(const promql::Function& function) {
  auto it = std::lower_bound(kFunctions.begin(), kFunctions.end(), function.name,
                             [](const FunctionImpl& f, std::string_view n) { return f.name < n; });
  return it != kFunctions.end() && it->name == function.name ? &*it : nullptr;
}

}  // namespace ttam::eval
