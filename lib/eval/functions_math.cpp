// Instant-vector functions that map each float through a formula (Go's
// math package semantics where they differ from C's: Max/Min, round's ties
// toward +Inf, and exp/ln/log2/log10 from go_math.h), clamp, the date
// functions over Unix seconds (Go's time arithmetic), and the scalar/vector
// conversions, pi and timestamp.

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include "eval/functions_impl.h"
#include "eval/go_math.h"

namespace ttam::eval {
namespace {

// Go's math.Max: +Inf wins over NaN, then NaN propagates, +0 beats -0.
double GoMax(double x, double y) {
  if (std::isinf(x) && x > 0) return x;
  if (std::isinf(y) && y > 0) return y;
  if (std::isnan(x) || std::isnan(y)) return NAN;
  if (x == 0 && x == y) return std::signbit(x) ? y : x;
  return x > y ? x : y;
}

// Go's math.Min: -Inf wins over NaN, then NaN propagates, -0 beats +0.
double GoMin(double x, double y) {
  if (std::isinf(x) && x < 0) return x;
  if (std::isinf(y) && y < 0) return y;
  if (std::isnan(x) || std::isnan(y)) return NAN;
  if (x == 0 && x == y) return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

Result<Value> Clamp(const FunctionArgs& in, double lo, double hi) {
  if (hi < lo) return Value(Vector{});
  return PerSample(in, [&](double f) { return GoMax(lo, GoMin(hi, f)); });
}

template <typename Fn>
Result<Value> Date(const FunctionArgs& in, Fn fn) {
  if (in.args.empty()) {
    return Value(
        Vector{{model::Labels{}, in.t, static_cast<double>(fn(gomath::DateOfUnix(in.t / 1000)))}});
  }
  return PerSample(in, [&](double f) {
    return static_cast<double>(fn(gomath::DateOfUnix(gomath::ToInt64(f))));
  });
}

}  // namespace

Result<Value> FuncAbs(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::fabs(f); });
}
Result<Value> FuncCeil(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::ceil(f); });
}
Result<Value> FuncFloor(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::floor(f); });
}
Result<Value> FuncExp(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Exp(f); });
}
Result<Value> FuncSqrt(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::sqrt(f); });
}
Result<Value> FuncLn(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Log(f); });
}
Result<Value> FuncLog2(const FunctionArgs& in) { return PerSample(in, gomath::Log2); }
Result<Value> FuncLog10(const FunctionArgs& in) { return PerSample(in, gomath::Log10); }
Result<Value> FuncSin(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Sin(f); });
}
Result<Value> FuncCos(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Cos(f); });
}
Result<Value> FuncTan(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Tan(f); });
}
Result<Value> FuncAsin(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Asin(f); });
}
Result<Value> FuncAcos(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Acos(f); });
}
Result<Value> FuncAtan(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Atan(f); });
}
Result<Value> FuncSinh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Sinh(f); });
}
Result<Value> FuncCosh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Cosh(f); });
}
Result<Value> FuncTanh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Tanh(f); });
}
Result<Value> FuncAsinh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Asinh(f); });
}
Result<Value> FuncAcosh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Acosh(f); });
}
Result<Value> FuncAtanh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return gomath::Atanh(f); });
}
Result<Value> FuncRad(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return f * std::numbers::pi / 180; });
}
Result<Value> FuncDeg(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return f * 180 / std::numbers::pi; });
}
Result<Value> FuncSgn(const FunctionArgs& in) {
  return PerSample(in, [](double f) {
    if (f < 0) return -1.0;
    if (f > 0) return 1.0;
    return f;
  });
}

Result<Value> FuncPi(const FunctionArgs& in) { return Value(Scalar{in.t, std::numbers::pi}); }

Result<Value> FuncRound(const FunctionArgs& in) {
  double to = in.args.size() >= 2 ? ScalarArg(in, 1) : 1.0;
  double inverse = 1.0 / to;
  return PerSample(in, [&](double f) { return std::floor(f * inverse + 0.5) / inverse; });
}

Result<Value> FuncClamp(const FunctionArgs& in) {
  return Clamp(in, ScalarArg(in, 1), ScalarArg(in, 2));
}
Result<Value> FuncClampMin(const FunctionArgs& in) { return Clamp(in, ScalarArg(in, 1), kInf); }
Result<Value> FuncClampMax(const FunctionArgs& in) { return Clamp(in, -kInf, ScalarArg(in, 1)); }

Result<Value> FuncMaxOf(const FunctionArgs& in) {
  return Value(Scalar{in.t, GoMax(ScalarArg(in, 0), ScalarArg(in, 1))});
}
Result<Value> FuncMinOf(const FunctionArgs& in) {
  return Value(Scalar{in.t, GoMin(ScalarArg(in, 0), ScalarArg(in, 1))});
}

Result<Value> FuncScalar(const FunctionArgs& in) {
  const Vector* v = VectorArg(in);
  double value = v != nullptr && v->size() == 1 ? v->front().v : NAN;
  return Value(Scalar{in.t, value});
}

Result<Value> FuncVector(const FunctionArgs& in) {
  return Value(Vector{{model::Labels{}, in.t, ScalarArg(in, 0)}});
}

Result<Value> FuncTimestamp(const FunctionArgs& in) {
  const Vector* v = VectorArg(in);
  if (v == nullptr) return Error{"timestamp() expects an instant vector"};
  Vector out;
  out.reserve(v->size());
  for (const VectorSample& s : *v) {
    out.push_back({NameDropped(s.labels, in.delayed_name_removal), in.t,
                   static_cast<double>(s.t) / 1000, true});
  }
  if (!in.delayed_name_removal) {
    if (Status st = CheckDistinctLabels(out); !st) return st.error();
  }
  return Value(std::move(out));
}

Result<Value> FuncDayOfMonth(const FunctionArgs& in) {
  return Date(in, [](const gomath::GoDate& c) { return c.day; });
}
Result<Value> FuncDayOfWeek(const FunctionArgs& in) {
  return Date(in, [](const gomath::GoDate& c) { return c.weekday; });
}
Result<Value> FuncDayOfYear(const FunctionArgs& in) {
  return Date(in, [](const gomath::GoDate& c) { return c.yearday; });
}
Result<Value> FuncDaysInMonth(const FunctionArgs& in) {
  return Date(in, [](const gomath::GoDate& c) { return gomath::DaysInMonth(c.year, c.month); });
}
Result<Value> FuncHour(const FunctionArgs& in) {
  return Date(in, [](const gomath::GoDate& c) { return c.hour; });
}
Result<Value> FuncMinute(const FunctionArgs& in) {
  return Date(in, [](const gomath::GoDate& c) { return c.minute; });
}
Result<Value> FuncMonth(const FunctionArgs& in) {
  return Date(in, [](const gomath::GoDate& c) { return c.month; });
}
Result<Value> FuncYear(const FunctionArgs& in) {
  return Date(in, [](const gomath::GoDate& c) { return c.year; });
}

}  // namespace ttam::eval
