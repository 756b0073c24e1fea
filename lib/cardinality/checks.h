#pragma once

#include <span>

#include "diag/check_info.h"

namespace ttam::cardinality {

/// Every cardinality/* id with its default severity and summary, including
/// the ids lib/fleet reports under the "cardinality" prefix (target-down,
/// target-limit, unresolved-discovery, target-config).
std::span<const diag::CheckInfo> CardinalityChecks();

}  // namespace ttam::cardinality
