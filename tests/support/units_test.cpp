#include "support/units.h"

#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <string>

#include "support/utf8.h"

TEST_CASE("units: Prometheus durations") {
  struct Case {
    const char* input;
    long long want_ms;  // -1: invalid
  };
  const Case cases[] = {
      {"0s", 0},          {"0", 0},          {"10s", 10000},    {"1m30s", 90000},    {"500ms", 500},
      {"1h30m", 5400000}, {"2d", 172800000}, {"1w", 604800000}, {"1y", 31536000000}, {"1.5m", -1},
      {"10", -1},         {"", -1},          {"s", -1},         {"30s1m", -1},       {"1m1m", -1},
      {"-1s", -1},        {"1x", -1},        {"5m ", -1},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.input));
    auto got = ttam::ParseDuration(c.input);
    if (c.want_ms < 0) {
      CHECK_FALSE(got.ok());
    } else {
      REQUIRE(got.ok());
      CHECK(got->count() == c.want_ms);
    }
  }
  CHECK(ttam::ParseDuration("1.5m").error().message ==
        "invalid duration \"1.5m\": use an integer and a unit, e.g. 10s, 1m30s, 500ms (units: "
        "ms, s, m, h, d, w, y)");
  CHECK(ttam::FormatDuration(std::chrono::milliseconds(5400500)) == "1h30m500ms");
  CHECK(ttam::FormatDuration(std::chrono::milliseconds(0)) == "0s");
}

TEST_CASE("units: byte sizes") {
  struct Case {
    const char* input;
    long long want;  // -1: invalid
  };
  const Case cases[] = {
      {"0", 0},       {"512", 512},        {"512B", 512},        {"1KB", 1024},
      {"1KiB", 1024}, {"64MiB", 67108864}, {"512MB", 536870912}, {"1GB", 1073741824},
      {"1.5MB", -1},  {"MB", -1},          {"10XB", -1},         {"", -1},
      {"-1", -1},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.input));
    auto got = ttam::ParseByteSize(c.input);
    if (c.want < 0) {
      CHECK_FALSE(got.ok());
    } else {
      REQUIRE(got.ok());
      CHECK(*got == static_cast<uint64_t>(c.want));
    }
  }
  CHECK(ttam::FormatBytes(512) == "512 B");
  CHECK(ttam::FormatBytes(25700) == "25.1 KiB");
}

TEST_CASE("utf8: validation finds the first bad byte") {
  struct Case {
    std::string input;
    size_t want;
  };
  const size_t npos = std::string::npos;
  const Case cases[] = {
      {"plain ascii text that is longer than eight bytes", npos},
      {"caf\xc3\xa9", npos},
      {"\xe2\x82\xac euro", npos},
      {"\xf0\x9f\x98\x80 emoji", npos},
      {"abcdefgh\xff", 8},
      {"\xc3", 0},              // truncated
      {"\xc0\xaf", 0},          // overlong
      {"\xed\xa0\x80", 0},      // surrogate
      {"\xf4\x90\x80\x80", 0},  // above U+10FFFF
      {"ok \x80", 3},           // stray continuation byte
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.input));
    CHECK(ttam::FindInvalidUtf8(c.input) == c.want);
  }
  CHECK(ttam::CountRunes("caf\xc3\xa9") == 4);
  // ASCII whose length is a multiple of 32 ends inside the fast path: the
  // scan must stop there, not read the byte after the end (found by fuzzing;
  // ASan sees it because the buffer is exactly that long).
  for (size_t len : {32u, 64u, 96u}) {
    std::unique_ptr<char[]> exact(new char[len]);
    std::memset(exact.get(), 'a', len);
    CHECK(ttam::FindInvalidUtf8(std::string_view(exact.get(), len)) == npos);
  }
}
