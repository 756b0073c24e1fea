#include "model/names.h"

#include <doctest/doctest.h>

#include <string_view>

namespace ttam::model {
namespace {

TEST_CASE("names: legacy and UTF-8 validity") {
  struct Case {
    std::string_view name;
    bool legacy_label, legacy_metric, utf8;
  };
  const Case cases[] = {
      {"http_requests_total", true, true, true},
      {"_private", true, true, true},
      {"__name__", true, true, true},
      {"A1", true, true, true},
      {"level:metric:rate5m", false, true, true},
      {":leading_colon", false, true, true},
      {"1leading_digit", false, false, true},
      {"service.name", false, false, true},
      {"with space", false, false, true},
      {"m\xc3\xa9tric", false, false, true},  // é
      {"bad\xff", false, false, false},       // not UTF-8
      {"", false, false, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(IsValidLegacyLabelName(c.name) == c.legacy_label);
    CHECK(IsValidLegacyMetricName(c.name) == c.legacy_metric);
    CHECK(IsValidLabelName(c.name, NameValidation::kLegacy) == c.legacy_label);
    CHECK(IsValidMetricName(c.name, NameValidation::kLegacy) == c.legacy_metric);
    CHECK(IsValidLabelName(c.name, NameValidation::kUtf8) == c.utf8);
    CHECK(IsValidMetricName(c.name, NameValidation::kUtf8) == c.utf8);
  }
}

TEST_CASE("names: label values are any valid UTF-8, empty included") {
  CHECK(IsValidLabelValue(""));
  CHECK(IsValidLabelValue("GET /api/v1?x=1"));
  CHECK(IsValidLabelValue("caf\xc3\xa9"));
  CHECK_FALSE(IsValidLabelValue("\xc3"));
}

}  // namespace
}  // namespace ttam::model
