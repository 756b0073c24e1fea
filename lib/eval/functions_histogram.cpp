// histogram_quantile, histogram_quantiles and histogram_fraction over classic
// histograms (upstream's BucketQuantile and BucketFraction: `le` parsed as a
// float, buckets grouped by every other label, equal bounds merged), and the
// native-histogram-only functions, which find nothing in float samples.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/annotation_texts.h"
#include "eval/functions_impl.h"
#include "support/number.h"

namespace ttam::eval {
namespace {

// Relative deltas between buckets this small are taken as float noise
// (upstream's smallDeltaTolerance).
constexpr double kSmallDeltaTolerance = 1e-12;

struct ClassicBucket {
  double upper = 0;
  double count = 0;
};

// The buckets of one classic histogram at one time: its labels without `le`
// (the name still there) and its buckets in input order.
struct ClassicHistogram {
  model::Labels labels;
  std::vector<ClassicBucket> buckets;
};

// upstream's resetHistograms for float samples: groups `v` by all labels but
// `le`, warning about each sample whose `le` is missing or not a float.
std::vector<ClassicHistogram> GroupBuckets(const Vector& v, promql::Span span,
                                           Annotations* annotations) {
  std::vector<ClassicHistogram> out;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;
  for (const VectorSample& s : v) {
    std::string_view le = s.labels.Get("le");
    double upper = 0;
    if (!ParseFloat(le, &upper)) {
      annotations->push_back(BadBucketLabelWarning(s.labels.MetricName(), le, span));
      continue;
    }
    model::Labels labels = model::LabelsBuilder(s.labels).Del("le").Build();
    std::vector<size_t>& candidates = by_hash[labels.Hash()];
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](size_t i) { return out[i].labels == labels; });
    size_t index = 0;
    if (it == candidates.end()) {
      index = out.size();
      candidates.push_back(index);
      out.push_back({std::move(labels), {}});
    } else {
      index = *it;
    }
    out[index].buckets.push_back({upper, s.v});
  }
  return out;
}

// Sorts by upper bound and merges equal bounds by summing their counts;
// false when the highest bound is not +Inf.
bool SortAndCoalesce(std::vector<ClassicBucket>& buckets) {
  std::stable_sort(
      buckets.begin(), buckets.end(),
      [](const ClassicBucket& a, const ClassicBucket& b) { return a.upper < b.upper; });
  if (buckets.empty() || buckets.back().upper != kInf) return false;
  size_t i = 0;
  ClassicBucket last = buckets[0];
  for (size_t j = 1; j < buckets.size(); ++j) {
    if (buckets[j].upper == last.upper) {
      last.count += buckets[j].count;
    } else {
      buckets[i++] = last;
      last = buckets[j];
    }
  }
  buckets[i] = last;
  buckets.resize(i + 1);
  return true;
}

// upstream's almost.Equal.
bool AlmostEqual(double a, double b, double epsilon) {
  constexpr double kMinNormal = std::numeric_limits<double>::min();
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  double abs_sum = std::fabs(a) + std::fabs(b);
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || abs_sum < kMinNormal) return diff < epsilon * kMinNormal;
  return diff / std::min(abs_sum, std::numeric_limits<double>::max()) < epsilon;
}

// upstream's ensureMonotonicAndIgnoreSmallDeltas; true when a decrease had
// to be removed (not for float noise, which is absorbed silently).
bool EnsureMonotonic(std::vector<ClassicBucket>& buckets) {
  bool forced = false;
  double prev = buckets[0].count;
  for (size_t i = 1; i < buckets.size(); ++i) {
    double curr = buckets[i].count;
    if (curr == prev) continue;
    if (AlmostEqual(prev, curr, kSmallDeltaTolerance)) {
      buckets[i].count = prev;  // Float noise, in either direction: prev stays.
      continue;
    }
    if (curr < prev) {
      buckets[i].count = prev;
      forced = true;
      continue;
    }
    prev = curr;
  }
  return forced;
}

// upstream's BucketQuantile; `forced` tells whether monotonicity was forced.
double BucketQuantile(double q, std::vector<ClassicBucket> buckets, bool& forced) {
  forced = false;
  if (std::isnan(q)) return NAN;
  if (q < 0) return -kInf;
  if (q > 1) return kInf;
  if (!SortAndCoalesce(buckets)) return NAN;
  bool monotonic_forced = EnsureMonotonic(buckets);
  if (buckets.size() < 2) return NAN;
  double observations = buckets.back().count;
  if (observations == 0) return NAN;
  forced = monotonic_forced;
  double rank = q * observations;
  // sort.Search over all but the +Inf bucket.
  size_t n = buckets.size() - 1;
  size_t b = static_cast<size_t>(
      std::partition_point(buckets.begin(), buckets.begin() + static_cast<std::ptrdiff_t>(n),
                           [&](const ClassicBucket& x) { return x.count < rank; }) -
      buckets.begin());
  if (b == n) return buckets[n - 1].upper;
  if (b == 0 && buckets[0].upper <= 0) return buckets[0].upper;
  double bucket_start = 0;
  double bucket_end = buckets[b].upper;
  double count = buckets[b].count;
  if (b > 0) {
    bucket_start = buckets[b - 1].upper;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucket_start + (bucket_end - bucket_start) * (rank / count);
}

// upstream's BucketFraction: no monotonicity fix, cumulative counts.
double BucketFraction(double lower, double upper, std::vector<ClassicBucket> buckets) {
  if (!SortAndCoalesce(buckets)) return NAN;
  double count = buckets.back().count;
  if (count == 0 || std::isnan(lower) || std::isnan(upper)) return NAN;
  if (lower >= upper) return 0;
  double rank = 0;
  double lower_rank = 0;
  double upper_rank = 0;
  bool lower_set = false;
  bool upper_set = false;
  double lower_bound = buckets[0].upper <= 0 ? -kInf : 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    const ClassicBucket& b = buckets[i];
    if (i > 0) lower_bound = buckets[i - 1].upper;
    auto interpolate = [&](double v) {
      if (lower_bound == -kInf) return b.count;
      return rank + (b.count - rank) * (v - lower_bound) / (b.upper - lower_bound);
    };
    if (!lower_set && lower_bound >= lower) {
      lower_rank = rank;
      lower_set = true;
    }
    if (!upper_set && lower_bound >= upper) {
      upper_rank = rank;
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    if (!lower_set && lower_bound < lower && b.upper > lower) {
      lower_rank = interpolate(lower);
      lower_set = true;
    }
    if (!upper_set && lower_bound < upper && b.upper > upper) {
      upper_rank = interpolate(upper);
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    rank = b.count;
  }
  if (!lower_set || lower_rank > count) lower_rank = count;
  if (!upper_set || upper_rank > count) upper_rank = count;
  return (upper_rank - lower_rank) / count;
}

// labels.FormatOpenMetricsFloat: Go's %g, with ".0" when it has neither "."
// nor "e".
std::string FormatOpenMetricsFloat(double f) {
  if (f == 0) return "0.0";
  std::string s = GoFormatG(f);
  if (std::isnan(f) || std::isinf(f)) return s;
  if (s.find_first_of("e.") == std::string::npos) s += ".0";
  return s;
}

promql::Span ArgSpan(const FunctionArgs& in, size_t i) {
  if (in.call == nullptr || i >= in.call->args.size()) return in.span;
  return UnwrappedSpan(*in.call->args[i]);
}

const Vector* VectorAt(const FunctionArgs& in, size_t i) {
  return i < in.args.size() ? std::get_if<Vector>(&in.args[i]) : nullptr;
}

// Name-dropped output, failing on duplicate label sets as upstream does.
Result<Value> Finish(Vector out) {
  if (Status st = CheckDistinctLabels(out); !st) return st.error();
  return Value(std::move(out));
}

// One quantile over each histogram, with the monotonicity info.
void AppendQuantiles(const FunctionArgs& in, double q, const std::vector<ClassicHistogram>& hists,
                     promql::Span info_span, const std::string* label, const std::string& value,
                     Vector& out) {
  for (const ClassicHistogram& h : hists) {
    if (h.buckets.empty()) continue;
    bool forced = false;
    double result = BucketQuantile(q, h.buckets, forced);
    if (forced) {
      in.annotations->push_back(
          HistogramQuantileForcedMonotonicityInfo(h.labels.MetricName(), info_span));
    }
    model::Labels labels = DropMetadata(h.labels);
    if (label != nullptr) labels = model::LabelsBuilder(labels).Set(*label, value).Build();
    out.push_back({std::move(labels), in.t, result});
  }
}

}  // namespace

Result<Value> FuncHistogramQuantile(const FunctionArgs& in) {
  double q = ScalarArg(in, 0);
  const Vector* v = VectorAt(in, 1);
  if (v == nullptr) return Error{"histogram_quantile() expects an instant vector"};
  if (std::isnan(q) || q < 0 || q > 1)
    in.annotations->push_back(InvalidQuantileWarning(q, ArgSpan(in, 0)));
  std::vector<ClassicHistogram> hists = GroupBuckets(*v, ArgSpan(in, 1), in.annotations);
  Vector out;
  AppendQuantiles(in, q, hists, ArgSpan(in, 1), nullptr, {}, out);
  return Finish(std::move(out));
}

Result<Value> FuncHistogramQuantiles(const FunctionArgs& in) {
  const Vector* v = VectorAt(in, 0);
  const auto* label = in.args.size() > 1 ? std::get_if<String>(&in.args[1]) : nullptr;
  if (v == nullptr || label == nullptr)
    return Error{"histogram_quantiles() expects an instant vector and a label"};
  std::vector<double> qs;
  for (size_t i = 2; i < in.args.size(); ++i) {
    double q = ScalarArg(in, i);
    if (std::isnan(q) || q < 0 || q > 1)
      in.annotations->push_back(InvalidQuantileWarning(q, ArgSpan(in, i)));
    qs.push_back(q);
  }
  std::vector<ClassicHistogram> hists = GroupBuckets(*v, ArgSpan(in, 0), in.annotations);
  Vector out;
  for (double q : qs)
    AppendQuantiles(in, q, hists, ArgSpan(in, 0), &label->v, FormatOpenMetricsFloat(q), out);
  return Finish(std::move(out));
}

Result<Value> FuncHistogramFraction(const FunctionArgs& in) {
  double lower = ScalarArg(in, 0);
  double upper = ScalarArg(in, 1);
  const Vector* v = VectorAt(in, 2);
  if (v == nullptr) return Error{"histogram_fraction() expects an instant vector"};
  std::vector<ClassicHistogram> hists = GroupBuckets(*v, ArgSpan(in, 2), in.annotations);
  Vector out;
  for (const ClassicHistogram& h : hists) {
    if (h.buckets.empty()) continue;
    out.push_back({DropMetadata(h.labels), in.t, BucketFraction(lower, upper, h.buckets)});
  }
  return Finish(std::move(out));
}

Result<Value> FuncHistogramNativeOnly(const FunctionArgs& in) {
  if (VectorArg(in) == nullptr) return Error{"function expects an instant vector argument"};
  return Value(Vector{});
}

}  // namespace ttam::eval
