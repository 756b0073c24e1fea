// `ttam cardinality [URL|FILE|-]... [--config FILE] [--prometheus URL]`:
// count series per metric and values per label, flag labels that look
// unbounded, and enforce budgets (per metric, per label, total, scrape
// limits, growth against a saved baseline) with the common exit codes.
#include <unistd.h>

#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cardinality/budget.h"
#include "cardinality/counter.h"
#include "cardinality/report.h"
#include "cardinality_text.h"
#include "common_options.h"
#include "config/config.h"
#include "expfmt/parser.h"
#include "fetch_flags.h"
#include "fleet/scrape_targets.h"
#include "fleet/targets.h"
#include "progress.h"
#include "promapi/server.h"
#include "scrape/read_exposition.h"
#include "subcommands.h"
#include "support/filesystem.h"

namespace ttam::cli {
namespace {

struct CardinalityOptions {
  std::vector<std::string> sources;
  std::string config;
  std::string job;
  size_t concurrency = 16;
  bool quiet = false;
  std::string prometheus;
  size_t top = 10;
  uint64_t max_series_per_metric = 1000;
  uint64_t max_label_values = 0;
  uint64_t max_total_series = 0;
  std::string limits;
  std::string save;
  std::string baseline;
  std::string max_growth = "10%";
  FetchFlags fetch;
};

std::vector<diag::CheckInfo> AllCardinalityChecks() {
  std::vector<diag::CheckInfo> checks;
  for (const auto& c : expfmt::ParserChecks()) checks.push_back(c);
  for (const auto& c : cardinality::CardinalityChecks()) checks.push_back(c);
  return checks;
}

// The fleet reports under this subcommand's ids: cardinality/target-down, ...
constexpr char kIdPrefix[] = "cardinality";

Result<std::string> ReadWholeFile(FileSystem& fs, const std::string& path) {
  auto text = fs.Read(path);
  if (!text) return Error{"cannot read " + path};
  return text;
}

int RunCardinality(const CardinalityOptions& o, const CommonOptions& common, Io& io) {
  bool direct = !o.sources.empty() || !o.config.empty();
  if (!direct && o.prometheus.empty()) {
    return CannotRun(io,
                     "nothing to measure: give URLs or files, --config FILE or --prometheus URL");
  }
  if (direct && !o.prometheus.empty()) {
    return CannotRun(io,
                     "--prometheus measures a server's whole TSDB; it cannot be combined with "
                     "URLs, files or --config (run ttam twice)");
  }
  if (!o.job.empty() && o.config.empty()) return CannotRun(io, "--job needs --config");
  if (o.concurrency == 0) return CannotRun(io, "--concurrency must be at least 1");
  auto read = BuildReadOptions(o.fetch, io.fs);
  if (!read) return CannotRun(io, read.error().message);
  auto growth = cardinality::ParseGrowth(o.max_growth);
  if (!growth) return CannotRun(io, "--max-growth: " + growth.error().message);

  cardinality::Limits limits;
  limits.max_series_per_metric = o.max_series_per_metric;
  if (o.max_label_values > 0) limits.max_label_values = o.max_label_values;
  if (o.max_total_series > 0) limits.max_total_series = o.max_total_series;
  std::optional<cardinality::Measurement> baseline;
  if (!o.baseline.empty()) {
    auto text = ReadWholeFile(io.fs, o.baseline);
    if (!text) return CannotRun(io, "--baseline: " + text.error().message);
    auto parsed = cardinality::FromJson(*text);
    if (!parsed) return CannotRun(io, "--baseline " + o.baseline + ": " + parsed.error().message);
    baseline = std::move(*parsed);
  }

  Report report(common, io, AllCardinalityChecks());
  if (!o.limits.empty()) {
    auto text = ReadWholeFile(io.fs, o.limits);
    if (!text) {
      report.Abandon();
      return CannotRun(io, "--limits: " + text.error().message);
    }
    if (!cardinality::LoadLimitsFile(o.limits, std::move(*text), limits, report.sink())) {
      report.Finish();
      io.err << "ttam: error: --limits " << o.limits << " is invalid (see above)\n";
      return kExitCannotRun;
    }
  }

  cardinality::CounterOptions counter_options;
  counter_options.top_values = o.top == 0 ? 0 : std::max<size_t>(o.top, 10);
  cardinality::Counter total(counter_options);
  std::string source;  // what the findings are about
  bool could_not_read = false;

  if (!o.prometheus.empty()) {
    auto client = scrape::MakeHttpClient(TTAM_VERSION);
    auto measured = promapi::MeasureServer(o.prometheus, read->fetch, *client, o.top);
    if (!measured) {
      report.Abandon();
      return CannotRun(io, measured.error().message);
    }
    for (const auto& m : measured->metrics) total.AddMetric(m.name, m.type, m.series);
    for (const auto& l : measured->labels) total.AddLabel(l.name, l.distinct_values, l.top_values);
    source = "prometheus " + o.prometheus;
  }

  // URLs, files and stdin, one after the other.
  auto client = scrape::MakeHttpClient(TTAM_VERSION);
  for (const std::string& target : o.sources) {
    cardinality::Counter one(counter_options);
    auto result = scrape::ReadExposition(target, *read, *client, one, report.sink());
    if (!result) {
      io.err << "ttam: error: " << result.error().message << "\n";
      could_not_read = true;
      continue;
    }
    total.Merge(one);
    source = o.sources.size() == 1 ? result->target : "the sources";
  }

  // Every target of a prometheus.yml, concurrently.
  if (!o.config.empty()) {
    auto text = io.fs.Read(o.config);
    if (!text) {
      report.Abandon();
      return CannotRun(io, "--config: " + text.error().message);
    }
    config::LoadedConfig loaded = config::Load(o.config, std::move(*text), report.sink(), io.fs);
    std::vector<fleet::Target> targets =
        fleet::TargetsFromConfig(loaded, o.job, io.fs, kIdPrefix, report.sink());
    if (!o.job.empty() && targets.empty()) {
      report.Abandon();
      return CannotRun(io, "--job " + o.job + ": no such job with targets in " + o.config);
    }
    std::vector<std::unique_ptr<cardinality::Counter>> counters;
    for (size_t i = 0; i < targets.size(); ++i) {
      counters.push_back(std::make_unique<cardinality::Counter>(counter_options));
    }
    Progress progress(io, io.err_is_terminal && !o.quiet, "targets");
    std::vector<fleet::TargetOutcome> outcomes = fleet::ScrapeTargets(
        targets, o.concurrency, io.clock,
        [&](size_t i) -> expfmt::Consumer& { return *counters[i]; },
        [&](size_t done, size_t all) { progress.Update(done, all); });
    progress.Clear();
    fleet::ReportOutcomes(targets, outcomes, kIdPrefix, report.sink());
    for (size_t i = 0; i < targets.size(); ++i) {
      if (outcomes[i].summary) total.Merge(*counters[i]);
    }
    source = o.sources.empty() ? o.config : "the sources";
  }

  cardinality::Measurement full = total.Take(0);
  cardinality::Measurement shown = total.Take(o.top);
  // The table first, then the findings about it (text findings stream out
  // as they are reported).
  if (report.text()) WriteCardinalityText(shown, io.out, io.out_is_terminal);
  cardinality::CheckBudgets(full, limits, source, report.sink());
  cardinality::CheckSuspects(full, source, report.sink());
  if (baseline) cardinality::CompareBaseline(full, *baseline, *growth, source, report.sink());

  if (!o.save.empty()) {
    std::ofstream out(o.save, std::ios::binary | std::ios::trunc);
    out << cardinality::ToJson(full).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
    if (!out) {
      io.err << "ttam: error: --save: cannot write " << o.save << "\n";
      could_not_read = true;
    }
  }

  std::vector<diag::JsonExtra> extras;
  if (report.json()) {
    extras.push_back(JsonMember("cardinality", cardinality::ToJson(shown)));
  }
  int rc = report.Finish(extras);
  return could_not_read ? kExitCannotRun : rc;
}

}  // namespace

Runner SetupCardinality(CLI::App& app, const CommonOptions& common) {
  auto o = std::make_shared<CardinalityOptions>();
  app.add_option("sources", o->sources, "http(s) URLs, files, or - for stdin")
      ->type_name("URL|FILE|-");
  app.add_option("--config", o->config,
                 "prometheus.yml: scrape every static and file_sd target of every job")
      ->type_name("FILE");
  app.add_option("--job", o->job, "With --config: only this job")->type_name("NAME");
  app.add_option("--concurrency", o->concurrency, "With --config: scrapes at once")
      ->type_name("N")
      ->capture_default_str();
  app.add_flag("--quiet", o->quiet, "No progress line on a terminal");
  app.add_option("--prometheus", o->prometheus,
                 "Measure a running Prometheus server's TSDB instead (its HTTP API)")
      ->type_name("URL");
  app.add_option("--top", o->top, "How many metrics, labels and values to list (0 = all)")
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--max-series-per-metric", o->max_series_per_metric,
                 "Budget: series per metric (the guide's 1000)")
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--max-label-values", o->max_label_values,
                 "Budget: distinct values per label (0 = no budget)")
      ->type_name("N");
  app.add_option("--max-total-series", o->max_total_series,
                 "Budget: series in total (0 = no budget)")
      ->type_name("N");
  app.add_option("--limits", o->limits, "YAML file of budgets, with per-metric glob overrides")
      ->type_name("FILE");
  app.add_option("--save", o->save, "Write the measurement as JSON, for a later --baseline")
      ->type_name("FILE");
  app.add_option("--baseline", o->baseline, "Compare with a measurement saved by --save")
      ->type_name("FILE");
  app.add_option("--max-growth", o->max_growth,
                 "With --baseline: allowed growth per metric, percent (10%) or series (500)")
      ->type_name("N|N%")
      ->capture_default_str();
  AddFetchFlags(app, o->fetch);
  return [o, &common](Io& io) { return RunCardinality(*o, common, io); };
}

}  // namespace ttam::cli
