#include "cardinality/report.h"

#include <utility>

namespace ttam::cardinality {
namespace {

using nlohmann::json;

// Reading --save output: every problem names the member, e.g.
// "metrics[3].series: expected a non-negative integer".
class Reader {
 public:
  std::string error;

  bool Object(const json& j, const std::string& where) {
    if (j.is_object()) return true;
    return Fail(where, "expected an object");
  }
  bool Array(const json& j, const std::string& key, const std::string& where, bool required,
             const json** out) {
    auto it = j.find(key);
    if (it == j.end()) {
      *out = nullptr;
      return !required || Fail(Join(where, key), "missing");
    }
    if (!it->is_array()) return Fail(Join(where, key), "expected a list");
    *out = &*it;
    return true;
  }
  bool String(const json& j, const std::string& key, const std::string& where, bool required,
              std::string* out) {
    auto it = j.find(key);
    if (it == j.end()) return !required || Fail(Join(where, key), "missing");
    if (!it->is_string()) return Fail(Join(where, key), "expected a string");
    *out = it->get<std::string>();
    return true;
  }
  bool Count(const json& j, const std::string& key, const std::string& where, bool required,
             uint64_t* out) {
    auto it = j.find(key);
    if (it == j.end()) return !required || Fail(Join(where, key), "missing");
    if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<int64_t>() >= 0)) {
      return Fail(Join(where, key), "expected a non-negative integer");
    }
    *out = it->get<uint64_t>();
    return true;
  }
  static std::string Join(const std::string& where, const std::string& key) {
    return where.empty() ? key : where + "." + key;
  }
  static std::string Index(const std::string& where, size_t i) {
    return where + "[" + std::to_string(i) + "]";
  }

 private:
  bool Fail(const std::string& where, const std::string& what) {
    error = "cardinality JSON: " + where + ": " + what;
    return false;
  }
};

bool ReadMeasurement(const json& j, Reader& r, Measurement& m) {
  if (!r.Object(j, "cardinality")) return false;
  if (!r.Count(j, "total_series", "", true, &m.total_series)) return false;
  const json* list = nullptr;
  if (!r.Array(j, "metrics", "", true, &list)) return false;
  for (size_t i = 0; i < list->size(); ++i) {
    std::string where = Reader::Index("metrics", i);
    const json& e = (*list)[i];
    MetricReport metric;
    metric.type = "unknown";
    if (!r.Object(e, where) || !r.String(e, "name", where, true, &metric.name) ||
        !r.String(e, "type", where, false, &metric.type) ||
        !r.Count(e, "series", where, true, &metric.series)) {
      return false;
    }
    m.metrics.push_back(std::move(metric));
  }
  if (!r.Array(j, "labels", "", false, &list)) return false;
  for (size_t i = 0; list != nullptr && i < list->size(); ++i) {
    std::string where = Reader::Index("labels", i);
    const json& e = (*list)[i];
    LabelReport label;
    const json* values = nullptr;
    if (!r.Object(e, where) || !r.String(e, "name", where, true, &label.name) ||
        !r.Count(e, "distinct_values", where, true, &label.distinct_values) ||
        !r.Array(e, "top_values", where, false, &values)) {
      return false;
    }
    for (size_t k = 0; values != nullptr && k < values->size(); ++k) {
      std::string at = Reader::Index(where + ".top_values", k);
      const json& v = (*values)[k];
      ValueCount value;
      if (!r.Object(v, at) || !r.String(v, "value", at, true, &value.value) ||
          !r.Count(v, "series", at, true, &value.series)) {
        return false;
      }
      label.top_values.push_back(std::move(value));
    }
    m.labels.push_back(std::move(label));
  }
  if (!r.Array(j, "suspects", "", false, &list)) return false;
  for (size_t i = 0; list != nullptr && i < list->size(); ++i) {
    std::string where = Reader::Index("suspects", i);
    const json& e = (*list)[i];
    Suspect suspect;
    const json* metrics = nullptr;
    if (!r.Object(e, where) || !r.String(e, "label", where, true, &suspect.label) ||
        !r.String(e, "kind", where, true, &suspect.kind) ||
        !r.String(e, "example", where, false, &suspect.example) ||
        !r.Count(e, "distinct_values", where, false, &suspect.distinct_values) ||
        !r.Count(e, "matching_values", where, false, &suspect.matching_values) ||
        !r.Array(e, "metrics", where, false, &metrics)) {
      return false;
    }
    for (size_t k = 0; metrics != nullptr && k < metrics->size(); ++k) {
      if (!(*metrics)[k].is_string()) {
        r.error =
            "cardinality JSON: " + Reader::Index(where + ".metrics", k) + ": expected a string";
        return false;
      }
      suspect.metrics.push_back((*metrics)[k].get<std::string>());
    }
    m.suspects.push_back(std::move(suspect));
  }
  return true;
}

}  // namespace

nlohmann::json ToJson(const Measurement& m) {
  json metrics = json::array();
  for (const MetricReport& metric : m.metrics) {
    metrics.push_back({{"name", metric.name}, {"type", metric.type}, {"series", metric.series}});
  }
  json labels = json::array();
  for (const LabelReport& label : m.labels) {
    json values = json::array();
    for (const ValueCount& value : label.top_values) {
      values.push_back({{"value", value.value}, {"series", value.series}});
    }
    labels.push_back({{"name", label.name},
                      {"distinct_values", label.distinct_values},
                      {"top_values", std::move(values)}});
  }
  json suspects = json::array();
  for (const Suspect& suspect : m.suspects) {
    suspects.push_back({{"label", suspect.label},
                        {"kind", suspect.kind},
                        {"example", suspect.example},
                        {"distinct_values", suspect.distinct_values},
                        {"matching_values", suspect.matching_values},
                        {"metrics", suspect.metrics}});
  }
  json out = json::object();
  out["total_series"] = m.total_series;
  out["metrics"] = std::move(metrics);
  out["labels"] = std::move(labels);
  out["suspects"] = std::move(suspects);
  return out;
}

Result<Measurement> FromJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error{"cardinality JSON: not valid JSON"};
  if (!j.is_object()) return Error{"cardinality JSON: expected an object"};
  const json* root = &j;
  if (auto it = j.find("cardinality"); it != j.end()) {
    root = &*it;
  } else if (!j.contains("total_series")) {
    return Error{
        "cardinality JSON: neither a \"cardinality\" member nor a measurement "
        "(\"total_series\", \"metrics\"); was it written by ttam cardinality --save?"};
  }
  Reader reader;
  Measurement m;
  if (!ReadMeasurement(*root, reader, m)) return Error{reader.error};
  return m;
}

}  // namespace ttam::cardinality
