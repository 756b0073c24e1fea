#pragma once

// One JSON serialisation for the renderers: compact, and tolerant of user
// input that is not UTF-8 (bad bytes become U+FFFD instead of dump() throwing).

#include <nlohmann/json.hpp>
#include <string>

namespace ttam::diag {

/// `value` as compact JSON text, with invalid UTF-8 replaced.
inline std::string Dump(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ttam::diag
