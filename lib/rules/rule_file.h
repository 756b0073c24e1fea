#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/document.h"

namespace ttam::rules {

/// One recording or alerting rule as written.
struct Rule {
  std::string record;  ///< set for recording rules
  std::string alert;   ///< set for alerting rules
  std::string expr;
  const yaml::Node* expr_node = nullptr;  ///< the expr scalar (for positions inside it)
  const yaml::Node* node = nullptr;       ///< the rule mapping
  std::string path;                       ///< "groups[0].rules[3]"
  /// Metric names the expression selects. Until the PromQL front end lands
  /// this is a lexical scan (identifiers not followed by '(' and not
  /// keywords); later it comes from the AST.
  std::vector<std::string> selected_metrics;
};

/// One rule group.
struct Group {
  std::string name;
  int64_t interval_ms = 0;  ///< 0 = the global evaluation_interval
  std::vector<Rule> rules;
  const yaml::Node* node = nullptr;
  std::string path;  ///< "groups[0]"
};

/// A parsed and structurally validated rule file.
struct RuleFile {
  std::unique_ptr<yaml::Document> doc;
  std::vector<Group> groups;
  bool valid = false;  ///< no error was reported
};

/// Metric names an expression selects, found lexically (identifiers outside
/// strings, label matchers and grouping lists that are not keywords or calls,
/// plus `__name__="x"` matchers). Sorted and unique. Replaced by the AST's
/// selectors once the PromQL front end lands.
std::vector<std::string> SelectedMetricsLexical(std::string_view expr);

/// Validates a rule file's structure exactly as Prometheus 3 loads it (rulefmt):
/// groups with unique names, interval/limit/query_offset/labels, rules with
/// exactly one of record and alert, expr required, valid record names, `for`
/// and `keep_firing_for` only on alerts, valid label and annotation names,
/// unknown fields rejected. Findings use check ids `rules/...`. The PromQL
/// inside `expr` is checked once the PromQL front end lands (issue 4).
RuleFile LoadRuleFile(const std::string& path, std::string text, diag::Sink& sink);

}  // namespace ttam::rules
