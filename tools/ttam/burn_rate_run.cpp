#include "burn_rate_run.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "support/number.h"

namespace ttam::cli {
namespace {

diag::Diagnostic BurnFinding(const slo::SloSpec& spec, const std::string& path,
                             diag::Severity severity, std::string_view check, std::string message) {
  diag::Diagnostic d;
  d.path = path;
  d.line = spec.position.line;
  d.column = spec.position.column;
  d.severity = severity;
  d.check = std::string(check);
  d.message = std::move(message);
  return d;
}

// "slo primitive-availability {primitive_name="api"}": what a finding is about.
std::string BurnSubject(const slo::SloSpec& spec, const model::Labels& labels) {
  std::string s = "SLO " + spec.name;
  if (!labels.empty()) s += " " + labels.ToString();
  return s;
}

// Runs pinned queries at one time; annotations become findings once each.
class BurnQueries {
 public:
  BurnQueries(QueryBackend& backend, diag::Sink& sink, const slo::SloSpec& spec,
              const std::string& path)
      : backend_(backend), sink_(sink), spec_(spec), path_(path) {}

  // The query pinned at `t_ms` (its text for the output) and its answer.
  Result<eval::Vector> Run(const std::string& query, int64_t t_ms, std::string* pinned) {
    auto text = slo::PinAt(query, t_ms);
    if (!text) return text.error();
    if (pinned != nullptr) *pinned = *text;
    auto answer = backend_.Instant(*text, t_ms);
    if (!answer) return Error{answer.error().message + ", in " + *text};
    for (const std::string& w : answer->warnings) {
      if (seen_.insert(w).second) {
        sink_.Report(BurnFinding(spec_, path_, diag::Severity::kWarning, kBurnWarningCheck,
                                 w + ", in " + *text));
      }
    }
    return std::move(answer->vector);
  }

 private:
  QueryBackend& backend_;
  diag::Sink& sink_;
  const slo::SloSpec& spec_;
  const std::string& path_;
  std::set<std::string> seen_;
};

// A finite value per group of a result (NaN and infinities, from 0/0 and
// x/0 with no traffic, are no data).
std::map<model::Labels, double> ByGroup(const eval::Vector& v) {
  std::map<model::Labels, double> out;
  for (const eval::VectorSample& s : v) {
    if (std::isfinite(s.v)) out[s.labels.WithoutName()] = s.v;
  }
  return out;
}

std::optional<double> Lookup(const std::map<model::Labels, double>& m, const model::Labels& l) {
  auto it = m.find(l);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

// The window the budget is computed over: the period when covered (or on
// a server), else all the data covers (plus 1 ms: ranges are left-open).
// Never assumed beyond that: no extrapolation to the period.
int64_t BudgetSpan(const slo::SloSpec& spec, const Source& source) {
  if (!source.span_ms || *source.span_ms >= spec.period_ms) return spec.period_ms;
  return std::max<int64_t>(*source.span_ms + 1, 1000);
}

struct WindowAnswers {
  std::string ratio_query;
  std::string events_query;
  std::map<model::Labels, double> ratios;
  std::map<model::Labels, double> events;
};

Result<BurnSloResult> ComputeOne(const slo::SloSpec& spec, const BurnRequest& request,
                                 const Source& source, diag::Sink& sink) {
  BurnQueries queries(*source.backend, sink, spec, request.spec_path);
  BurnSloResult out;
  out.name = spec.name;
  out.objective = spec.objective;
  out.period_ms = spec.period_ms;
  std::vector<int64_t> windows = slo::BurnWindows(spec.period_ms);

  // Every window's answers, and the groups any of them has.
  std::map<int64_t, WindowAnswers> answers;
  std::set<model::Labels> groups;
  auto covered = [&](int64_t w) { return !source.span_ms || *source.span_ms >= w; };
  for (int64_t w : windows) {
    if (!covered(w)) continue;
    WindowAnswers& a = answers[w];
    auto ratios = queries.Run(slo::ErrorRatioQuery(spec.sli, w), source.time_ms, &a.ratio_query);
    if (!ratios) return ratios.error();
    a.ratios = ByGroup(*ratios);
    std::string events = slo::EventsQuery(spec.sli, w);
    if (!events.empty()) {
      auto counts = queries.Run(events, source.time_ms, &a.events_query);
      if (!counts) return counts.error();
      for (const eval::VectorSample& s : *counts) groups.insert(s.labels.WithoutName());
      a.events = ByGroup(*counts);
    }
    for (const auto& [labels, v] : a.ratios) groups.insert(labels);
  }
  // The budget's window, when it is not one of the above.
  int64_t budget_span = BudgetSpan(spec, source);
  std::map<model::Labels, double> budget_ratios;
  std::string budget_query;
  if (answers.count(budget_span) != 0) {
    budget_ratios = answers[budget_span].ratios;
    budget_query = answers[budget_span].ratio_query;
  } else {
    auto r =
        queries.Run(slo::ErrorRatioQuery(spec.sli, budget_span), source.time_ms, &budget_query);
    if (!r) return r.error();
    budget_ratios = ByGroup(*r);
  }

  if (groups.empty()) {
    sink.Report(BurnFinding(spec, request.spec_path, diag::Severity::kInfo, kBurnNoDataCheck,
                            "SLO " + spec.name +
                                ": no series match its SLI in any window; check the selectors "
                                "against the data (ttam query can list what is there)"));
  }
  for (const model::Labels& labels : groups) {
    BurnGroupResult g;
    g.labels = labels;
    std::vector<slo::WindowMeasure> measures;
    for (int64_t w : windows) {
      BurnWindowResult wr;
      wr.window_ms = w;
      wr.covered = covered(w);
      if (wr.covered) {
        const WindowAnswers& a = answers[w];
        wr.ratio_query = a.ratio_query;
        wr.events_query = a.events_query;
        wr.error_ratio = Lookup(a.ratios, labels);
        wr.events = Lookup(a.events, labels);
        if (wr.events && *wr.events == 0) wr.error_ratio.reset();  // zero traffic: no data
        if (wr.error_ratio) wr.burn_rate = slo::BurnRate(*wr.error_ratio, spec.objective);
      }
      measures.push_back({w, wr.covered, wr.error_ratio, wr.events});
      g.windows.push_back(std::move(wr));
    }
    g.verdict = slo::Decide(spec, measures, request.min_events);
    g.budget_span_ms = budget_span;
    g.budget_query = budget_query;
    if (auto r = Lookup(budget_ratios, labels)) {
      g.budget_remaining = slo::BudgetRemaining(*r, spec.objective);
      // How long the period's budget lasts; not known from a shorter span.
      for (const BurnWindowResult& wr : g.windows) {
        if (budget_span == spec.period_ms && wr.window_ms == slo::kHourMs && wr.burn_rate) {
          g.exhaustion_ms =
              slo::TimeToExhaustion(*g.budget_remaining, *wr.burn_rate, spec.period_ms);
        }
      }
    }
    out.groups.push_back(std::move(g));
  }

  // Sparklines: each window's burn rate at evenly spaced earlier times.
  if (request.history_points > 1) {
    for (BurnGroupResult& g : out.groups) {
      for (BurnWindowResult& wr : g.windows) wr.history.assign(request.history_points, {});
    }
    for (size_t wi = 0; wi < windows.size(); ++wi) {
      int64_t w = windows[wi];
      if (!covered(w)) continue;
      // From the first time the window is covered to the evaluation time.
      int64_t span = source.span_ms.value_or(6 * w);
      int64_t first = source.time_ms - std::max<int64_t>(span - w, 0);
      for (int p = 0; p < request.history_points; ++p) {
        int64_t t = first + (source.time_ms - first) * p / (request.history_points - 1);
        auto r = queries.Run(slo::ErrorRatioQuery(spec.sli, w), t, nullptr);
        if (!r) return r.error();
        auto by = ByGroup(*r);
        for (BurnGroupResult& g : out.groups) {
          if (auto v = Lookup(by, g.labels)) {
            g.windows[wi].history[p] = slo::BurnRate(*v, spec.objective);
          }
        }
      }
    }
  }

  // The verdicts as findings, the worst one the SLO's.
  for (const BurnGroupResult& g : out.groups) {
    const slo::VerdictResult& v = g.verdict;
    std::string subject = BurnSubject(spec, g.labels);
    switch (v.verdict) {
      case slo::Verdict::kPage:
        sink.Report(BurnFinding(spec, request.spec_path, diag::Severity::kError, kBurnPageCheck,
                                subject + " pages: " + v.reason));
        out.verdict = slo::Verdict::kPage;
        break;
      case slo::Verdict::kTicket:
        sink.Report(BurnFinding(spec, request.spec_path, diag::Severity::kWarning, kBurnTicketCheck,
                                subject + " opens a ticket: " + v.reason));
        if (out.verdict != slo::Verdict::kPage) out.verdict = slo::Verdict::kTicket;
        break;
      case slo::Verdict::kInsufficientData:
        sink.Report(BurnFinding(spec, request.spec_path, diag::Severity::kInfo,
                                kBurnInsufficientCheck, subject + ": no verdict: " + v.reason));
        if (out.verdict == slo::Verdict::kOk) out.verdict = slo::Verdict::kInsufficientData;
        break;
      case slo::Verdict::kOk:
        break;
    }
    for (const std::string& guarded : v.guarded) {
      sink.Report(BurnFinding(
          spec, request.spec_path, diag::Severity::kInfo, kBurnLowTrafficCheck,
          subject + " does not alert: " + guarded + " (--min-events sets the minimum)"));
    }
  }
  if (out.groups.empty() && out.verdict == slo::Verdict::kOk) {
    out.verdict = slo::Verdict::kInsufficientData;
  }
  return out;
}

}  // namespace

std::vector<diag::CheckInfo> BurnRateChecks() {
  return {
      {kBurnPageCheck, diag::Severity::kError,
       "an SLO burns its error budget fast enough to page (1h & 5m, or 6h & 30m)"},
      {kBurnTicketCheck, diag::Severity::kWarning,
       "an SLO burns its error budget fast enough for a ticket (1d & 2h, or 3d & 6h)"},
      {kBurnInsufficientCheck, diag::Severity::kInfo,
       "the data does not span the windows a verdict needs"},
      {kBurnLowTrafficCheck, diag::Severity::kInfo,
       "a window pair burns above its factor on fewer events than --min-events"},
      {kBurnNoDataCheck, diag::Severity::kInfo, "no series match an SLO's SLI"},
      {kBurnWarningCheck, diag::Severity::kWarning, "a PromQL warning annotation of a query"},
      {slo::kSpecCheck, diag::Severity::kError, "an SLO spec file that cannot be used"},
      {kBurnTargetDownCheck, diag::Severity::kError,
       "--config: a target that could not be scraped"},
      {kBurnTargetLimitCheck, diag::Severity::kError,
       "--config: a scrape that breaks one of the job's limits"},
      {kBurnTargetConfigCheck, diag::Severity::kError,
       "--config: a job's settings that ttam needs to scrape its targets cannot be used"},
      {kBurnUnresolvedDiscoveryCheck, diag::Severity::kInfo,
       "--config: a job whose targets come from service discovery ttam cannot resolve"},
  };
}

Result<BurnResults> ComputeBurnRates(const slo::SpecFile& specs, const BurnRequest& request,
                                     const Source& source, diag::Sink& sink) {
  BurnResults results;
  results.time_ms = source.time_ms;
  results.span_ms = source.span_ms;
  results.min_events = request.min_events;
  for (const slo::SloSpec& spec : specs.slos) {
    auto one = ComputeOne(spec, request, source, sink);
    if (!one) return Error{"SLO " + spec.name + ": " + one.error().message};
    results.slos.push_back(std::move(*one));
  }
  return results;
}

}  // namespace ttam::cli
