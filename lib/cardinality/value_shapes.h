#pragma once

#include <string_view>

namespace ttam::cardinality {

/// The shapes of label values that grow without bound.
enum class Shape {
  kNone,
  kUuid,
  kHexId,
  kNumericId,
  kTimestamp,
  kEmail,
  kIp,
  kIpPort,
  kUrlPathWithId,
};
inline constexpr int kShapeCount = 9;

/// The kind as reports name it: "UUID", "hex id", "numeric id", "timestamp",
/// "e-mail address", "IP address", "IP:port", "URL path with an id"; "" for kNone.
std::string_view ShapeName(Shape shape);

/// True for a UUID in its 8-4-4-4-12 hex form.
bool IsUuid(std::string_view value);

/// Classifies one label value. Small numbers (status codes, ports, bucket
/// bounds), versions and words are kNone: numeric ids have at least 6
/// digits, hex ids at least 16 hex digits with a digit and a letter,
/// timestamps are Unix seconds/milliseconds between 2001 and 2100 or
/// ISO-8601 date-times.
Shape ClassifyValue(std::string_view value);

}  // namespace ttam::cardinality
