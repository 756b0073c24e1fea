// Go's time.Parse(time.RFC3339Nano, s), one table.

#include "support/rfc3339.h"

#include <doctest/doctest.h>

#include <optional>
#include <string_view>

namespace ttam {
namespace {

TEST_CASE("RFC 3339 times as Go's time.Parse reads them") {
  struct Case {
    std::string_view text;
    std::optional<int64_t> ms;
  };
  const Case cases[] = {
      {"2023-11-14T22:13:20Z", 1700000000000},
      {"2023-11-14T22:13:20.25Z", 1700000000250},
      {"2023-11-15T00:13:20+02:00", 1700000000000},
      {"2023-11-14T21:13:20-01:00", 1700000000000},
      {"1970-01-01T00:00:00Z", 0},
      {"1969-12-31T23:59:59Z", -1000},
      {"2024-02-29T00:00:00Z", 1709164800000},
      // Any number of fraction digits; past the ninth they are dropped, and
      // the rest truncated to milliseconds.
      {"1970-01-01T00:00:00.1234567891Z", 123},
      {"1970-01-01T00:00:00.9999Z", 999},
      {"1970-01-01T00:00:00,5Z", 500},
      {"2023-02-29T00:00:00Z", std::nullopt},  // no such day
      {"2023-04-31T00:00:00Z", std::nullopt},
      {"2023-11-14t22:13:20Z", std::nullopt},  // the layout's T and Z are upper case
      {"2023-11-14T22:13:20z", std::nullopt},
      {"2023-11-14T22:13:20", std::nullopt},  // no zone
      {"2023-11-14T24:00:00Z", std::nullopt},
      {"2023-11-14T22:13:60Z", std::nullopt},
      {"2023-11-14T22:13:20.Z", std::nullopt},
      {"2023-11-14T22:13:20+0200", std::nullopt},
      {"2023-11-14 22:13:20Z", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ParseRfc3339Ms(c.text) == c.ms);
  }
}

}  // namespace
}  // namespace ttam
