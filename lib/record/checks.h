#pragma once

// The findings `ttam record` reports.
#include <span>
#include <string_view>

#include "diag/check_info.h"

namespace ttam::record {

/// A target's scrape failed: a gap in the recording, `up` 0 and staleness.
inline constexpr std::string_view kScrapeFailed = "record/scrape-failed";
/// Samples with a target's own timestamp that went backwards or repeated.
inline constexpr std::string_view kDroppedSamples = "record/dropped-samples";

/// record/* checks, including the fleet's target-config and unresolved-discovery.
std::span<const diag::CheckInfo> RecordChecks();

}  // namespace ttam::record
