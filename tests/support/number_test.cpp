#include "support/number.h"

#include <doctest/doctest.h>

TEST_CASE("FormatShortestFixed writes Go's FormatFloat(v, 'f', -1, 64)") {
  struct Case {
    double v;
    const char* want;
  };
  const Case cases[] = {
      {0, "0"},
      {-0.0, "-0"},
      {1, "1"},
      {0.1, "0.1"},
      {1e-7, "0.0000001"},
      {123456.5, "123456.5"},
      {1.2345678901234568e20, "123456789012345680000"},
      {1e21, "1000000000000000000000"},
      {-2.5e-3, "-0.0025"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.want);
    CHECK(ttam::FormatShortestFixed(c.v) == c.want);
  }
}
