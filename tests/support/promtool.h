#pragma once

#include <filesystem>
#include <string>

namespace ttam::test {

/// The promtool the differential suites (tests/promtool_diff) compare ttam
/// with: Debian's /usr/bin/promtool (2.42), else /usr/local/bin/promtool; ""
/// when neither is installed, and the suite skips with a MESSAGE.
inline std::string FindPromtool() {
  for (const char* candidate : {"/usr/bin/promtool", "/usr/local/bin/promtool"}) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return "";
}

/// What a suite prints when it skips because FindPromtool found nothing.
inline constexpr const char* kPromtoolMissing =
    "SKIPPED: promtool not found (/usr/bin/promtool, /usr/local/bin/promtool; "
    "apt-get install prometheus)";

}  // namespace ttam::test
