#include "lint/rules/helpers.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "promql/check.h"
#include "promql/functions.h"
#include "promql/parser.h"
#include "promql/printer.h"
#include "promql/walk.h"

namespace ttam::lint::checks {

using promql::Expr;

std::string CanonicalExpr(const rules::RuleFile& file, const rules::Rule& rule,
                          const promql::Expr* ast) {
  return CanonicalExpr(file.options.syntax, rule, ast);
}

std::string CanonicalExpr(const promql::ParseOptions& syntax, const rules::Rule& rule,
                          const promql::Expr* ast) {
  if (ast != nullptr) return promql::Print(*ast);
  if (rule.expr_valid) {
    promql::ParseResult parsed = promql::Parse(rule.expr, syntax);
    if (parsed.ok()) return promql::Print(*parsed.expr);
  }
  return std::string(rule.expr);
}

std::string Excerpt(const rules::Rule& rule, promql::Span span) {
  if (span.begin >= rule.expr.size() || span.end <= span.begin) return {};
  std::string_view text = std::string_view(rule.expr).substr(span.begin, span.end - span.begin);
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

}  // namespace ttam::lint::checks
