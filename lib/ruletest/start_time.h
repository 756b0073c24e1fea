#pragma once

// promtool's parseTime (cmd/promtool): a test group's start_timestamp is
// unix seconds (a float, split into whole seconds and truncated
// nanoseconds as time.Unix does) or an RFC3339Nano time.

#include <cstdint>
#include <string>

#include "support/result.h"

namespace ttam::ruletest {

/// `text` as ms since the epoch; the error is promtool's text
/// (`cannot parse "x" to a valid timestamp`).
Result<int64_t> ParseStartTimestamp(const std::string& text);

}  // namespace ttam::ruletest
