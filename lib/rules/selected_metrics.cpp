#include "promql/analysis.h"
#include "promql/parser.h"
#include "rules/rule_file.h"

namespace ttam::rules {

std::vector<std::string> SelectedMetrics(const RuleFile& file, const Rule& rule) {
  if (!rule.expr_valid) return {};
  promql::ParseResult parsed = promql::Parse(rule.expr, file.options.syntax);
  if (!parsed.ok()) return {};
  return promql::SelectedMetrics(*parsed.expr);
}

}  // namespace ttam::rules
