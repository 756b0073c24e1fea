#include <algorithm>
#include <variant>

#include "promql/parser.h"
#include "promql/walk.h"
#include "rules/rule_file.h"

namespace ttam::rules {

std::vector<std::string> SelectedMetrics(const promql::Expr& expr) {
  std::vector<std::string> out;
  promql::Walk(expr, [&](const promql::Expr& e, std::span<const promql::Expr* const>) {
    if (const auto* vs = std::get_if<promql::VectorSelector>(&e.node)) {
      if (!vs->name.empty()) out.push_back(vs->name);
      for (const promql::LabelMatcher& m : vs->matchers) {
        if (m.name == "__name__" && m.op == promql::MatchOp::kEqual) out.push_back(m.value);
      }
    }
    return true;
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> SelectedMetrics(const RuleFile& file, const Rule& rule) {
  if (!rule.expr_valid) return {};
  promql::ParseResult parsed = promql::Parse(rule.expr, file.options.syntax);
  if (!parsed.ok()) return {};
  return SelectedMetrics(*parsed.expr);
}

}  // namespace ttam::rules
