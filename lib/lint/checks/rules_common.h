#pragma once

// Private to ttam_lint_rules: what several rule checks share. Iteration over
// the rules with a valid expression, metric-name conventions (counter or
// gauge by name), and the set of labels an expression's result can carry.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "lint/rules_check.h"
#include "promql/ast.h"

namespace ttam::lint::checks {

/// The rule's expression in canonical form (printed from its tree, so that
/// formatting does not matter): from `ast` when given, else parsed again
/// (for a rule visited earlier); the text as written when it is invalid.
std::string CanonicalExpr(const rules::RuleFile& file, const rules::Rule& rule,
                          const promql::Expr* ast);

/// Calls `visit` with the buckets argument of every histogram_quantile(q, buckets)
/// call in `ast`, outermost first.
void ForEachHistogramQuantile(const promql::Expr& ast,
                              const std::function<void(const promql::Expr& buckets)>& visit);

/// The metric name a selector selects: its name, or a `__name__="x"`
/// matcher; empty when neither is written.
std::string SelectorMetric(const promql::VectorSelector& selector);

/// The value of an equality matcher `label="value"` of `selector`, if any.
std::optional<std::string> EqualMatcher(const promql::VectorSelector& selector,
                                        std::string_view label);

/// True when the name follows a counter's conventions: it ends in `_total`,
/// or is a histogram's or summary's `_bucket`, `_count` or `_sum`.
bool HasCounterSuffix(std::string_view name);

/// True when `name` ends in `_count` or `_sum` after a base unit
/// (`_seconds_count`, `_bytes_sum`, ...), or ends in `_total` or `_bucket`:
/// the name is a counter beyond reasonable doubt.
bool IsCounterName(std::string_view name);

/// Why `name` is clearly not a counter (for messages), or nullopt when it
/// could be one. Only names that Prometheus's conventions mark as gauges or
/// as already-computed rates are reported; unknown names are not.
/// `native_histograms`: `_seconds` and `_bytes` names may be native
/// histograms (which rate() accepts), so they are not reported.
std::optional<std::string> NotCounterReason(std::string_view name, bool native_histograms);

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
LabelSet ResultLabels(const promql::Expr& expr);

/// The innermost node of `expr` from whose result `label` is gone while its
/// inputs could still carry it (the aggregation or binary operation that
/// drops it); null when `expr`'s result can carry `label`.
const promql::Expr* WhereLabelDropped(const promql::Expr& expr, const std::string& label);

/// A short excerpt of `rule.expr` at `span` for messages (`...` past 60 bytes).
std::string Excerpt(const rules::Rule& rule, promql::Span span);

}  // namespace ttam::lint::checks
