#include "promapi/query.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <variant>

#include "support/fixture_server.h"
#include "support/process.h"

namespace ttam::promapi {
namespace {

using test::FixtureServer;

TEST_CASE("FormatApiFloat is jsonutil.MarshalFloat: 'f' shortest, 'e' outside [1e-6, 1e21)") {
  struct Case {
    double v;
    std::string_view want;
  };
  const Case cases[] = {
      {1, "1"},
      {0, "0"},
      {-0.0, "-0"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1234567, "1234567"},
      {1e20, "100000000000000000000"},
      {1.2345678901234568e20, "123456789012345680000"},  // not to_chars' exact ...683968
      {123456789012345678.0, "123456789012345680"},
      {-0.000123, "-0.000123"},
      {12.5, "12.5"},
      {100, "100"},
      {0.5, "0.5"},
      {1e21, "1e+21"},
      {1.5e21, "1.5e+21"},
      {1e-6, "0.000001"},
      {1e-7, "1e-07"},
      {-2.5e-8, "-2.5e-08"},
      {1e100, "1e+100"},
      {std::numeric_limits<double>::infinity(), "+Inf"},
      {-std::numeric_limits<double>::infinity(), "-Inf"},
      {std::nan(""), "NaN"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.want);
    CHECK(FormatApiFloat(c.v) == c.want);
  }
}

TEST_CASE("FormatApiTime is jsonutil.MarshalTimestamp: seconds, a fraction always 3 digits") {
  CHECK(FormatApiTime(1700000000000) == "1700000000");
  CHECK(FormatApiTime(1500) == "1.500");
  CHECK(FormatApiTime(1) == "0.001");
  CHECK(FormatApiTime(1010) == "1.010");
  CHECK(FormatApiTime(0) == "0");
  CHECK(FormatApiTime(-1250) == "-1.250");
}

TEST_CASE("ParseApiTime: Unix seconds and RFC 3339") {
  CHECK(ParseApiTime("1700000000").value() == 1700000000000);
  CHECK(ParseApiTime("1700000000.5").value() == 1700000000500);
  CHECK(ParseApiTime("0.0015").value() == 2);
  CHECK(ParseApiTime("2023-11-14T22:13:20Z").value() == 1700000000000);
  CHECK(ParseApiTime("2023-11-14T22:13:20.25Z").value() == 1700000000250);
  CHECK(ParseApiTime("2023-11-15T00:13:20+02:00").value() == 1700000000000);
  CHECK(ParseApiTime("1970-01-01T00:00:00Z").value() == 0);
  CHECK(ParseApiTime("2024-02-29T00:00:00Z").ok());
  CHECK_FALSE(ParseApiTime("2023-02-29T00:00:00Z").ok());
  CHECK_FALSE(ParseApiTime("2023-11-14 22:13:20").ok());
  CHECK_FALSE(ParseApiTime("yesterday").ok());
  CHECK_FALSE(ParseApiTime("NaN").ok());
  CHECK(ParseApiTime("soon").error().message.find("cannot parse \"soon\" to a valid timestamp") ==
        0);
}

TEST_CASE("ParseApiDuration: seconds or a Prometheus duration") {
  CHECK(ParseApiDuration("15").value() == 15000);
  CHECK(ParseApiDuration("0.5").value() == 500);
  CHECK(ParseApiDuration("1m30s").value() == 90000);
  CHECK_FALSE(ParseApiDuration("1.5m").ok());
}

TEST_CASE("CheckRange: the API's limits") {
  CHECK(CheckRange(0, 1000, 1).ok());
  CHECK(CheckRange(0, 11000000, 1000).ok());
  CHECK(CheckRange(0, 11001000, 1000).error().message.find("exceeded maximum resolution") == 0);
  CHECK(CheckRange(10, 0, 1).error().message == "end timestamp must not be before start time");
  CHECK_FALSE(CheckRange(0, 10, 0).ok());
}

TEST_CASE("ParseQueryResponse: every result type, annotations") {
  auto v = ParseQueryResponse(
      R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"b":"2","a":"1"},"value":[1.5,"+Inf"]}]},"warnings":["w1"],"infos":["i1","i2"]})",
      "here");
  REQUIRE(v.ok());
  const auto& vector = std::get<eval::Vector>(v->value);
  REQUIRE(vector.size() == 1);
  CHECK(vector[0].labels.ToString() == "{a=\"1\", b=\"2\"}");
  CHECK(vector[0].t == 1500);
  CHECK(std::isinf(vector[0].v));
  CHECK(v->warnings == std::vector<std::string>{"w1"});
  CHECK(v->infos == std::vector<std::string>{"i1", "i2"});

  auto m = ParseQueryResponse(
      R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"NaN"]]}]}})",
      "here");
  REQUIRE(m.ok());
  const auto& matrix = std::get<eval::Matrix>(m->value);
  REQUIRE(matrix.size() == 1);
  REQUIRE(matrix[0].floats.size() == 2);
  CHECK(matrix[0].floats[1].t == 2000);
  CHECK(std::isnan(matrix[0].floats[1].v));

  auto s = ParseQueryResponse(
      R"({"status":"success","data":{"resultType":"scalar","result":[3,"4.5"]}})", "here");
  REQUIRE(s.ok());
  CHECK(std::get<eval::Scalar>(s->value).v == 4.5);
  auto str = ParseQueryResponse(
      R"({"status":"success","data":{"resultType":"string","result":[3,"hi"]}})", "here");
  REQUIRE(str.ok());
  CHECK(std::get<eval::String>(str->value).v == "hi");
}

TEST_CASE("ParseQueryResponse: errors say what is wrong") {
  struct Case {
    std::string_view name, body, want;
  };
  const Case cases[] = {
      {"api error", R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: x"})",
       "here rejected the query (bad_data): 1:5: parse error: x"},
      {"html", "<html></html>",
       "here answered with HTML, not the Prometheus API: check that the URL is a Prometheus "
       "server's root"},
      {"not json", "{", "malformed JSON from here"},
      {"other json", R"({"a":1})",
       "here did not answer like the Prometheus API (no \"status\" in the reply): check that the "
       "URL is a Prometheus server's root"},
      {"bad value", R"({"status":"success","data":{"resultType":"scalar","result":[3,4]}})",
       "here has a value that is not a number in a string: 4"},
      {"unknown type", R"({"status":"success","data":{"resultType":"x","result":[]}})",
       "here sent an unknown resultType \"x\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    auto got = ParseQueryResponse(c.body, "here");
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().message == c.want);
  }
}

TEST_CASE("RunQuery: GET /api/v1/query and /api/v1/query_range with the API's parameters") {
  FixtureServer server({
      {.path = "/api/v1/query",
       .content_type = "application/json",
       .body = R"({"status":"success","data":{"resultType":"scalar","result":[10,"1"]}})"},
      {.path = "/api/v1/query_range",
       .content_type = "application/json",
       .body = R"({"status":"success","data":{"resultType":"matrix","result":[]}})"},
  });
  auto client = scrape::MakeHttpClient();
  scrape::FetchOptions fetch;
  QueryRequest instant{.expr = "sum(rate(x[5m])) by (a)", .time_ms = 10500};
  auto got = RunQuery(server.Url("/"), instant, fetch, *client);
  REQUIRE_MESSAGE(got.ok(), got.error().message);
  CHECK(std::get<eval::Scalar>(got->value).t == 10000);
  auto req = server.LastRequest();
  REQUIRE(req.has_value());
  CHECK(req->method == "GET");
  CHECK(req->target ==
        "/api/v1/query?query=sum%28rate%28x%5B5m%5D%29%29%20by%20%28a%29&time=10.500");
  CHECK(req->Header("Accept") == "application/json");

  QueryRequest range{.expr = "up",
                     .range = true,
                     .start_ms = 0,
                     .end_ms = 60000,
                     .step_ms = 15000,
                     .lookback_ms = 60000};
  got = RunQuery(server.Url(""), range, fetch, *client);
  REQUIRE_MESSAGE(got.ok(), got.error().message);
  CHECK(std::get<eval::Matrix>(got->value).empty());
  CHECK(server.LastRequest()->target ==
        "/api/v1/query_range?query=up&start=0&end=60&step=15&lookback_delta=60");
}

TEST_CASE("RunQuery: the API's error body on a 4xx is the error; other failures name the server") {
  FixtureServer server({
      {.path = "/bad/api/v1/query",
       .status = 400,
       .content_type = "application/json",
       .body =
           R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:1: parse error: unexpected end of input"})"},
      {.path = "/exec/api/v1/query",
       .status = 422,
       .content_type = "application/json",
       .body =
           R"({"status":"error","errorType":"execution","error":"many-to-many matching not allowed"})"},
      {.path = "/html/api/v1/query", .status = 503, .content_type = "text/html", .body = "<h1>x"},
  });
  auto client = scrape::MakeHttpClient();
  scrape::FetchOptions fetch;
  QueryRequest q{.expr = "("};
  std::string base = server.Url("");
  auto bad = RunQuery(base + "/bad", q, fetch, *client);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "Prometheus at " + base +
                                   "/bad rejected the query (bad_data): invalid parameter "
                                   "\"query\": 1:1: parse error: unexpected end of input");
  auto exec = RunQuery(base + "/exec", q, fetch, *client);
  REQUIRE_FALSE(exec.ok());
  CHECK(exec.error().message == "Prometheus at " + base +
                                    "/exec rejected the query (execution): many-to-many matching "
                                    "not allowed");
  auto html = RunQuery(base + "/html", q, fetch, *client);
  REQUIRE_FALSE(html.ok());
  CHECK(html.error().message == "Prometheus at " + base + "/html returned HTTP 503 to the query");
  auto missing = RunQuery(base + "/nothing", q, fetch, *client);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message ==
        "Prometheus at " + base + "/nothing returned HTTP 404 to the query");
}

TEST_CASE("RunQuery: nothing listening is a clear error") {
  int port = test::FreePort();
  auto client = scrape::MakeHttpClient();
  scrape::FetchOptions fetch;
  fetch.timeout = std::chrono::seconds(5);
  auto got = RunQuery("http://127.0.0.1:" + std::to_string(port), {.expr = "up"}, fetch, *client);
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().message.find(
            "cannot query Prometheus at http://127.0.0.1:" + std::to_string(port) + ": ") == 0);
  CHECK(got.error().message.find("refused") != std::string::npos);
}

}  // namespace
}  // namespace ttam::promapi
