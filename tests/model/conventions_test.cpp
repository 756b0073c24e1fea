#include "model/conventions.h"

#include <doctest/doctest.h>

#include <string_view>

namespace ttam::model {
namespace {

TEST_CASE("conventions: counter and non-counter names") {
  for (std::string_view name : {"x_total", "x_seconds_bucket", "x_seconds_count", "x_bytes_sum"}) {
    CAPTURE(name);
    CHECK(IsCounterName(name));
    CHECK(HasCounterSuffix(name));
    CHECK_FALSE(NotCounterReason(name, false));
  }
  // Not sure either way: neither reported as counter nor as gauge.
  for (std::string_view name :
       {"pg_stat_activity_count", "primitive_cost_savings", "up", "job:x:sum", "go_goroutines"}) {
    CAPTURE(name);
    CHECK_FALSE(IsCounterName(name));
    CHECK_FALSE(NotCounterReason(name, false));
  }
  for (std::string_view name :
       {"x_bytes", "x_seconds", "x_ratio", "build_info", "x_created", "primitive_active",
        "job:x:rate5m", "primitive:latency:p95", "primitive:error_rate:5m"}) {
    CAPTURE(name);
    CHECK_FALSE(HasCounterSuffix(name));
    CHECK(NotCounterReason(name, false));
  }
  CHECK_FALSE(NotCounterReason("x_seconds", true));  // may be a native histogram
  CHECK(NotCounterReason("x_ratio", true));
}

TEST_CASE("conventions: promlint's units, with prefixes") {
  struct Case {
    std::string_view part;
    bool found;
    std::string_view base;
  };
  const Case cases[] = {
      {"seconds", true, "seconds"},
      {"milliseconds", true, "seconds"},
      {"minutes", true, "seconds"},
      {"kilobytes", true, "bytes"},
      {"bits", true, "bytes"},
      {"fahrenheit", true, "celsius"},
      {"requests", false, ""},
      {"xseconds", false, ""},
      {"", false, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.part);
    UnitMatch m;
    REQUIRE(MatchUnit(c.part, &m) == c.found);
    if (c.found) {
      CHECK(m.unit == c.part);
      CHECK(m.base == c.base);
    }
  }
}

}  // namespace
}  // namespace ttam::model
