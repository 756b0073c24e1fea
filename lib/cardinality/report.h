#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"

namespace ttam::cardinality {

/// One label value and the number of series that carry it.
struct ValueCount {
  std::string value;
  uint64_t series = 0;
};

/// Distinct values of one label name across all series.
struct LabelReport {
  std::string name;
  uint64_t distinct_values = 0;
  std::vector<ValueCount> top_values;  ///< series desc, then value
};

/// One label's distinct values within one metric (what drives its series).
struct LabelDistinct {
  std::string name;
  uint64_t distinct_values = 0;
};

/// Series of one metric family.
struct MetricReport {
  std::string name;
  std::string type;  ///< "counter", "histogram", ... ("unknown" when not known)
  uint64_t series = 0;
  /// Its labels with the most distinct values in this metric (desc, at most
  /// 3); filled by Counter from expositions, not serialised by ToJson.
  std::vector<LabelDistinct> labels;
};

/// A label whose values look unbounded (ids, timestamps, addresses).
struct Suspect {
  std::string label;
  /// "UUID", "hex id", "numeric id", "timestamp", "e-mail address",
  /// "IP address", "IP:port", "URL path with an id"
  std::string kind;
  std::string example;               ///< one value of that shape
  uint64_t distinct_values = 0;      ///< of the label
  uint64_t matching_values = 0;      ///< distinct values that have this shape
  std::vector<std::string> metrics;  ///< families that carry the label, sorted
};

/// What a cardinality run measured.
struct Measurement {
  uint64_t total_series = 0;
  std::vector<MetricReport> metrics;  ///< series desc, then name
  std::vector<LabelReport> labels;    ///< distinct_values desc, then name
  std::vector<Suspect> suspects;      ///< distinct_values desc, then label
};

/// The "cardinality" object of the public JSON contract:
/// {"total_series":N,"metrics":[{"name","type","series"}],
///  "labels":[{"name","distinct_values","top_values":[{"value","series"}]}],
///  "suspects":[{"label","kind","example","distinct_values","matching_values","metrics"}]}
nlohmann::json ToJson(const Measurement& m);

/// Reads what --save wrote: the bare object or a whole `ttam --format json`
/// document with a "cardinality" member. "labels" and "suspects" may be
/// absent; anything malformed is an Error naming the member.
Result<Measurement> FromJson(std::string_view text);

}  // namespace ttam::cardinality
