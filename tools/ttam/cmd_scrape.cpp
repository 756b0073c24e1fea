// `ttam scrape <URL|FILE|->`: read one exposition; summarise it, dump it as
// JSON, or lint it with --check.
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common_options.h"
#include "expfmt/parser.h"
#include "expfmt/stats.h"
#include "fetch_flags.h"
#include "lint/exposition/check.h"
#include "lint/exposition/linter.h"
#include "scrape/fetch.h"
#include "scrape/read_exposition.h"
#include "scrape_json.h"
#include "subcommands.h"
#include "support/units.h"

namespace ttam::cli {
namespace {

struct ScrapeOptions {
  std::string target;
  bool check = false;
  FetchFlags fetch;
  std::string require_prefix;
};

std::vector<diag::CheckInfo> AllExpositionChecks() {
  std::vector<diag::CheckInfo> checks;
  for (const auto& c : expfmt::ParserChecks()) checks.push_back(c);
  for (const auto& c : lint::ExpositionChecks())
    checks.push_back({c.id, c.severity, c.summary, c.enablement});
  return checks;
}

int RunScrape(const ScrapeOptions& options, const CommonOptions& common, Io& io) {
  auto read = BuildReadOptions(options.fetch, io.fs);
  if (!read) return CannotRun(io, read.error().message);

  Report report(common, io, AllExpositionChecks());
  expfmt::TeeConsumer tee;
  // Only the summary line and the JSON document show the series count.
  expfmt::StatsConsumer stats(!options.check || report.json());
  tee.Add(stats);
  std::optional<JsonDumpConsumer> dump;
  if (!options.check && report.json()) {
    dump.emplace();
    tee.Add(*dump);
  }
  lint::ExpositionOptions lint_options;
  lint_options.require_prefix = options.require_prefix;
  lint_options.now_ms = io.clock.NowMs();
  std::unique_ptr<lint::ExpositionLinter> linter;
  auto client = scrape::MakeHttpClient(TTAM_VERSION);
  std::string display = options.target == "-" ? "<stdin>" : options.target;
  if (options.check) {
    linter = std::make_unique<lint::ExpositionLinter>(
        display, lint_options, report.sink(), [&](std::string_view id) { return report.Runs(id); });
    tee.Add(*linter);
  }

  auto result = scrape::ReadExposition(options.target, *read, *client, tee, report.sink());
  if (!result) {
    report.Abandon();
    return CannotRun(io, result.error().message);
  }
  const scrape::ReadSummary& summary = *result;
  std::vector<diag::JsonExtra> extras;
  if (report.json()) {
    extras.push_back(
        JsonMember("scrape", ScrapeSummaryJson(summary, stats, dump ? &*dump : nullptr)));
  } else if (report.text() && !options.check) {
    io.out << summary.target << ": " << stats.families() << " families, " << stats.series()
           << " series, " << stats.samples() << " samples, " << FormatBytes(summary.bytes) << " ("
           << expfmt::FormatName(summary.format) << "), " << summary.elapsed.count() << " ms\n";
  }
  return report.Finish(extras);
}

}  // namespace

Runner SetupScrape(CLI::App& app, const CommonOptions& common) {
  auto options = std::make_shared<ScrapeOptions>();
  app.add_option("target", options->target, "http(s) URL, file, or - for stdin")
      ->required()
      ->type_name("URL|FILE|-");
  app.add_flag("--check", options->check, "Lint the exposition");
  AddFetchFlags(app, options->fetch);
  app.add_option("--require-prefix", options->require_prefix,
                 "Every metric name must start with this prefix (e.g. primitive_)")
      ->type_name("PREFIX");
  return [options, &common](Io& io) { return RunScrape(*options, common, io); };
}

}  // namespace ttam::cli
