#include "promql/lexer.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <vector>

#include "support/text.h"

namespace ttam::promql {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Keyword {
  std::string_view word;
  TokenKind kind;
};
constexpr Keyword kKeywords[] = {
    {"and", TokenKind::kAnd},
    {"or", TokenKind::kOr},
    {"unless", TokenKind::kUnless},
    {"atan2", TokenKind::kAtan2},
    {"bool", TokenKind::kBool},
    {"by", TokenKind::kBy},
    {"without", TokenKind::kWithout},
    {"on", TokenKind::kOn},
    {"ignoring", TokenKind::kIgnoring},
    {"group_left", TokenKind::kGroupLeft},
    {"group_right", TokenKind::kGroupRight},
    {"offset", TokenKind::kOffset},
    {"anchored", TokenKind::kAnchored},
    {"smoothed", TokenKind::kSmoothed},
    {"fill", TokenKind::kFill},
    {"fill_left", TokenKind::kFillLeft},
    {"fill_right", TokenKind::kFillRight},
};

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexVal(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 16;
}

class Lexer {
 public:
  explicit Lexer(std::string_view in) : in_(in) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    // About one token per four bytes of a rule expression: one allocation
    // instead of the vector growing through 1, 2, 4, ... tokens.
    out.reserve(in_.size() / 4 + 2);
    while (true) {
      Token t = Next();
      bool stop = t.kind == TokenKind::kEof || t.kind == TokenKind::kError;
      out.push_back(std::move(t));
      if (stop) break;
    }
    return out;
  }

 private:
  char Peek(size_t ahead = 0) const { return pos_ + ahead < in_.size() ? in_[pos_ + ahead] : '\0'; }
  bool AtEnd() const { return pos_ >= in_.size(); }

  Token Make(TokenKind kind, size_t begin) {
    return Token{kind, begin, pos_, std::string(in_.substr(begin, pos_ - begin))};
  }
  Token Error(size_t begin, std::string message) {
    return Token{TokenKind::kError, begin, pos_ > begin ? pos_ : begin + 1, std::move(message)};
  }

  /// An error spanning the one character at `at`.
  static Token ErrorAt(size_t at, std::string message) {
    return Token{TokenKind::kError, at, at + 1, std::move(message)};
  }

  Token Next() {
    // Skip spaces and comments.
    while (!AtEnd()) {
      if (IsSpace(Peek())) {
        ++pos_;
      } else if (Peek() == '#') {
        while (!AtEnd() && Peek() != '\n') ++pos_;
      } else {
        break;
      }
    }
    size_t begin = pos_;
    if (AtEnd()) {
      // An unclosed opener is reported where it stands, not past the end.
      if (brace_open_) return Error(begin, "unexpected end of input inside braces");
      if (!open_parens_.empty()) return ErrorAt(open_parens_.back(), "unclosed left parenthesis");
      if (bracket_open_) return ErrorAt(bracket_at_, "unclosed left bracket");
      return Token{TokenKind::kEof, begin, begin, ""};
    }
    char c = Peek();
    ++pos_;
    if (brace_open_ && !(IsAlpha(c) || c == ',' || c == '=' || c == '!' || c == '"' || c == '\'' ||
                         c == '`' || c == '{' || c == '}')) {
      return Error(begin, std::string("unexpected character inside braces: '") + c + "'");
    }
    switch (c) {
      case ',':
        return Make(TokenKind::kComma, begin);
      case '*':
        return Make(TokenKind::kMul, begin);
      case '/':
        return Make(TokenKind::kDiv, begin);
      case '%':
        return Make(TokenKind::kMod, begin);
      case '+':
        return Make(TokenKind::kAdd, begin);
      case '-':
        return Make(TokenKind::kSub, begin);
      case '^':
        return Make(TokenKind::kPow, begin);
      case '@':
        return Make(TokenKind::kAt, begin);
      case '=':
        if (Peek() == '=' && !brace_open_) {
          ++pos_;
          return Make(TokenKind::kEqlc, begin);
        }
        if (Peek() == '~') {
          ++pos_;
          return Make(TokenKind::kRegexMatch, begin);
        }
        return Make(TokenKind::kAssign, begin);
      case '!':
        if (Peek() == '=') {
          ++pos_;
          return Make(TokenKind::kNeq, begin);
        }
        if (Peek() == '~') {
          ++pos_;
          return Make(TokenKind::kRegexNoMatch, begin);
        }
        return Error(begin, std::string("unexpected character after '!': '") + Peek() + "'");
      case '<':
        if (Peek() == '=' || Peek() == '/') {
          ++pos_;
          return Make(in_[pos_ - 1] == '=' ? TokenKind::kLte : TokenKind::kTrimUpper, begin);
        }
        return Make(TokenKind::kLss, begin);
      case '>':
        if (Peek() == '=' || Peek() == '/') {
          ++pos_;
          return Make(in_[pos_ - 1] == '=' ? TokenKind::kGte : TokenKind::kTrimLower, begin);
        }
        return Make(TokenKind::kGtr, begin);
      case '(':
        open_parens_.push_back(begin);
        return Make(TokenKind::kLeftParen, begin);
      case ')':
        if (open_parens_.empty()) return Error(begin, "unexpected right parenthesis ')'");
        open_parens_.pop_back();
        return Make(TokenKind::kRightParen, begin);
      case '{':
        if (brace_open_) return Error(begin, "unexpected left brace '{'");
        brace_open_ = true;
        return Make(TokenKind::kLeftBrace, begin);
      case '}':
        if (!brace_open_) return Error(begin, "unexpected right brace '}'");
        brace_open_ = false;
        return Make(TokenKind::kRightBrace, begin);
      case '[':
        if (bracket_open_) return Error(begin, "unexpected left bracket '['");
        bracket_open_ = true;
        bracket_at_ = begin;
        return Make(TokenKind::kLeftBracket, begin);
      case ']':
        if (!bracket_open_) return Error(begin, "unexpected right bracket ']'");
        bracket_open_ = false;
        return Make(TokenKind::kRightBracket, begin);
      case '"':
      case '\'':
        return LexString(begin, c);
      case '`':
        return LexRawString(begin);
      case ':':
        if (bracket_open_) return Make(TokenKind::kColon, begin);
        return LexIdentifier(begin);
      default:
        break;
    }
    if (IsDigit(c) || (c == '.' && IsDigit(Peek()))) {
      pos_ = begin;
      return LexNumberOrDuration(begin);
    }
    if (IsAlpha(c)) return LexIdentifier(begin);
    return Error(begin, std::string("unexpected character: '") + c + "'");
  }

  Token LexIdentifier(size_t begin) {
    bool colon = in_[begin] == ':';
    while (IsAlnum(Peek()) || (Peek() == ':' && !brace_open_ && !bracket_open_)) {
      if (Peek() == ':') colon = true;
      ++pos_;
    }
    Token t = Make(colon ? TokenKind::kMetricIdentifier : TokenKind::kIdentifier, begin);
    if (colon || brace_open_) return t;
    std::string lower = Lower(t.text);
    if (lower == "inf" || lower == "nan") {
      t.kind = TokenKind::kNumber;
      return t;
    }
    for (const Keyword& k : kKeywords) {
      if (k.word == lower) t.kind = k.kind;
    }
    // As in Prometheus, fill, fill_left and fill_right are keywords only
    // before '(', so existing metrics with those names keep working.
    if ((t.kind == TokenKind::kFill || t.kind == TokenKind::kFillLeft ||
         t.kind == TokenKind::kFillRight) &&
        !FollowedByLeftParen()) {
      t.kind = TokenKind::kIdentifier;
    }
    return t;
  }

  bool FollowedByLeftParen() const {
    size_t p = pos_;
    while (p < in_.size() && IsSpace(in_[p])) ++p;
    return p < in_.size() && in_[p] == '(';
  }

  // Scans [digits][.digits][e[+-]digits] or hex; returns false on malformed.
  bool ScanNumber() {
    if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X')) {
      pos_ += 2;
      if (Peek() == '_') ++pos_;
      if (!IsHex(Peek())) return false;
      while (IsHex(Peek()) || (Peek() == '_' && IsHex(Peek(1)))) ++pos_;
      return !IsAlnum(Peek()) && Peek() != '.';
    }
    while (IsDigit(Peek()) ||
           (Peek() == '_' && IsDigit(Peek(1)) && pos_ > 0 && IsDigit(in_[pos_ - 1])))
      ++pos_;
    if (Peek() == '.') {
      ++pos_;
      while (IsDigit(Peek()) || (Peek() == '_' && IsDigit(Peek(1)) && IsDigit(in_[pos_ - 1])))
        ++pos_;
    }
    if ((Peek() == 'e' || Peek() == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      pos_ += 2;
      while (IsDigit(Peek())) ++pos_;
    }
    return !IsAlnum(Peek()) && Peek() != '.';
  }

  Token LexNumberOrDuration(size_t begin) {
    if (ScanNumber()) return Make(TokenKind::kNumber, begin);
    // Try a duration: (digits unit)+ with units ms s m h d w y.
    pos_ = begin;
    bool any = false;
    while (IsDigit(Peek())) {
      while (IsDigit(Peek())) ++pos_;
      if (Peek() == 'm' && Peek(1) == 's') {
        pos_ += 2;
      } else if (Peek() == 's' || Peek() == 'm' || Peek() == 'h' || Peek() == 'd' ||
                 Peek() == 'w' || Peek() == 'y') {
        ++pos_;
      } else {
        any = false;
        break;
      }
      any = true;
    }
    if (any && !IsAlnum(Peek()) && Peek() != '.') return Make(TokenKind::kDuration, begin);
    while (IsAlnum(Peek()) || Peek() == '.') ++pos_;
    return Error(begin, "bad number or duration syntax: \"" +
                            std::string(in_.substr(begin, pos_ - begin)) + "\"");
  }

  Token LexRawString(size_t begin) {
    while (!AtEnd() && Peek() != '`') ++pos_;
    if (AtEnd()) return Error(begin, "unterminated raw string");
    ++pos_;
    Token t = Make(TokenKind::kString, begin);
    t.text = std::string(in_.substr(begin + 1, pos_ - begin - 2));
    return t;
  }

  Token LexString(size_t begin, char quote) {
    std::string value;
    while (true) {
      if (AtEnd() || Peek() == '\n') return Error(begin, "unterminated quoted string");
      char c = Peek();
      ++pos_;
      if (c == quote) break;
      if (c != '\\') {
        value.push_back(c);
        continue;
      }
      if (AtEnd()) return Error(begin, "escape sequence not terminated");
      char e = Peek();
      ++pos_;
      switch (e) {
        case 'a':
          value.push_back('\a');
          continue;
        case 'b':
          value.push_back('\b');
          continue;
        case 'f':
          value.push_back('\f');
          continue;
        case 'n':
          value.push_back('\n');
          continue;
        case 'r':
          value.push_back('\r');
          continue;
        case 't':
          value.push_back('\t');
          continue;
        case 'v':
          value.push_back('\v');
          continue;
        case '\\':
          value.push_back('\\');
          continue;
        default:
          break;
      }
      if (e == quote) {
        value.push_back(e);
        continue;
      }
      int digits = 0;
      int base = 16;
      uint32_t max = 255;
      if (e >= '0' && e <= '7') {
        digits = 3;
        base = 8;
        --pos_;
      } else if (e == 'x') {
        digits = 2;
      } else if (e == 'u') {
        digits = 4;
        max = 0x10FFFF;
      } else if (e == 'U') {
        digits = 8;
        max = 0x10FFFF;
      } else {
        return Error(pos_ - 2, std::string("unknown escape sequence '\\") + e + "'");
      }
      uint32_t x = 0;
      for (int i = 0; i < digits; ++i) {
        if (AtEnd()) return Error(begin, "escape sequence not terminated");
        int d = HexVal(Peek());
        if (d >= base) return Error(pos_, "illegal character in escape sequence");
        x = x * static_cast<uint32_t>(base) + static_cast<uint32_t>(d);
        ++pos_;
      }
      if (x > max || (x >= 0xD800 && x < 0xE000 && max > 255)) {
        return Error(begin, "escape sequence is an invalid Unicode code point");
      }
      if (max == 255) {
        value.push_back(static_cast<char>(x));
      } else {
        AppendUtf8(x, &value);
      }
    }
    Token t = Make(TokenKind::kString, begin);
    t.text = std::move(value);
    return t;
  }

  std::string_view in_;
  size_t pos_ = 0;
  std::vector<size_t> open_parens_;  ///< offsets of the '(' not closed yet
  bool brace_open_ = false;
  bool bracket_open_ = false;
  size_t bracket_at_ = 0;  ///< offset of the open '[' when bracket_open_
};

}  // namespace

std::vector<Token> Lex(std::string_view input) { return Lexer(input).Run(); }

std::string TokenKindDescription(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEof:
      return "end of input";
    case TokenKind::kError:
      return "error";
    case TokenKind::kIdentifier:
      return "identifier";
    case TokenKind::kMetricIdentifier:
      return "metric identifier";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kDuration:
      return "duration";
    case TokenKind::kString:
      return "string";
    case TokenKind::kLeftParen:
      return "\"(\"";
    case TokenKind::kRightParen:
      return "\")\"";
    case TokenKind::kLeftBrace:
      return "\"{\"";
    case TokenKind::kRightBrace:
      return "\"}\"";
    case TokenKind::kLeftBracket:
      return "\"[\"";
    case TokenKind::kRightBracket:
      return "\"]\"";
    case TokenKind::kComma:
      return "\",\"";
    case TokenKind::kColon:
      return "\":\"";
    case TokenKind::kAt:
      return "\"@\"";
    case TokenKind::kAssign:
      return "\"=\"";
    case TokenKind::kRegexMatch:
      return "\"=~\"";
    case TokenKind::kRegexNoMatch:
      return "\"!~\"";
    case TokenKind::kAdd:
      return "\"+\"";
    case TokenKind::kSub:
      return "\"-\"";
    case TokenKind::kMul:
      return "\"*\"";
    case TokenKind::kDiv:
      return "\"/\"";
    case TokenKind::kMod:
      return "\"%\"";
    case TokenKind::kPow:
      return "\"^\"";
    case TokenKind::kEqlc:
      return "\"==\"";
    case TokenKind::kNeq:
      return "\"!=\"";
    case TokenKind::kLss:
      return "\"<\"";
    case TokenKind::kGtr:
      return "\">\"";
    case TokenKind::kLte:
      return "\"<=\"";
    case TokenKind::kGte:
      return "\">=\"";
    case TokenKind::kTrimUpper:
      return "\"</\"";
    case TokenKind::kTrimLower:
      return "\">/\"";
    case TokenKind::kAnd:
      return "and";
    case TokenKind::kOr:
      return "or";
    case TokenKind::kUnless:
      return "unless";
    case TokenKind::kAtan2:
      return "atan2";
    case TokenKind::kBool:
      return "bool";
    case TokenKind::kBy:
      return "by";
    case TokenKind::kWithout:
      return "without";
    case TokenKind::kOn:
      return "on";
    case TokenKind::kIgnoring:
      return "ignoring";
    case TokenKind::kGroupLeft:
      return "group_left";
    case TokenKind::kGroupRight:
      return "group_right";
    case TokenKind::kOffset:
      return "offset";
    case TokenKind::kAnchored:
      return "anchored";
    case TokenKind::kSmoothed:
      return "smoothed";
    case TokenKind::kFill:
      return "fill";
    case TokenKind::kFillLeft:
      return "fill_left";
    case TokenKind::kFillRight:
      return "fill_right";
  }
  return "token";
}

bool ParseNumberText(std::string_view text, double* out) {
  std::string lower = Lower(text);
  if (lower == "inf") {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (lower == "nan") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  std::string s;
  for (char c : text) {
    if (c != '_') s.push_back(c);
  }
  if (s.empty()) return false;
  bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  bool octal =
      !hex && s.size() > 1 && s[0] == '0' && s.find_first_not_of("01234567") == std::string::npos;
  errno = 0;
  char* end = nullptr;
  if (hex || octal) {
    // Prometheus reads integers as int64 and falls back to a float parse:
    // an octal-looking literal too large for int64 is then read as decimal,
    // a hex one is an error.
    long long v = std::strtoll(s.c_str(), &end, hex ? 16 : 8);
    if (end != s.c_str() + s.size()) return false;
    if (errno != ERANGE) {
      *out = static_cast<double>(v);
      return true;
    }
    if (hex) return false;
    errno = 0;
  }
  if (s.find_first_not_of("0123456789.eE+-") != std::string::npos) return false;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  // Overflow is an error, as in Go's strconv.ParseFloat; underflow to 0 is not.
  if (errno == ERANGE && std::isinf(v)) return false;
  *out = v;
  return true;
}

bool ParseDurationText(std::string_view text, long long* out_ms, std::string* message) {
  struct Unit {
    std::string_view name;
    long long ms;
  };
  static constexpr Unit kUnits[] = {{"y", 365LL * 24 * 3600 * 1000},
                                    {"w", 7LL * 24 * 3600 * 1000},
                                    {"d", 24LL * 3600 * 1000},
                                    {"h", 3600LL * 1000},
                                    {"m", 60LL * 1000},
                                    {"s", 1000},
                                    {"ms", 1}};
  size_t pos = 0;
  int last_unit = -1;
  long long total = 0;
  if (text == "0") {
    *out_ms = 0;
    return true;
  }
  while (pos < text.size()) {
    size_t start = pos;
    while (pos < text.size() && IsDigit(text[pos])) ++pos;
    if (pos == start) break;
    std::string_view digits = text.substr(start, pos - start);
    size_t ustart = pos;
    while (pos < text.size() && !IsDigit(text[pos])) ++pos;
    std::string_view unit = text.substr(ustart, pos - ustart);
    int idx = -1;
    for (int i = 0; i < 7; ++i) {
      if (kUnits[i].name == unit) idx = i;
    }
    if (idx < 0 || idx <= last_unit) {
      *message = "not a valid duration string: \"" + std::string(text) + "\"";
      return false;
    }
    last_unit = idx;
    long long n = 0;
    for (char c : digits) {
      if (n > (std::numeric_limits<long long>::max() - 9) / 10) {
        *message = "duration out of range";
        return false;
      }
      n = n * 10 + (c - '0');
    }
    if (n > std::numeric_limits<long long>::max() / kUnits[idx].ms ||
        total > std::numeric_limits<long long>::max() - n * kUnits[idx].ms) {
      *message = "duration out of range";
      return false;
    }
    total += n * kUnits[idx].ms;
  }
  if (pos != text.size() || last_unit < 0) {
    *message = "not a valid duration string: \"" + std::string(text) + "\"";
    return false;
  }
  *out_ms = total;
  return true;
}

}  // namespace ttam::promql
