// Instant-vector functions that map each float through a formula (Go's
// math package semantics where they differ from C's: Max/Min, Log2, Log10,
// round's ties toward +Inf), clamp, the date functions over Unix seconds,
// and the scalar/vector conversions, pi and timestamp.

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include "eval/functions_impl.h"

namespace ttam::eval {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

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

// Go's math.Log2: exact for powers of two, else Log(frac)/ln2 + exp.
double GoLog2(double x) {
  int exp = 0;
  double frac = std::frexp(x, &exp);
  if (frac == 0.5) return exp - 1;
  return std::log(frac) * (1 / std::numbers::ln2) + static_cast<double>(exp);
}

double GoLog10(double x) { return std::log(x) * (1 / std::numbers::ln10); }

Result<Value> Clamp(const FunctionArgs& in, double lo, double hi) {
  if (hi < lo) return Value(Vector{});
  return PerSample(in, [&](double f) { return GoMax(lo, GoMin(hi, f)); });
}

// A civil date and time in UTC from Unix seconds (proleptic Gregorian).
struct Civil {
  int64_t year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  int hour = 0;
  int minute = 0;
  int weekday = 0;  // 0 = Sunday
  int yearday = 0;  // 1..366
};

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysIn(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

Civil ToCivil(int64_t secs) {
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  Civil c;
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday.
  // Howard Hinnant's days-to-civil.
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = c.month <= 2 ? y + 1 : y;
  c.yearday = c.day;
  for (int m = 1; m < c.month; ++m) c.yearday += DaysIn(c.year, m);
  return c;
}

// Go's int64(f) on amd64: out-of-range and NaN give the minimum int64.
int64_t GoInt64(double f) {
  if (std::isnan(f) || f >= 9.2233720368547758e18 || f < -9.2233720368547758e18)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(f);
}

template <typename Fn>
Result<Value> Date(const FunctionArgs& in, Fn fn) {
  if (in.args.empty()) {
    return Value(Vector{{model::Labels{}, in.t, static_cast<double>(fn(ToCivil(in.t / 1000)))}});
  }
  return PerSample(in, [&](double f) { return static_cast<double>(fn(ToCivil(GoInt64(f)))); });
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
  return PerSample(in, [](double f) { return std::exp(f); });
}
Result<Value> FuncSqrt(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::sqrt(f); });
}
Result<Value> FuncLn(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::log(f); });
}
Result<Value> FuncLog2(const FunctionArgs& in) { return PerSample(in, GoLog2); }
Result<Value> FuncLog10(const FunctionArgs& in) { return PerSample(in, GoLog10); }
Result<Value> FuncSin(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::sin(f); });
}
Result<Value> FuncCos(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::cos(f); });
}
Result<Value> FuncTan(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::tan(f); });
}
Result<Value> FuncAsin(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::asin(f); });
}
Result<Value> FuncAcos(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::acos(f); });
}
Result<Value> FuncAtan(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::atan(f); });
}
Result<Value> FuncSinh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::sinh(f); });
}
Result<Value> FuncCosh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::cosh(f); });
}
Result<Value> FuncTanh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::tanh(f); });
}
Result<Value> FuncAsinh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::asinh(f); });
}
Result<Value> FuncAcosh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::acosh(f); });
}
Result<Value> FuncAtanh(const FunctionArgs& in) {
  return PerSample(in, [](double f) { return std::atanh(f); });
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
  return Date(in, [](const Civil& c) { return c.day; });
}
Result<Value> FuncDayOfWeek(const FunctionArgs& in) {
  return Date(in, [](const Civil& c) { return c.weekday; });
}
Result<Value> FuncDayOfYear(const FunctionArgs& in) {
  return Date(in, [](const Civil& c) { return c.yearday; });
}
Result<Value> FuncDaysInMonth(const FunctionArgs& in) {
  return Date(in, [](const Civil& c) { return DaysIn(c.year, c.month); });
}
Result<Value> FuncHour(const FunctionArgs& in) {
  return Date(in, [](const Civil& c) { return c.hour; });
}
Result<Value> FuncMinute(const FunctionArgs& in) {
  return Date(in, [](const Civil& c) { return c.minute; });
}
Result<Value> FuncMonth(const FunctionArgs& in) {
  return Date(in, [](const Civil& c) { return c.month; });
}
Result<Value> FuncYear(const FunctionArgs& in) {
  return Date(in, [](const Civil& c) { return c.year; });
}

}  // namespace ttam::eval
