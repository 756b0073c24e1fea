#pragma once

// Private to ttam_lint_rules: what several rule checks share. Iteration over
// the rules with a valid expression, metric-name conventions (counter or
// gauge by name), and the set of labels an expression's result can carry.

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/rules/check.h"
#include "promql/ast.h"
#include "promql/parser.h"
#include "template/template_check.h"

namespace ttam::lint::checks {

/// The rule's expression in canonical form (printed from its tree, so that
/// formatting does not matter): from `ast` when given, else parsed again
/// (for a rule visited earlier); the text as written when it is invalid.
std::string CanonicalExpr(const rules::RuleFile& file, const rules::Rule& rule,
                          const promql::Expr* ast);
/// The same with the syntax options `file` would give (for a rule kept
/// after its file was freed).
std::string CanonicalExpr(const promql::ParseOptions& syntax, const rules::Rule& rule,
                          const promql::Expr* ast);

/// A short excerpt of `rule.expr` at `span` for messages (`...` past 60 bytes).
std::string Excerpt(const rules::Rule& rule, promql::Span span);

/// Finds the `$labels.x` references of a template (tmpl::CheckTemplate's
/// label_refs in production; tests may pass their own).
using LabelRefFinder =
    std::function<std::vector<tmpl::LabelReference>(std::string_view template_text)>;

/// rules/template-label-aggregated with another way to find label references
/// (a test hook; the registry uses the check's own factory).
std::unique_ptr<RulesCheck> MakeRulesTemplateLabelAggregatedWith(LabelRefFinder find);

}  // namespace ttam::lint::checks
