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

double Sinh(double x) {
  // Hart & Cheney #2029 for small |x|, else through Exp.
  constexpr double kP0 = -0.6307673640497716991184787251e+6;
  constexpr double kP1 = -0.8991272022039509355398013511e+5;
  constexpr double kP2 = -0.2894211355989563807284660366e+4;
  constexpr double kP3 = -0.2630563213397497062819489e+2;
  constexpr double kQ0 = -0.6307673640497716991212077277e+6;
  constexpr double kQ1 = 0.1521517378790019070696485176e+5;
  constexpr double kQ2 = -0.173678953558233699533450911e+3;
  const bool negative = x < 0;
  if (negative) x = -x;
  double r = 0;
  if (x > 21) {
    r = Exp(x) * 0.5;
  } else if (x > 0.5) {
    const double ex = Exp(x);
    r = (ex - 1 / ex) * 0.5;
  } else {
    const double sq = x * x;
    r = (((kP3 * sq + kP2) * sq + kP1) * sq + kP0) * x;
    r = r / (((sq + kQ2) * sq + kQ1) * sq + kQ0);
  }
  return negative ? -r : r;
}

double Cosh(double x) {
  x = std::fabs(x);
  if (x > 21) return Exp(x) * 0.5;
  const double ex = Exp(x);
  return (ex + 1 / ex) * 0.5;
}

double Tanh(double x) {
  // Cephes: x + x^3 P(x^2)/Q(x^2) for |x| < 0.625, else 1 - 2/(exp(2|x|) + 1).
  constexpr double kMaxLog = 8.8029691931113054295988e+01;
  constexpr double kP[] = {-9.64399179425052238628E-1, -9.92877231001918586564E1,
                           -1.61468768441708447952E3};
  constexpr double kQ[] = {1.12811678491632931402E2, 2.23548839060100448583E3,
                           4.84406305325125486048E3};
  double z = std::fabs(x);
  if (z > 0.5 * kMaxLog) return x < 0 ? -1 : 1;
  if (z >= 0.625) {
    const double s = Exp(2 * z);
    z = 1 - 2 / (s + 1);
    return x < 0 ? -z : z;
  }
  if (x == 0) return x;
  const double s = x * x;
  return x + x * s * ((kP[0] * s + kP[1]) * s + kP[2]) / (((s + kQ[0]) * s + kQ[1]) * s + kQ[2]);
}

namespace {

constexpr double kPi = 3.14159265358979323846264338327950288;
constexpr double kHalfPi = 1.57079632679489661923132169163975144;
constexpr double kQuarterPi = 0.785398163397448309615660845819875721;

// Cephes' atan series, valid on [0, 0.66].
double XAtan(double x) {
  constexpr double kP0 = -8.750608600031904122785e-01;
  constexpr double kP1 = -1.615753718733365076637e+01;
  constexpr double kP2 = -7.500855792314704667340e+01;
  constexpr double kP3 = -1.228866684490136173410e+02;
  constexpr double kP4 = -6.485021904942025371773e+01;
  constexpr double kQ0 = +2.485846490142306297962e+01;
  constexpr double kQ1 = +1.650270098316988542046e+02;
  constexpr double kQ2 = +4.328810604912902668951e+02;
  constexpr double kQ3 = +4.853903996359136964868e+02;
  constexpr double kQ4 = +1.945506571482613964425e+02;
  double z = x * x;
  z = z * ((((kP0 * z + kP1) * z + kP2) * z + kP3) * z + kP4) /
      (((((z + kQ0) * z + kQ1) * z + kQ2) * z + kQ3) * z + kQ4);
  z = x * z + x;
  return z;
}

// Reduces a positive argument to [0, 0.66] for XAtan.
double SAtan(double x) {
  constexpr double kMorebits = 6.123233995736765886130e-17;  // pi/2 = PIO2 + Morebits
  constexpr double kHalfMorebits = 0.5 * 6.123233995736765886130e-17;
  constexpr double kTan3Pio8 = 2.41421356237309504880;
  if (x <= 0.66) return XAtan(x);
  if (x > kTan3Pio8) return kHalfPi - XAtan(1 / x) + kMorebits;
  return kQuarterPi + XAtan((x - 1) / (x + 1)) + kHalfMorebits;
}

}  // namespace

double Atan(double x) {
  if (x == 0) return x;
  return x > 0 ? SAtan(x) : -SAtan(-x);
}

double Asin(double x) {
  if (x == 0) return x;
  const bool negative = x < 0;
  if (negative) x = -x;
  if (x > 1) return std::numeric_limits<double>::quiet_NaN();
  double r = std::sqrt(1 - x * x);
  r = x > 0.7 ? kHalfPi - SAtan(r / x) : SAtan(x / r);
  return negative ? -r : r;
}

double Acos(double x) { return kHalfPi - Asin(x); }

double Atan2(double y, double x) {
  constexpr double kThreeQuarterPi = 2.35619449019234492884698253745962716;
  if (std::isnan(y) || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (y == 0) return x >= 0 && !std::signbit(x) ? std::copysign(0.0, y) : std::copysign(kPi, y);
  if (x == 0) return std::copysign(kHalfPi, y);
  if (std::isinf(x)) {
    if (x > 0) return std::isinf(y) ? std::copysign(kQuarterPi, y) : std::copysign(0.0, y);
    return std::isinf(y) ? std::copysign(kThreeQuarterPi, y) : std::copysign(kPi, y);
  }
  if (std::isinf(y)) return std::copysign(kHalfPi, y);
  const double q = Atan(y / x);
  if (x < 0) return q <= 0 ? q + kPi : q - kPi;
  return q;
}

namespace {

// Pi/4 in three parts for the extended-precision reduction.
constexpr double kPi4A = 7.85398125648498535156e-1;
constexpr double kPi4B = 3.77489470793079817668e-8;
constexpr double kPi4C = 2.69515142907905952645e-15;
constexpr double kFourOverPi = 1.27323954473516268615107010698011489;
constexpr double kReduceThreshold = 1 << 29;

constexpr double kSinCoef[] = {
    1.58962301576546568060e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6,
    -1.98412698295895385996e-4, 8.33333333332211858878e-3,  -1.66666666666666307295e-1,
};
constexpr double kCosCoef[] = {
    -1.13585365213876817300e-11, 2.08757008419747316778e-9,  -2.75573141792967388112e-7,
    2.48015872888517045348e-5,   -1.38888888888730564116e-3, 4.16666666666665929218e-2,
};

// The binary digits of 4/pi: 4/pi = sum of kMPi4[i] * 2^(-64 i).
constexpr uint64_t kMPi4[] = {
    0x0000000000000001, 0x45f306dc9c882a53, 0xf84eafa3ea69bb81, 0xb6c52b3278872083,
    0xfca2c757bd778ac3, 0x6e48dc74849ba5c0, 0x0c925dd413a32439, 0xfc3bd63962534e7d,
    0xd1046bea5d768909, 0xd338e04d68befc82, 0x7323ac7306a673e9, 0x3908bf177bf25076,
    0x3ff12fffbc0b301f, 0xde5e2316b414da3e, 0xda6cfd9e4f96136e, 0x9e8c7ecd3cbfd45a,
    0xea4f758fd7cbe2f6, 0x7a0e73ef14a525d4, 0xd7f6bf623f1aba10, 0xac06608df8f6d757,
};

// The 128-bit product of a and b as (high, low) 64-bit halves.
void Mul64(uint64_t a, uint64_t b, uint64_t& hi, uint64_t& lo) {
  const uint64_t a0 = a & 0xFFFFFFFF;
  const uint64_t a1 = a >> 32;
  const uint64_t b0 = b & 0xFFFFFFFF;
  const uint64_t b1 = b >> 32;
  const uint64_t w0 = a0 * b0;
  const uint64_t t = a1 * b0 + (w0 >> 32);
  const uint64_t w1 = (t & 0xFFFFFFFF) + a0 * b1;
  hi = a1 * b1 + (t >> 32) + (w1 >> 32);
  lo = a * b;
}

// Payne-Hanek reduction of x >= 2^29 by pi/4 (Ng, "Argument reduction for
// huge arguments", 1992): the octant j and the remainder z, as Go's
// trigReduce computes them with 64-bit integer arithmetic.
void TrigReduce(double x, uint64_t& j, double& z) {
  constexpr double kPi4 = 0.785398163397448309615660845819875721;
  uint64_t ix = std::bit_cast<uint64_t>(x);
  const int exp = static_cast<int>((ix >> 52) & 0x7FF) - 1023 - 52;
  ix &= ~(uint64_t{0x7FF} << 52);
  ix |= uint64_t{1} << 52;
  const auto digit = static_cast<unsigned>(exp + 61) / 64;
  const auto bitshift = static_cast<unsigned>(exp + 61) % 64;
  // Go's shifts by 64 give 0; C++'s are undefined, hence the guards.
  auto shl = [](uint64_t v, unsigned n) { return n >= 64 ? 0 : v << n; };
  auto shr = [](uint64_t v, unsigned n) { return n >= 64 ? 0 : v >> n; };
  const uint64_t z0 = shl(kMPi4[digit], bitshift) | shr(kMPi4[digit + 1], 64 - bitshift);
  const uint64_t z1 = shl(kMPi4[digit + 1], bitshift) | shr(kMPi4[digit + 2], 64 - bitshift);
  const uint64_t z2 = shl(kMPi4[digit + 2], bitshift) | shr(kMPi4[digit + 3], 64 - bitshift);
  uint64_t z2hi = 0;
  uint64_t z2lo = 0;
  Mul64(z2, ix, z2hi, z2lo);
  uint64_t z1hi = 0;
  uint64_t z1lo = 0;
  Mul64(z1, ix, z1hi, z1lo);
  const uint64_t z0lo = z0 * ix;
  const uint64_t lo = z1lo + z2hi;
  const uint64_t carry = lo < z1lo ? 1 : 0;
  uint64_t hi = z0lo + z1hi + carry;
  j = hi >> 61;
  hi = hi << 3 | lo >> 61;
  const auto lz = static_cast<unsigned>(std::countl_zero(hi));
  const uint64_t e = static_cast<uint64_t>(1023 - (lz + 1));
  hi = shl(hi, lz + 1) | shr(lo, 64 - (lz + 1));
  hi >>= 64 - 52;
  hi |= e << 52;
  z = std::bit_cast<double>(hi);
  if ((j & 1) == 1) {
    j++;
    j &= 7;
    z--;
  }
  z = z * kPi4;
}

// The octant and remainder of |x| (x >= 0) for Sin, Cos and Tan.
void Reduce(double x, uint64_t& j, double& z) {
  if (x >= kReduceThreshold) {
    TrigReduce(x, j, z);
    return;
  }
  j = static_cast<uint64_t>(x * kFourOverPi);
  double y = static_cast<double>(j);
  if ((j & 1) == 1) {
    j++;
    y++;
  }
  z = ((x - y * kPi4A) - y * kPi4B) - y * kPi4C;
}

double SinPoly(double z, double zz) {
  return z +
         z * zz *
             ((((((kSinCoef[0] * zz) + kSinCoef[1]) * zz + kSinCoef[2]) * zz + kSinCoef[3]) * zz +
               kSinCoef[4]) *
                  zz +
              kSinCoef[5]);
}

double CosPoly(double zz) {
  return 1.0 - 0.5 * zz +
         zz * zz *
             ((((((kCosCoef[0] * zz) + kCosCoef[1]) * zz + kCosCoef[2]) * zz + kCosCoef[3]) * zz +
               kCosCoef[4]) *
                  zz +
              kCosCoef[5]);
}

}  // namespace

double Sin(double x) {
  if (x == 0 || std::isnan(x)) return x;
  if (std::isinf(x)) return std::numeric_limits<double>::quiet_NaN();
  bool negative = x < 0;
  if (negative) x = -x;
  uint64_t j = 0;
  double z = 0;
  Reduce(x, j, z);
  j &= 7;
  if (j > 3) {
    negative = !negative;
    j -= 4;
  }
  const double zz = z * z;
  const double y = j == 1 || j == 2 ? CosPoly(zz) : SinPoly(z, zz);
  return negative ? -y : y;
}

double Cos(double x) {
  if (std::isnan(x) || std::isinf(x)) return std::numeric_limits<double>::quiet_NaN();
  x = std::fabs(x);
  uint64_t j = 0;
  double z = 0;
  Reduce(x, j, z);
  j &= 7;
  bool negative = false;
  if (j > 3) {
    j -= 4;
    negative = !negative;
  }
  if (j > 1) negative = !negative;
  const double zz = z * z;
  const double y = j == 1 || j == 2 ? SinPoly(z, zz) : CosPoly(zz);
  return negative ? -y : y;
}

double Tan(double x) {
  constexpr double kTanP[] = {-1.30936939181383777646e4, 1.15351664838587416140e6,
                              -1.79565251976484877988e7};
  constexpr double kTanQ[] = {1.00000000000000000000e0, 1.36812963470692954678e4,
                              -1.32089234440210967447e6, 2.50083801823357915839e7,
                              -5.38695755929454629881e7};
  if (x == 0 || std::isnan(x)) return x;
  if (std::isinf(x)) return std::numeric_limits<double>::quiet_NaN();
  const bool negative = x < 0;
  if (negative) x = -x;
  uint64_t j = 0;
  double z = 0;
  Reduce(x, j, z);
  const double zz = z * z;
  double y = z;
  if (zz > 1e-14) {
    y = z + z * (zz * (((kTanP[0] * zz) + kTanP[1]) * zz + kTanP[2]) /
                 ((((zz + kTanQ[1]) * zz + kTanQ[2]) * zz + kTanQ[3]) * zz + kTanQ[4]));
  }
  if ((j & 2) == 2) y = -1 / y;
  return negative ? -y : y;
}

double Log1p(double x) {
  // FreeBSD's s_log1p.c as Go writes it.
  constexpr double kSqrt2M1 = 4.142135623730950488017e-01;
  constexpr double kSqrt2HalfM1 = -2.928932188134524755992e-01;
  constexpr double kSmall = 1.0 / (1 << 29);
  constexpr double kTiny = 1.0 / (uint64_t{1} << 54);
  constexpr double kTwo53 = static_cast<double>(uint64_t{1} << 53);
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kLp1 = 6.666666666666735130e-01;
  constexpr double kLp2 = 3.999999999940941908e-01;
  constexpr double kLp3 = 2.857142874366239149e-01;
  constexpr double kLp4 = 2.222219843214978396e-01;
  constexpr double kLp5 = 1.818357216161805012e-01;
  constexpr double kLp6 = 1.531383769920937332e-01;
  constexpr double kLp7 = 1.479819860511658591e-01;
  if (x < -1 || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (x == -1) return -kInf;
  if (std::isinf(x)) return kInf;
  const double absx = std::fabs(x);
  double f = 0;
  uint64_t iu = 0;
  int64_t k = 1;
  if (absx < kSqrt2M1) {
    if (absx < kSmall) {
      if (absx < kTiny) return x;
      return x - x * x * 0.5;
    }
    if (x > kSqrt2HalfM1) {
      k = 0;
      f = x;
      iu = 1;
    }
  }
  double c = 0;
  if (k != 0) {
    double u = 0;
    if (absx < kTwo53) {
      u = 1.0 + x;
      iu = std::bit_cast<uint64_t>(u);
      k = static_cast<int64_t>((iu >> 52) - 1023);
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);  // correction term
      c /= u;
    } else {
      u = x;
      iu = std::bit_cast<uint64_t>(u);
      k = static_cast<int64_t>((iu >> 52) - 1023);
      c = 0;
    }
    iu &= 0x000fffffffffffff;
    if (iu < 0x0006a09e667f3bcd) {
      u = std::bit_cast<double>(iu | 0x3ff0000000000000);
    } else {
      k++;
      u = std::bit_cast<double>(iu | 0x3fe0000000000000);
      iu = (0x0010000000000000 - iu) >> 2;
    }
    f = u - 1.0;
  }
  const double hfsq = 0.5 * f * f;
  const auto kd = static_cast<double>(k);
  if (iu == 0) {
    if (f == 0) {
      if (k == 0) return 0;
      c += kd * kLn2Lo;
      return kd * kLn2Hi + c;
    }
    const double big_r = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - big_r;
    return kd * kLn2Hi - ((big_r - (kd * kLn2Lo + c)) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double big_r =
      z * (kLp1 + z * (kLp2 + z * (kLp3 + z * (kLp4 + z * (kLp5 + z * (kLp6 + z * kLp7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + big_r));
  return kd * kLn2Hi - ((hfsq - (s * (hfsq + big_r) + (kd * kLn2Lo + c))) - f);
}

double Asinh(double x) {
  constexpr double kLn2 = 6.93147180559945286227e-01;
  constexpr double kNearZero = 1.0 / (1 << 28);
  constexpr double kLarge = 1 << 28;
  if (std::isnan(x) || std::isinf(x)) return x;
  const bool negative = x < 0;
  if (negative) x = -x;
  double r = 0;
  if (x > kLarge) {
    r = Log(x) + kLn2;
  } else if (x > 2) {
    r = Log(2 * x + 1 / (std::sqrt(x * x + 1) + x));
  } else if (x < kNearZero) {
    r = x;
  } else {
    r = Log1p(x + x * x / (1 + std::sqrt(1 + x * x)));
  }
  return negative ? -r : r;
}

double Acosh(double x) {
  constexpr double kLn2 = 6.93147180559945286227e-01;
  constexpr double kLarge = 1 << 28;
  if (x < 1 || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 1) return 0;
  if (x >= kLarge) return Log(x) + kLn2;
  if (x > 2) return Log(2 * x - 1 / (x + std::sqrt(x * x - 1)));
  const double t = x - 1;
  return Log1p(t + std::sqrt(2 * t + t * t));
}

double Atanh(double x) {
  constexpr double kNearZero = 1.0 / (1 << 28);
  if (x < -1 || x > 1 || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 1) return kInf;
  if (x == -1) return -kInf;
  const bool negative = x < 0;
  if (negative) x = -x;
  double r = 0;
  if (x < kNearZero) {
    r = x;
  } else if (x < 0.5) {
    r = x + x;
    r = 0.5 * Log1p(r + r * x / (1 - x));
  } else {
    r = 0.5 * Log1p((x + x) / (1 - x));
  }
  return negative ? -r : r;
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
