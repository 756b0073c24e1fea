#include "cardinality/counter.h"

#include <doctest/doctest.h>

#include <string>

#include "helpers.h"

namespace ttam::cardinality {
namespace {

using testing::Feed;
using testing::FindLabel;
using testing::FindMetric;
using testing::Measure;

// "name type series" per metric, in report order.
std::string Metrics(const Measurement& m) {
  std::string out;
  for (const MetricReport& r : m.metrics) {
    out += r.name + " " + r.type + " " + std::to_string(r.series) + "\n";
  }
  return out;
}

std::string Labels(const Measurement& m) {
  std::string out;
  for (const LabelReport& r : m.labels) {
    out += r.name + " " + std::to_string(r.distinct_values) + ":";
    for (const ValueCount& v : r.top_values) out += " " + v.value + "=" + std::to_string(v.series);
    out += "\n";
  }
  return out;
}

TEST_CASE("counter: series per family, every histogram and summary part") {
  struct Case {
    std::string_view name, input, want;
    uint64_t total;
  };
  const Case cases[] = {
      {"counter and gauge",
       "# TYPE a_total counter\na_total{x=\"1\"} 1\na_total{x=\"2\"} 1\n"
       "# TYPE g gauge\ng 3\n",
       "a_total counter 2\ng gauge 1\n", 3},
      {"histogram: buckets, +Inf, sum and count per label set",
       "# TYPE h histogram\n"
       "h_bucket{p=\"a\",le=\"0.1\"} 1\nh_bucket{p=\"a\",le=\"1\"} "
       "2\nh_bucket{p=\"a\",le=\"+Inf\"} 3\n"
       "h_sum{p=\"a\"} 1\nh_count{p=\"a\"} 3\n"
       "h_bucket{p=\"b\",le=\"0.1\"} 1\nh_bucket{p=\"b\",le=\"1\"} "
       "2\nh_bucket{p=\"b\",le=\"+Inf\"} 3\n"
       "h_sum{p=\"b\"} 1\nh_count{p=\"b\"} 3\n",
       "h histogram 10\n", 10},
      {"summary: quantiles, sum and count",
       "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns{quantile=\"0.9\"} 1\ns{quantile=\"0.99\"} 1\n"
       "s_sum 2\ns_count 3\n",
       "s summary 5\n", 5},
      {"no TYPE line: unknown", "u{a=\"1\"} 1\nu{a=\"2\"} 1\nu{a=\"3\"} 1\n", "u unknown 3\n", 3},
      {"duplicate series count once, label order does not matter",
       "# TYPE c counter\nc_total{a=\"1\",b=\"2\"} 1\nc_total{b=\"2\",a=\"1\"} "
       "2\nc_total{a=\"1\",b=\"2\"} 3\n",
       "c counter 1\n", 1},
      {"sorted by series, then name", "b 1\na 1\nz{x=\"1\"} 1\nz{x=\"2\"} 1\n",
       "z unknown 2\na unknown 1\nb unknown 1\n", 4},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Measurement m = Measure(c.input);
    CHECK(Metrics(m) == c.want);
    CHECK(m.total_series == c.total);
  }
}

TEST_CASE("counter: OpenMetrics histogram with _created counts it too") {
  Measurement m = Measure(
      "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"
      "h_created 1700000000\n# EOF\n",
      0, expfmt::Format::kOpenMetrics);
  CHECK(Metrics(m) == "h histogram 5\n");
}

TEST_CASE("counter: distinct values per label and top values") {
  Measurement m = Measure(
      "a{code=\"200\",path=\"/x\"} 1\na{code=\"200\",path=\"/y\"} 1\na{code=\"500\",path=\"/x\"} "
      "1\n"
      "b{code=\"200\"} 1\nb{code=\"404\"} 1\nb{code=\"\"} 1\n");
  CHECK(Labels(m) == "code 3: 200=3 404=1 500=1\npath 2: /x=2 /y=1\n");
  CHECK(m.total_series == 6);
  const MetricReport* a = FindMetric(m, "a");
  REQUIRE(a != nullptr);
  REQUIRE(a->labels.size() == 2);
  CHECK(a->labels[0].name == "code");
  CHECK(a->labels[0].distinct_values == 2);
}

TEST_CASE("counter: Take(top) keeps the top metrics, labels and values; the total stays") {
  Measurement m =
      Measure("a{x=\"1\",y=\"1\"} 1\na{x=\"2\",y=\"1\"} 1\na{x=\"3\",y=\"1\"} 1\nb 1\nc 1\n", 1);
  CHECK(Metrics(m) == "a unknown 3\n");
  CHECK(Labels(m) == "x 3: 1=1\n");
  CHECK(m.total_series == 5);
}

TEST_CASE("counter: top values stay exact when a value becomes frequent late") {
  Counter counter(CounterOptions{1});  // keeps 64 candidate strings
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "m{v=\"u" + std::to_string(i) + "\",i=\"" + std::to_string(i) + "\"} 1\n";
  for (int i = 0; i < 5; ++i) text += "m{v=\"late\",i=\"x" + std::to_string(i) + "\"} 1\n";
  Feed(counter, text);
  Measurement m = counter.Take(0);
  const LabelReport* v = FindLabel(m, "v");
  REQUIRE(v != nullptr);
  CHECK(v->distinct_values == 201);
  REQUIRE(v->top_values.size() == 1);
  CHECK(v->top_values[0].value == "late");
  CHECK(v->top_values[0].series == 5);
}

TEST_CASE("counter: merge of two targets adds series and unites label values") {
  Counter one;
  Counter two;
  Feed(one, "# TYPE r counter\nr_total{code=\"200\"} 1\nr_total{code=\"500\"} 1\n");
  Feed(two, "# TYPE r counter\nr_total{code=\"200\"} 1\nr_total{code=\"404\"} 1\nonly_two 1\n");
  one.Merge(two);
  Measurement m = one.Take(0);
  CHECK(Metrics(m) == "r counter 4\nonly_two unknown 1\n");
  CHECK(m.total_series == 5);
  CHECK(Labels(m) == "code 3: 200=2 404=1 500=1\n");
  const MetricReport* r = FindMetric(m, "r");
  REQUIRE(r != nullptr);
  REQUIRE(r->labels.size() == 1);
  CHECK(r->labels[0].distinct_values == 3);
}

TEST_CASE("counter: AddMetric and AddLabel (a Prometheus server's counts)") {
  Counter counter;
  counter.AddMetric("up", "gauge", 12);
  counter.AddMetric("http_requests_total", "counter", 300);
  counter.AddLabel("instance", 12, {{"a:9090", 40}, {"b:9090", 30}});
  Measurement m = counter.Take(0);
  CHECK(Metrics(m) == "http_requests_total counter 300\nup gauge 12\n");
  CHECK(m.total_series == 312);
  CHECK(Labels(m) == "instance 12: a:9090=40 b:9090=30\n");
}

TEST_CASE("counter: suspects, one per kind, and labels that are not") {
  struct Case {
    std::string_view name, label;
    std::vector<std::string> values;
    std::string_view want_kind;  // "" = not a suspect
  };
  const Case cases[] = {
      {"UUIDs",
       "request",
       {"4f7d2c1e-9b1a-4d55-8a0e-2f1c3b4d5e6f", "0e8f0a52-1111-4a2b-9c3d-aa00bb11cc22"},
       "UUID"},
      {"hex ids", "trace", {"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"}, "hex id"},
      {"numeric ids", "user", {"1234567", "7654321", "100200"}, "numeric id"},
      {"unix seconds", "at", {"1700000000", "1700000060"}, "timestamp"},
      {"unix milliseconds", "at", {"1700000000123", "1700000060456"}, "timestamp"},
      {"ISO date-times", "at", {"2024-05-01T10:00:00Z", "2024-05-01 10:00:01"}, "timestamp"},
      {"e-mail", "who", {"ana@example.com", "bo.b+x@mail.example.org"}, "e-mail address"},
      {"IPv4", "client", {"10.0.0.1", "192.168.1.20"}, "IP address"},
      {"IPv6", "client", {"2001:db8::1", "fe80::1ff:fe23:4567:890a"}, "IP address"},
      {"IP:port", "peer", {"10.0.0.1:443", "[2001:db8::1]:8080"}, "IP:port"},
      {"URL paths with ids",
       "path",
       {"/users/123/orders", "/users/456/orders", "/items/4f7d2c1e-9b1a-4d55-8a0e-2f1c3b4d5e6f"},
       "URL path with an id"},
      {"IP:port is fine in instance", "instance", {"10.0.0.1:9100", "10.0.0.2:9100"}, ""},
      {"status codes", "code", {"200", "404", "500"}, ""},
      {"bucket bounds", "le", {"1000000", "2500000", "+Inf"}, ""},
      {"a single id is not evidence", "user", {"1234567"}, ""},
      {"mostly words", "mode", {"idle", "user", "system", "1234567"}, ""},
      {"templated paths", "route", {"/users/{id}/orders", "/api/v1/query"}, ""},
      {"versions", "version", {"1.2.3", "2.0.0-rc.1"}, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    std::string text;
    for (const std::string& v : c.values) {
      text += "m{" + std::string(c.label) + "=\"" + v + "\"} 1\nother{" + std::string(c.label) +
              "=\"" + v + "\"} 1\n";
    }
    Measurement m = Measure(text);
    if (c.want_kind.empty()) {
      CHECK(m.suspects.empty());
      continue;
    }
    REQUIRE(m.suspects.size() == 1);
    const Suspect& s = m.suspects[0];
    CHECK(s.label == c.label);
    CHECK(s.kind == c.want_kind);
    CHECK(s.distinct_values == c.values.size());
    CHECK(!s.example.empty());
    CHECK(s.metrics == std::vector<std::string>{"m", "other"});
  }
}

}  // namespace
}  // namespace ttam::cardinality
