#pragma once

// How far back a query reads: the data a query evaluated at time t reads
// lies in [t − reach, t] when every selector's offset is a non-negative
// literal and nothing pins a time (`@`), widens a window (`anchored`,
// `smoothed`), computes a duration or selects on its own (info()). A
// rule-test run uses it to drop samples no later query can see.

#include <cstdint>
#include <optional>

#include "promql/ast.h"

namespace ttam::ruletest {

/// The reach in ms of `root` (0 without selectors) when all its reads lie in
/// [t − reach, t] for evaluation time t and lookback `lookback_ms`; nullopt
/// when some read may lie elsewhere.
std::optional<int64_t> QueryReach(const promql::Expr& root, int64_t lookback_ms);

}  // namespace ttam::ruletest
