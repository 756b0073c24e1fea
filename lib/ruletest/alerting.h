#pragma once

// An alerting rule's state across evaluations, as Prometheus's
// rules.AlertingRule keeps it (spec §4.4): pending, firing and inactive
// alerts keyed by their labels, `for` and `keep_firing_for`, resolved alerts
// kept 15 minutes, labels and annotations expanded as templates, and the
// ALERTS / ALERTS_FOR_STATE samples each evaluation writes.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/value.h"
#include "model/labels.h"
#include "ruletest/test_file.h"
#include "support/result.h"
#include "template/expand.h"

namespace ttam::ruletest {

/// An alert's state.
enum class AlertState { kInactive, kPending, kFiring };

/// One alert of a rule.
struct Alert {
  model::Labels labels;
  model::Labels annotations;
  double value = 0;
  AlertState state = AlertState::kPending;
  int64_t active_at_ms = 0;
  std::optional<int64_t> fired_at_ms;
  std::optional<int64_t> resolved_at_ms;
  std::optional<int64_t> keep_firing_since_ms;
  /// The labels of its ALERTS series (for `alerts_series_state`) and of its
  /// ALERTS_FOR_STATE series, built at the first evaluation that needs them.
  model::Labels alerts_series;
  AlertState alerts_series_state = AlertState::kInactive;
  model::Labels for_state_series;
};

/// What templates see besides the alert: the group's external labels and
/// URL, and how `query` runs.
struct TemplateEnv {
  tmpl::LabelMap external_labels;
  std::string external_url;
  /// Runs `query` at a given time (ms).
  std::function<Result<std::vector<tmpl::QuerySample>>(const std::string& expr, int64_t t_ms)>
      query;
};

/// The rule's definition, as loaded.
struct AlertingRuleDef {
  std::string name;
  StringMap labels;       ///< Group labels merged with rule labels (templates), sorted by name.
  StringMap annotations;  ///< Templates, sorted by name.
  int64_t for_ms = 0;
  int64_t keep_firing_for_ms = 0;
};

/// The state of one alerting rule in one test group.
class AlertingRule {
 public:
  explicit AlertingRule(const AlertingRuleDef& def) : def_(&def) {}

  /// Applies the query result `result` of the evaluation at `ts_ms`: creates
  /// or updates alerts, moves them through their states and returns the
  /// ALERTS and ALERTS_FOR_STATE samples to append at ts − query_offset.
  /// Fails on duplicate alert label sets or when more than `limit` (> 0)
  /// alerts are active, as upstream does.
  Result<eval::Vector> Eval(const eval::Vector& result, int64_t ts_ms, int64_t query_offset_ms,
                            int64_t limit, const TemplateEnv& env);

  /// The firing alerts, in label order.
  std::vector<const Alert*> Firing() const;

  const AlertingRuleDef& def() const { return *def_; }

 private:
  // The labels and annotations an evaluation made of a sample with these
  // labels and value (bits).
  struct Expansion {
    uint64_t value_bits = 0;
    model::Labels labels;
    model::Labels annotations;
    uint64_t evaluation = 0;  // the last evaluation that saw the sample
  };
  struct LabelsHasher {
    size_t operator()(const model::Labels& l) const { return static_cast<size_t>(l.Hash()); }
  };

  const AlertingRuleDef* def_;
  std::map<model::Labels, Alert> active_;
  std::unordered_map<model::Labels, Expansion, LabelsHasher> expansions_;
  uint64_t evaluations_ = 0;
};

/// Resolved alerts are kept this long (rules.resolvedRetention).
inline constexpr int64_t kResolvedRetentionMs = 15 * 60 * 1000;

}  // namespace ttam::ruletest
