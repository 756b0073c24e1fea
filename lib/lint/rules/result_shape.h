#pragma once

// What series a rule can write: the labels its result can carry and the
// values its matchers pin those labels to. The duplicate checks use it to
// tell rules that can collide (the same series, the same alert) from rules
// whose outputs are disjoint (each selects another component="..." that
// survives into the result).

#include <map>
#include <optional>
#include <set>
#include <string>

#include "promql/analysis.h"
#include "promql/ast.h"
#include "rules/rule_file.h"

namespace ttam::lint {

/// What a result label's value can be, from the matchers that survive into it.
struct LabelValues {
  bool any_allowed = true;         ///< false: only `allowed` (an = or a literal =~ a|b)
  std::set<std::string> allowed;   ///< the values it can take, when !any_allowed
  std::set<std::string> excluded;  ///< values it cannot take (!=, literal !~ a|b)
  std::string prefix;              ///< a literal prefix every value has (=~ "2.."), or empty
};

/// The labels a rule's result series can carry, and their known values.
struct ResultShape {
  promql::LabelSet labels;                    ///< which labels the result can carry
  std::map<std::string, LabelValues> values;  ///< per label that survives into the result
};

/// The shape of `rule`'s output: its expression's result, then the rule's
/// own labels, which overwrite the expression's.
ResultShape ShapeOfRule(const rules::Rule& rule, const promql::Expr& expr);

/// The same for a rule whose tree is not at hand (`ast` null): its expression
/// is parsed again; nullopt when it does not parse.
std::optional<ResultShape> ShapeOfRule(const rules::RuleFile& file, const rules::Rule& rule,
                                       const promql::Expr* ast);
/// The same with the syntax options `file` would give (for a rule kept
/// after its file was freed).
std::optional<ResultShape> ShapeOfRule(const promql::ParseOptions& syntax, const rules::Rule& rule,
                                       const promql::Expr* ast);

/// True when no series of `a` can have the same labels as a series of `b`: a
/// label pinned to values the other excludes, literal prefixes that differ,
/// or finite label sets that differ (`sum(x)` against `sum by (verb) (x)`).
bool ShapesDisjoint(const ResultShape& a, const ResultShape& b);

}  // namespace ttam::lint
