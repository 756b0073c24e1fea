#include "eval_gen.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string_view>

#include "eval/storage.h"
#include "gen_rng.h"

namespace ttam::test::evaldiff {
namespace {

using test::Rng;

constexpr int64_t kEndS = 3900;
// Regular samples start here; before it each series gets one early sample,
// at a time of its own, in label order (see GenerateData).
constexpr int64_t kRegularStartS = 300;
constexpr std::string_view kJobs[] = {"api", "web", "db"};
constexpr std::string_view kInstances[] = {"a", "b", "c"};
constexpr std::string_view kCodes[] = {"500", "503"};
constexpr std::string_view kLe[] = {"0.1", "0.5", "1", "5", "+Inf"};

// The sample times of a series: k·step plus a jitter that is never a multiple of 5 s.
std::vector<int64_t> SampleTimes(Rng& rng, int64_t step) {
  std::vector<int64_t> times;
  for (int64_t base = kRegularStartS; base + step <= kEndS; base += step) {
    int64_t j;
    do {
      j = 1 + rng.Below(static_cast<int>(step) - 1);
    } while (j % 5 == 0);
    times.push_back(base + j);
  }
  return times;
}

// Drops about 3% of the times (scrape gaps), never the first ten.
void AddGaps(Rng& rng, std::vector<int64_t>& times) {
  std::vector<int64_t> kept;
  for (size_t i = 0; i < times.size(); ++i) {
    if (i >= 10 && rng.Chance(3)) continue;
    kept.push_back(times[i]);
  }
  times = std::move(kept);
}

GeneratedSeries Counter(Rng& rng, model::Labels labels, int64_t step, int max_inc,
                        bool with_reset) {
  GeneratedSeries s{std::move(labels), {}};
  std::vector<int64_t> times = SampleTimes(rng, step);
  AddGaps(rng, times);
  // Counters start high and reset to 30-50% of their value, so that the first
  // sample of any window is at least the window's increase: then the zero
  // clamp of rate's extrapolation never applies, whose condition changed in
  // Prometheus 2.51 (PR #13725).
  double v = 10000 + rng.Below(10000);
  int64_t reset_at = with_reset ? 600 + rng.Below(2700) : -1;
  for (int64_t t : times) {
    if (reset_at >= 0 && t >= reset_at) {
      v = std::floor(v * (30 + rng.Below(21)) / 100);
      reset_at = -1;
    } else {
      v += rng.Below(max_inc + 1);
    }
    s.samples.push_back({t, v});
  }
  return s;
}

}  // namespace

GeneratedData GenerateData(uint32_t seed) {
  Rng rng(seed);
  GeneratedData data;
  data.end_s = kEndS;
  for (std::string_view job : kJobs) {
    for (std::string_view inst : kInstances) {
      data.series.push_back(
          Counter(rng, {{"__name__", "http_requests_total"}, {"job", job}, {"instance", inst}},
                  inst == "c" ? 30 : 15, 40, rng.Chance(60)));
    }
    for (std::string_view code : kCodes) {
      data.series.push_back(Counter(rng,
                                    {{"__name__", "errors_total"}, {"job", job}, {"code", code}},
                                    30, 5, rng.Chance(30)));
    }
    for (std::string_view inst : kInstances) {
      GeneratedSeries g{{{"__name__", "temperature"}, {"job", job}, {"instance", inst}}, {}};
      std::vector<int64_t> times = SampleTimes(rng, 15);
      AddGaps(rng, times);
      double v = rng.Below(80) * 0.25;
      for (int64_t t : times) {
        v += (rng.Below(9) - 4) * 0.25;
        if (v < -20) v = -20;
        if (v > 40) v = 40;
        g.samples.push_back({t, v});
      }
      data.series.push_back(std::move(g));
    }
    {
      GeneratedSeries g{{{"__name__", "queue_depth"}, {"job", job}}, {}};
      std::vector<int64_t> times = SampleTimes(rng, 30);
      AddGaps(rng, times);
      bool staled = false;
      for (int64_t t : times) {
        // The db queue goes stale at 25m and is back at 35m.
        if (job == "db" && t > 1500 && t < 2100) {
          if (!staled) g.samples.push_back({t, eval::StaleNaN()});
          staled = true;
          continue;
        }
        g.samples.push_back({t, static_cast<double>(rng.Below(101))});
      }
      data.series.push_back(std::move(g));
    }
    {
      // Buckets of one histogram share their timestamps, as one scrape's do.
      std::vector<int64_t> times = SampleTimes(rng, 15);
      std::vector<GeneratedSeries> buckets;
      for (std::string_view le : kLe) {
        buckets.push_back({{{"__name__", "req_seconds_bucket"}, {"job", job}, {"le", le}}, {}});
      }
      double counts[std::size(kLe)] = {};
      for (size_t b = 0; b < std::size(kLe); ++b) counts[b] = 1000.0 * static_cast<double>(b + 1);
      for (int64_t t : times) {
        double cum = 0;
        for (size_t b = 0; b < std::size(kLe); ++b) {
          cum += rng.Below(6 - static_cast<int>(b));
          counts[b] += cum;
          buckets[b].samples.push_back({t, counts[b]});
        }
      }
      for (GeneratedSeries& b : buckets) data.series.push_back(std::move(b));
    }
  }
  // promtool's engine selects series unsorted, in the order its head
  // created them, and that order decides the last bits of order-dependent
  // aggregations (Kahan sums, Welford's stdvar). Its lazy loader creates a
  // series when the first sample is due, so one early sample per series, 5 s
  // (one loader step) apart in label order, makes that order the label order
  // ttam's store keeps. The early sample repeats the first regular value.
  std::sort(data.series.begin(), data.series.end(),
            [](const GeneratedSeries& a, const GeneratedSeries& b) { return a.labels < b.labels; });
  for (size_t k = 0; k < data.series.size(); ++k) {
    GeneratedSeries& s = data.series[k];
    int64_t t = static_cast<int64_t>(5 * k + 2);
    if (t >= kRegularStartS || s.samples.empty()) std::abort();
    s.samples.insert(s.samples.begin(), {t, s.samples.front().second});
  }
  return data;
}

std::string PromtoolValues(const GeneratedSeries& series) {
  std::string out;
  int64_t next = 0;  // the time the next token stands for
  for (const auto& [t, v] : series.samples) {
    if (t > next) {
      out += (out.empty() ? "" : " ") + std::string("_x") + std::to_string(t - next);
    }
    out += out.empty() ? "" : " ";
    if (eval::IsStaleNaN(v)) {
      out += "stale";
    } else {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, v);
      out.append(buf, r.ptr);
    }
    next = t + 1;
  }
  return out;
}

std::vector<int64_t> EvaluationTimes() { return {1805, 2405, 2995, 3505}; }

namespace {

enum class Kind { kCounter, kGauge, kBucket };

struct Family {
  std::string_view name;
  Kind kind;
  std::vector<std::pair<std::string_view, std::vector<std::string_view>>> labels;
};

const std::vector<Family>& Families() {
  static const std::vector<Family> families = {
      {"http_requests_total",
       Kind::kCounter,
       {{"job", {"api", "web", "db"}}, {"instance", {"a", "b", "c"}}}},
      {"errors_total", Kind::kCounter, {{"job", {"api", "web", "db"}}, {"code", {"500", "503"}}}},
      {"temperature", Kind::kGauge, {{"job", {"api", "web", "db"}}, {"instance", {"a", "b", "c"}}}},
      {"queue_depth", Kind::kGauge, {{"job", {"api", "web", "db"}}}},
      {"req_seconds_bucket",
       Kind::kBucket,
       {{"job", {"api", "web", "db"}}, {"le", {"0.1", "0.5", "1", "5", "+Inf"}}}},
  };
  return families;
}

// A label value as a regex inside a PromQL string: `+Inf` becomes `\\+Inf`.
std::string RegexQuoted(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '+' || c == '.') out += "\\\\";
    out += c;
  }
  return out;
}

class ExprGen {
 public:
  ExprGen(uint32_t seed, const ExprOptions& options) : rng_(seed), options_(options) {}

  std::string Top() { return Vec(3); }

 private:
  const Family& AnyFamily() { return rng_.Pick(Families()); }

  std::string Matchers(const Family& f) {
    std::string out;
    int n = rng_.Below(3);
    std::set<std::string_view> used;
    for (int i = 0; i < n; ++i) {
      const auto& [name, values] = f.labels[rng_.Below(static_cast<int>(f.labels.size()))];
      if (!used.insert(name).second) continue;
      std::string_view v = rng_.Pick(values);
      std::string m;
      switch (rng_.Below(5)) {
        case 0:
        case 1:
          m = std::string(name) + "=\"" + std::string(v) + "\"";
          break;
        case 2:
          m = std::string(name) + "!=\"" + std::string(v) + "\"";
          break;
        case 3: {
          std::string_view w = rng_.Pick(values);
          m = std::string(name) + "=~\"" + (rng_.Chance(20) ? std::string(".+") : RegexQuoted(v)) +
              "|" + RegexQuoted(w) + "\"";
          break;
        }
        default:
          m = std::string(name) + "!~\"" + RegexQuoted(v) + "\"";
      }
      out += (out.empty() ? "" : ", ") + m;
    }
    return out;
  }

  // A selector's text without modifiers.
  std::string SelectorOf(const Family& f) {
    std::string m = Matchers(f);
    if (rng_.Chance(5)) {
      return "{__name__=\"" + std::string(f.name) + "\"" + (m.empty() ? "" : ", " + m) + "}";
    }
    return std::string(f.name) + (m.empty() ? "" : "{" + m + "}");
  }

  // Optional offset and @ modifiers: durations multiples of 10 s, @ times 5 mod 10 s.
  std::string Modifiers() {
    std::string out;
    if (rng_.Chance(10)) {
      static constexpr std::string_view kAt[] = {"905",  "1805",    "2405.000",
                                                 "3205", "start()", "end()"};
      out += " @ " + std::string(rng_.Pick(kAt));
    }
    if (rng_.Chance(15)) {
      static constexpr std::string_view kOffset[] = {"30s", "1m", "2m", "5m", "10m", "-1m"};
      out += " offset " + std::string(rng_.Pick(kOffset));
    }
    return out;
  }

  std::string Range() {
    static constexpr std::string_view kRanges[] = {"1m", "90s", "2m", "5m", "10m"};
    return "[" + std::string(rng_.Pick(kRanges)) + "]";
  }

  std::string Scalar(int depth) {
    switch (rng_.Below(depth > 0 ? 6 : 4)) {
      case 0:
      case 1: {
        static constexpr std::string_view kNumbers[] = {"0.5", "2",    "3",  "10",
                                                        "100", "0.25", "-1", "1e3"};
        return std::string(rng_.Pick(kNumbers));
      }
      case 2:
        return "time()";
      case 3:
        return "(1 + 2 * 3)";
      case 4:
        return "scalar(" + Aggregation(depth - 1, "sum") + ")";
      default:
        return "scalar(" + SelectorOf(rng_.Pick(Families())) + ")";
    }
  }

  std::string RangeFunction() {
    const Family& f = AnyFamily();
    std::string sel = SelectorOf(f) + Range() + Modifiers();
    static constexpr std::string_view kCounterFns[] = {"rate",   "increase", "irate",
                                                       "resets", "changes",  "idelta",
                                                       "delta",  "deriv",    "count_over_time"};
    static constexpr std::string_view kOverTime[] = {"avg_over_time",
                                                     "min_over_time",
                                                     "max_over_time",
                                                     "sum_over_time",
                                                     "count_over_time",
                                                     "last_over_time",
                                                     "stddev_over_time",
                                                     "stdvar_over_time",
                                                     "present_over_time",
                                                     "absent_over_time",
                                                     "delta",
                                                     "idelta",
                                                     "deriv",
                                                     "changes",
                                                     "resets"};
    if (options_.quantile && rng_.Chance(5)) {
      static constexpr std::string_view kQ[] = {"0", "0.5", "0.9", "0.99", "1"};
      return "quantile_over_time(" + std::string(rng_.Pick(kQ)) + ", " + sel + ")";
    }
    if (rng_.Chance(5)) return "predict_linear(" + sel + ", 600)";
    std::string_view fn = f.kind == Kind::kGauge ? rng_.Pick(kOverTime) : rng_.Pick(kCounterFns);
    return std::string(fn) + "(" + sel + ")";
  }

  std::string Aggregation(int depth, std::string_view op = "") {
    static constexpr std::string_view kOps[] = {"sum",   "avg",   "min",    "max",
                                                "count", "group", "stddev", "stdvar"};
    std::string o = op.empty() ? std::string(rng_.Pick(kOps)) : std::string(op);
    std::string grouping;
    switch (rng_.Below(4)) {
      case 0:
        break;
      case 1:
        grouping = " by (job)";
        break;
      case 2:
        grouping = " without (instance)";
        break;
      default:
        grouping = rng_.Chance(50) ? " by (job, instance)" : " without (job)";
    }
    if (rng_.Chance(50)) return o + grouping + " (" + Vec(depth) + ")";
    return o + "(" + Vec(depth) + ")" + grouping;
  }

  std::string KAggregation(int depth) {
    std::string grouping = rng_.Chance(50) ? " by (job)" : "";
    int which = rng_.Below(3);
    if (which == 0 && options_.topk_bottomk) {
      return std::string(rng_.Chance(50) ? "topk" : "bottomk") + grouping + " (" +
             std::to_string(1 + rng_.Below(3)) + ", " + Vec(depth) + ")";
    }
    if (which == 1 && options_.quantile) {
      static constexpr std::string_view kQ[] = {"0.1", "0.5", "0.75", "0.9", "1"};
      return "quantile" + grouping + " (" + std::string(rng_.Pick(kQ)) + ", " + Vec(depth) + ")";
    }
    if (which == 2 && options_.count_values) {
      return "count_values" + grouping + " (\"value\", " + Vec(depth) + ")";
    }
    return Aggregation(depth);
  }

  std::string HistogramQuantile() {
    static constexpr std::string_view kQ[] = {"0.5", "0.9", "0.99", "0.25", "1"};
    std::string q(rng_.Pick(kQ));
    static constexpr std::string_view kRanges[] = {"1m", "5m", "10m"};
    std::string range(rng_.Pick(kRanges));
    switch (rng_.Below(3)) {
      case 0:
        return "histogram_quantile(" + q + ", rate(req_seconds_bucket[" + range + "]))";
      case 1:
        return "histogram_quantile(" + q + ", sum by (le) (rate(req_seconds_bucket[" + range +
               "])))";
      default:
        return "histogram_quantile(" + q +
               ", sum by (job, le) (increase(req_seconds_bucket{job!=\"" +
               std::string(rng_.Pick(kJobs)) + "\"}[" + range + "])))";
    }
  }

  std::string Subquery(int depth) {
    static constexpr std::string_view kSub[] = {"[2m:30s]", "[5m:1m]", "[5m:30s]", "[10m:1m]",
                                                "[3m:20s]"};
    static constexpr std::string_view kFns[] = {"max_over_time",  "min_over_time",
                                                "sum_over_time",  "count_over_time",
                                                "last_over_time", "deriv"};
    std::string inner = rng_.Chance(60) ? RangeFunction() : Vec(depth);
    return std::string(rng_.Pick(kFns)) + "((" + inner + ")" + std::string(rng_.Pick(kSub)) +
           (rng_.Chance(20) ? " offset 1m" : "") + ")";
  }

  std::string Vec(int depth) {
    if (depth <= 0) {
      return rng_.Chance(50) ? SelectorOf(AnyFamily()) + Modifiers() : RangeFunction();
    }
    switch (rng_.Below(16)) {
      case 0:
        return SelectorOf(AnyFamily()) + Modifiers();
      case 1:
      case 2:
        return RangeFunction();
      case 3: {
        static constexpr std::string_view kMath[] = {
            "abs", "ceil", "floor", "round", "sgn",       "sqrt",      "exp",
            "ln",  "log2", "log10", "sort",  "sort_desc", "timestamp", "-"};
        std::string_view fn = rng_.Pick(kMath);
        if (fn == "timestamp") return "timestamp(" + SelectorOf(AnyFamily()) + Modifiers() + ")";
        if (fn == "-") return "-" + Paren(Vec(depth - 1));
        return std::string(fn) + "(" + Vec(depth - 1) + ")";
      }
      case 4: {
        switch (rng_.Below(4)) {
          case 0:
            return "clamp(" + Vec(depth - 1) + ", -5, 20)";
          case 1:
            return "clamp_min(" + Vec(depth - 1) + ", " + Scalar(0) + ")";
          case 2:
            return "clamp_max(" + Vec(depth - 1) + ", " + Scalar(0) + ")";
          default:
            return "round(" + Vec(depth - 1) + ", 0.5)";
        }
      }
      case 5: {
        static constexpr std::string_view kArith[] = {"+", "-", "*", "/", "%", "^"};
        std::string op(rng_.Pick(kArith));
        if (rng_.Chance(50)) return Paren(Vec(depth - 1)) + " " + op + " " + Scalar(depth - 1);
        return Scalar(depth - 1) + " " + op + " " + Paren(Vec(depth - 1));
      }
      case 6: {
        static constexpr std::string_view kCmp[] = {"==", "!=", ">", "<", ">=", "<="};
        std::string op(rng_.Pick(kCmp));
        if (rng_.Chance(40)) op += " bool";
        return Paren(Vec(depth - 1)) + " " + op + " " + Scalar(0);
      }
      case 7:
      case 8:
        return VectorVector(depth);
      case 9:
        return Aggregation(depth - 1);
      case 10:
        return KAggregation(depth - 1);
      case 11:
        if (options_.histogram_quantile) return HistogramQuantile();
        return Aggregation(depth - 1);
      case 12:
        if (rng_.Chance(50)) {
          return "label_replace(" + Vec(depth - 1) + ", \"dst\", \"x-$1\", \"job\", \"(a.*|d.*)\")";
        }
        return "label_join(" + Vec(depth - 1) + ", \"joined\", \"-\", \"job\", \"instance\")";
      case 13:
        if (options_.subqueries) return Subquery(depth - 1);
        return RangeFunction();
      case 14: {
        if (rng_.Chance(50)) return "vector(" + Scalar(depth - 1) + ")";
        return "absent(" + SelectorOf(AnyFamily()) + ")";
      }
      default: {
        static constexpr std::string_view kTime[] = {
            "hour", "minute", "day_of_week", "month", "year", "day_of_month", "days_in_month"};
        return std::string(rng_.Pick(kTime)) +
               (rng_.Chance(50) ? "()" : "(" + Vec(depth - 1) + ")");
      }
    }
  }

  // Two vectors with a matching that usually fits their labels.
  std::string VectorVector(int depth) {
    int form = rng_.Below(6);
    static constexpr std::string_view kArith[] = {"+", "-", "*",       "/",
                                                  ">", "<", "== bool", "!= bool"};
    static constexpr std::string_view kSet[] = {"and", "or", "unless"};
    switch (form) {
      case 0: {
        // The same family on both sides: one-to-one on all labels.
        const Family& f = AnyFamily();
        return RangeOf(f) + " " + std::string(rng_.Pick(kArith)) + " " + RangeOf(f);
      }
      case 1:
        return Paren(Vec(depth - 1)) + " " + std::string(rng_.Pick(kSet)) + " " +
               Paren(Vec(depth - 1));
      case 2:
        return Paren(Vec(depth - 1)) + " " + std::string(rng_.Pick(kSet)) + " on(job) " +
               Paren(Vec(depth - 1));
      case 3:
        // Many-to-one on job.
        return RangeOf(Families()[rng_.Below(3)]) + " " + std::string(rng_.Pick(kArith)) +
               " on(job) group_left " + Aggregation(depth - 1);
      case 4:
        return "sum by (job) (" + Vec(depth - 1) + ") " + std::string(rng_.Pick(kArith)) +
               " ignoring(code) group_right sum by (job, code) (rate(errors_total[5m]))";
      default:
        return Paren(Vec(depth - 1)) + " " + std::string(rng_.Pick(kArith)) + " " +
               Paren(Vec(depth - 1));
    }
  }

  // A per-series value of a family: the selector or a range function of it.
  std::string RangeOf(const Family& f) {
    std::string sel = SelectorOf(f);
    if (f.kind == Kind::kGauge || rng_.Chance(30)) return sel + Modifiers();
    return "rate(" + sel + Range() + Modifiers() + ")";
  }

  static std::string Paren(const std::string& s) { return "(" + s + ")"; }

  Rng rng_;
  ExprOptions options_;
};

}  // namespace

std::vector<std::string> GenerateExpressions(uint32_t seed, size_t count,
                                             const ExprOptions& options) {
  ExprGen gen(seed, options);
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t attempts = 0; out.size() < count && attempts < count * 20; ++attempts) {
    std::string e = gen.Top();
    if (e.size() > 600) continue;
    if (seen.insert(e).second) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ttam::test::evaldiff
