#include "eval/extended_range.h"

#include <algorithm>
#include <cstddef>

namespace ttam::eval {
namespace {

// Go's sort.Search over [0, n): the first index where `pred` holds, or n.
template <typename Pred>
size_t SearchFirst(size_t n, Pred pred) {
  for (size_t i = 0; i < n; ++i) {
    if (pred(i)) return i;
  }
  return n;
}

// upstream's interpolate: linear between p1 and p2 at t; for a counter that
// reset between them, the line starts from 0 instead of p1's value.
double Interpolate(const Sample& p1, const Sample& p2, int64_t t, bool is_counter) {
  double y1 = p1.v;
  double y2 = p2.v;
  if (is_counter && y2 < y1) y1 = 0;
  return y1 + (y2 - y1) * static_cast<double>(t - p1.t) / static_cast<double>(p2.t - p1.t);
}

double PickLeft(std::span<const Sample> f, size_t first, int64_t range_start, bool smoothed,
                bool is_counter) {
  if (smoothed && f[first].t < range_start)
    return Interpolate(f[first], f[first + 1], range_start, is_counter);
  return f[first].v;
}

double PickRight(std::span<const Sample> f, size_t last, int64_t range_end, bool smoothed,
                 bool is_counter) {
  if (smoothed && last > 0 && f[last].t > range_end)
    return Interpolate(f[last - 1], f[last], range_end, is_counter);
  return f[last].v;
}

// The indexes of the samples that frame (range_start, range_end]: the last
// one at or before the start, and the last one (anchored) or the first one
// at or after the end (smoothed), searched as upstream searches them.
struct Bounds {
  size_t first = 0;
  size_t last = 0;
};

Bounds FindBounds(std::span<const Sample> f, int64_t range_start, int64_t range_end,
                  bool smoothed) {
  Bounds b;
  b.last = f.size() - 1;
  size_t after_start = SearchFirst(b.last, [&](size_t i) { return f[i].t > range_start; });
  b.first = after_start == 0 ? 0 : after_start - 1;
  if (smoothed) b.last = SearchFirst(b.last, [&](size_t i) { return f[i].t >= range_end; });
  return b;
}

// upstream's correctForCounterResets: what the resets between the boundary
// values and the samples strictly inside the range add back.
double CorrectForCounterResets(double left, double right, std::span<const Sample> inside) {
  double correction = 0;
  double prev = left;
  for (const Sample& p : inside) {
    if (p.v < prev) correction += prev;
    prev = p.v;
  }
  if (right < prev) correction += prev;
  return correction;
}

// The samples strictly inside the range once the boundary samples are
// dropped: those at or before the start and those at or after the end.
std::span<const Sample> Inside(std::span<const Sample> f, Bounds b, int64_t range_start,
                               int64_t range_end) {
  size_t begin = b.first;
  if (f[begin].t <= range_start) ++begin;
  size_t end = b.last + 1;  // Exclusive.
  if (f[b.last].t >= range_end) --end;
  if (end <= begin) return {};
  return f.subspan(begin, end - begin);
}

}  // namespace

std::vector<Sample> ExtendedRangeSamples(const Series& series, int64_t range_start,
                                         int64_t range_end, int64_t lookback_ms, bool smoothed) {
  std::vector<Sample> out;
  int64_t upto = smoothed ? range_end + lookback_ms : range_end;
  for (const Sample& p : series.Window(range_start - lookback_ms, upto)) {
    if (!IsStaleNaN(p.v)) out.push_back(p);
  }
  return out;
}

std::vector<Sample> ExtendFloats(std::span<const Sample> floats, int64_t range_start,
                                 int64_t range_end, bool smoothed) {
  if (floats.empty()) return {};
  Bounds b = FindBounds(floats, range_start, range_end, smoothed);
  if (floats[b.last].t <= range_start) return {};
  double left = PickLeft(floats, b.first, range_start, smoothed, false);
  double right = PickRight(floats, b.last, range_end, smoothed, false);
  std::span<const Sample> inside = Inside(floats, b, range_start, range_end);
  std::vector<Sample> out;
  out.reserve(inside.size() + 2);
  out.push_back({range_start, left});
  out.insert(out.end(), inside.begin(), inside.end());
  out.push_back({range_end, right});
  return out;
}

Matrix ExtendedRangeMatrix(std::span<const Series* const> series, int64_t range_start,
                           int64_t range_end, int64_t lookback_ms, bool smoothed, bool frame) {
  Matrix out;
  for (const Series* s : series) {
    MatrixSeries m{s->labels(),
                   ExtendedRangeSamples(*s, range_start, range_end, lookback_ms, smoothed)};
    if (frame) m.floats = ExtendFloats(m.floats, range_start, range_end, smoothed);
    if (!m.floats.empty()) out.push_back(std::move(m));
  }
  return out;
}

Vector SmoothedInstant(std::span<const Series* const> series, int64_t ref, int64_t t,
                       int64_t lookback_ms) {
  Vector out;
  for (const Series* s : series) {
    std::vector<Sample> f;
    for (const Sample& p : s->Window(ref - lookback_ms, ref + lookback_ms)) {
      if (!IsStaleNaN(p.v)) f.push_back(p);
    }
    size_t i = SearchFirst(f.size(), [&](size_t k) { return f[k].t >= ref; });
    if (i < f.size() && f[i].t == ref) {
      out.push_back({s->labels(), t, f[i].v});
    } else if (i > 0 && i < f.size()) {
      out.push_back({s->labels(), t, Interpolate(f[i - 1], f[i], ref, false)});
    } else if (i > 0) {
      out.push_back({s->labels(), t, f[i - 1].v});
    }
  }
  return out;
}

std::optional<double> ExtendedRate(std::span<const Sample> f, int64_t range_start,
                                   int64_t range_end, double range_seconds, bool smoothed,
                                   bool is_counter, bool is_rate) {
  if (f.empty()) return std::nullopt;
  Bounds b = FindBounds(f, range_start, range_end, smoothed);
  if (f[b.last].t <= range_start) return std::nullopt;
  if (smoothed && f[b.first].t > range_end) return std::nullopt;
  double left = PickLeft(f, b.first, range_start, smoothed, is_counter);
  double right = PickRight(f, b.last, range_end, smoothed, is_counter);
  double result = right - left;
  if (is_counter)
    result += CorrectForCounterResets(left, right, Inside(f, b, range_start, range_end));
  if (is_rate) result /= range_seconds;
  return result;
}

}  // namespace ttam::eval
