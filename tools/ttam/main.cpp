// ttam: Prometheus metrics operations. main() owns argv, the environment and
// the process's streams; every subcommand is one row in kSubcommands.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "build_info.h"
#include "common_options.h"
#include "heap_tuning.h"
#include "subcommands.h"
#include "support/clock.h"
#include "support/filesystem.h"

namespace {

using ttam::cli::Subcommand;

constexpr Subcommand kSubcommands[] = {
    {"scrape", "Fetch or read an exposition; summarise it, or lint it with --check",
     ttam::cli::SetupScrape},
    {"lint-config", "Validate prometheus.yml files as Prometheus 3 loads them, and lint them",
     ttam::cli::SetupLintConfig},
    {"lint-rules",
     "Validate rule files as Prometheus 3 loads them (PromQL included), and lint them",
     ttam::cli::SetupLintRules},
    {"cardinality",
     "Count series per metric and values per label, flag unbounded labels, enforce budgets",
     ttam::cli::SetupCardinality},
    {"test-promql", "Run promqltest files (PromQL conformance tests) against ttam's evaluator",
     ttam::cli::SetupTestPromql},
    {"test-rules", "Run promtool's rule unit tests (alerting and recording rules over time)",
     ttam::cli::SetupTestRules},
    {"query", "Evaluate a PromQL expression over local data, or on a Prometheus server",
     ttam::cli::SetupQuery},
    {"record", "Scrape targets every interval and write the samples as OpenMetrics with timestamps",
     ttam::cli::SetupRecord},
    {"quantile", "Latency quantiles of classic histograms, exactly as Prometheus computes them",
     ttam::cli::SetupQuantile},
    {"burn-rate", "SLO error ratios and burn rates over the workbook's windows, and a page verdict",
     ttam::cli::SetupBurnRate},
    {"slo", "SLO rules: `slo generate` writes recording and alerting rules and their unit tests",
     ttam::cli::SetupSlo},
    {"version", "Print the version, the build type and compiler, and the library versions",
     ttam::cli::SetupVersion},
};

}  // namespace

int main(int argc, char** argv) {
  ttam::cli::TuneHeap();
  // A peer that closes mid-request must be an error from write(), not a kill.
  signal(SIGPIPE, SIG_IGN);
  const char* no_color = std::getenv("NO_COLOR");
  const ttam::SystemClock clock;
  ttam::cli::Io io{.in = std::cin,
                   .out = std::cout,
                   .err = std::cerr,
                   .fs = ttam::RealFileSystem(),
                   .clock = clock,
                   .out_is_terminal = isatty(1) == 1,
                   .err_is_terminal = isatty(2) == 1,
                   .no_color = no_color != nullptr && *no_color != '\0'};

  CLI::App app{"ttam: lint, measure and query Prometheus metrics, configs and rules", "ttam"};
  app.set_version_flag("--version", "ttam " + ttam::cli::GetBuildInfo().version);
  app.require_subcommand(1);
  app.fallthrough();
  ttam::cli::CommonOptions common;
  ttam::cli::AddCommonOptions(app, common);

  ttam::cli::Runner runner;
  for (const Subcommand& row : kSubcommands) {
    CLI::App* sub = app.add_subcommand(std::string(row.name), std::string(row.summary));
    auto run = row.setup(*sub, common);
    sub->callback([&runner, run] { runner = run; });
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e, io.out, io.err);
  } catch (const CLI::ParseError& e) {
    app.exit(e, io.out, io.err);
    return ttam::cli::kExitCannotRun;
  }
  try {
    return runner(io);
  } catch (const std::exception& e) {
    // lib/ does not throw; this is a last line of defence against a crash.
    return ttam::cli::CannotRun(io, std::string("internal error: ") + e.what());
  }
}
