#pragma once

// `--enable-feature`: Prometheus's feature flags that change what rule
// expressions may use, mapped onto the loader's options.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "rules/rule_file.h"
#include "support/result.h"

namespace ttam::cli {

/// Registers `--enable-feature NAME[,NAME]` on `app`, bound to `names`.
void AddFeatureOption(CLI::App& app, std::vector<std::string>& names);

/// The loader options `names` ask for; an error naming the known features
/// when one is unknown (a typo must not silently change what is checked).
Result<rules::LoadOptions> ParseFeatures(const std::vector<std::string>& names);

}  // namespace ttam::cli
