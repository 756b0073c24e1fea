#pragma once

// Runs the rule checks (the rows of lib/lint/rules/registry.cpp).

#include <functional>
#include <string_view>

#include "diag/diagnostic.h"
#include "lint/rules/check.h"

namespace ttam::lint {

/// Runs one check over `input` (Begin, OnRule for every rule, Finish), its
/// findings to `out` in the order it makes them (for tests of a check made
/// outside the registry).
void RunRulesCheck(RulesCheck& check, const RulesLintInput& input, RulesReporter& out);

/// Runs every rule check for which `enabled(id)` is true (without `enabled`,
/// the checks that are on by default); findings go out in
/// file and line order.
void LintRules(const RulesLintInput& input, diag::Sink& sink,
               const std::function<bool(std::string_view)>& enabled);

}  // namespace ttam::lint
