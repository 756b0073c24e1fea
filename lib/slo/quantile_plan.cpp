#include "slo/quantile_plan.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/names.h"
#include "promql/printer.h"
#include "support/number.h"
#include "support/units.h"

namespace ttam::slo {
namespace {

// `name{extra}`, or `{"name", extra}` for a name PromQL cannot write bare.
std::string SelectorOf(std::string_view name, std::string_view extra = {}) {
  if (model::IsValidLegacyMetricName(name)) {
    std::string s(name);
    if (!extra.empty()) s += "{" + std::string(extra) + "}";
    return s;
  }
  std::string s = "{" + promql::QuoteString(name);
  if (!extra.empty()) s += ", " + std::string(extra);
  return s + "}";
}

// `sum by (le, a, b) `, or `sum ` for one total.
std::string SumBy(const std::vector<std::string>& labels, bool with_le) {
  if (labels.empty() && !with_le) return "sum ";
  std::string s = "sum by (";
  bool first = true;
  if (with_le) {
    s += "le";
    first = false;
  }
  for (const std::string& l : labels) {
    if (!first) s += ", ";
    s += GroupingLabel(l);
    first = false;
  }
  return s + ") ";
}

// `rate(sel[W] @ T)`, or `sel @ T` without a window.
std::string RateOrTotal(std::string_view series_name, const QueryShape& shape) {
  std::string sel = SelectorOf(series_name);
  std::string at = " @ " + AtSeconds(shape.time_ms);
  if (!shape.window_ms) return sel + at;
  return "rate(" + sel + "[" + FormatDuration(*shape.window_ms) + "]" + at + ")";
}

std::string RangeCall(std::string_view fn, std::string_view series_name, const QueryShape& shape) {
  int64_t w = shape.window_ms.value_or(0);
  return std::string(fn) + "(" + SelectorOf(series_name) + "[" + FormatDuration(w) + "] @ " +
         AtSeconds(shape.time_ms) + ")";
}

}  // namespace

std::vector<std::string> DefaultGroupLabels(const std::vector<std::string>& labels) {
  std::vector<std::string> out;
  for (const std::string& l : labels) {
    if (l == "le" || l == "quantile" || l == "instance" || l == "job" || l == "__name__") continue;
    out.push_back(l);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string AtSeconds(int64_t ms) {
  std::string s = std::to_string(ms / 1000);
  int64_t frac = ms % 1000;
  if (frac < 0) frac = -frac;
  if (ms < 0 && ms / 1000 == 0 && frac != 0) s = "-" + s;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f.insert(0, 3 - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    s += "." + f;
  }
  return s;
}

std::string GroupingLabel(std::string_view name) {
  if (model::IsValidLegacyLabelName(name)) return std::string(name);
  return promql::QuoteString(name);
}

std::string BucketsQuery(const QueryShape& shape) {
  return SumBy(shape.by, true) + "(" + RateOrTotal(shape.family + "_bucket", shape) + ")";
}

std::string QuantileQuery(double q, const QueryShape& shape) {
  return "histogram_quantile(" + FormatNumber(q) + ", " + BucketsQuery(shape) + ")";
}

std::string FractionQuery(double upper, const QueryShape& shape) {
  return "histogram_fraction(-Inf, " + FormatNumber(upper) + ", " + BucketsQuery(shape) + ")";
}

std::string RateQuery(const QueryShape& shape) {
  return SumBy(shape.by, false) + "(" + RateOrTotal(shape.family + "_count", shape) + ")";
}

std::string MeanQuery(const QueryShape& shape) {
  std::string by = SumBy(shape.by, false);
  return by + "(" + RateOrTotal(shape.family + "_sum", shape) + ") / " + by + "(" +
         RateOrTotal(shape.family + "_count", shape) + ")";
}

std::string ResetsQuery(std::string_view series_name, const QueryShape& shape) {
  return RangeCall("resets", series_name, shape) + " > 0";
}

std::string SampleCountQuery(std::string_view series_name, const QueryShape& shape) {
  return RangeCall("count_over_time", series_name, shape);
}

std::string SummaryRateQuery(const QueryShape& shape) {
  return RateOrTotal(shape.family + "_count", shape);
}

std::string SummaryMeanQuery(const QueryShape& shape) {
  return RateOrTotal(shape.family + "_sum", shape) + " / " +
         RateOrTotal(shape.family + "_count", shape);
}

std::string SummaryQuantilesQuery(const QueryShape& shape) {
  return SelectorOf(shape.family, "quantile!=\"\"") + " @ " + AtSeconds(shape.time_ms);
}

Result<std::vector<double>> ParseQuantiles(const std::vector<std::string>& items) {
  std::vector<double> out;
  for (const std::string& item : items) {
    double q = 0;
    if (!ParseFloat(item, &q) || std::isnan(q) || q < 0 || q > 1) {
      return Error{"-q " + item + ": a quantile is a number from 0 to 1, e.g. 0.95"};
    }
    out.push_back(q);
  }
  if (out.empty()) return Error{"-q: give at least one quantile, e.g. 0.5,0.95,0.99"};
  return out;
}

std::string QuantileLabel(double q) { return "p" + FormatNumber(q * 100); }

std::optional<double> HighestFiniteBound(const std::vector<Bucket>& buckets) {
  std::optional<double> best;
  for (const Bucket& b : buckets) {
    if (std::isinf(b.upper) || std::isnan(b.upper)) continue;
    if (!best || b.upper > *best) best = b.upper;
  }
  return best;
}

bool RankInInfBucket(double q, std::vector<Bucket> buckets) {
  if (std::isnan(q) || q < 0 || q > 1) return false;
  std::sort(buckets.begin(), buckets.end(),
            [](const Bucket& a, const Bucket& b) { return a.upper < b.upper; });
  if (buckets.size() < 2 || !std::isinf(buckets.back().upper)) return false;
  double total = buckets.back().count;
  if (!(total > 0)) return false;
  double rank = q * total;
  // The finite buckets after the monotonicity fix: a running maximum.
  double highest = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i + 1 < buckets.size(); ++i) highest = std::max(highest, buckets[i].count);
  return highest < rank;
}

}  // namespace ttam::slo
