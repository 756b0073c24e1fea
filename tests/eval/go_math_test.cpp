// Go's math functions (exp, logs, pow, trigonometric and hyperbolic) and
// date arithmetic as ports, checked bit for bit
// against values promtool 2.42 (Go 1.19, amd64) printed for the same
// expressions (ln(vector(x)), vector(x) ^ y, month(vector(x)), ...).
// promtool prints the shortest decimal that reads back to its float64, so
// each literal below is that exact double.

#include "eval/go_math.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace ttam::eval::gomath {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Same double, bit for bit (NaN matches NaN).
bool SameBits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  uint64_t x = 0;
  uint64_t y = 0;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return x == y;
}

struct UnaryCase {
  const char* fn;
  double x;
  double want;
};

TEST_CASE("Exp, Log, Log2 and Log10 give promtool 2.42's doubles") {
  static const UnaryCase kCases[] = {
      // exp(): Go's amd64 assembly, including its subnormal results.
      {"Exp", 1.2345, 3.436659761170463},
      {"Exp", -720, 2.0322308024e-313},
      {"Exp", -745.1, 5e-324},
      {"Exp", 709.7, kInf},
      {"Exp", -1e300, 0.0},
      {"Exp", 0.5, 1.6487212707001282},
      {"Exp", -3.3, 0.036883167401240015},
      {"Exp", 100, 2.6881171418161356e+43},
      {"Exp", 1e-10, 1.0000000001},
      {"Exp", -708.4, 2.217119081664265e-308},
      {"Exp", -744.2, 5e-324},
      // ln(): subnormal inputs are reduced as Go's assembly reads the bits.
      {"Log", 5e-324, -709.0895657128241},
      {"Log", 1e-310, -709.0850815488945},
      {"Log", 2.5, 0.9162907318741551},
      {"Log", 0.7071067811865476, -0.3465735902799726},
      {"Log", 1e300, 690.7755278982137},
      {"Log", 33.5821199799971, 3.513993781878114},
      {"Log", 0.1, -2.3025850929940455},
      {"Log", 3, 1.0986122886681096},
      {"Log2", 8, 3.0},
      {"Log2", 3, 1.5849625007211563},
      {"Log2", 0.1, -3.321928094887362},
      {"Log2", 1e-310, -1029.7977094150824},
      {"Log2", 2.051089688107054, 1.036390577999264},
      {"Log2", 1e100, 332.19280948873626},
      // log10(): Log(x) * (1/Ln10); glibc's log10 differs in the last bit.
      {"Log10", 33.5821199799971, 1.5261081089120039},
      {"Log10", 2.503258205883469e+108, 108.39850564849228},
      {"Log10", 0.00994298138354388, -2.002483373723335},
      {"Log10", 1e-310, -307.9517381166022},
      {"Log10", 1000, 3.0},
      {"Log10", 2.749664335226728, 0.43927968064614936},
      {"Log10", 0.47719580688157226, -0.32130338112951606},
  };
  for (const UnaryCase& c : kCases) {
    const std::string fn = c.fn;
    double got = 0;
    if (fn == "Exp") got = Exp(c.x);
    if (fn == "Log") got = Log(c.x);
    if (fn == "Log2") got = Log2(c.x);
    if (fn == "Log10") got = Log10(c.x);
    INFO(fn, "(", c.x, ") = ", got, ", promtool: ", c.want);
    CHECK(SameBits(got, c.want));
  }
}

TEST_CASE("Exp, Log and Pow special values") {
  CHECK(SameBits(Exp(-kInf), 0.0));
  CHECK(SameBits(Exp(kInf), kInf));
  CHECK(std::isnan(Exp(NAN)));
  CHECK(SameBits(Log(0.0), -kInf));
  CHECK(SameBits(Log(-0.0), -kInf));
  CHECK(std::isnan(Log(-1.0)));
  CHECK(SameBits(Log(kInf), kInf));
  CHECK(SameBits(Pow(-0.0, -3), -kInf));
  CHECK(SameBits(Pow(-0.0, 3), -0.0));
  CHECK(SameBits(Pow(-0.0, 2), 0.0));
  CHECK(SameBits(Pow(-1, kInf), 1.0));
  CHECK(SameBits(Pow(-kInf, 3), -kInf));
  CHECK(SameBits(Pow(2, 1e19), kInf));
  CHECK(SameBits(Pow(NAN, 0), 1.0));
}

struct PowCase {
  double x;
  double y;
  double want;
};

TEST_CASE("Pow gives promtool 2.42's doubles for ^") {
  static const PowCase kCases[] = {
      {1.1, 7, 1.9487171000000012},
      {1.1, -7, 0.5131581182307065},
      {2.5, 3.7, 29.67413253642086},
      {0.3, -12.25, 2542521.474269081},
      {-1.7, 5, -14.198569999999997},
      {10, -300.5, 3.1622776601683773e-301},
      {1.0001, 100000, 22015.456048481854},
      {3, 0.5, 1.7320508075688772},
      {-8, 1.5, NAN},
      {7.3, 100.3, 3.901960512708956e+86},
      {0.9, 2000.5, 2.898278621526357e-92},
  };
  for (const PowCase& c : kCases) {
    const double got = Pow(c.x, c.y);
    INFO(c.x, " ^ ", c.y, " = ", got, ", promtool: ", c.want);
    CHECK(SameBits(got, c.want));
  }
}

using UnaryFn = double (*)(double);

struct NamedFn {
  const char* name;
  UnaryFn fn;
};

UnaryFn Lookup(const std::string& name) {
  static const NamedFn kFns[] = {
      {"Sin", Sin},   {"Cos", Cos},     {"Tan", Tan},     {"Asin", Asin},
      {"Acos", Acos}, {"Atan", Atan},   {"Sinh", Sinh},   {"Cosh", Cosh},
      {"Tanh", Tanh}, {"Asinh", Asinh}, {"Acosh", Acosh}, {"Atanh", Atanh},
  };
  for (const NamedFn& f : kFns) {
    if (name == f.name) return f.fn;
  }
  return nullptr;
}

TEST_CASE("trigonometric and hyperbolic functions give promtool 2.42's doubles") {
  // sin/cos/tan of huge arguments go through Payne-Hanek reduction.
  static const UnaryCase kCases[] = {
      {"Sin", 2.5, 0.5984721441039564},
      {"Sin", 1e22, -0.8522008497671889},
      {"Sin", 123456789.123, 0.9998429395520451},
      {"Sin", -0.3, -0.29552020666133955},
      {"Cos", 2.5, -0.8011436155469337},
      {"Cos", 1e300, -0.5753861119575491},
      {"Cos", -7.7, 0.15337386203786435},
      {"Tan", 1.5, 14.101419947171719},
      {"Tan", 3e10, -23.185812431486237},
      {"Tan", -0.7, -0.8422883804630794},
      {"Asin", 0.3, 0.3046926540153975},
      {"Asin", -0.95, -1.253235897503375},
      {"Acos", 0.3, 1.266103672779499},
      {"Acos", -0.95, 2.8240322242982714},
      {"Atan", 0.5, 0.4636476090008061},
      {"Atan", -1.7, -1.039072259536091},
      {"Atan", 40, 1.5458015331759765},
      {"Sinh", 0.3, 0.3045202934471426},
      {"Sinh", 0.8174658558345911, 0.9116020803492253},
      {"Sinh", -30, -5343237290762.23},
      {"Cosh", -0.4838555099051354, 1.1193597397233386},
      {"Cosh", 0.9847311869973621, 1.5253158881296776},
      {"Cosh", 22, 1792456423.0657957},
      {"Tanh", 0.3, 0.2913126124515909},
      {"Tanh", -2.5, -0.9866142981514303},
      {"Tanh", 50, 1.0},
      {"Asinh", 0.3, 0.29567304756342244},
      {"Asinh", -5, -2.3124383412727525},
      {"Asinh", 1e10, 23.7189981105004},
      {"Acosh", 1.5, 0.9624236501192069},
      {"Acosh", 7, 2.6339157938496336},
      {"Acosh", 1e10, 23.7189981105004},
      {"Atanh", 0.3, 0.30951960420311175},
      {"Atanh", -0.75, -0.9729550745276566},
      {"Atanh", 1e-5, 1.0000000000333335e-05},
  };
  for (const UnaryCase& c : kCases) {
    const UnaryFn fn = Lookup(c.fn);
    REQUIRE(static_cast<bool>(fn));
    const double got = fn(c.x);
    INFO(c.fn, "(", c.x, ") = ", got, ", promtool: ", c.want);
    CHECK(SameBits(got, c.want));
  }
}

TEST_CASE("Atan2 gives promtool 2.42's doubles for atan2") {
  static const PowCase kCases[] = {
      {-4.69733948088683, 0.39460786199377207, -1.4869864362685938},
      {0.7680345046473747, -0.6883945164710228, 2.3015672118887354},
      {-164.52744829586857, 244.43348121884787, -0.5924411857293375},
      {-1, -1e-300, -1.5707963267948966},
  };
  for (const PowCase& c : kCases) {
    const double got = Atan2(c.x, c.y);
    INFO(c.x, " atan2 ", c.y, " = ", got, ", promtool: ", c.want);
    CHECK(SameBits(got, c.want));
  }
}

struct DateCase {
  double x;
  int64_t year;
  int month;
  int day;
  int yearday;
  int days_in_month;
  int hour;
  int minute;
  int weekday;
};

TEST_CASE("dates of Unix seconds as Go's time package gives them, NaN and Inf included") {
  // year, month, day_of_month, day_of_year, days_in_month, hour, minute,
  // day_of_week of vector(x), as promtool 2.42 printed them. NaN, +-Inf and
  // out-of-range values become math.MinInt64, whose date Go computes by
  // wrapping around its uint64 absolute time.
  static const DateCase kCases[] = {
      {NAN, 292277026596, 12, 4, 339, 31, 15, 30, 0},
      {kInf, 292277026596, 12, 4, 339, 31, 15, 30, 0},
      {-kInf, 292277026596, 12, 4, 339, 31, 15, 30, 0},
      {1e19, 292277026596, 12, 4, 339, 31, 15, 30, 0},
      {-1e19, 292277026596, 12, 4, 339, 31, 15, 30, 0},
      {0, 1970, 1, 1, 1, 31, 0, 0, 4},
      {-1, 1969, 12, 31, 365, 31, 23, 59, 3},
      {1700000000, 2023, 11, 14, 318, 30, 22, 13, 2},
      {951782400, 2000, 2, 29, 60, 29, 0, 0, 2},
      {-62135596801, 0, 12, 31, 366, 31, 23, 59, 0},
      {253402300800, 10000, 1, 1, 1, 31, 0, 0, 6},
  };
  for (const DateCase& c : kCases) {
    INFO("x = ", c.x);
    const GoDate d = DateOfUnix(ToInt64(c.x));
    CHECK(d.year == c.year);
    CHECK(d.month == c.month);
    CHECK(d.day == c.day);
    CHECK(d.yearday == c.yearday);
    CHECK(DaysInMonth(d.year, d.month) == c.days_in_month);
    CHECK(d.hour == c.hour);
    CHECK(d.minute == c.minute);
    CHECK(d.weekday == c.weekday);
  }
}

}  // namespace
}  // namespace ttam::eval::gomath
