#pragma once

#include <string_view>

#include "diag/diagnostic.h"

namespace ttam::diag {

/// What a check is, for SARIF's rule table and the docs.
struct CheckInfo {
  std::string_view id;
  Severity default_severity;
  std::string_view summary;  ///< one line: what it reports
};

}  // namespace ttam::diag
