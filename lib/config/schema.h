#pragma once

// The config loader's use of the yaml schema reader: the check ids it reports
// (config/...) and the reader's names in this namespace.

#include <string_view>

#include "yaml/schema.h"

namespace ttam::config {

using yaml::Context;
using yaml::Object;

/// Check ids for what Prometheus would refuse to load (all errors).
inline constexpr std::string_view kUnknownField = "config/unknown-field";
inline constexpr std::string_view kType = "config/type";                 ///< wrong YAML type
inline constexpr std::string_view kValue = "config/value";               ///< invalid value
inline constexpr std::string_view kRequired = "config/required";         ///< missing field
inline constexpr std::string_view kConflict = "config/conflict";         ///< mutually exclusive
inline constexpr std::string_view kDuplicate = "config/duplicate";       ///< duplicate name/job
inline constexpr std::string_view kRegex = "config/regex";               ///< invalid RE2 regex
inline constexpr std::string_view kMissingFile = "config/missing-file";  ///< named file absent
inline constexpr std::string_view kFile = "config/file";  ///< an included file is invalid

/// The ids the schema reader reports under while reading a config
/// (kUnknownField, kType, kValue, kRequired).
inline yaml::SchemaIds ReaderIds() { return yaml::SchemaIds::ForArea("config"); }

}  // namespace ttam::config
