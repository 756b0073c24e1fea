#include "template/literals.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "support/text.h"
#include "template/unicode_class.h"

namespace ttam::tmpl {
namespace {

char Lower(char c) { return static_cast<char>(c | 0x20); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char l = Lower(c);
  if (l >= 'a' && l <= 'f') return l - 'a' + 10;
  return -1;
}

// strconv.UnquoteChar: decodes one (possibly escaped) character of s at *pos.
bool UnquoteChar(std::string_view s, size_t* pos, char quote, std::string* out) {
  const char c = s[*pos];
  if (c == quote && (quote == '\'' || quote == '"')) return false;
  if (static_cast<unsigned char>(c) >= 0x80) {
    size_t width = 0;
    DecodeRune(s, *pos, &width);
    if (out != nullptr) out->append(s.substr(*pos, width));
    *pos += width;
    return true;
  }
  if (c != '\\') {
    if (out != nullptr) out->push_back(c);
    ++*pos;
    return true;
  }
  if (*pos + 1 >= s.size()) return false;
  const char e = s[*pos + 1];
  *pos += 2;
  char32_t value = 0;
  switch (e) {
    case 'a':
      value = '\a';
      break;
    case 'b':
      value = '\b';
      break;
    case 'f':
      value = '\f';
      break;
    case 'n':
      value = '\n';
      break;
    case 'r':
      value = '\r';
      break;
    case 't':
      value = '\t';
      break;
    case 'v':
      value = '\v';
      break;
    case '\\':
      value = '\\';
      break;
    case '\'':
    case '"':
      if (e != quote) return false;
      value = static_cast<char32_t>(e);
      break;
    case 'x':
    case 'u':
    case 'U': {
      const size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (*pos + n > s.size()) return false;
      for (size_t i = 0; i < n; ++i) {
        const int h = HexValue(s[*pos + i]);
        if (h < 0) return false;
        value = (value << 4) | static_cast<char32_t>(h);
      }
      *pos += n;
      if (e == 'x') {
        if (out != nullptr) out->push_back(static_cast<char>(value));
        return true;
      }
      if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
      break;
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      value = static_cast<char32_t>(e - '0');
      if (*pos + 2 > s.size()) return false;
      for (size_t i = 0; i < 2; ++i) {
        const char d = s[*pos + i];
        if (d < '0' || d > '7') return false;
        value = (value << 3) | static_cast<char32_t>(d - '0');
      }
      *pos += 2;
      if (value > 255) return false;
      if (out != nullptr) out->push_back(static_cast<char>(value));
      return true;
    }
    default:
      return false;
  }
  if (out != nullptr) AppendUtf8(value, *out);
  return true;
}

// strconv's underscoreOK: underscores only between digits or after a base prefix.
bool UnderscoreOk(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (Lower(s[1]) == 'b' || Lower(s[1]) == 'o' || Lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = Lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && Lower(c) >= 'a' && Lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

enum class NumStatus { kOk, kSyntax, kRange };

// strconv.ParseUint(s, 0, 64).
NumStatus ParseUint0(std::string_view s, uint64_t* value = nullptr) {
  if (s.empty()) return NumStatus::kSyntax;
  const std::string_view s0 = s;
  int base = 10;
  if (s[0] == '0') {
    if (s.size() >= 3 && Lower(s[1]) == 'b') {
      base = 2, s.remove_prefix(2);
    } else if (s.size() >= 3 && Lower(s[1]) == 'o') {
      base = 8, s.remove_prefix(2);
    } else if (s.size() >= 3 && Lower(s[1]) == 'x') {
      base = 16, s.remove_prefix(2);
    } else {
      base = 8, s.remove_prefix(1);
    }
  }
  bool underscores = false;
  bool overflow = false;
  uint64_t n = 0;
  for (const char c : s) {
    if (c == '_') {
      underscores = true;
      continue;
    }
    const int d = HexValue(c);
    if (d < 0 || d >= base) return NumStatus::kSyntax;
    if (n > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) overflow = true;
    n = n * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (underscores && !UnderscoreOk(s0)) return NumStatus::kSyntax;
  if (value != nullptr) *value = n;
  return overflow ? NumStatus::kRange : NumStatus::kOk;
}

// strconv.ParseInt(s, 0, 64).
NumStatus ParseInt0(std::string_view s) {
  if (s.empty()) return NumStatus::kSyntax;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t v = 0;
  const NumStatus st = ParseUint0(s, &v);
  if (st != NumStatus::kOk) return st;
  const uint64_t limit = negative ? (1ULL << 63) : (1ULL << 63) - 1;
  return v > limit ? NumStatus::kRange : NumStatus::kOk;
}

// strconv.ParseFloat(s, 64): Go float-literal syntax, then range.
NumStatus ParseFloat64(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  int base = 10;
  if (i + 2 < s.size() && s[i] == '0' && Lower(s[i + 1]) == 'x') {
    base = 16;
    i += 2;
  }
  bool underscores = false;
  bool saw_dot = false;
  bool saw_digits = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
    } else if ((c >= '0' && c <= '9') || (base == 16 && HexValue(c) >= 0)) {
      saw_digits = true;
    } else {
      break;
    }
  }
  if (!saw_digits) return NumStatus::kSyntax;
  const char exp_char = base == 10 ? 'e' : 'p';
  if (i < s.size() && Lower(s[i]) == exp_char) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    bool exp_digits = false;
    for (; i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); ++i) {
      if (s[i] == '_') {
        underscores = true;
      } else {
        exp_digits = true;
      }
    }
    if (!exp_digits) return NumStatus::kSyntax;
  } else if (base == 16) {
    return NumStatus::kSyntax;
  }
  if (i != s.size()) return NumStatus::kSyntax;
  if (underscores && !UnderscoreOk(s)) return NumStatus::kSyntax;
  std::string clean;
  for (const char c : s) {
    if (c != '_') clean.push_back(c);
  }
  const double v = std::strtod(clean.c_str(), nullptr);
  return std::isinf(v) ? NumStatus::kRange : NumStatus::kOk;
}

}  // namespace

bool UnquoteGoString(std::string_view quoted, std::string* out) {
  if (quoted.size() < 2) return false;
  const char quote = quoted.front();
  if (quoted.back() != quote) return false;
  const std::string_view body = quoted.substr(1, quoted.size() - 2);
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return false;
    if (out != nullptr) {
      for (const char c : body) {
        if (c != '\r') out->push_back(c);
      }
    }
    return true;
  }
  if (quote != '"') return false;
  size_t pos = 0;
  while (pos < body.size()) {
    if (body[pos] == '\n') return false;
    if (!UnquoteChar(body, &pos, '"', out)) return false;
  }
  return true;
}

std::string CheckGoNumber(std::string_view text, bool is_char_constant, bool is_complex) {
  if (is_char_constant) {
    const std::string_view body = text.substr(1);
    size_t pos = 0;
    if (body.empty() || !UnquoteChar(body, &pos, '\'', nullptr)) {
      return "invalid syntax in character constant " + std::string(text) +
             ": write one character or escape such as '\\n' (use \"...\" for strings)";
    }
    if (body.substr(pos) != "'") {
      return "malformed character constant: " + std::string(text) +
             ": a character constant holds one character; use \"...\" for strings";
    }
    return {};
  }
  if (is_complex) {
    const size_t split = ScanNumberEnd(text, 0);
    const std::string_view real = text.substr(0, split);
    std::string_view imag = text.substr(split);
    if (!imag.empty() && imag.back() == 'i') imag.remove_suffix(1);
    if (ParseFloat64(real) != NumStatus::kOk || ParseFloat64(imag) != NumStatus::kOk) {
      return "bad complex number " + Quote(text);
    }
    return {};
  }
  if (!text.empty() && text.back() == 'i' &&
      ParseFloat64(text.substr(0, text.size() - 1)) == NumStatus::kOk) {
    return {};
  }
  if (ParseUint0(text) == NumStatus::kOk || ParseInt0(text) == NumStatus::kOk) return {};
  if (ParseFloat64(text) == NumStatus::kOk) {
    if (text.find_first_of(".eEpP") == std::string_view::npos)
      return "integer overflow: " + Quote(text);
    return {};
  }
  return "illegal number syntax: " + Quote(text);
}

size_t ScanNumberEnd(std::string_view s, size_t pos) {
  auto accept = [&](std::string_view set) {
    if (pos < s.size() && set.find(s[pos]) != std::string_view::npos) {
      ++pos;
      return true;
    }
    return false;
  };
  auto accept_run = [&](std::string_view set) {
    while (accept(set)) {
    }
  };
  accept("+-");
  std::string_view digits = "0123456789_";
  if (accept("0")) {
    if (accept("xX")) {
      digits = "0123456789abcdefABCDEF_";
    } else if (accept("oO")) {
      digits = "01234567_";
    } else if (accept("bB")) {
      digits = "01_";
    }
  }
  accept_run(digits);
  if (accept(".")) accept_run(digits);
  if (digits.size() == 11 && accept("eE")) {
    accept("+-");
    accept_run("0123456789_");
  }
  if (digits.size() == 23 && accept("pP")) {
    accept("+-");
    accept_run("0123456789_");
  }
  accept("i");
  return pos;
}

}  // namespace ttam::tmpl
