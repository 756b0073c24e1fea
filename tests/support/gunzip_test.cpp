#include "support/gunzip.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace ttam {
namespace {

std::string Gzip(std::string_view data) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                       Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// Exposition-like text, compressible.
std::string Text(size_t lines) {
  std::string out = "# TYPE t gauge\n";
  for (size_t i = 0; i < lines; ++i) out += "t{i=\"" + std::to_string(i) + "\"} 1\n";
  return out;
}

// Bytes that barely compress.
std::string Noise(size_t size) {
  std::string out(size, '\0');
  uint32_t x = 12345;
  for (char& c : out) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  return out;
}

struct Decoded {
  Status status = Ok();
  std::string out;
  std::vector<size_t> chunk_sizes;
};

// Feeds `gz` in pieces of `piece` bytes, then finishes.
Decoded Decode(std::string_view gz, size_t piece, size_t chunk_size = 1 << 16) {
  GzipDecoder decoder(chunk_size);
  Decoded d;
  auto consume = [&](std::string_view chunk) {
    d.out.append(chunk);
    d.chunk_sizes.push_back(chunk.size());
    return true;
  };
  for (size_t at = 0; at < gz.size(); at += piece) {
    d.status = decoder.Feed(gz.substr(at, piece), consume);
    if (!d.status) return d;
  }
  d.status = decoder.Finish();
  return d;
}

TEST_CASE("GzipDecoder round-trips whatever the feed size") {
  struct Case {
    std::string_view name;
    std::string data;
    size_t piece;
  };
  const Case cases[] = {
      {"empty member", "", 1 << 20},
      {"short text, whole", "up 1\n", 1 << 20},
      {"short text, byte by byte", "up 1\n", 1},
      {"text, 7-byte pieces", Text(2000), 7},
      {"text, whole", Text(20000), 1 << 20},
      {"noise, 1000-byte pieces", Noise(300000), 1000},
      {"noise, byte by byte", Noise(20000), 1},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Decoded d = Decode(Gzip(c.data), c.piece);
    REQUIRE(d.status.ok());
    CHECK(d.out == c.data);
  }
}

TEST_CASE("GzipDecoder keeps output chunks within the chunk size") {
  const std::string data = Text(5000);
  Decoded d = Decode(Gzip(data), 1 << 20, 100);
  REQUIRE(d.status.ok());
  CHECK(d.out == data);
  CHECK(d.chunk_sizes.size() >= data.size() / 100);
  for (size_t size : d.chunk_sizes) {
    CHECK(size > 0);
    CHECK(size <= 100);
  }
}

TEST_CASE("GzipDecoder decodes concatenated members as one stream") {
  const std::string a = Text(300), b = "up 1\n", c = Noise(5000);
  const std::string gz = Gzip(a) + Gzip(b) + Gzip("") + Gzip(c);
  for (size_t piece : {size_t{1}, size_t{3}, size_t{64}, gz.size()}) {
    CAPTURE(piece);
    Decoded d = Decode(gz, piece);
    REQUIRE(d.status.ok());
    CHECK(d.out == a + b + c);
  }
}

TEST_CASE("GzipDecoder reports a truncated stream at Finish") {
  const std::string gz = Gzip(Text(1000));
  struct Case {
    std::string_view name;
    size_t keep;
  };
  const Case cases[] = {
      {"magic only", 2},
      {"inside the header", 5},
      {"half", gz.size() / 2},
      {"trailer missing one byte", gz.size() - 1},
      {"trailer missing entirely", gz.size() - 8},
      {"second member cut", gz.size() + 4},
  };
  const std::string two = gz + gz;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Decoded d = Decode(std::string_view(two).substr(0, c.keep), 17);
    REQUIRE_FALSE(d.status.ok());
    CHECK(d.status.error().message == "gzip stream ends early (truncated body?)");
  }
}

TEST_CASE("GzipDecoder rejects corrupt data") {
  std::string bad_crc = Gzip(Text(100));
  bad_crc[bad_crc.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
  std::string bad_deflate = Gzip(Noise(2000));
  bad_deflate[10] = static_cast<char>(0xff);  // first deflate block header
  struct Case {
    std::string_view name;
    std::string input;
    std::string want;
  };
  const Case cases[] = {
      {"plain text", "up 1\n", "corrupt gzip stream: incorrect header check"},
      {"zlib, not gzip", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8),
       "corrupt gzip stream: incorrect header check"},
      {"bad crc", bad_crc, "corrupt gzip stream: incorrect data check"},
      {"bad deflate data", bad_deflate, "corrupt gzip stream: invalid block type"},
      {"garbage after a member", Gzip("up 1\n") + "trailing",
       "corrupt gzip stream: incorrect header check"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Decoded d = Decode(c.input, 1 << 20);
    REQUIRE_FALSE(d.status.ok());
    CHECK(d.status.error().message == c.want);
  }
}

TEST_CASE("GzipDecoder errors are sticky") {
  GzipDecoder decoder;
  auto ignore = [](std::string_view) { return true; };
  Status first = decoder.Feed("not gzip at all", ignore);
  REQUIRE_FALSE(first.ok());
  Status again = decoder.Feed(Gzip("up 1\n"), ignore);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message == first.error().message);
  Status finished = decoder.Finish();
  REQUIRE_FALSE(finished.ok());
  CHECK(finished.error().message == first.error().message);
}

TEST_CASE("GzipDecoder stops when the consumer says so") {
  const std::string data = Text(5000);
  const std::string gz = Gzip(data);
  GzipDecoder decoder(1000);
  int calls = 0;
  std::string got;
  auto take_two = [&](std::string_view chunk) {
    got.append(chunk);
    return ++calls < 2;
  };
  Status fed = decoder.Feed(std::string_view(gz).substr(0, gz.size() / 2), take_two);
  REQUIRE(fed.ok());
  CHECK(decoder.stopped());
  CHECK(calls == 2);
  CHECK(got == data.substr(0, 2000));
  CHECK(decoder.Feed(std::string_view(gz).substr(gz.size() / 2), take_two).ok());
  CHECK(calls == 2);
  // Stopping early is not truncation.
  CHECK(decoder.Finish().ok());
}

TEST_CASE("GzipDecoder counts bytes in and out") {
  const std::string data = Text(1000);
  const std::string gz = Gzip(data);
  GzipDecoder decoder;
  REQUIRE(decoder.Feed(gz, [](std::string_view) { return true; }).ok());
  REQUIRE(decoder.Finish().ok());
  CHECK(decoder.bytes_in() == gz.size());
  CHECK(decoder.bytes_out() == data.size());
}

TEST_CASE("GzipDecoder accepts an empty stream") {
  GzipDecoder decoder;
  CHECK(decoder.Feed("", [](std::string_view) { return true; }).ok());
  CHECK(decoder.Finish().ok());
}

TEST_CASE("LooksGzipped") {
  struct Case {
    std::string_view name, head;
    bool want;
  };
  const Case cases[] = {
      {"empty", "", false},           {"one magic byte", "\x1f", false},
      {"magic", "\x1f\x8b", true},    {"magic and method", "\x1f\x8b\x08\x00", true},
      {"swapped", "\x8b\x1f", false}, {"text", "# HELP up", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(LooksGzipped(c.head) == c.want);
  }
  CHECK(LooksGzipped(Gzip("up 1\n")));
}

}  // namespace
}  // namespace ttam
