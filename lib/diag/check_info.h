#pragma once

#include <string_view>

#include "diag/diagnostic.h"

namespace ttam::diag {

/// Whether a check runs when the command line does not name it: opinion
/// checks are off by default and run only with `--enable ID|group/*|strict`.
enum class Enablement { kOnByDefault, kOffByDefault };

/// What a check is, for SARIF's rule table and the docs.
struct CheckInfo {
  std::string_view id;
  Severity default_severity;
  std::string_view summary;  ///< one line: what it reports
  Enablement enablement = Enablement::kOnByDefault;
};

}  // namespace ttam::diag
