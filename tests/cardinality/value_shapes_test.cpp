#include "cardinality/value_shapes.h"

#include <doctest/doctest.h>

namespace ttam::cardinality {
namespace {

TEST_CASE("value shapes: classification") {
  struct Case {
    std::string_view value, want;
  };
  const Case cases[] = {
      {"4f7d2c1e-9b1a-4d55-8a0e-2f1c3b4d5e6f", "UUID"},
      {"4F7D2C1E-9B1A-4D55-8A0E-2F1C3B4D5E6F", "UUID"},
      {"4bf92f3577b34da6a3ce929d0e0e4736", "hex id"},
      {"da39a3ee5e6b4b0d3255bfef95601890afd80709", "hex id"},
      {"deadbeefdeadbeef", ""},  // no digit: a word
      {"abc123", ""},            // too short for a hex id
      {"123456", "numeric id"},
      {"12345", ""},
      {"1700000000", "timestamp"},
      {"1700000000000", "timestamp"},
      {"9999999999", "numeric id"},  // past 2100
      {"2024-05-01T10:00:00Z", "timestamp"},
      {"2024-05-01", ""},
      {"a@b.io", "e-mail address"},
      {"@b.io", ""},
      {"a@b", ""},
      {"10.0.0.1", "IP address"},
      {"256.0.0.1", ""},
      {"1.2.3", ""},
      {"::1", "IP address"},
      {"2001:db8:0:0:0:0:0:1", "IP address"},
      {"ab:cd:ef", ""},
      {"10.0.0.1:9100", "IP:port"},
      {"[::1]:9090", "IP:port"},
      {"10.0.0.1:99999", ""},
      {"host:9100", ""},
      {"/api/v1/item/17", "URL path with an id"},
      {"/api/v1/query", ""},
      {"/users/{id}", ""},
      {"/", ""},
      {"200", ""},
      {"GET", ""},
      {"", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.value);
    CHECK(ShapeName(ClassifyValue(c.value)) == c.want);
  }
}

}  // namespace
}  // namespace ttam::cardinality
