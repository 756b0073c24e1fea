// Native histogram samples in the store and the engine: plain selection
// returns them, anything that would compute with them fails clearly, and
// appending sets the counter-reset hint the TSDB reads back.

#include "eval/histogram_guard.h"

#include <doctest/doctest.h>

#include <string>

#include "eval/engine.h"
#include "eval/histogram.h"
#include "eval/storage.h"
#include "promql/parser.h"

namespace ttam::eval {
namespace {

FloatHistogram Hist(double count, double sum, double bucket) {
  FloatHistogram h;
  h.count = count;
  h.sum = sum;
  h.positive_spans = {{0, 1}};
  h.positive_buckets = {bucket};
  return h;
}

model::Labels Named(const std::string& name) {
  model::LabelsBuilder b;
  b.Set(model::kMetricName, name);
  return b.Build();
}

// h: histograms at 0, 1m, 2m; f: floats at 0, 1m, 2m; mixed: a float at 0
// and a histogram at 1m.
Storage Fixture() {
  Storage s;
  Series& h = s.SeriesFor(Named("h"));
  for (int i = 0; i < 3; ++i) {
    REQUIRE(s.AppendHistogramTo(h, i * 60000, Hist(2 + i, 3 + i, 2 + i)).ok());
  }
  for (int i = 0; i < 3; ++i) REQUIRE(s.Append(Named("f"), i * 60000, i).ok());
  REQUIRE(s.Append(Named("mixed"), 0, 1).ok());
  REQUIRE(s.AppendHistogramTo(s.SeriesFor(Named("mixed")), 60000, Hist(1, 1, 1)).ok());
  return s;
}

// The result of `expr` at `t_s`: "error: ..." or the samples as
// `labels value` / `labels {{…}}`.
std::string Query(const Storage& storage, const std::string& expr, int64_t t_s,
                  bool range = false) {
  promql::ParseResult parsed = promql::Parse(expr);
  REQUIRE(parsed.ok());
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  if (range) {
    Result<Matrix> m = EvalRange(storage, *plan, 0, t_s * 1000, 60000, EngineOptions{});
    if (!m) return "error: " + m.error().message;
    return std::to_string(m->size()) + " series";
  }
  Result<Value> v = EvalInstant(storage, *plan, t_s * 1000, EngineOptions{});
  if (!v) return "error: " + v.error().message;
  std::string out;
  if (const auto* s = std::get_if<Scalar>(&*v)) return std::to_string(s->v);
  for (const VectorSample& s : std::get<Vector>(*v)) {
    out += (out.empty() ? "" : " | ") + s.labels.ToString() + " " +
           (s.h != nullptr ? HistogramTestExpression(*s.h) : std::to_string(s.v));
  }
  return out;
}

TEST_CASE("histogram samples: plain selection returns them, computing with them is refused") {
  Storage storage = Fixture();
  struct Case {
    std::string expr;
    int64_t t_s;
    std::string want;
    bool range = false;
  };
  const Case cases[] = {
      {"h", 0, "{__name__=\"h\"} {{count:2 sum:3 buckets:[2]}}"},
      {"h", 120, "{__name__=\"h\"} {{count:4 sum:5 counter_reset_hint:not_reset buckets:[4]}}"},
      {"((h))", 60, "{__name__=\"h\"} {{count:3 sum:4 counter_reset_hint:not_reset buckets:[3]}}"},
      {"h offset 1m", 120,
       "{__name__=\"h\"} {{count:3 sum:4 counter_reset_hint:not_reset buckets:[3]}}"},
      {"mixed", 0, "{__name__=\"mixed\"} 1.000000"},
      {"mixed", 60, "{__name__=\"mixed\"} {{count:1 sum:1 buckets:[1]}}"},
      {"{__name__=~\"f|h\"}", 60,
       "{__name__=\"f\"} 1.000000 | {__name__=\"h\"} {{count:3 sum:4 counter_reset_hint:not_reset "
       "buckets:[3]}}"},
      // The newest sample is a float: no histogram reaches the function.
      {"abs(mixed)", 0, "{} 1.000000"},
      {"timestamp(h)", 60, "{} 60.000000"},
      {"rate(h[5m])", 120,
       "error: native histograms: rate() over histogram samples not supported yet (h selects "
       "some)"},
      {"sum(h)", 0,
       "error: native histograms: sum() over histogram samples not supported yet (h selects "
       "some)"},
      {"h * 2", 0,
       "error: native histograms: binary operator * over histogram samples not supported yet (h "
       "selects some)"},
      {"-h", 0,
       "error: native histograms: unary minus over histogram samples not supported yet (h selects "
       "some)"},
      {"max_over_time(h[1m:30s])", 120,
       "error: native histograms: a subquery over histogram samples not supported yet (h selects "
       "some)"},
      {"h[5m]", 120,
       "error: native histograms: a range selector over histogram samples not supported yet (h "
       "selects some)"},
      {"count_over_time(mixed[5m])", 120,
       "error: native histograms: count_over_time() over histogram samples not supported yet "
       "(mixed selects some)"},
      // Outside the window, the histograms do not matter.
      {"count_over_time(mixed[30s] offset 1m)", 60, "{} 1.000000"},
      {"h", 120,
       "error: native histograms: a range query over histogram samples not supported yet (h "
       "selects some)",
       true},
      {"rate(f[5m])", 120, "1 series", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    CHECK(Query(storage, c.expr, c.t_s, c.range) == c.want);
  }
}

TEST_CASE("histogram samples: appending sets the hint the TSDB reads back") {
  Storage s;
  Series& series = s.SeriesFor(Named("h"));
  REQUIRE(s.AppendHistogramTo(series, 0, Hist(5, 5, 5)).ok());
  REQUIRE(s.AppendHistogramTo(series, 1, Hist(6, 6, 6)).ok());
  // A counter reset starts a chunk, whose first sample reads back as unknown.
  REQUIRE(s.AppendHistogramTo(series, 2, Hist(1, 1, 1)).ok());
  REQUIRE(s.AppendTo(series, 3, 7).ok());
  REQUIRE(s.AppendHistogramTo(series, 4, Hist(2, 2, 2)).ok());  // after a float
  FloatHistogram gauge = Hist(1, 1, 1);
  gauge.counter_reset_hint = CounterResetHint::kGauge;
  REQUIRE(s.AppendHistogramTo(series, 5, gauge).ok());
  std::vector<CounterResetHint> hints;
  for (const HistogramSample& h : series.histograms()) hints.push_back(h.h->counter_reset_hint);
  CHECK(hints ==
        std::vector<CounterResetHint>{CounterResetHint::kUnknown, CounterResetHint::kNotReset,
                                      CounterResetHint::kUnknown, CounterResetHint::kUnknown,
                                      CounterResetHint::kGauge});
  CHECK(s.SampleCount() == 6);
  // Time order, and one sample per timestamp across floats and histograms.
  CHECK_FALSE(s.AppendHistogramTo(series, 5, Hist(1, 1, 1)).ok());
  CHECK_FALSE(s.AppendHistogramTo(series, 4, Hist(1, 1, 1)).ok());
  CHECK_FALSE(s.AppendTo(series, 4, 1).ok());
  CHECK(series.samples().size() == 1);
  CHECK(series.HistogramWindow(0, 4).size() == 3);
  // An invalid histogram fails as the TSDB's Validate.
  FloatHistogram negative = Hist(1, 1, -1);
  Result<Unit> st = s.AppendHistogramTo(series, 9, negative);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("negative") != std::string::npos);
}

}  // namespace
}  // namespace ttam::eval
