#pragma once

#include <span>

#include "diag/check_info.h"

namespace ttam::cardinality {

/// Every cardinality/* id with its default severity and summary, including
/// cardinality/target-down (reported by the CLI when a target fails).
std::span<const diag::CheckInfo> CardinalityChecks();

}  // namespace ttam::cardinality
