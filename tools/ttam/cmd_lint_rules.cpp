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
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common_options.h"
#include "config/config.h"
#include "features.h"
#include "lint/config/check.h"
#include "lint/rules/linter.h"
#include "lint/ruletest/check.h"
#include "lint/ruletest/linter.h"
#include "metric_metadata.h"
#include "rules/rule_file.h"
#include "subcommands.h"
#include "support/filesystem.h"

namespace ttam::cli {
namespace {

struct LintRulesOptions {
  std::vector<std::string> files;
  std::string config;
  std::vector<std::string> features;
  std::vector<std::string> metadata;  ///< --metadata FILE|URL
  bool scrape_metadata = false;       ///< --scrape-metadata
  std::string dialect = "prometheus";
  bool ignore_unknown_fields = false;
};

std::vector<diag::CheckInfo> AllRulesChecks(bool with_config) {
  std::vector<diag::CheckInfo> checks;
  for (const auto& c : lint::RulesValidationChecks()) checks.push_back(c);
  for (const auto& c : lint::RulesChecks())
    checks.push_back({c.id, c.severity, c.summary, c.enablement});
  for (const auto& c : lint::RuleTestChecks())
    checks.push_back({c.id, c.severity, c.summary, c.enablement});
  if (with_config) {
    for (const auto& c : lint::ConfigValidationChecks()) checks.push_back(c);
  }
  return checks;
}

// What the arguments name: files as given, and for a directory every *.yml
// and *.yaml file under it, recursively, in path order (entries whose names
// start with '.', such as .git or .github, are not entered).
struct RuleInputs {
  std::vector<std::string> files;
  std::vector<std::string> empty_dirs;  ///< directories without any rule file
};

RuleInputs ExpandArguments(const std::vector<std::string>& args) {
  RuleInputs out;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (arg == "-" || !std::filesystem::is_directory(arg, ec)) {
      out.files.push_back(arg);
      continue;
    }
    std::vector<std::string> found;
    auto it = std::filesystem::recursive_directory_iterator(
        arg, std::filesystem::directory_options::skip_permission_denied, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      const std::filesystem::path& path = it->path();
      std::string name = path.filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      std::string ext = path.extension().string();
      if ((ext == ".yml" || ext == ".yaml") && it->is_regular_file(ec)) {
        found.push_back(path.string());
      }
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) out.empty_dirs.push_back(arg);
    out.files.insert(out.files.end(), found.begin(), found.end());
  }
  return out;
}

// The config is read for what the rules run under (scrape intervals,
// relabelling), not linted: a file it names that exists only on the server
// (a password_file, a CA, a rule_files entry) is worth a warning, not a
// failed run.
class ConfigContextSink : public diag::Sink {
 public:
  explicit ConfigContextSink(diag::Sink& next) : next_(next) {}
  void Report(diag::Diagnostic diagnostic) override {
    if (diagnostic.check == "config/missing-file" &&
        diagnostic.severity == diag::Severity::kError) {
      diagnostic.severity = diag::Severity::kWarning;
      diagnostic.message +=
          " (a warning here: lint-rules reads the config only for the rules' context; "
          "lint-config checks the config itself)";
    }
    next_.Report(std::move(diagnostic));
  }

 private:
  diag::Sink& next_;
};

// Drops what it is given: the first pass of a run with --config loads the
// files only for their recording rules.
class LintRulesDiscardingSink : public diag::Sink {
 public:
  void Report(diag::Diagnostic) override {}
};

// The last file's model (its YAML tree: tens of MB for a large file) is
// left for the process exit to reclaim, as compilers do with their ASTs:
// freeing it node by node took about 5% of linting a 20,000-rule file. It
// stays reachable, so leak checkers do not report it; a later run in the same
// process frees the previous one here.
void KeepUntilExit(std::vector<rules::RuleFile> files) {
  static auto* kept = new std::vector<rules::RuleFile>();
  kept->swap(files);
}

// Lints each group as the loader hands it over, with the trees it parsed.
class LintWhileLoading : public rules::GroupConsumer {
 public:
  LintWhileLoading(lint::RulesLinter& linter, bool more_inputs)
      : linter_(linter), more_inputs_(more_inputs) {}
  void OnGroup(const rules::RuleFile& file, const rules::Group& group,
               std::span<const promql::Expr* const> trees,
               std::span<const rules::TemplateRefs> refs) override {
    linter_.LintGroup(file, group, trees, refs);
  }
  void OnFileEnd(bool last_document) override { linter_.EndFile(!last_document || more_inputs_); }

 private:
  lint::RulesLinter& linter_;
  bool more_inputs_;
};

int RunLintRules(const LintRulesOptions& options, const CommonOptions& common, Io& io) {
  auto load_options = ParseFeatures(options.features);
  if (!load_options) return CannotRun(io, load_options.error().message);
  rules::ParseDialect(options.dialect, &load_options->dialect);  // CLI11 checked the value
  load_options->ignore_unknown_fields = options.ignore_unknown_fields;
  FileSystem& fs = io.fs;
  // Read the config first: without it the run would lint something else
  // than the user asked for.
  std::string config_text;
  if (!options.config.empty()) {
    auto text = fs.Read(options.config);
    if (!text) return CannotRun(io, "--config: " + text.error().message);
    config_text = std::move(*text);
  }
  if (options.scrape_metadata && options.config.empty()) {
    return CannotRun(io, "--scrape-metadata needs --config (the targets to scrape)");
  }
  // Metric types, by priority: --metadata, the config's targets, the
  // built-in table.
  lint::MetricTypes types;
  for (const std::string& source : options.metadata) {
    auto added = AddMetadataSource(source, io, types);
    if (!added) return CannotRun(io, "--metadata: " + added.error().message);
  }
  Report report(common, io, AllRulesChecks(!options.config.empty()));
  std::unique_ptr<config::LoadedConfig> loaded;
  if (!options.config.empty()) {
    ConfigContextSink config_sink(report.sink());
    loaded = std::make_unique<config::LoadedConfig>(
        config::Load(options.config, std::move(config_text), config_sink, fs));
    load_options->name_validation = loaded->config.global.metric_name_validation;
    if (options.scrape_metadata) AddScrapedMetadata(*loaded, io, types);
  }
  types.Merge(lint::BuiltinMetricTypes());
  bool unreadable = false;
  RuleInputs inputs = ExpandArguments(options.files);
  // A directory without a rule file is most likely a wrong path: the run
  // would check nothing while looking successful.
  for (const std::string& dir : inputs.empty_dirs) {
    io.err << "ttam: error: no .yml or .yaml files under " << dir << "\n";
    unreadable = true;
  }
  // One file at a time: each is loaded, linted and freed before the next,
  // so memory follows the largest file, not the sum; the checks keep names,
  // hashes and positions across files, and their findings until the end.
  // With --config, two checks need every file's recording rules before the
  // first rule (names and group intervals): with several files, a first pass
  // loads each for those alone (its findings are dropped: the second pass
  // reports them).
  std::vector<lint::RecordedRule> recorded;
  std::optional<std::string> stdin_text;  // read by the first pass, for the second
  bool first_pass = loaded != nullptr && inputs.files.size() > 1;
  if (first_pass) {
    LintRulesDiscardingSink discard;
    for (const std::string& file : inputs.files) {
      auto text = ReadInput(file, io, fs);
      if (!text) continue;
      if (file == "-" && !stdin_text) stdin_text = *text;
      if (lint::LooksLikeRuleTestFile(*text)) continue;
      std::string display = file == "-" ? "<stdin>" : file;
      std::vector<rules::RuleFile> loaded_files =
          rules::LoadRuleFiles(display, std::move(*text), discard, fs, *load_options);
      std::vector<const rules::RuleFile*> pointers;
      for (const rules::RuleFile& f : loaded_files) pointers.push_back(&f);
      for (lint::RecordedRule& r : lint::CollectRecordedRules(pointers)) {
        recorded.push_back(std::move(r));
      }
    }
  }
  lint::RulesLintInput lint_input{{}, loaded.get(), &types, {}};
  std::unique_ptr<lint::RulesLinter> linter;
  auto enabled = [&](std::string_view id) { return report.Runs(id); };
  nlohmann::json file_list = nlohmann::json::array();  // --format json: per file
  size_t linted = 0;                                   // rule files and rule unit-test files
  for (size_t input = 0; input < inputs.files.size(); ++input) {
    const std::string& file = inputs.files[input];
    Result<std::string> text = std::string();
    if (file == "-" && stdin_text) {
      text = std::move(*stdin_text);
      stdin_text.reset();
    } else {
      text = ReadInput(file, io, fs);
    }
    if (!text) {
      io.err << "ttam: error: " << text.error().message << "\n";
      unreadable = true;
      continue;
    }
    std::string display = file == "-" ? "<stdin>" : file;
    // A rule unit-test file (promtool test rules) gets its own light checks.
    if (lint::LooksLikeRuleTestFile(*text)) {
      lint::LintRuleTestFile(display, std::move(*text), fs, report.sink(), enabled, *load_options);
      ++linted;
      continue;
    }
    bool more_inputs = input + 1 < inputs.files.size();
    // The checks can start before the first file is loaded when they know
    // every recording rule already (from the first pass, or none needed
    // without --config): each group is then linted as it is loaded, with
    // the trees the loader parsed. A single file with --config is loaded
    // first, its recording rules collected, then linted.
    bool lint_while_loading = loaded == nullptr || first_pass;
    if (linter == nullptr && lint_while_loading) {
      lint_input.recorded = recorded;
      linter = std::make_unique<lint::RulesLinter>(lint_input, enabled);
    }
    std::optional<LintWhileLoading> consumer;
    if (lint_while_loading) consumer.emplace(*linter, more_inputs);
    std::vector<rules::RuleFile> files =
        rules::LoadRuleFiles(display, std::move(*text), report.sink(), fs, *load_options,
                             consumer ? &*consumer : nullptr);
    if (!lint_while_loading) {
      std::vector<const rules::RuleFile*> pointers;
      for (const rules::RuleFile& f : files) pointers.push_back(&f);
      if (linter == nullptr) {
        recorded = lint::CollectRecordedRules(pointers);
        lint_input.recorded = recorded;
        linter = std::make_unique<lint::RulesLinter>(lint_input, enabled);
      }
      for (const rules::RuleFile& f : files) {
        linter->Lint(f, &f != &files.back() || more_inputs);
      }
    }
    for (const rules::RuleFile& f : files) {
      if (f.not_rules) continue;  // a Kubernetes object of another kind
      ++linted;
      if (report.json()) {
        size_t rules = 0;
        for (const auto& g : f.groups) rules += g.rules.size();
        file_list.push_back({{"file", f.doc ? f.doc->path : std::string()},
                             {"valid", f.valid},
                             {"groups", f.groups.size()},
                             {"rules", rules}});
      }
    }
    if (!more_inputs) KeepUntilExit(std::move(files));
  }
  // E.g. a manifest bundle without a PrometheusRule.
  if (linted == 0) report.NothingChecked();
  if (linter == nullptr) {
    lint_input.recorded = recorded;
    linter = std::make_unique<lint::RulesLinter>(lint_input, enabled);
  }
  linter->Finish(report.sink());
  std::vector<diag::JsonExtra> extras;
  if (report.json()) {
    extras.push_back(JsonMember("lint_rules", nlohmann::json{{"files", std::move(file_list)}}));
  }
  int rc = report.Finish(extras);
  return unreadable ? kExitCannotRun : rc;
}

}  // namespace

Runner SetupLintRules(CLI::App& app, const CommonOptions& common) {
  auto options = std::make_shared<LintRulesOptions>();
  app.add_option("files", options->files,
                 "rule files (PrometheusRule manifests too), directories (searched recursively for "
                 "*.yml/*.yaml), or - for stdin")
      ->required()
      ->type_name("FILE|DIR|-");
  app.add_option("--config", options->config,
                 "prometheus.yml the rules run under: enables the checks that need scrape "
                 "intervals and metric_relabel_configs")
      ->type_name("FILE");
  app.add_option("--metadata", options->metadata,
                 "metric types for the type-based checks: an exposition (its TYPE lines) or a "
                 "Prometheus server's /api/v1/metadata, as a file or URL; repeatable")
      ->type_name("FILE|URL");
  app.add_flag("--scrape-metadata", options->scrape_metadata,
               "scrape the --config's targets once and use the metric types they declare");
  AddFeatureOption(app, options->features);
  app.add_option("--dialect", options->dialect,
                 "The ruler the files are for: thanos and vmalert accept their extra fields")
      ->check(CLI::IsMember({"prometheus", "thanos", "vmalert"}))
      ->capture_default_str();
  app.add_flag("--ignore-unknown-fields", options->ignore_unknown_fields,
               "Do not report fields Prometheus does not know (as promtool check rules "
               "--ignore-unknown-fields)");
  return [options, &common](Io& io) { return RunLintRules(*options, common, io); };
}

}  // namespace ttam::cli
