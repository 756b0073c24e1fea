// `ttam lint-rules FILE...`: validate rule files as Prometheus 3 loads them
// (structure, PromQL parsed and type-checked, alert templates), then lint
// what loads but is still wrong (rules/* checks; with --config also the checks
// that need the scrape config: rate windows, dropped series). Rule unit-test
// files (top-level rule_files: and tests:) get the ruletest/* checks instead.
#include <algorithm>
#include <filesystem>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common_options.h"
#include "config/config.h"
#include "features.h"
#include "lint/config/check.h"
#include "lint/rules/linter.h"
#include "lint/ruletest/check.h"
#include "lint/ruletest/linter.h"
#include "rules/rule_file.h"
#include "subcommands.h"
#include "support/filesystem.h"

namespace ttam::cli {
namespace {

struct LintRulesOptions {
  std::vector<std::string> files;
  std::string config;
  std::vector<std::string> features;
};

std::vector<diag::CheckInfo> AllRulesChecks(bool with_config) {
  std::vector<diag::CheckInfo> checks;
  for (const auto& c : lint::RulesValidationChecks()) checks.push_back(c);
  for (const auto& c : lint::RulesChecks())
    checks.push_back({c.id, c.severity, c.summary, c.enablement});
  for (const auto& c : lint::RuleTestChecks()) checks.push_back({c.id, c.severity, c.summary});
  if (with_config) {
    for (const auto& c : lint::ConfigValidationChecks()) checks.push_back(c);
  }
  return checks;
}

// A directory argument stands for the *.yml and *.yaml files directly in it,
// in name order; anything else is taken as a file.
std::vector<std::string> ExpandArguments(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (arg == "-" || !std::filesystem::is_directory(arg, ec)) {
      out.push_back(arg);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(arg, ec)) {
      std::string ext = entry.path().extension().string();
      if ((ext == ".yml" || ext == ".yaml") && entry.is_regular_file(ec)) {
        found.push_back(entry.path().string());
      }
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) out.push_back(arg);  // reported as unreadable below
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

int RunLintRules(const LintRulesOptions& options, const CommonOptions& common, Io& io) {
  auto load_options = ParseFeatures(options.features);
  if (!load_options) return CannotRun(io, load_options.error().message);
  FileSystem& fs = io.fs;
  // Read the config first: without it the run would lint something else
  // than the user asked for.
  std::string config_text;
  if (!options.config.empty()) {
    auto text = fs.Read(options.config);
    if (!text) return CannotRun(io, "--config: " + text.error().message);
    config_text = std::move(*text);
  }
  Report report(common, io, AllRulesChecks(!options.config.empty()));
  std::unique_ptr<config::LoadedConfig> loaded;
  if (!options.config.empty()) {
    loaded = std::make_unique<config::LoadedConfig>(
        config::Load(options.config, std::move(config_text), report.sink(), fs));
    load_options->name_validation = loaded->config.global.metric_name_validation;
  }
  bool unreadable = false;
  std::vector<rules::RuleFile> files;
  for (const std::string& file : ExpandArguments(options.files)) {
    auto text = ReadInput(file, io, fs);
    if (!text) {
      io.err << "ttam: error: " << text.error().message << "\n";
      unreadable = true;
      continue;
    }
    std::string display = file == "-" ? "<stdin>" : file;
    // A rule unit-test file (promtool test rules) gets its own light checks.
    if (lint::LooksLikeRuleTestFile(*text)) {
      lint::LintRuleTestFile(
          display, std::move(*text), fs, report.sink(),
          [&](std::string_view id) { return report.Runs(id); }, *load_options);
      continue;
    }
    files.push_back(
        rules::LoadRuleFile(display, std::move(*text), report.sink(), fs, *load_options));
  }
  std::vector<const rules::RuleFile*> pointers;
  for (const rules::RuleFile& f : files) pointers.push_back(&f);
  lint::LintRules({pointers, loaded.get()}, report.sink(),
                  [&](std::string_view id) { return report.Runs(id); });
  std::vector<diag::JsonExtra> extras;
  if (report.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const rules::RuleFile& f : files) {
      size_t rules = 0;
      for (const auto& g : f.groups) rules += g.rules.size();
      list.push_back({{"file", f.doc ? f.doc->path : std::string()},
                      {"valid", f.valid},
                      {"groups", f.groups.size()},
                      {"rules", rules}});
    }
    extras.push_back(JsonMember("lint_rules", nlohmann::json{{"files", list}}));
  }
  int rc = report.Finish(extras);
  return unreadable ? kExitCannotRun : rc;
}

}  // namespace

Runner SetupLintRules(CLI::App& app, const CommonOptions& common) {
  auto options = std::make_shared<LintRulesOptions>();
  app.add_option("files", options->files,
                 "rule files, directories of *.yml/*.yaml rule files, or - for stdin")
      ->required()
      ->type_name("FILE|DIR|-");
  app.add_option("--config", options->config,
                 "prometheus.yml the rules run under: enables the checks that need scrape "
                 "intervals and metric_relabel_configs")
      ->type_name("FILE");
  AddFeatureOption(app, options->features);
  return [options, &common](Io& io) { return RunLintRules(*options, common, io); };
}

}  // namespace ttam::cli
