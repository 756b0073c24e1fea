#pragma once
// Helpers the CLI tests share (tests/cli/*): where the samples are, reading
// ttam's JSON output.

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/process.h"

namespace ttam::test {

/// samples/ in the source tree, with a trailing slash.
inline const std::string kSamplesDir = std::string(TTAM_SOURCE_DIR) + "/samples/";

/// The check ids of a --format json document's diagnostics.
inline std::set<std::string> CheckIds(const nlohmann::json& doc) {
  std::set<std::string> ids;
  for (const auto& d : doc["diagnostics"]) ids.insert(d["check"].get<std::string>());
  return ids;
}

/// Exit 0 or 1: ttam ran to the end, whatever it found.
inline bool Ran(const ProcessResult& r) { return r.exit_code == 0 || r.exit_code == 1; }

}  // namespace ttam::test
