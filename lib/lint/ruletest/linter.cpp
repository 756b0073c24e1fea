#include "lint/ruletest/linter.h"

#include <algorithm>
#include <vector>

#include "lint/config/check.h"
#include "lint/ruletest/check.h"
#include "yaml/document.h"

namespace ttam::lint {

void RuleTestReporter::Report(const yaml::Node& node, std::string message) {
  if (IsSuppressed(doc_, node.mark.line, check_)) return;
  diag::Diagnostic d = yaml::MakeDiagnostic(doc_, node.mark, severity_, check_, std::move(message));
  if (node.IsScalar() && node.style == yaml::ScalarStyle::kPlain &&
      node.scalar.find('\n') == std::string::npos) {
    d.end_column = node.mark.column + static_cast<uint32_t>(node.scalar.size());
  }
  sink_.Report(std::move(d));
}

bool LooksLikeRuleTestFile(std::string_view text) {
  auto top_level = [&](std::string_view key) {
    for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
      if ((at == 0 || text[at - 1] == '\n') && at + key.size() < text.size() &&
          text[at + key.size()] == ':') {
        return true;
      }
    }
    return false;
  };
  // A test file without rule_files (expression tests only) has no groups.
  return top_level("tests") && (top_level("rule_files") || !top_level("groups"));
}

void LintRuleTestFile(const std::string& path, std::string text, FileSystem& fs, diag::Sink& sink,
                      const std::function<bool(std::string_view)>& enabled,
                      const rules::LoadOptions& options) {
  std::unique_ptr<yaml::Document> doc = yaml::Parse(path, std::move(text), sink);
  if (doc == nullptr || !doc->root.IsMap()) return;
  RuleTestLintInput input{*doc, {}, {}, true};
  if (const yaml::Node* patterns = doc->root.Find("rule_files");
      patterns != nullptr && patterns->IsSequence()) {
    for (const yaml::Node& pattern : patterns->items) {
      if (!pattern.IsScalar()) continue;
      RuleFilesPattern p{&pattern, {}};
      auto matched = fs.Glob(ResolveRelative(path, std::string(pattern.scalar)));
      if (matched) p.matches = std::move(*matched);
      std::sort(p.matches.begin(), p.matches.end());
      for (const std::string& file : p.matches) {
        auto content = fs.Read(file);
        if (!content) {
          input.rule_files_complete = false;
          continue;
        }
        diag::CollectingSink quiet;  // the rule files are linted when given themselves
        rules::RuleFile loaded = rules::LoadRuleFile(file, std::move(*content), quiet, fs, options);
        if (!loaded.valid) input.rule_files_complete = false;
        for (const rules::Group& g : loaded.groups) {
          for (const rules::Rule& r : g.rules) {
            if (r.IsAlert()) input.alertnames.emplace(r.alert);
          }
        }
      }
      input.rule_files.push_back(std::move(p));
    }
  }
  diag::CollectingSink found;
  for (const RuleTestCheckInfo& info : RuleTestChecks()) {
    if (!enabled(info.id)) continue;
    RuleTestReporter out(found, *doc, info.id, info.severity);
    info.make()->Run(input, out);
  }
  diag::ReportInFileOrder(std::move(found.diagnostics), sink);
}

}  // namespace ttam::lint
