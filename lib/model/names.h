#pragma once

// Metric and label names as Prometheus validates them: the legacy character
// sets and UTF-8 (Prometheus 3's default), chosen by the name validation
// scheme a config or a flag sets.

#include <string_view>

namespace ttam::model {

/// How metric and label names are validated (`metric_name_validation_scheme`).
enum class NameValidation { kUtf8, kLegacy };

/// A legacy label name: [a-zA-Z_][a-zA-Z0-9_]*.
bool IsValidLegacyLabelName(std::string_view name);

/// A legacy metric name: [a-zA-Z_:][a-zA-Z0-9_:]*.
bool IsValidLegacyMetricName(std::string_view name);

/// A label name valid under `scheme` (UTF-8: any non-empty valid UTF-8).
bool IsValidLabelName(std::string_view name, NameValidation scheme);

/// A metric name valid under `scheme` (UTF-8: any non-empty valid UTF-8).
bool IsValidMetricName(std::string_view name, NameValidation scheme);

/// A label value Prometheus accepts: valid UTF-8 (empty included).
bool IsValidLabelValue(std::string_view value);

}  // namespace ttam::model
