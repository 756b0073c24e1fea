#include "cardinality/report.h"

#include <doctest/doctest.h>

#include <string>

#include "helpers.h"

namespace ttam::cardinality {
namespace {

using testing::Measure;

TEST_CASE("report: JSON shape and round trip") {
  Measurement m = Measure(
      "# TYPE r counter\nr_total{code=\"200\",user=\"1234567\"} "
      "1\nr_total{code=\"500\",user=\"7654321\"} 1\n"
      "g 1\n");
  nlohmann::json j = ToJson(m);
  CHECK(j["total_series"] == 3);
  CHECK(j["metrics"][0] == nlohmann::json{{"name", "r"}, {"type", "counter"}, {"series", 2}});
  CHECK(j["labels"][0]["name"] == "code");
  CHECK(j["labels"][0]["top_values"][0] == nlohmann::json{{"value", "200"}, {"series", 1}});
  CHECK(j["suspects"][0]["kind"] == "numeric id");

  Result<Measurement> back = FromJson(j.dump());
  REQUIRE(back.ok());
  CHECK(ToJson(*back) == j);

  // A whole `ttam --format json` document.
  nlohmann::json doc = {
      {"cardinality", j}, {"diagnostics", nlohmann::json::array()}, {"summary", {{"errors", 0}}}};
  Result<Measurement> from_doc = FromJson(doc.dump());
  REQUIRE(from_doc.ok());
  CHECK(ToJson(*from_doc) == j);

  // Only what the contract requires.
  Result<Measurement> minimal =
      FromJson(R"({"total_series":1,"metrics":[{"name":"a","series":1}]})");
  REQUIRE(minimal.ok());
  CHECK(minimal->metrics[0].type == "unknown");
}

TEST_CASE("report: FromJson on malformed input") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"not JSON", "{", "cardinality JSON: not valid JSON"},
      {"empty", "", "cardinality JSON: not valid JSON"},
      {"an array", "[]", "cardinality JSON: expected an object"},
      {"no measurement", R"({"diagnostics":[]})",
       "cardinality JSON: neither a \"cardinality\" member nor a measurement (\"total_series\", "
       "\"metrics\"); was it written by ttam cardinality --save?"},
      {"cardinality not an object", R"({"cardinality":3})",
       "cardinality JSON: cardinality: expected an object"},
      {"negative total", R"({"total_series":-1,"metrics":[]})",
       "cardinality JSON: total_series: expected a non-negative integer"},
      {"metrics missing", R"({"total_series":1})", "cardinality JSON: metrics: missing"},
      {"metrics not a list", R"({"total_series":1,"metrics":{}})",
       "cardinality JSON: metrics: expected a list"},
      {"metric without series", R"({"total_series":1,"metrics":[{"name":"a"}]})",
       "cardinality JSON: metrics[0].series: missing"},
      {"series a string", R"({"total_series":1,"metrics":[{"name":"a","series":"1"}]})",
       "cardinality JSON: metrics[0].series: expected a non-negative integer"},
      {"fractional series", R"({"total_series":1,"metrics":[{"name":"a","series":1.5}]})",
       "cardinality JSON: metrics[0].series: expected a non-negative integer"},
      {"bad top value",
       R"({"total_series":1,"metrics":[],"labels":[{"name":"a","distinct_values":1,"top_values":[{"value":1,"series":1}]}]})",
       "cardinality JSON: labels[0].top_values[0].value: expected a string"},
      {"bad suspect metric",
       R"({"total_series":1,"metrics":[],"suspects":[{"label":"a","kind":"UUID","metrics":[1]}]})",
       "cardinality JSON: suspects[0].metrics[0]: expected a string"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Result<Measurement> m = FromJson(c.input);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message == c.want);
  }
}

}  // namespace
}  // namespace ttam::cardinality
