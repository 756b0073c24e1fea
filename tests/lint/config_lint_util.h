#pragma once

// Runs config checks on in-memory files: a prometheus.yml, the rule files it
// names, and whatever else a case needs, through an in-memory FileSystem.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "diag/diagnostic.h"
#include "lint/config/linter.h"
#include "rules/rule_file.h"
#include "support/filesystem.h"
#include "support/memory_fs.h"
#include "support/render_findings.h"

namespace ttam::test {

/// The shared in-memory file system (tests/support/memory_fs.h).
using MemoryFileSystem = testing::MemoryFileSystem;

/// What LintConfigFiles found: the loader's findings and the checks'.
struct ConfigLintResult {
  std::string load;  ///< config::Load and rules::LoadRuleFile diagnostics
  std::string lint;  ///< the config checks' diagnostics
};

/// Loads `files["prometheus.yml"]` and the rule files it names, then runs the
/// config check `check` (every check when empty).
inline ConfigLintResult LintConfigFiles(std::string_view check,
                                        std::map<std::string, std::string> files) {
  MemoryFileSystem fs(files);
  diag::CollectingSink load_sink;
  config::LoadedConfig loaded =
      config::Load("prometheus.yml", files["prometheus.yml"], load_sink, fs);
  std::vector<lint::LoadedRuleFile> rule_files;
  for (const config::RuleFileRef& ref : loaded.config.rule_files) {
    for (const std::string& path : ref.files) {
      rule_files.push_back({path, rules::LoadRuleFile(path, files[path], load_sink, fs)});
    }
  }
  diag::CollectingSink lint_sink;
  lint::LintConfig({loaded, rule_files}, lint_sink,
                   [&](std::string_view id) { return check.empty() || id == check; });
  return {RenderFindings(load_sink.diagnostics), RenderFindings(lint_sink.diagnostics)};
}

}  // namespace ttam::test
