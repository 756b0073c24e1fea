#pragma once

// Canonical PromQL text for an AST: Parse(Print(e)) is structurally Equal to e
// for every tree the parser produces.

#include <cstdint>
#include <string>
#include <string_view>

#include "promql/ast.h"

namespace ttam::promql {

/// Canonical PromQL for an expression.
std::string Print(const Expr& expr);

/// A duration in Prometheus's form ("1h30m", "100ms", "0s"); negative values get a leading "-".
std::string FormatDuration(int64_t ms);

/// A double-quoted PromQL string literal with Go-style escapes.
std::string QuoteString(std::string_view s);

}  // namespace ttam::promql
