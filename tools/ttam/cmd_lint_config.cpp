// `ttam lint-config FILE...`: validate prometheus.yml files as Prometheus 3
// loads them, check the rule files they name, then lint what loads but is
// still wrong (config/* checks, including the cross-file ones).
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common_options.h"
#include "config/config.h"
#include "features.h"
#include "lint/config/linter.h"
#include "lint/rules/linter.h"
#include "rules/rule_file.h"
#include "subcommands.h"
#include "support/filesystem.h"
#include "yaml/document.h"

namespace ttam::cli {
namespace {

struct LintConfigOptions {
  std::vector<std::string> files;
  std::vector<std::string> features;
  bool agent = false;  ///< --agent: validate as `prometheus --agent` loads it
};

std::vector<diag::CheckInfo> AllConfigChecks() {
  std::vector<diag::CheckInfo> checks;
  for (const auto& c : lint::ConfigValidationChecks()) checks.push_back(c);
  for (const auto& c : lint::ConfigChecks())
    checks.push_back({c.id, c.severity, c.summary, c.enablement});
  for (const auto& c : lint::RulesValidationChecks()) checks.push_back(c);
  for (const auto& c : lint::RulesChecks())
    checks.push_back({c.id, c.severity, c.summary, c.enablement});
  return checks;
}

// Loads every file the config's rule_files matched (each once), reporting
// their findings; a file that vanished since the glob is a config/file error.
std::vector<lint::LoadedRuleFile> LoadRuleFiles(const config::LoadedConfig& loaded,
                                                diag::Sink& sink, FileSystem& fs,
                                                const rules::LoadOptions& options) {
  std::vector<lint::LoadedRuleFile> out;
  std::set<std::string> seen;
  for (const config::RuleFileRef& ref : loaded.config.rule_files) {
    for (const std::string& path : ref.files) {
      if (!seen.insert(path).second) continue;
      auto text = fs.Read(path);
      if (!text) {
        if (ref.origin.doc != nullptr && ref.origin.node != nullptr) {
          sink.Report(yaml::MakeDiagnostic(*ref.origin.doc, ref.origin.node->mark,
                                           diag::Severity::kError, "config/file",
                                           ref.origin.path + ": " + text.error().message));
        }
        continue;
      }
      out.push_back({path, rules::LoadRuleFile(path, std::move(*text), sink, fs, options)});
    }
  }
  return out;
}

int RunLintConfig(const LintConfigOptions& options, const CommonOptions& common, Io& io) {
  auto load_options = ParseFeatures(options.features);
  if (!load_options) return CannotRun(io, load_options.error().message);
  Report report(common, io, AllConfigChecks());
  FileSystem& fs = io.fs;
  bool unreadable = false;
  nlohmann::json files = nlohmann::json::array();
  for (const std::string& file : options.files) {
    auto text = ReadInput(file, io, fs);
    if (!text) {
      io.err << "ttam: error: " << text.error().message << "\n";
      unreadable = true;
      continue;
    }
    std::string display = file == "-" ? "<stdin>" : file;
    config::LoadOptions config_options;
    config_options.agent_mode = options.agent;
    config::LoadedConfig loaded =
        config::Load(display, std::move(*text), report.sink(), fs, config_options);
    // Rule names are validated under the config's naming scheme, as the
    // server does.
    rules::LoadOptions rule_options = *load_options;
    rule_options.name_validation = loaded.config.global.metric_name_validation;
    std::vector<lint::LoadedRuleFile> rule_files =
        LoadRuleFiles(loaded, report.sink(), fs, rule_options);
    auto enabled = [&](std::string_view id) { return report.Runs(id); };
    lint::LintConfig({loaded, rule_files}, report.sink(), enabled);
    // The rule files' own checks, with this config as their context.
    std::vector<const rules::RuleFile*> pointers;
    for (const auto& r : rule_files) pointers.push_back(&r.file);
    lint::LintRules({pointers, &loaded}, report.sink(), enabled);
    if (report.json()) {
      nlohmann::json rules = nlohmann::json::array();
      for (const auto& r : rule_files) rules.push_back({{"file", r.path}, {"valid", r.file.valid}});
      files.push_back({{"file", display},
                       {"valid", loaded.valid},
                       {"scrape_configs", loaded.config.scrape_configs.size()},
                       {"rule_files", std::move(rules)}});
    }
  }
  std::vector<diag::JsonExtra> extras;
  if (report.json()) {
    extras.push_back(JsonMember("lint_config", nlohmann::json{{"files", files}}));
  }
  int rc = report.Finish(extras);
  return unreadable ? kExitCannotRun : rc;
}

}  // namespace

Runner SetupLintConfig(CLI::App& app, const CommonOptions& common) {
  auto options = std::make_shared<LintConfigOptions>();
  app.add_option("files", options->files, "prometheus.yml files, or - for stdin")
      ->required()
      ->type_name("FILE|-");
  app.add_flag("--agent", options->agent,
               "validate for Prometheus in agent mode (no alerting, rule_files or remote_read)");
  AddFeatureOption(app, options->features);
  return [options, &common](Io& io) { return RunLintConfig(*options, common, io); };
}

}  // namespace ttam::cli
