#pragma once

// The dynamic values an alert template computes with: the Go types that
// Prometheus's template data and functions produce (float64, int, string,
// bool, map[string]string, map[string]interface{}, template.queryResult,
// *template.sample, template.HTML, *time.Time, *time.Duration, the alert data
// struct) and the untyped nil (Go's invalid reflect.Value).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "template/expand.h"

namespace ttam::tmpl {

/// Which Go type a Value holds.
enum class ValueKind : uint8_t {
  kInvalid,    ///< no value (untyped nil, a missing interface{} map entry)
  kBool,       ///< bool
  kInt,        ///< int (or int64 when is_int64)
  kFloat,      ///< float64
  kString,     ///< string
  kHtml,       ///< html/template.HTML (a string type of its own)
  kStringMap,  ///< map[string]string (labels)
  kAnyMap,     ///< map[string]interface{} (what `args` returns)
  kSamples,    ///< template.queryResult ([]*sample)
  kSample,     ///< *template.sample (may be nil)
  kTime,       ///< *time.Time (unix nanoseconds)
  kDuration,   ///< *time.Duration (nanoseconds)
  kAlert,      ///< the alert data struct (dot at the top level)
};

struct Value;
/// map[string]interface{}, sorted by key.
using AnyMap = std::vector<std::pair<std::string, Value>>;
/// A query result; shared because sortByLabel sorts it in place, as Go's does.
using SampleList = std::vector<std::shared_ptr<QuerySample>>;

/// One dynamic value.
struct Value {
  ValueKind kind = ValueKind::kInvalid;
  bool is_int64 = false;  ///< kInt: int64 (from a method) rather than int
  bool boolean = false;
  int64_t integer = 0;  ///< kInt; kTime/kDuration: nanoseconds
  double number = 0;
  std::string text;                           ///< kString, kHtml
  std::shared_ptr<const LabelMap> labels;     ///< kStringMap
  std::shared_ptr<const AnyMap> any_map;      ///< kAnyMap
  std::shared_ptr<SampleList> samples;        ///< kSamples (null: a nil slice)
  std::shared_ptr<QuerySample> sample;        ///< kSample (null: a nil pointer)
  std::shared_ptr<const AlertData> alert;     ///< kAlert

  static Value Bool(bool b) {
    Value v;
    v.kind = ValueKind::kBool;
    v.boolean = b;
    return v;
  }
  static Value Int(int64_t i) {
    Value v;
    v.kind = ValueKind::kInt;
    v.integer = i;
    return v;
  }
  static Value Float(double f) {
    Value v;
    v.kind = ValueKind::kFloat;
    v.number = f;
    return v;
  }
  static Value String(std::string s) {
    Value v;
    v.kind = ValueKind::kString;
    v.text = std::move(s);
    return v;
  }
  static Value Labels(std::shared_ptr<const LabelMap> m) {
    Value v;
    v.kind = ValueKind::kStringMap;
    v.labels = std::move(m);
    return v;
  }
};

}  // namespace ttam::tmpl
