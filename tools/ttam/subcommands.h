#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string_view>

#include "common_options.h"

namespace ttam::cli {

/// Runs a parsed subcommand; returns the exit code.
using Runner = std::function<int(Io& io)>;

/// One row of main's subcommand table: registers the subcommand's options on
/// `app` (bound to state it owns) and returns what runs it.
struct Subcommand {
  std::string_view name;
  std::string_view summary;
  Runner (*setup)(CLI::App& app, const CommonOptions& common);
};

Runner SetupScrape(CLI::App& app, const CommonOptions& common);
Runner SetupLintConfig(CLI::App& app, const CommonOptions& common);
Runner SetupLintRules(CLI::App& app, const CommonOptions& common);
Runner SetupCardinality(CLI::App& app, const CommonOptions& common);
Runner SetupTestPromql(CLI::App& app, const CommonOptions& common);
Runner SetupTestRules(CLI::App& app, const CommonOptions& common);
Runner SetupQuery(CLI::App& app, const CommonOptions& common);
Runner SetupRecord(CLI::App& app, const CommonOptions& common);
Runner SetupQuantile(CLI::App& app, const CommonOptions& common);
Runner SetupBurnRate(CLI::App& app, const CommonOptions& common);
Runner SetupSlo(CLI::App& app, const CommonOptions& common);
Runner SetupVersion(CLI::App& app, const CommonOptions& common);

}  // namespace ttam::cli
