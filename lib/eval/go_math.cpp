// Go's math.Exp, Log, Log2, Log10 and Pow as they run on amd64, and the
// civil-date arithmetic of Go's time package (Go 1.19, which built the
// Prometheus 2.42 reference). Written from the published algorithms; the
// floating-point operations happen in Go's order (this file is compiled
// with -ffp-contract=off; fused multiply-adds only where Go uses them).

#include "eval/go_math.h"

#include <bit>
#include <cmath>
#include <limits>

namespace ttam::eval::gomath {
namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr uint64_t kPosInfBits = 0x7FF0000000000000;
constexpr uint64_t kNegInfBits = 0xFFF0000000000000;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Go's amd64 Exp takes the fused multiply-add path when the CPU has both.
bool UseFma() {
#if defined(__x86_64__)
  static const bool use = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return use;
#else
  return false;
#endif
}

// CVTSD2SL: round to nearest even; NaN and out-of-range give INT32_MIN.
int32_t ToInt32Nearest(double v) {
  double r = std::nearbyint(v);
  if (!(r >= -2147483648.0 && r <= 2147483647.0)) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(r);
}

// Go's isOddInt for Pow.
bool IsOddInt(double x) {
  double xi = 0;
  double xf = std::modf(x, &xi);
  return xf == 0 && (static_cast<uint64_t>(ToInt64(xi)) & 1) == 1;
}

}  // namespace

int64_t ToInt64(double f) {
  if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0))
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(f);
}

double Exp(double x) {
  // Shibata's method with the constants of SLEEF, as in Go's exp_amd64.s.
  constexpr double kLog2E = 1.4426950408889634073599246810018920;
  constexpr double kLn2U = 0.69314718055966295651160180568695068359375;
  constexpr double kLn2L = 0.28235290563031577122588448175013436025525412068e-12;
  constexpr double kOverflow = 7.09782712893384e+02;
  constexpr double kC[] = {
      2.4801587301587301587e-5,
      1.9841269841269841270e-4,
      1.3888888888888888889e-3,
      8.3333333333333333333e-3,
      4.1666666666666666667e-2,
      1.6666666666666666667e-1,
      0.5,
      1.0,
  };
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  if ((bits & ~kSignBit) >= kPosInfBits) return bits == kNegInfBits ? 0 : x;
  if (x > kOverflow) return kInf;
  const int32_t k = ToInt32Nearest(kLog2E * x);
  const double kd = k;
  double r = 0;
  if (UseFma()) {
    r = std::fma(-kd, kLn2U, x);
    r = std::fma(-kd, kLn2L, r);
    r *= 0.0625;
    double p = kC[0];
    for (int i = 1; i < 8; ++i) p = std::fma(p, r, kC[i]);
    r *= p;
    for (int i = 0; i < 3; ++i) r *= r + 2.0;
    r = std::fma(r, r + 2.0, 1.0);
  } else {
    r = x - kd * kLn2U;
    r = r - kd * kLn2L;
    r *= 0.0625;
    double p = kC[0];
    for (int i = 1; i < 8; ++i) {
      p *= r;
      p += kC[i];
    }
    r *= p;
    for (int i = 0; i < 4; ++i) r *= 2.0 + r;
    r += 1.0;
  }
  int64_t biased = int64_t{k} + 0x3FF;
  if (biased <= 0) {
    // A subnormal result: scale in two steps, the second one rounding.
    if (biased < -52) return 0;
    r *= std::bit_cast<double>(static_cast<uint64_t>(biased + 0x3FE) << 52);
    biased = 1;
  } else if (biased >= 0x7FF) {
    return kInf;
  }
  return r * std::bit_cast<double>(static_cast<uint64_t>(biased) << 52);
}

double Log(double x) {
  // FreeBSD's e_log.c as Go's log_amd64.s computes it; its frexp reads the
  // exponent bits directly, so subnormals are reduced as Go reduces them.
  constexpr double kHalfSqrt2 = 7.07106781186547524401e-01;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kL1 = 6.666666666666735130e-01;
  constexpr double kL2 = 3.999999999940941908e-01;
  constexpr double kL3 = 2.857142874366239149e-01;
  constexpr double kL4 = 2.222219843214978396e-01;
  constexpr double kL5 = 1.818357216161805012e-01;
  constexpr double kL6 = 1.531383769920937332e-01;
  constexpr double kL7 = 1.479819860511658591e-01;
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  if ((bits & ~kSignBit) == 0) return -kInf;
  if (bits & kSignBit) return std::bit_cast<double>(uint64_t{0x7FF8000000000001});
  if (bits >= kPosInfBits) return x;
  double f1 = std::bit_cast<double>((bits & 0x000FFFFFFFFFFFFF) | 0x3FE0000000000000);
  double k = static_cast<double>(static_cast<int>((bits >> 52) & 0x7FF) - 0x3FE);
  const double adjust = kHalfSqrt2 < f1 ? 0.0 : 1.0;
  k -= adjust;
  f1 *= 1.0 + adjust;
  const double f = f1 - 1.0;
  const double s = f / (2.0 + f);
  const double s2 = s * s;
  const double s4 = s2 * s2;
  const double t1 = s2 * (kL1 + s4 * (kL3 + s4 * (kL5 + s4 * kL7)));
  const double t2 = s4 * (kL2 + s4 * (kL4 + s4 * kL6));
  const double big_r = t1 + t2;
  const double hfsq = 0.5 * f * f;
  return k * kLn2Hi - ((hfsq - (s * (hfsq + big_r) + k * kLn2Lo)) - f);
}

double Log2(double x) {
  constexpr double kInvLn2 = 1.44269504088896340735992468100189214;  // 1/ln2, rounded once
  int exp = 0;
  const double frac = std::frexp(x, &exp);
  if (frac == 0.5) return static_cast<double>(exp - 1);
  return Log(frac) * kInvLn2 + static_cast<double>(exp);
}

double Log10(double x) {
  constexpr double kInvLn10 = 0.434294481903251827651128918916605082;  // 1/ln10, rounded once
  return Log(x) * kInvLn10;
}

double Pow(double x, double y) {
  if (y == 0 || x == 1) return 1;
  if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) {
    if (y < 0) return IsOddInt(y) ? std::copysign(kInf, x) : kInf;
    return IsOddInt(y) ? x : 0.0;
  }
  if (std::isinf(y)) {
    if (x == -1) return 1;
    return (std::fabs(x) < 1) == (y > 0) ? 0.0 : kInf;
  }
  if (std::isinf(x)) {
    if (x < 0) return Pow(1 / x, -y);  // Pow(-0, -y)
    return y < 0 ? 0.0 : kInf;
  }
  if (y == 0.5) return std::sqrt(x);
  if (y == -0.5) return 1 / std::sqrt(x);

  double yi = 0;
  double yf = std::modf(std::fabs(y), &yi);
  if (yf != 0 && x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (yi >= 9223372036854775808.0) {
    // A large even integer: overflow or underflow for every x but -1.
    if (x == -1) return 1;
    return (std::fabs(x) < 1) == (y > 0) ? 0.0 : kInf;
  }
  // The answer is a1 * 2**ae.
  double a1 = 1.0;
  int64_t ae = 0;
  if (yf != 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = Exp(yf * Log(x));
  }
  // Multiply in x**yi by successive squarings of x's mantissa, keeping the
  // powers of two apart in ae.
  int xe_int = 0;
  double x1 = std::frexp(x, &xe_int);
  int64_t xe = xe_int;
  for (auto i = static_cast<int64_t>(yi); i != 0; i >>= 1) {
    if (xe < -(1 << 12) || (1 << 12) < xe) {
      // Certain overflow or underflow: Ldexp below saturates.
      ae += xe;
      break;
    }
    if ((i & 1) == 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < .5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  if (ae > 100000) ae = 100000;
  if (ae < -100000) ae = -100000;
  return std::ldexp(a1, static_cast<int>(ae));
}

// --- Go's time package (Go 1.19): absolute seconds since year
// -292277022399, as uint64 with wrap-around.

namespace {

constexpr uint64_t kSecondsPerDay = 86400;
constexpr uint64_t kSecondsPerWeek = 7 * kSecondsPerDay;
constexpr uint64_t kDaysPer400Years = 365 * 400 + 97;
constexpr uint64_t kDaysPer100Years = 365 * 100 + 24;
constexpr uint64_t kDaysPer4Years = 365 * 4 + 1;
constexpr int64_t kAbsoluteZeroYear = -292277022399;
// (absoluteZeroYear - 1) * 365.2425 * secondsPerDay, evaluated exactly.
constexpr int64_t kAbsoluteToInternal = -9223371966579724800;
constexpr int64_t kUnixToInternal = (1969 * 365 + 1969 / 4 - 1969 / 100 + 1969 / 400) * 86400LL;
constexpr int kDaysBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

bool IsLeap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

uint64_t AbsOfUnix(int64_t unix) {
  return static_cast<uint64_t>(unix) + static_cast<uint64_t>(kUnixToInternal - kAbsoluteToInternal);
}

int64_t UnixOfAbs(uint64_t abs) {
  return static_cast<int64_t>(abs + static_cast<uint64_t>(kAbsoluteToInternal - kUnixToInternal));
}

void AbsDate(uint64_t abs, GoDate& out) {
  uint64_t d = abs / kSecondsPerDay;
  uint64_t n = d / kDaysPer400Years;
  uint64_t y = 400 * n;
  d -= kDaysPer400Years * n;
  n = d / kDaysPer100Years;
  n -= n >> 2;
  y += 100 * n;
  d -= kDaysPer100Years * n;
  n = d / kDaysPer4Years;
  y += 4 * n;
  d -= kDaysPer4Years * n;
  n = d / 365;
  n -= n >> 2;
  y += n;
  d -= 365 * n;
  out.year = static_cast<int64_t>(y + static_cast<uint64_t>(kAbsoluteZeroYear));
  const int yday = static_cast<int>(d);
  out.yearday = yday + 1;
  int day = yday;
  if (IsLeap(out.year)) {
    if (day > 31 + 29 - 1) {
      day--;  // after the leap day: count as in a common year
    } else if (day == 31 + 29 - 1) {
      out.month = 2;
      out.day = 29;
      return;
    }
  }
  int month = day / 31;  // as if every month had 31 days
  const int end = kDaysBefore[month + 1];
  int begin = 0;
  if (day >= end) {
    month++;
    begin = end;
  } else {
    begin = kDaysBefore[month];
  }
  out.month = month + 1;
  out.day = day - begin + 1;
}

uint64_t DaysSinceEpoch(int64_t year) {
  uint64_t y = static_cast<uint64_t>(year) - static_cast<uint64_t>(kAbsoluteZeroYear);
  uint64_t n = y / 400;
  y -= 400 * n;
  uint64_t d = kDaysPer400Years * n;
  n = y / 100;
  y -= 100 * n;
  d += kDaysPer100Years * n;
  n = y / 4;
  y -= 4 * n;
  d += kDaysPer4Years * n;
  d += 365 * y;
  return d;
}

}  // namespace

GoDate DateOfUnix(int64_t secs) {
  const uint64_t abs = AbsOfUnix(secs);
  GoDate out;
  AbsDate(abs, out);
  const auto clock = static_cast<int>(abs % kSecondsPerDay);
  out.hour = clock / 3600;
  out.minute = clock % 3600 / 60;
  // January 1 of the absolute year was a Monday.
  out.weekday = static_cast<int>((abs + 1 * kSecondsPerDay) % kSecondsPerWeek / kSecondsPerDay);
  return out;
}

int DaysInMonth(int64_t year, int month) {
  // time.Date(year, month, 32, 0, 0, 0, 0, time.UTC): month is in 1..12.
  uint64_t d = DaysSinceEpoch(year);
  d += static_cast<uint64_t>(kDaysBefore[month - 1]);
  if (IsLeap(year) && month >= 3) d++;
  d += 32 - 1;
  const uint64_t abs = d * kSecondsPerDay;
  GoDate out;
  AbsDate(AbsOfUnix(UnixOfAbs(abs)), out);
  return 32 - out.day;
}

}  // namespace ttam::eval::gomath
