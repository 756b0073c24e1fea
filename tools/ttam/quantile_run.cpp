#include "quantile_run.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "support/number.h"

namespace ttam::cli {
namespace {

// A group's identity: its labels without `le` and the metric name.
std::string QuantileGroupKey(const model::Labels& labels) {
  std::string key;
  for (const model::Label& l : labels) {
    if (l.name == "le" || l.name == model::kMetricName) continue;
    key += l.name + '\xff' + l.value + '\xff';
  }
  return key;
}

model::Labels LabelsWithout(const model::Labels& labels,
                            std::initializer_list<std::string_view> names) {
  std::vector<model::Label> kept;
  for (const model::Label& l : labels) {
    if (std::find(names.begin(), names.end(), l.name) == names.end()) kept.push_back(l);
  }
  return model::Labels::FromUnsorted(std::move(kept));
}

diag::Diagnostic QuantileFinding(diag::Severity severity, std::string_view check,
                                 std::string message) {
  diag::Diagnostic d;
  d.severity = severity;
  d.check = std::string(check);
  d.message = std::move(message);
  return d;
}

std::string QuantileSeriesText(std::string_view name, const model::Labels& labels) {
  std::string s(name);
  if (!labels.empty()) s += labels.ToString();
  return s;
}

// Runs one query; the annotations become findings (once per text).
class QueryRunner {
 public:
  QueryRunner(QueryBackend& backend, int64_t time_ms, diag::Sink& sink)
      : backend_(backend), time_ms_(time_ms), sink_(sink) {}

  Result<eval::Vector> Run(const std::string& expr) {
    auto answer = backend_.Instant(expr, time_ms_);
    if (!answer) return answer.error();
    for (const std::string& w : answer->warnings) Annotate(w, expr, true);
    for (const std::string& i : answer->infos) Annotate(i, expr, false);
    return std::move(answer->vector);
  }

 private:
  void Annotate(const std::string& text, const std::string& expr, bool warning) {
    if (!seen_.insert(text).second) return;
    sink_.Report(QuantileFinding(warning ? diag::Severity::kWarning : diag::Severity::kInfo,
                                 warning ? kQuantileWarningCheck : kQuantileInfoCheck,
                                 text + ", in " + expr));
  }

  QueryBackend& backend_;
  int64_t time_ms_;
  diag::Sink& sink_;
  std::set<std::string> seen_;
};

// Family names from a `count by (__name__)` answer, with `suffix` removed.
std::vector<std::string> FamilyNamesOf(const eval::Vector& v, std::string_view suffix) {
  std::set<std::string> names;
  for (const eval::VectorSample& s : v) {
    std::string name(s.labels.MetricName());
    if (!name.ends_with(suffix)) continue;
    names.insert(name.substr(0, name.size() - suffix.size()));
  }
  return {names.begin(), names.end()};
}

std::string NameSelector(const std::string& name) { return "{__name__=\"" + name + "\"}"; }

Status ComputeHistogram(const QuantileRequest& request, int64_t time_ms, const std::string& name,
                        QueryRunner& run, diag::Sink& sink, HistogramResult& out) {
  out.name = name;
  auto series = run.Run(NameSelector(name + "_bucket"));
  if (!series) return series.error();
  std::vector<std::string> present;
  for (const eval::VectorSample& s : *series) {
    for (const model::Label& l : s.labels) present.push_back(l.name);
  }
  out.default_grouping = !request.by.has_value();
  out.by = request.by ? *request.by : slo::DefaultGroupLabels(present);
  slo::QueryShape shape{
      .family = name, .by = out.by, .time_ms = time_ms, .window_ms = request.window_ms};

  std::map<std::string, HistogramGroup> groups;
  auto group_of = [&](const model::Labels& labels) -> HistogramGroup& {
    HistogramGroup& g = groups[QuantileGroupKey(labels)];
    if (g.labels.empty()) g.labels = LabelsWithout(labels, {"le", model::kMetricName});
    return g;
  };
  out.buckets_query = slo::BucketsQuery(shape);
  auto buckets = run.Run(out.buckets_query);
  if (!buckets) return buckets.error();
  for (const eval::VectorSample& s : *buckets) {
    double le = 0;
    if (!ParseFloat(s.labels.Get("le"), &le)) continue;
    group_of(s.labels).buckets.push_back({le, s.v});
  }
  for (auto& [key, g] : groups) {
    std::sort(g.buckets.begin(), g.buckets.end(),
              [](const slo::Bucket& a, const slo::Bucket& b) { return a.upper < b.upper; });
  }
  if (request.window_ms) {
    std::string q = slo::RateQuery(shape);
    auto rate = run.Run(q);
    if (!rate) return rate.error();
    for (const eval::VectorSample& s : *rate) group_of(s.labels).rate = QuantileNumber{s.v, q};
  }
  {
    std::string q = slo::MeanQuery(shape);
    auto mean = run.Run(q);
    if (!mean) return mean.error();
    for (const eval::VectorSample& s : *mean) group_of(s.labels).mean = QuantileNumber{s.v, q};
  }
  for (double quantile : request.quantiles) {
    std::string q = slo::QuantileQuery(quantile, shape);
    auto values = run.Run(q);
    if (!values) return values.error();
    for (const eval::VectorSample& s : *values) {
      HistogramGroup& g = group_of(s.labels);
      GroupQuantile gq{.q = quantile, .number = {s.v, q}, .above_bound = std::nullopt};
      if (slo::RankInInfBucket(quantile, g.buckets)) {
        gq.above_bound = slo::HighestFiniteBound(g.buckets);
        sink.Report(QuantileFinding(
            diag::Severity::kWarning, kInInfBucketCheck,
            slo::QuantileLabel(quantile) + " of " + QuantileSeriesText(name, g.labels) +
                " is above the highest bucket bound " + FormatNumber(*gq.above_bound) +
                " (histogram_quantile returns that bound): more than " +
                FormatNumber(100 - quantile * 100) +
                "% of the observations are in the +Inf bucket; add buckets above " +
                FormatNumber(*gq.above_bound)));
      }
      g.quantiles.push_back(std::move(gq));
    }
  }
  if (request.under) {
    std::string q = slo::FractionQuery(*request.under, shape);
    auto values = run.Run(q);
    if (!values) return values.error();
    for (const eval::VectorSample& s : *values)
      group_of(s.labels).fraction = QuantileNumber{s.v, q};
  }
  for (auto& [key, g] : groups) {
    if (!g.buckets.empty() && !(std::isinf(g.buckets.back().upper) && g.buckets.back().upper > 0)) {
      sink.Report(QuantileFinding(
          diag::Severity::kWarning, kNoInfBucketCheck,
          QuantileSeriesText(name, g.labels) +
              " has no le=\"+Inf\" bucket: histogram_quantile returns NaN without it, as "
              "Prometheus does; every classic histogram needs one (the total count)"));
      continue;
    }
    if (!g.buckets.empty() && std::isinf(g.buckets.back().upper) && g.buckets.back().count == 0) {
      sink.Report(QuantileFinding(diag::Severity::kInfo, kNoRequestsCheck,
                                  QuantileSeriesText(name, g.labels) +
                                      " had no observations in the window: its quantiles are NaN"));
    }
  }

  if (request.window_ms) {
    // Restarts: rate() counts a decrease as a restart from zero, as
    // Prometheus does; say where that happened.
    std::string q = slo::ResetsQuery(name + "_count", shape);
    auto resets = run.Run(q);
    if (!resets) return resets.error();
    for (const eval::VectorSample& s : *resets) {
      sink.Report(
          QuantileFinding(diag::Severity::kInfo, kCounterResetCheck,
                          QuantileSeriesText(name + "_count", s.labels) + " was reset " +
                              FormatNumber(s.v) + (s.v == 1 ? " time" : " times") +
                              " in the window (a restart?); rate() counts from zero after a "
                              "reset, as Prometheus does: " +
                              q));
    }
    // A bucket series with fewer samples than its _count: a bound that
    // appeared or disappeared within the window.
    std::string bq = slo::SampleCountQuery(name + "_bucket", shape);
    std::string cq = slo::SampleCountQuery(name + "_count", shape);
    auto bucket_counts = run.Run(bq);
    if (!bucket_counts) return bucket_counts.error();
    auto count_counts = run.Run(cq);
    if (!count_counts) return count_counts.error();
    std::map<std::string, double> expected;
    for (const eval::VectorSample& s : *count_counts) expected[QuantileGroupKey(s.labels)] = s.v;
    for (const eval::VectorSample& s : *bucket_counts) {
      auto it = expected.find(QuantileGroupKey(s.labels));
      if (it == expected.end() || s.v >= it->second) continue;
      sink.Report(QuantileFinding(
          diag::Severity::kWarning, kBoundsChangedCheck,
          QuantileSeriesText(name + "_bucket", s.labels) + " has " + FormatNumber(s.v) +
              " samples in the window and its _count " + FormatNumber(it->second) +
              ": the bucket bounds changed within the window, so the quantiles mix two "
              "bucket layouts; use a --window after the change"));
    }
  }
  for (auto& [key, g] : groups) out.groups.push_back(std::move(g));
  return Ok();
}

Status ComputeSummary(int64_t time_ms, std::optional<int64_t> window_ms, const std::string& name,
                      QueryRunner& run, SummaryResult& out) {
  out.name = name;
  slo::QueryShape shape{.family = name, .by = {}, .time_ms = time_ms, .window_ms = std::nullopt};
  std::string q = slo::SummaryQuantilesQuery(shape);
  auto values = run.Run(q);
  if (!values) return values.error();
  for (const eval::VectorSample& s : *values) {
    double quantile = 0;
    if (!ParseFloat(s.labels.Get("quantile"), &quantile)) continue;
    out.quantiles.push_back({LabelsWithout(s.labels, {model::kMetricName}), quantile, {s.v, q}});
  }
  // Rate and mean per series, from _count and _sum (a summary may lack them).
  shape.window_ms = window_ms;
  std::map<model::Labels, SummarySeries> series;
  std::string mean_query = slo::SummaryMeanQuery(shape);
  auto means = run.Run(mean_query);
  if (!means) return means.error();
  for (const eval::VectorSample& s : *means) {
    SummarySeries& row = series[s.labels.WithoutName()];
    row.labels = s.labels.WithoutName();
    row.mean = QuantileNumber{s.v, mean_query};
  }
  if (window_ms) {
    std::string rate_query = slo::SummaryRateQuery(shape);
    auto rates = run.Run(rate_query);
    if (!rates) return rates.error();
    for (const eval::VectorSample& s : *rates) {
      SummarySeries& row = series[s.labels.WithoutName()];
      row.labels = s.labels.WithoutName();
      row.rate = QuantileNumber{s.v, rate_query};
    }
  }
  for (auto& [labels, row] : series) out.series.push_back(std::move(row));
  return Ok();
}

}  // namespace

std::vector<diag::CheckInfo> QuantileChecks() {
  return {
      {kInInfBucketCheck, diag::Severity::kWarning,
       "a quantile falls in the +Inf bucket: it is above the highest bound"},
      {kCounterResetCheck, diag::Severity::kInfo,
       "a histogram's counters were reset in the window"},
      {kBoundsChangedCheck, diag::Severity::kWarning,
       "a histogram's bucket bounds changed within the window"},
      {kCumulativeCheck, diag::Severity::kInfo,
       "one snapshot only: quantiles over all observations since each process started"},
      {kNoRequestsCheck, diag::Severity::kInfo, "a histogram group had no observations"},
      {kNoInfBucketCheck, diag::Severity::kWarning, "a histogram group has no +Inf bucket"},
      {kQuantileWarningCheck, diag::Severity::kWarning, "a PromQL warning annotation of a query"},
      {kQuantileInfoCheck, diag::Severity::kInfo, "a PromQL info annotation of a query"},
      {kTargetDownCheck, diag::Severity::kError, "--config: a target that could not be scraped"},
      {kTargetLimitCheck, diag::Severity::kError,
       "--config: a scrape that breaks one of the job's limits"},
      {kTargetConfigCheck, diag::Severity::kError,
       "--config: a job's settings that ttam needs to scrape its targets cannot be used"},
      {kUnresolvedDiscoveryCheck, diag::Severity::kInfo,
       "--config: a job whose targets come from service discovery ttam cannot resolve"},
  };
}

Result<QuantileResults> ComputeQuantiles(const QuantileRequest& request, int64_t time_ms,
                                         QueryBackend& backend, diag::Sink& sink) {
  QueryRunner run(backend, time_ms, sink);
  QuantileResults results;
  results.time_ms = time_ms;
  results.window_ms = request.window_ms;
  results.cumulative = !request.window_ms.has_value();
  results.under = request.under;

  auto histogram_names = run.Run(std::string(slo::kHistogramDiscoveryQuery));
  if (!histogram_names) return histogram_names.error();
  auto summary_names = run.Run(R"(count by (__name__) ({quantile!=""}))");
  if (!summary_names) return summary_names.error();
  std::vector<std::string> histograms = FamilyNamesOf(*histogram_names, "_bucket");
  std::vector<std::string> summaries = FamilyNamesOf(*summary_names, "");
  if (!request.metric.empty()) {
    std::string want = request.metric;
    if (want.ends_with("_bucket")) want.resize(want.size() - 7);
    bool is_histogram = std::count(histograms.begin(), histograms.end(), want) > 0;
    bool is_summary = std::count(summaries.begin(), summaries.end(), want) > 0;
    if (!is_histogram && !is_summary) {
      std::string found;
      for (const std::string& h : histograms) found += (found.empty() ? "" : ", ") + h;
      return Error{"--metric " + request.metric + ": no classic histogram (" + want +
                   "_bucket with le) or summary of that "
                   "name in the data" +
                   (found.empty() ? std::string() : "; histograms found: " + found)};
    }
    histograms = is_histogram ? std::vector<std::string>{want} : std::vector<std::string>{};
    summaries =
        is_summary && !is_histogram ? std::vector<std::string>{want} : std::vector<std::string>{};
  }
  if (histograms.empty() && summaries.empty()) {
    return Error{
        "no classic histogram (a _bucket series with an le label) or summary in the "
        "data at the evaluation time; native histograms are not supported yet"};
  }
  if (results.cumulative) {
    sink.Report(
        QuantileFinding(diag::Severity::kInfo, kCumulativeCheck,
                        "one snapshot only: the quantiles are over all observations since each "
                        "process started, and there is no request rate; for the recent "
                        "distribution give a second FILE@TIME, a recording, or a URL (scraped "
                        "twice --window apart)"));
  }
  for (const std::string& name : histograms) {
    HistogramResult h;
    if (Status s = ComputeHistogram(request, time_ms, name, run, sink, h); !s) return s.error();
    results.histograms.push_back(std::move(h));
  }
  for (const std::string& name : summaries) {
    SummaryResult s;
    if (Status ok = ComputeSummary(time_ms, request.window_ms, name, run, s); !ok) {
      return ok.error();
    }
    results.summaries.push_back(std::move(s));
  }
  return results;
}

}  // namespace ttam::cli
