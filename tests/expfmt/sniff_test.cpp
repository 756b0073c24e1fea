#include <doctest/doctest.h>

#include "expfmt/parser.h"

using ttam::expfmt::Format;

TEST_CASE("sniff: which format an input is in") {
  struct Case {
    const char* name;
    std::string_view head, tail;
    Format want;
  };
  const Case cases[] = {
      {"plain text", "# TYPE a counter\na 1\n", "", Format::kText},
      {"ends with EOF", "a 1\n# EOF\n", "", Format::kOpenMetrics},
      {"EOF only in the tail", "a 1\n", "b 2\n# EOF\n", Format::kOpenMetrics},
      {"UNIT line", "# UNIT a_seconds seconds\n", "", Format::kOpenMetrics},
      {"OpenMetrics-only type", "# TYPE a info\n", "", Format::kOpenMetrics},
      {"exemplar", "a_total 1 # {t=\"1\"} 1\n", "", Format::kOpenMetrics},
      {"EOF in a metric name is not EOF", "x_EOF 1\n", "", Format::kText},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(ttam::expfmt::SniffFormat(c.head, c.tail) == c.want);
  }
}

TEST_CASE("sniff: content types") {
  CHECK(ttam::expfmt::FormatFromContentType(
            "application/openmetrics-text; version=1.0.0; charset=utf-8") == Format::kOpenMetrics);
  CHECK(ttam::expfmt::FormatFromContentType("text/plain; version=0.0.4") == Format::kText);
  CHECK(ttam::expfmt::FormatFromContentType("") == Format::kText);
}
