#pragma once

// Canonical PromQL text for an AST: Parse(Print(e)) is structurally Equal to e
// for every tree the parser produces.

#include <cstdint>
#include <string>
#include <string_view>

#include "promql/ast.h"
#include "support/units.h"

namespace ttam::promql {

/// Canonical PromQL for an expression.
std::string Print(const Expr& expr);

/// Durations print with ttam::FormatDuration (support/units.h).
using ttam::FormatDuration;

/// A double-quoted PromQL string literal with Go-style escapes.
std::string QuoteString(std::string_view s);

}  // namespace ttam::promql
