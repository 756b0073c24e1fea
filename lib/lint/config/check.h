#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "rules/rule_file.h"
#include "yaml/document.h"

namespace ttam::lint {

/// A rule file that a config's rule_files matched, loaded.
struct LoadedRuleFile {
  std::string path;  ///< as the config's glob resolved it
  rules::RuleFile file;
};

/// What config checks read: the loaded config (with every document it owns)
/// and the rule files it names. Cross-file checks see both here, in one
/// place, rather than inside either loader.
struct ConfigLintInput {
  const config::LoadedConfig& config;
  std::span<const LoadedRuleFile> rule_files;
};

/// Builds diagnostics for one config check at a node of a YAML document:
/// fills in path, position, source line, id and severity, and drops findings
/// suppressed by a `# ttam: disable=<id>[,<id>]` comment on the offending
/// line or on the comment lines directly above it.
class ConfigReporter {
 public:
  ConfigReporter(diag::Sink& sink, std::string_view check, diag::Severity severity)
      : sink_(sink), check_(check), severity_(severity) {}

  /// Reports at `node` in `doc`.
  void Report(const yaml::Document& doc, const yaml::Node& node, std::string message,
              std::vector<diag::Note> notes = {});
  /// Reports at `node` in `doc` with a severity other than the check's default.
  void ReportWithSeverity(const yaml::Document& doc, const yaml::Node& node,
                          diag::Severity severity, std::string message,
                          std::vector<diag::Note> notes = {});
  /// Reports at an Origin of the config model; nothing when it has no node.
  void Report(const config::Origin& at, std::string message, std::vector<diag::Note> notes = {});
  /// Like Report, with the scalar at `at` masked in the source line shown
  /// (for secrets: CI logs are often more public than the repository).
  void ReportRedacted(const config::Origin& at, std::string message);

  std::string_view check() const { return check_; }

 private:
  diag::Sink& sink_;
  std::string_view check_;
  diag::Severity severity_;
};

/// True when line `line` of `doc`, or a comment line directly above it, holds
/// `# ttam: disable=...` naming `check` (an id, a group glob like `config/*`,
/// or `*`).
bool IsSuppressed(const yaml::Document& doc, uint32_t line, std::string_view check);

/// One config check: reads the loaded config and rule files, reports through
/// its ConfigReporter. Checks never see a null Origin node as valid input:
/// models of invalid configs may be partial.
class ConfigCheck {
 public:
  virtual ~ConfigCheck() = default;
  virtual void Run(const ConfigLintInput& input, ConfigReporter& out) = 0;
};

/// A registry row: the check's id, default severity, one-line summary, factory
/// and whether it runs by default.
struct ConfigCheckInfo {
  std::string_view id;
  diag::Severity severity;
  std::string_view summary;
  std::unique_ptr<ConfigCheck> (*make)();
  /// Off-by-default checks run only when --enable names them (ID, group/*, strict).
  diag::Enablement enablement = diag::Enablement::kOnByDefault;
};

/// Every config check, in one table (lib/lint/config/registry.cpp).
std::span<const ConfigCheckInfo> ConfigChecks();

/// The ids config::Load and the YAML layer report (validation errors), with
/// summaries, for SARIF rule tables and the docs.
std::span<const diag::CheckInfo> ConfigValidationChecks();

}  // namespace ttam::lint
