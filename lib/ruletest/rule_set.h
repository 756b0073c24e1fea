#pragma once

// The rule files of a unit-test file, loaded once as Prometheus's
// rules.Manager.LoadGroups loads them (rules/rule_file.h validates; each
// expression is then parsed and bound for the evaluator), with group labels
// merged under rule labels and query_offset and limit kept. Immutable: each
// test group keeps its own state (group_eval.h).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eval/plan.h"
#include "promql/ast.h"
#include "ruletest/alerting.h"
#include "ruletest/runner.h"
#include "support/filesystem.h"

namespace ttam::ruletest {

/// One rule, ready to evaluate.
struct RuleDef {
  std::string name;  ///< record or alert name.
  bool alert = false;
  std::string expr;
  promql::ExprPtr ast;
  std::unique_ptr<eval::Plan> plan;  ///< Refers to `ast`.
  StringMap labels;                  ///< Recording rules: merged labels.
  AlertingRuleDef alerting;          ///< Alerting rules.
  Position position;                 ///< The rule in its file.
};

/// One rule group.
struct GroupDef {
  std::string name;
  std::string file;
  int64_t query_offset_ms = 0;
  int64_t limit = 0;
  std::vector<std::unique_ptr<RuleDef>> rules;
};

/// Every group of every rule file, in file order.
struct RuleSet {
  std::vector<std::unique_ptr<GroupDef>> groups;
  /// Load errors (each a promtool error text, `<file>: <line>:<col>: <message>`).
  std::vector<Problem> errors;
};

/// Loads `files` (already globbed) through `fs`.
RuleSet LoadRuleSet(const std::vector<std::string>& files, FileSystem& fs, const Options& options);

}  // namespace ttam::ruletest
