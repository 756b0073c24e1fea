// Rates and counters over a range: rate, increase and delta with upstream's
// extrapolation (extrapolatedRate), irate and idelta (instantValue), resets,
// changes, and the least-squares deriv and predict_linear
// (linearRegression), and start_timestamp(). Float samples only; the
// arithmetic follows Go's operation order exactly. Samples read straight from
// a selector carry their start timestamps (ST resets count as counter resets,
// and an ST inside the range stands for a zero sample there).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/aggregate.h"
#include "eval/annotation_texts.h"
#include "eval/extended_range.h"
#include "eval/functions_impl.h"
#include "support/number.h"

namespace ttam::eval {
namespace {

// upstream's isStartTimestampReset: whether the current sample's start
// timestamp says the counter restarted after the previous sample. An unknown
// (0), invalid (after T) or OTel-unknown (== T) start is no reset; one pointing
// at the previous sample is a reset only when the previous start was known,
// valid and not its own time (a delta series, not a cumulative one with
// unknown start).
bool IsStartTimestampReset(int64_t prev_st, int64_t prev_t, int64_t curr_st, int64_t curr_t) {
  if (curr_st == 0 || curr_st >= curr_t) return false;
  if (curr_st < prev_t) return false;
  if (curr_st > prev_t) return true;
  if (prev_st > prev_t) return false;
  return prev_st != 0 && prev_st != prev_t;
}

// upstream's checkStartTimeOverlap: a known start before the previous sample
// that is not the previous start (neither delta nor cumulative).
bool StartTimeOverlaps(int64_t prev_st, int64_t prev_t, int64_t curr_st) {
  return curr_st != 0 && curr_st < prev_t && curr_st != prev_st;
}

// The range argument's span, inside any parentheses, for annotations.
promql::Span RangeArgSpan(const FunctionArgs& in) {
  if (in.call == nullptr || in.call->args.empty()) return in.span;
  return UnwrappedSpan(*in.call->args[0]);
}

// upstream's extrapolatedRate for a window of floats in (range_start, range_end],
// with the samples' start timestamps `sts` (empty when unknown).
std::optional<double> ExtrapolatedRate(const FunctionArgs& in, const SeriesWindow& s,
                                       bool is_counter, bool is_rate) {
  std::span<const Sample> f = s.floats;
  std::span<const int64_t> sts;
  if (is_counter) sts = s.start_timestamps;
  if (f.empty()) return std::nullopt;
  const Sample& first = f.front();
  const Sample& last = f.back();
  size_t n_minus_one = f.size() - 1;
  double result = last.v - first.v;
  if (is_counter && sts.empty()) {
    for (size_t i = 1; i < f.size(); ++i) {
      if (f[i].v < f[i - 1].v) result += f[i - 1].v;
    }
  } else if (is_counter) {
    bool overlap = false;
    for (size_t i = 1; i < f.size(); ++i) {
      bool has_st = i < sts.size();
      if (!overlap && has_st && StartTimeOverlaps(sts[i - 1], f[i - 1].t, sts[i])) {
        in.annotations->push_back(StartTimeOverlapWarning(s.labels.MetricName(), RangeArgSpan(in)));
        overlap = true;
      }
      if (f[i].v < f[i - 1].v ||
          (has_st && IsStartTimestampReset(sts[i - 1], f[i - 1].t, sts[i], f[i].t)))
        result += f[i - 1].v;
    }
  }
  double to_start = static_cast<double>(first.t - in.range_start) / 1000;
  double to_end = static_cast<double>(in.range_end - last.t) / 1000;
  double sampled = static_cast<double>(last.t - first.t) / 1000;
  double average = 0;
  if (n_minus_one > 0) average = sampled / static_cast<double>(n_minus_one);
  double threshold = average * 1.1;
  if (is_counter && !sts.empty() && sts[0] != 0 && sts[0] > in.range_start && sts[0] < first.t) {
    // The first sample's start lies inside the range: assume a zero sample
    // there instead of extrapolating to the left.
    to_start = 0;
    sampled = static_cast<double>(last.t - sts[0]) / 1000;
    result += first.v;
  } else if (n_minus_one == 0) {
    return std::nullopt;
  } else {
    if (to_start >= threshold) to_start = average / 2;
    if (is_counter) {
      double to_zero = to_start;
      if (result > 0 && first.v >= 0) to_zero = sampled * (first.v / result);
      if (to_zero < to_start) to_start = to_zero;
    }
  }
  if (to_end >= threshold) to_end = average / 2;
  double factor = 1.0;
  if (sampled != 0) factor = (sampled + to_start + to_end) / sampled;
  if (is_rate) factor /= in.range_seconds;
  return result * factor;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// upstream's check for rate() and increase() over a range selector: a series
// with a result whose name does not end like a counter's gets an info.
void CheckCounterName(const FunctionArgs& in, const SeriesWindow& s) {
  if (in.call == nullptr || in.call->args.empty()) return;
  const promql::Expr* arg = in.call->args[0].get();
  while (const auto* paren = std::get_if<promql::ParenExpr>(&arg->node)) arg = paren->expr.get();
  if (!std::holds_alternative<promql::MatrixSelector>(arg->node)) return;  // Not for subqueries.
  std::string_view name = s.labels.MetricName();
  if (name.empty() || EndsWith(name, "_total") || EndsWith(name, "_sum") ||
      EndsWith(name, "_count") || EndsWith(name, "_bucket"))
    return;
  in.annotations->push_back(PossibleNonCounterInfo(name, arg->span));
}

std::optional<double> Extrapolated(const FunctionArgs& in, const SeriesWindow& s, bool is_counter,
                                   bool is_rate) {
  std::optional<double> v = in.anchored || in.smoothed
                                ? ExtendedRate(s.floats, in.range_start, in.range_end,
                                               in.range_seconds, in.smoothed, is_counter, is_rate)
                                : ExtrapolatedRate(in, s, is_counter, is_rate);
  if (v && is_counter) CheckCounterName(in, s);
  return v;
}

// The samples resets() and changes() count over: an anchored range's samples
// framed by its boundary values (upstream's extendFloats), else the range's own.
std::vector<Sample> CountedSamples(const FunctionArgs& in, const SeriesWindow& s) {
  if (in.anchored) return ExtendFloats(s.floats, in.range_start, in.range_end, false);
  return {s.floats.begin(), s.floats.end()};
}

// upstream's instantValue: the last two samples, with their start timestamps
// when known (an ST reset counts as a counter reset for irate).
std::optional<double> InstantValue(const SeriesWindow& s, bool is_rate) {
  std::span<const Sample> f = s.floats;
  if (f.size() < 2) return std::nullopt;
  size_t i_prev = f.size() - 2;
  size_t i_last = f.size() - 1;
  const Sample& prev = f[i_prev];
  const Sample& last = f[i_last];
  std::span<const int64_t> sts = s.start_timestamps;
  int64_t prev_st = i_prev < sts.size() ? sts[i_prev] : 0;
  int64_t last_st = i_last < sts.size() ? sts[i_last] : 0;
  int64_t interval = last.t - prev.t;
  if (interval == 0) return std::nullopt;
  double result = last.v;
  if (!is_rate || !(last.v < prev.v || IsStartTimestampReset(prev_st, prev.t, last_st, last.t)))
    result = last.v - prev.v;
  if (is_rate) result /= static_cast<double>(interval) / 1000;
  return result;
}

struct Regression {
  double slope = 0;
  double intercept = 0;
};

// upstream's linearRegression with Kahan sums, x in seconds from `intercept_time`.
Regression LinearRegression(std::span<const Sample> f, int64_t intercept_time) {
  double n = 0;
  double sum_x = 0;
  double c_x = 0;
  double sum_y = 0;
  double c_y = 0;
  double sum_xy = 0;
  double c_xy = 0;
  double sum_x2 = 0;
  double c_x2 = 0;
  double init_y = f[0].v;
  bool const_y = true;
  for (size_t i = 0; i < f.size(); ++i) {
    if (const_y && i > 0 && f[i].v != init_y) const_y = false;
    n += 1.0;
    double x = static_cast<double>(f[i].t - intercept_time) / 1e3;
    KahanInc(x, sum_x, c_x);
    KahanInc(f[i].v, sum_y, c_y);
    KahanInc(x * f[i].v, sum_xy, c_xy);
    KahanInc(x * x, sum_x2, c_x2);
  }
  if (const_y) {
    if (std::isinf(init_y)) return {NAN, NAN};
    return {0, init_y};
  }
  sum_x += c_x;
  sum_y += c_y;
  sum_xy += c_xy;
  sum_x2 += c_x2;
  double cov_xy = sum_xy - sum_x * sum_y / n;
  double var_x = sum_x2 - sum_x * sum_x / n;
  double slope = cov_xy / var_x;
  double intercept = sum_y / n - slope * sum_x / n;
  return {slope, intercept};
}

}  // namespace

std::optional<double> WindowRate(const FunctionArgs& in, const SeriesWindow& s) {
  return Extrapolated(in, s, true, true);
}

std::optional<double> WindowIncrease(const FunctionArgs& in, const SeriesWindow& s) {
  return Extrapolated(in, s, true, false);
}

std::optional<double> WindowDelta(const FunctionArgs& in, const SeriesWindow& s) {
  return Extrapolated(in, s, false, false);
}

std::optional<double> WindowIrate(const FunctionArgs&, const SeriesWindow& s) {
  return InstantValue(s, true);
}

std::optional<double> WindowIdelta(const FunctionArgs&, const SeriesWindow& s) {
  return InstantValue(s, false);
}

std::optional<double> WindowResets(const FunctionArgs& in, const SeriesWindow& s) {
  std::vector<Sample> f = CountedSamples(in, s);
  if (f.empty()) return std::nullopt;
  // Start timestamps line up with the samples only for a plain range.
  std::span<const int64_t> sts;
  if (!in.anchored) sts = s.start_timestamps;
  int resets = 0;
  for (size_t i = 1; i < f.size(); ++i) {
    resets += f[i].v < f[i - 1].v ||
              (i < sts.size() && IsStartTimestampReset(sts[i - 1], f[i - 1].t, sts[i], f[i].t));
  }
  return resets;
}

std::optional<double> WindowChanges(const FunctionArgs& in, const SeriesWindow& s) {
  std::vector<Sample> f = CountedSamples(in, s);
  if (f.empty()) return std::nullopt;
  int changes = 0;
  for (size_t i = 1; i < f.size(); ++i) {
    double prev = f[i - 1].v;
    double cur = f[i].v;
    changes += cur != prev && !(std::isnan(cur) && std::isnan(prev));
  }
  return changes;
}

std::optional<double> WindowDeriv(const FunctionArgs&, const SeriesWindow& s) {
  if (s.floats.size() < 2) return std::nullopt;
  return LinearRegression(s.floats, s.floats[0].t).slope;
}

std::optional<double> WindowPredictLinear(const FunctionArgs& in, const SeriesWindow& s) {
  if (s.floats.size() < 2) return std::nullopt;
  Regression r = LinearRegression(s.floats, in.t);
  return r.slope * ScalarArg(in, 1) + r.intercept;
}

Result<Value> FuncStartTimestamp(const FunctionArgs& in) {
  const Vector* v = VectorArg(in);
  if (v == nullptr) return Error{"start_timestamp() expects an instant vector"};
  Vector out;
  // Only a selector's samples have start timestamps: any other input gives nothing.
  size_t n = std::min(v->size(), in.start_timestamps.size());
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const VectorSample& s = (*v)[i];
    out.push_back({NameDropped(s.labels, in.delayed_name_removal), in.t,
                   static_cast<double>(in.start_timestamps[i]) / 1000, true});
  }
  if (!in.delayed_name_removal) {
    if (Status st = CheckDistinctLabels(out); !st) return st.error();
  }
  return Value(std::move(out));
}

Result<Value> FuncDoubleExponentialSmoothing(const FunctionArgs& in) {
  double sf = ScalarArg(in, 1);
  double tf = ScalarArg(in, 2);
  const Matrix* m = MatrixArg(in);
  if (m != nullptr && !m->empty()) {
    // Upstream checks the factors only when there is a series to smooth.
    if (sf <= 0 || sf >= 1 || std::isnan(sf))
      return Error{"invalid smoothing factor. Expected: 0 < sf < 1, got: " + FormatGoPercentF(sf)};
    if (tf <= 0 || tf >= 1 || std::isnan(tf))
      return Error{"invalid trend factor. Expected: 0 < tf < 1, got: " + FormatGoPercentF(tf)};
  }
  return PerSeries(in, false, [&](const SeriesWindow& s) -> std::optional<double> {
    std::span<const Sample> f = s.floats;
    if (f.size() < 2) return std::nullopt;
    double s0 = 0;
    double s1 = f[0].v;
    double b = f[1].v - f[0].v;
    for (size_t i = 1; i < f.size(); ++i) {
      double x = sf * f[i].v;
      // upstream's calcTrendValue(i-1, ...): the first step keeps b.
      if (i > 1) {
        double tx = tf * (s1 - s0);
        double ty = (1 - tf) * b;
        b = tx + ty;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  });
}

}  // namespace ttam::eval
