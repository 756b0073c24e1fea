// rules/record-naming: Prometheus's naming practice for recording rules is
// level:metric:operations: the aggregation level (the labels kept), the
// metric the rule reads, and the operations applied, newest first. Names in
// that form say what a series holds, and cannot collide with scraped metrics,
// which have no colons. The level may be empty when the rule keeps no labels.
// Real rule sets fold the window into the metric (`service_ops:rate_5m`), use
// longer house schemes (`slo:max:events:apdex:ratio`) or end in a colon for
// "no operations" (kubernetes-mixin): all consistent, none renamed for a lint,
// so only names with no colon or an empty part in the middle are reported.
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"
#include "promql/printer.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

std::vector<std::string_view> Split(std::string_view name) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t colon = name.find(':', start);
    parts.push_back(name.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return parts;
}

// A name in the documented form for the common shapes
// `agg by (labels) (fn(metric[range]))` and `agg by (labels) (metric)`;
// empty for anything else.
std::string Suggest(const promql::Expr& expr) {
  const auto* agg = std::get_if<promql::AggregateExpr>(&promql::Unparen(expr).node);
  if (agg == nullptr || agg->without) return {};
  std::string level;
  for (const std::string& l : agg->grouping) level += (level.empty() ? "" : "_") + l;
  std::string op(promql::AggregateOpName(agg->op));
  const promql::Expr& inner = promql::Unparen(*agg->expr);
  std::string metric;
  std::string ops;
  if (const auto* vs = std::get_if<promql::VectorSelector>(&inner.node)) {
    metric = promql::SelectorMetric(*vs);
    ops = op;
  } else if (const auto* call = std::get_if<promql::Call>(&inner.node)) {
    if (call->args.size() != 1) return {};
    const auto* m = std::get_if<promql::MatrixSelector>(&promql::Unparen(*call->args[0]).node);
    if (m == nullptr) return {};
    const auto* vs = std::get_if<promql::VectorSelector>(&m->vector_selector->node);
    if (vs == nullptr) return {};
    metric = promql::SelectorMetric(*vs);
    if ((call->func == "rate" || call->func == "irate") && metric.ends_with("_total")) {
      metric.resize(metric.size() - 6);  // the practice drops _total after rate()
    }
    ops = call->func + promql::FormatDuration(m->range_ms);
    if (op != "sum") ops = op + "_" + ops;  // sum is left out when other operations follow
  } else {
    return {};
  }
  if (metric.empty() || metric.find(':') != std::string::npos) return {};
  return level + ":" + metric + ":" + ops;
}

class RulesRecordNaming : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    const rules::Rule& rule = v.rule;
    if (rule.record.empty() || rule.name_node == nullptr) return;
    std::vector<std::string_view> parts = Split(rule.record);
    // An empty level is the common spelling for "no labels kept"
    // (:node_memory_MemAvailable_bytes:sum in kubernetes-mixin), an empty
    // last part for "no operations".
    bool empty_middle = false;
    for (size_t i = 1; i + 1 < parts.size(); ++i) empty_middle = empty_middle || parts[i].empty();
    if (parts.size() >= 2 && !empty_middle) return;
    std::string what =
        parts.size() == 1
            ? "has no colons, so it reads like a scraped metric and may collide with one"
            : "has an empty part between its colons, so it does not say what it holds";
    std::string example = v.ast != nullptr ? Suggest(*v.ast) : std::string();
    if (example.empty()) example = "job:http_requests:rate5m";
    out.Report(v, *rule.name_node,
               "recording rule name " + Quote(rule.record) + " " + what +
                   "; name it level:metric:operations (the labels kept, the metric read, "
                   "the operations applied), e.g. " +
                   Quote(example));
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesRecordNaming() {
  return std::make_unique<RulesRecordNaming>();
}

}  // namespace ttam::lint::checks
