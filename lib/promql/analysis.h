#pragma once

// Static analysis of PromQL trees shared by lints and (later) the evaluator's
// users: which metrics an expression selects, which labels its result can
// carry, and where histogram_quantile() reads its buckets.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "promql/ast.h"

namespace ttam::promql {

/// Calls `visit` with the buckets argument of every histogram_quantile(q, buckets)
/// call in `ast`, outermost first.
void ForEachHistogramQuantile(const Expr& ast,
                              const std::function<void(const Expr& buckets)>& visit);

/// The metric name a selector selects: its name, or a `__name__="x"`
/// matcher; empty when neither is written.
std::string SelectorMetric(const VectorSelector& selector);

/// The value of an equality matcher `label="value"` of `selector`, if any.
std::optional<std::string> EqualMatcher(const VectorSelector& selector, std::string_view label);

/// The labels an expression's result can carry: either a finite set (`open`
/// false: only `names`) or any label except `names` (`open` true).
struct LabelSet {
  bool open = true;             ///< true: any label but `names`; false: only `names`
  std::set<std::string> names;  ///< the labels excluded (open) or allowed (finite)

  /// True when a result series may carry `label`.
  bool CanHave(const std::string& label) const {
    return open ? names.count(label) == 0 : names.count(label) != 0;
  }
};

/// The labels `expr`'s result can carry, following Prometheus's semantics
/// for aggregations (by/without), vector matching (on/ignoring,
/// group_left/right), label_replace/label_join, absent() and
/// histogram_quantile (which drops `le`). The metric name is not modelled.
LabelSet ResultLabels(const Expr& expr);

/// The innermost node of `expr` from whose result `label` is gone while its
/// inputs could still carry it (the aggregation or binary operation that
/// drops it); null when `expr`'s result can carry `label`.
const Expr* WhereLabelDropped(const Expr& expr, const std::string& label);

/// The metric names `expr` selects (by name or by a `__name__="x"` matcher),
/// sorted and without duplicates.
std::vector<std::string> SelectedMetrics(const Expr& expr);

}  // namespace ttam::promql
