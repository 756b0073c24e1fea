#pragma once

// Runs config checks on in-memory files: a prometheus.yml, the rule files it
// names, and whatever else a case needs, through an in-memory FileSystem.

#include <fnmatch.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "diag/diagnostic.h"
#include "lint/config_check.h"
#include "rules/rule_file.h"
#include "support/filesystem.h"

namespace ttam::test {

/// A FileSystem over a map of path -> content.
class MemoryFileSystem : public FileSystem {
 public:
  explicit MemoryFileSystem(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  Result<std::string> Read(const std::string& path) override {
    auto it = files_.find(path);
    if (it == files_.end()) return Error{"cannot open " + path + ": No such file or directory"};
    return it->second;
  }
  bool IsFile(const std::string& path) override { return files_.count(path) != 0; }
  Result<std::vector<std::string>> Glob(const std::string& pattern) override {
    std::vector<std::string> out;
    for (const auto& [path, content] : files_) {
      if (fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0) out.push_back(path);
    }
    return out;
  }

 private:
  std::map<std::string, std::string> files_;
};

/// `path:line:col: severity: message [check]`, then `  note: path:line:col: message`.
inline std::string RenderConfigDiagnostics(const std::vector<diag::Diagnostic>& diagnostics) {
  std::string out;
  for (const diag::Diagnostic& d : diagnostics) {
    out += d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
           std::string(diag::SeverityName(d.severity)) + ": " + d.message + " [" + d.check + "]\n";
    for (const diag::Note& n : d.notes) {
      out += "  note: " + n.path + ":" + std::to_string(n.line) + ":" + std::to_string(n.column) +
             ": " + n.message + "\n";
    }
  }
  return out;
}

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
      rule_files.push_back({path, rules::LoadRuleFile(path, files[path], load_sink)});
    }
  }
  diag::CollectingSink lint_sink;
  lint::LintConfig({loaded, rule_files}, lint_sink,
                   [&](std::string_view id) { return check.empty() || id == check; });
  return {RenderConfigDiagnostics(load_sink.diagnostics),
          RenderConfigDiagnostics(lint_sink.diagnostics)};
}

}  // namespace ttam::test
