// Md5 against RFC 1321's test suite (appendix A.5) and the block-boundary
// lengths where the padding takes one or two blocks (digests from Python's
// hashlib).
#include "support/md5.h"

#include <doctest/doctest.h>

#include <string>

namespace {

std::string Md5Hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : ttam::Md5(data)) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

struct Md5Case {
  std::string input;
  const char* hex;
};

}  // namespace

TEST_CASE("md5: RFC 1321's test suite and the padding boundaries") {
  const Md5Case cases[] = {
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
       "d174ab98d277d9f5a5611c2c9f419d9f"},
      {"1234567890123456789012345678901234567890"
       "1234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
      // 55 bytes: the padding fits the last block; 56: it needs another;
      // 64: a full block, then a block of padding alone.
      {std::string(55, 'A'), "e38a93ffe074a99b3fed47dfbe37db21"},
      {std::string(56, 'A'), "a2f3e2024931bd470555002aa5ccc010"},
      {std::string(64, 'A'), "d289a97565bc2d27ac8b8545a5ddba45"},
  };
  for (const Md5Case& c : cases) {
    CAPTURE(c.input);
    CHECK(Md5Hex(c.input) == c.hex);
  }
}
