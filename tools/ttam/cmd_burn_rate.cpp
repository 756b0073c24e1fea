// `ttam burn-rate`: SLO error ratios and burn rates over the workbook's
// windows, from local data or a Prometheus server, and the page/ticket verdict.
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "burn_rate_output.h"
#include "burn_rate_run.h"
#include "common_options.h"
#include "findings_io.h"
#include "slo/slo_spec.h"
#include "sources.h"
#include "subcommands.h"
#include "support/number.h"

namespace ttam::cli {
namespace {

/// For URLs: their two scrapes are this far apart by default (the shortest window).
constexpr int64_t kBurnScrapeWindowMs = 5 * 60000;
/// Points of each window's sparkline on a terminal.
constexpr int kBurnHistoryPoints = 24;

struct BurnRateOptions {
  std::string spec;
  std::string min_events = "100";
  SourceFlags source;
};

int RunBurnRate(const BurnRateOptions& o, const CommonOptions& common, Io& io) {
  double min_events = 0;
  if (!ParseFloat(o.min_events, &min_events) || !(min_events >= 0)) {
    return CannotRun(io, "--min-events " + o.min_events + ": give a number of events, e.g. 100");
  }
  auto window_flag = ParseWindowFlag(o.source);
  if (!window_flag) return CannotRun(io, window_flag.error().message);

  // Results go to stdout in text and json (text findings then go to
  // stderr); github, sarif and gitlab print only the findings, on stdout.
  bool findings_only = FindingsOnlyFormat(common.format);
  bool text = common.format == "text";
  Io findings_io = FindingsIo(io, text);
  std::vector<diag::CheckInfo> checks = BurnRateChecks();
  for (const auto& c : SourceChecks()) checks.push_back(c);
  Report report(common, findings_io, checks);
  auto fail = [&](const std::string& message) {
    report.Abandon();
    io.out.flush();
    return CannotRun(io, message);
  };

  auto spec_text = ReadInput(o.spec, io, io.fs);
  if (!spec_text) return fail(spec_text.error().message);
  auto specs = slo::ParseSpecFile(*spec_text, o.spec, report.sink());
  if (!specs) return fail(o.spec + ": not a usable SLO spec (see above)");

  Waiter wait = SleepingWaiter(io);
  auto source = OpenSource(o.source, window_flag->value_or(kBurnScrapeWindowMs), io, wait,
                           kBurnIdPrefix, report.sink());
  if (!source) {
    return fail(source.error().message.empty() ? "cannot read the data (see above)"
                                               : source.error().message);
  }

  BurnRequest request;
  request.min_events = min_events;
  request.spec_path = o.spec;
  request.history_points = text && io.out_is_terminal ? kBurnHistoryPoints : 0;
  // The findings about the numbers come after the tables they are about.
  diag::CollectingSink findings;
  auto results = ComputeBurnRates(*specs, request, *source, findings);
  auto forward = [&]() {
    for (diag::Diagnostic& d : findings.diagnostics) report.sink().Report(std::move(d));
  };
  if (!results) {
    forward();
    return fail(results.error().message);
  }
  if (text) {
    BurnTextOptions options;
    options.sparklines = request.history_points > 0;
    options.source = source->description;
    WriteBurnText(*results, options, io.out);
    io.out.flush();
    forward();
    return report.AnyFindings() ? report.Finish() : kExitClean;
  }
  forward();
  if (findings_only) return report.Finish();
  return report.Finish(BurnJson(*results, source->description));
}

}  // namespace

Runner SetupBurnRate(CLI::App& app, const CommonOptions& common) {
  auto o = std::make_shared<BurnRateOptions>();
  app.add_option("--slo", o->spec,
                 "The SLO spec: ttam's format, sloth's prometheus/v1 or OpenSLO v1 ('-': stdin)")
      ->required()
      ->type_name("SPEC.yml");
  app.add_option("--min-events", o->min_events,
                 "A window pair alerts only when its short window saw at least N events")
      ->type_name("N")
      ->capture_default_str();
  AddSourceFlags(app, o->source,
                 "For URLs and --config: the time between their two scrapes (default 5m)");
  return [o, &common](Io& io) { return RunBurnRate(*o, common, io); };
}

}  // namespace ttam::cli
