// The `*_over_time` family over the floats of each series in a range:
// sums with Kahan-Neumaier compensation, avg switching to an incremental
// mean on overflow, min/max preferring any value to NaN, Welford variance
// with compensated mean and M2, and upstream's quantile interpolation.

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "eval/aggregate.h"
#include "eval/annotation_texts.h"
#include "eval/functions_impl.h"

namespace ttam::eval {
namespace {

double Sum(const SeriesWindow& s) {
  double sum = 0;
  double c = 0;
  for (const Sample& p : s.floats) KahanInc(p.v, sum, c);
  if (std::isinf(sum)) return sum;
  return sum + c;
}

double Avg(const SeriesWindow& s) {
  std::span<const Sample> f = s.floats;
  double sum = f[0].v;
  double count = 1;
  double mean = 0;
  double c = 0;
  bool incremental = false;
  for (size_t i = 1; i < f.size(); ++i) {
    count = static_cast<double>(i + 1);
    if (!incremental) {
      double new_sum = sum;
      double new_c = c;
      KahanInc(f[i].v, new_sum, new_c);
      if (!std::isinf(new_sum)) {
        sum = new_sum;
        c = new_c;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= (count - 1);
    }
    double q = (count - 1) / count;
    mean = q * mean;
    c = q * c;
    KahanInc(f[i].v / count, mean, c);
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

// upstream's compareOverTime: the extreme value (or its time) by `better`.
template <typename Better>
double Extreme(const SeriesWindow& s, Better better, bool timestamp) {
  double best = s.floats[0].v;
  int64_t best_t = s.floats[0].t;
  for (const Sample& p : s.floats) {
    if (better(p.v, best) || std::isnan(best)) {
      best = p.v;
      best_t = p.t;
    }
  }
  return timestamp ? static_cast<double>(best_t) / 1000 : best;
}

double Variance(const SeriesWindow& s) {
  double count = 0;
  double mean = 0;
  double c_mean = 0;
  double aux = 0;
  double c_aux = 0;
  for (const Sample& p : s.floats) {
    count++;
    double delta = p.v - (mean + c_mean);
    KahanInc(delta / count, mean, c_mean);
    KahanInc(delta * (p.v - (mean + c_mean)), aux, c_aux);
  }
  return (aux + c_aux) / count;
}

std::vector<double> Values(const SeriesWindow& s) {
  std::vector<double> out;
  out.reserve(s.floats.size());
  for (const Sample& p : s.floats) out.push_back(p.v);
  return out;
}

}  // namespace

double Quantile(double q, std::vector<double>& values) {
  if (values.empty() || std::isnan(q)) return NAN;
  if (q < 0) return -std::numeric_limits<double>::infinity();
  if (q > 1) return std::numeric_limits<double>::infinity();
  std::sort(values.begin(), values.end(),
            [](double a, double b) { return (std::isnan(a) && !std::isnan(b)) || a < b; });
  double n = static_cast<double>(values.size());
  double rank = q * (n - 1);
  double lower = std::max(0.0, std::floor(rank));
  double upper = std::min(n - 1, lower + 1);
  double weight = rank - std::floor(rank);
  return values[static_cast<size_t>(lower)] * (1 - weight) +
         values[static_cast<size_t>(upper)] * weight;
}

std::optional<double> WindowSumOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return Sum(s);
}

std::optional<double> WindowAvgOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return Avg(s);
}

std::optional<double> WindowMinOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return Extreme(
      s, [](double cur, double best) { return cur < best; }, false);
}

std::optional<double> WindowMaxOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return Extreme(
      s, [](double cur, double best) { return cur > best; }, false);
}

std::optional<double> WindowTsOfMinOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return Extreme(
      s, [](double cur, double best) { return cur <= best; }, true);
}

std::optional<double> WindowTsOfMaxOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return Extreme(
      s, [](double cur, double best) { return cur >= best; }, true);
}

std::optional<double> WindowTsOfFirstOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return static_cast<double>(s.floats.front().t) / 1000;
}

std::optional<double> WindowTsOfLastOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return static_cast<double>(s.floats.back().t) / 1000;
}

std::optional<double> WindowCountOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return static_cast<double>(s.floats.size());
}

std::optional<double> WindowPresentOverTime(const FunctionArgs&, const SeriesWindow&) { return 1; }

std::optional<double> WindowLastOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return s.floats.back().v;
}

std::optional<double> WindowFirstOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return s.floats.front().v;
}

std::optional<double> WindowStdvarOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return Variance(s);
}

std::optional<double> WindowStddevOverTime(const FunctionArgs&, const SeriesWindow& s) {
  return std::sqrt(Variance(s));
}

std::optional<double> WindowQuantileOverTime(const FunctionArgs& in, const SeriesWindow& s) {
  double q = ScalarArg(in, 0);
  // Upstream warns per series with floats, at the parameter's position.
  if ((std::isnan(q) || q < 0 || q > 1) && !s.floats.empty() && in.call != nullptr)
    in.annotations->push_back(InvalidQuantileWarning(q, UnwrappedSpan(*in.call->args[0])));
  std::vector<double> values = Values(s);
  return Quantile(q, values);
}

std::optional<double> WindowMadOverTime(const FunctionArgs&, const SeriesWindow& s) {
  // A NaN makes the median, and so the deviation, undefined: upstream returns NaN.
  for (const Sample& p : s.floats) {
    if (std::isnan(p.v)) return NAN;
  }
  std::vector<double> values = Values(s);
  double median = Quantile(0.5, values);
  std::vector<double> deviations;
  deviations.reserve(s.floats.size());
  for (const Sample& p : s.floats) deviations.push_back(std::fabs(p.v - median));
  return Quantile(0.5, deviations);
}

}  // namespace ttam::eval
