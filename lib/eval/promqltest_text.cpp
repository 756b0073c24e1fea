#include "eval/promqltest_text.h"

#include <cstdint>

namespace ttam::eval::promqltest {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string* out, uint32_t r) {
  if (r < 0x80) {
    *out += static_cast<char>(r);
  } else if (r < 0x800) {
    *out += static_cast<char>(0xC0 | (r >> 6));
    *out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    *out += static_cast<char>(0xE0 | (r >> 12));
    *out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (r >> 18));
    *out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

}  // namespace

bool UnquotePrefix(std::string_view s, std::string* out, size_t* consumed, std::string* message) {
  out->clear();
  if (s.empty()) {
    *message = "expected a string";
    return false;
  }
  char quote = s[0];
  if (quote == '`') {
    size_t close = s.find('`', 1);
    if (close == std::string_view::npos) {
      *message = "unterminated raw string";
      return false;
    }
    *out = std::string(s.substr(1, close - 1));
    *consumed = close + 1;
    return true;
  }
  if (quote != '"' && quote != '\'') {
    *message = "expected a string";
    return false;
  }
  size_t i = 1;
  while (i < s.size()) {
    char c = s[i];
    if (c == quote) {
      *consumed = i + 1;
      return true;
    }
    if (c == '\n') break;
    if (c != '\\') {
      *out += c;
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) break;
    char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'a':
        *out += '\a';
        continue;
      case 'b':
        *out += '\b';
        continue;
      case 'f':
        *out += '\f';
        continue;
      case 'n':
        *out += '\n';
        continue;
      case 'r':
        *out += '\r';
        continue;
      case 't':
        *out += '\t';
        continue;
      case 'v':
        *out += '\v';
        continue;
      case '\\':
        *out += '\\';
        continue;
      case '"':
      case '\'':
        if (e != quote) {
          *message = "invalid escape sequence in string";
          return false;
        }
        *out += e;
        continue;
      default:
        break;
    }
    int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : (e >= '0' && e <= '7') ? 3 : 0;
    if (digits == 0) {
      *message = std::string("invalid escape sequence \"\\") + e + "\" in string";
      return false;
    }
    bool octal = e >= '0' && e <= '7';
    if (octal) --i;  // The first octal digit is the escape letter itself.
    uint32_t v = 0;
    for (int k = 0; k < digits; ++k) {
      if (i >= s.size()) {
        *message = "unterminated escape sequence in string";
        return false;
      }
      int d = octal ? (s[i] >= '0' && s[i] <= '7' ? s[i] - '0' : -1) : HexValue(s[i]);
      if (d < 0) {
        *message = "invalid escape sequence in string";
        return false;
      }
      v = v * (octal ? 8 : 16) + static_cast<uint32_t>(d);
      ++i;
    }
    if (e == 'x' || octal) {
      if (v > 255) {
        *message = "octal escape value > 255";
        return false;
      }
      *out += static_cast<char>(v);
    } else {
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *message = "invalid Unicode code point in escape sequence";
        return false;
      }
      AppendUtf8(out, v);
    }
  }
  *message = "unterminated quoted string";
  return false;
}

bool Unquote(std::string_view s, std::string* out) {
  size_t consumed = 0;
  std::string message;
  return UnquotePrefix(s, out, &consumed, &message) && consumed == s.size();
}

}  // namespace ttam::eval::promqltest
