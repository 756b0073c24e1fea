#pragma once

// One test group run exactly as promtool's testGroup.test (spec §4.3):
// input loaded lazily, every rule group evaluated every evaluation_interval
// in group_eval_order with recording outputs and ALERTS written back (stale
// markers when a series goes away), a rule error stopping the group, alert
// checks at the step at or before each eval_time, then the expression tests
// as instant queries at start + eval_time.

#include <string>
#include <vector>

#include "ruletest/rule_set.h"
#include "ruletest/runner.h"
#include "ruletest/test_file.h"

namespace ttam::ruletest {

/// What a group run needs from its file.
struct GroupContext {
  const std::string* path = nullptr;  ///< The test file.
  const TestFile* file = nullptr;
  const RuleSet* rules = nullptr;
  /// Indexes into rules->groups in evaluation order.
  std::vector<size_t> order;
  const Options* options = nullptr;
};

/// Runs `group`; the problems in promtool's order (empty: passed). With
/// `debug_dump`, a group that runs to its end also gets promtool's --debug
/// dump of its store there (and keeps every sample for it).
std::vector<Problem> RunGroup(const TestGroup& group, const GroupContext& context,
                              std::string* debug_dump = nullptr);

/// The evaluation order of `rules`' groups: by their index in
/// group_eval_order, groups not listed counting as 0, ties in file order.
std::vector<size_t> EvaluationOrder(const RuleSet& rules, const std::vector<std::string>& order);

}  // namespace ttam::ruletest
