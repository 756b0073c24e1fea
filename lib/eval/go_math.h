// Go's math package functions as Prometheus (built for amd64) computes them:
// the same algorithms and operation order, so results match bit for bit
// where the C library would differ in the last bit.

#pragma once

#include <cstdint>

namespace ttam::eval::gomath {

/// math.Exp as Go's amd64 assembly computes it (Shibata's method: a Taylor
/// series on the argument reduced by ln2 and divided by 16, squared back up),
/// using fused multiply-adds when the CPU has AVX2 and FMA, as Go does.
double Exp(double x);

/// math.Log: FreeBSD's e_log.c algorithm as Go's amd64 assembly runs it.
double Log(double x);

/// math.Log2: exact for powers of two, else Log(frac)/ln2 + exponent.
double Log2(double x);

/// math.Log10: Log(x) * (1/ln10).
double Log10(double x);

/// math.Pow: Go's reduction (integer part by repeated squaring of the
/// mantissa, fractional part through Exp and Log, scaled by Ldexp).
double Pow(double x, double y);

/// math.Sinh and math.Cosh: Hart & Cheney's series near 0, else via Exp.
double Sinh(double x);
double Cosh(double x);

/// math.Tanh: Cephes' rational function near 0, else via Exp.
double Tanh(double x);

/// math.Atan, Asin, Acos and Atan2: Cephes' atan with its range reduction.
double Atan(double x);
double Asin(double x);
double Acos(double x);
double Atan2(double y, double x);

/// math.Sin, Cos and Tan: Cephes' polynomials after reduction by pi/4 in
/// three parts, or Payne-Hanek reduction from 2^29 up.
double Sin(double x);
double Cos(double x);
double Tan(double x);

/// math.Log1p: FreeBSD's s_log1p.c algorithm.
double Log1p(double x);

/// math.Asinh, Acosh and Atanh: FreeBSD's formulas over Log, Log1p and Sqrt.
double Asinh(double x);
double Acosh(double x);
double Atanh(double x);

/// Go's int64(f) on amd64: NaN and out-of-range values give INT64_MIN.
int64_t ToInt64(double f);

/// A civil date and time in UTC, computed as Go's time package does for
/// time.Unix(secs, 0).UTC() (including its wrap-around far outside the
/// years it can represent).
struct GoDate {
  int64_t year = 0;
  int month = 0;    ///< 1..12
  int day = 0;      ///< 1..31
  int yearday = 0;  ///< 1..366
  int hour = 0;
  int minute = 0;
  int weekday = 0;  ///< 0 = Sunday
};

/// The date of Unix time `secs` in UTC, as Go's time package computes it.
GoDate DateOfUnix(int64_t secs);

/// 32 - time.Date(year, month, 32, 0, 0, 0, 0, UTC).Day(), which is how
/// Prometheus computes days_in_month.
int DaysInMonth(int64_t year, int month);

}  // namespace ttam::eval::gomath
