#pragma once

// Runs the unit-test file checks (the rows of lib/lint/ruletest/registry.cpp)
// over one `promtool test rules` file.

#include <functional>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "rules/rule_file.h"
#include "support/filesystem.h"

namespace ttam::lint {

/// True when `text` looks like a rule unit-test file rather than a rule
/// file: a top-level `tests:` key (at column 0) and either `rule_files:` or
/// no `groups:` (a test file with expression tests only). A cheap textual
/// test, so rule files are not parsed twice.
bool LooksLikeRuleTestFile(std::string_view text);

/// Lints the unit-test file `path` (content `text`): YAML errors go to
/// `sink`; its rule_files patterns are globbed relative to it through `fs`
/// and the matched rule files loaded (quietly, with `options`) for the alert
/// names they define; then every check for which `enabled(id)` is true
/// runs. Findings go out in line order.
void LintRuleTestFile(const std::string& path, std::string text, FileSystem& fs, diag::Sink& sink,
                      const std::function<bool(std::string_view)>& enabled,
                      const rules::LoadOptions& options = {});

}  // namespace ttam::lint
