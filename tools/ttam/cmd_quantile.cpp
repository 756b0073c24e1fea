// `ttam quantile`: p50/p95/p99 (and any -q) of classic histograms, exactly as
// histogram_quantile over summed bucket rates computes them, from local data,
// scraped URLs or a Prometheus server; every number with its PromQL.
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "common_options.h"
#include "findings_io.h"
#include "quantile_output.h"
#include "quantile_run.h"
#include "sources.h"
#include "subcommands.h"
#include "support/number.h"

namespace ttam::cli {
namespace {

/// The default --window for URLs: their two scrapes are this far apart.
constexpr int64_t kDefaultScrapeWindowMs = 30000;
/// The default rate window on a server, whose history is unknown.
constexpr int64_t kDefaultServerWindowMs = 5 * 60000;

struct QuantileOptions {
  std::vector<std::string> quantiles{"0.5", "0.95", "0.99"};
  std::string metric;
  std::vector<std::string> by;
  CLI::Option* by_option = nullptr;
  std::string under;
  SourceFlags source;
};

// The rate window: --window, else the data's whole span plus 1ms
// (Prometheus 3's ranges are left-open, so a window equal to the span would
// miss the first sample; rate() divides by the window, so a whole second
// more would understate a 30s rate by 1/31), else a server's default;
// nullopt for one snapshot.
Result<std::optional<int64_t>> QuantileRateWindow(const Source& source, std::optional<int64_t> flag,
                                                  bool scraped) {
  if (source.single_snapshot) {
    if (flag && !scraped) {
      return Error{
          "--window needs a rate, and the data has one snapshot only: give a second "
          "FILE@TIME, a recording (ttam record), or a URL to scrape twice; without "
          "--window the quantiles are over all observations since the process started"};
    }
    return std::optional<int64_t>{};
  }
  if (flag && !scraped) return flag;
  if (source.span_ms) return std::optional<int64_t>{*source.span_ms + 1};
  return std::optional<int64_t>{flag.value_or(kDefaultServerWindowMs)};
}

int RunQuantile(const QuantileOptions& o, const CommonOptions& common, Io& io) {
  auto quantiles = slo::ParseQuantiles(o.quantiles);
  if (!quantiles) return CannotRun(io, quantiles.error().message);
  std::optional<double> under;
  if (!o.under.empty()) {
    double u = 0;
    if (!ParseFloat(o.under, &u) || std::isnan(u)) {
      return CannotRun(io, "--under " + o.under + ": give a bound in seconds, e.g. 0.25");
    }
    under = u;
  }
  auto window_flag = ParseWindowFlag(o.source);
  if (!window_flag) return CannotRun(io, window_flag.error().message);
  bool scraped = !o.source.config.empty();
  for (const std::string& s : o.source.sources) {
    if (s.starts_with("http://") || s.starts_with("https://")) scraped = true;
  }

  // Results go to stdout in text and json (text findings then go to
  // stderr); github, sarif and gitlab print only the findings, on stdout.
  bool findings_only = FindingsOnlyFormat(common.format);
  bool text = common.format == "text";
  CommonOptions report_options = common;
  Io findings_io = FindingsIo(io, text);
  std::vector<diag::CheckInfo> checks = QuantileChecks();
  for (const auto& c : SourceChecks()) checks.push_back(c);
  Report report(report_options, findings_io, checks);
  auto fail = [&](const std::string& message) {
    report.Abandon();
    io.out.flush();
    return CannotRun(io, message);
  };

  Waiter wait = SleepingWaiter(io);
  auto source = OpenSource(o.source, window_flag->value_or(kDefaultScrapeWindowMs), io, wait,
                           kQuantileIdPrefix, report.sink());
  if (!source)
    return fail(source.error().message.empty() ? "cannot read the data (see above)"
                                               : source.error().message);
  auto window = QuantileRateWindow(*source, *window_flag, scraped);
  if (!window) return fail(window.error().message);

  QuantileRequest request;
  request.quantiles = *quantiles;
  request.metric = o.metric;
  if (o.by_option != nullptr && o.by_option->count() > 0) {
    // `--by ''` sums every group into one.
    std::vector<std::string> by;
    for (const std::string& l : o.by) {
      if (!l.empty()) by.push_back(l);
    }
    request.by = std::move(by);
  }
  request.window_ms = *window;
  request.under = under;
  // The findings about the numbers come after the table they are about.
  diag::CollectingSink findings;
  auto results = ComputeQuantiles(request, source->time_ms, *source->backend, findings);
  auto forward = [&]() {
    for (diag::Diagnostic& d : findings.diagnostics) report.sink().Report(std::move(d));
  };
  if (!results) {
    forward();
    return fail(results.error().message);
  }

  if (text) {
    QuantileTextOptions options;
    options.bars = io.out_is_terminal;
    options.source = source->description;
    WriteQuantileText(*results, options, io.out);
    io.out.flush();
    forward();
    return report.AnyFindings() ? report.Finish() : kExitClean;
  }
  forward();
  if (findings_only) return report.Finish();
  return report.Finish(QuantileJson(*results, source->description));
}

}  // namespace

Runner SetupQuantile(CLI::App& app, const CommonOptions& common) {
  auto o = std::make_shared<QuantileOptions>();
  app.add_option("-q,--quantiles", o->quantiles, "Quantiles to compute, from 0 to 1")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("Q,...")
      ->capture_default_str();
  app.add_option("--metric", o->metric,
                 "Only this histogram (family name, with or without _bucket) or summary")
      ->type_name("NAME");
  o->by_option =
      app.add_option("--by", o->by,
                     "Group by these labels (default: every label but le, instance and job; "
                     "'' for one total)")
          ->delimiter(',')
          ->allow_extra_args(false)
          ->type_name("L,...");
  app.add_option("--under", o->under,
                 "Also the share of observations at or below SECONDS (histogram_fraction)")
      ->type_name("SECONDS");
  AddSourceFlags(app, o->source,
                 "Rate window (default: the data's whole span; 5m with --prometheus); for URLs, "
                 "the time between their two scrapes (default 30s)");
  return [o, &common](Io& io) { return RunQuantile(*o, common, io); };
}

}  // namespace ttam::cli
