#pragma once

// Runs the config checks (the rows of lib/lint/config/registry.cpp).

#include <functional>
#include <string_view>

#include "diag/diagnostic.h"
#include "lint/config/check.h"

namespace ttam::lint {

/// Runs every config check for which `enabled(id)` is true; without
/// `enabled`, the checks that are on by default.
void LintConfig(const ConfigLintInput& input, diag::Sink& sink,
                const std::function<bool(std::string_view)>& enabled);

}  // namespace ttam::lint
