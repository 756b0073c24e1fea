// promtool's parseTime for start_timestamp: unix seconds or RFC3339Nano.

#include "ruletest/start_time.h"

#include <cmath>
#include <optional>
#include <string_view>

#include "support/number.h"
#include "support/rfc3339.h"

namespace ttam::ruletest {

Result<int64_t> ParseStartTimestamp(const std::string& text) {
  double f = 0;
  if (ParseFloat(text, &f) && std::isfinite(f)) {
    // time.Unix(int64(s), int64(frac*1e9)): whole seconds and nanoseconds, truncated.
    double whole = std::trunc(f);
    double frac = f - whole;
    auto ns = static_cast<int64_t>(frac * 1e9);
    return static_cast<int64_t>(whole) * 1000 + ns / 1'000'000;
  }
  if (std::optional<int64_t> ms = ParseRfc3339Ms(text)) return *ms;
  return Error{"cannot parse \"" + text + "\" to a valid timestamp"};
}

}  // namespace ttam::ruletest
