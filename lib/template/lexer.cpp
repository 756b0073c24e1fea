#include "template/lexer.h"

#include <cstdio>
#include <utility>

#include "template/literals.h"
#include "template/unicode_class.h"

namespace ttam::tmpl {
namespace {

constexpr char32_t kEofRune = 0xFFFFFFFF;
constexpr std::string_view kLeftDelim = "{{";
constexpr std::string_view kRightDelim = "}}";

// Go's isSpace in the lexer: since Go 1.16 newlines are spaces inside actions.
bool IsSpace(char32_t r) { return r == ' ' || r == '\t' || r == '\r' || r == '\n'; }

bool HasLeftTrimMarker(std::string_view s) {
  return s.size() >= 2 && s[0] == '-' && IsSpace(static_cast<unsigned char>(s[1]));
}

bool HasRightTrimMarker(std::string_view s) {
  return s.size() >= 2 && IsSpace(static_cast<unsigned char>(s[0])) && s[1] == '-';
}

size_t RightTrimLength(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && IsSpace(static_cast<unsigned char>(s[s.size() - 1 - n]))) ++n;
  return n;
}

size_t LeftTrimLength(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && IsSpace(static_cast<unsigned char>(s[n]))) ++n;
  return n;
}

Tok KeywordKind(std::string_view word) {
  switch (word.size()) {
    case 2:
      if (word == "if") return Tok::kIf;
      break;
    case 3:
      if (word == "end") return Tok::kEnd;
      if (word == "nil") return Tok::kNil;
      break;
    case 4:
      if (word == "else") return Tok::kElse;
      if (word == "with") return Tok::kWith;
      break;
    case 5:
      if (word == "block") return Tok::kBlock;
      if (word == "break") return Tok::kBreak;
      if (word == "range") return Tok::kRange;
      break;
    case 6:
      if (word == "define") return Tok::kDefine;
      break;
    case 8:
      if (word == "continue") return Tok::kContinue;
      if (word == "template") return Tok::kTemplate;
      break;
    default:
      break;
  }
  return Tok::kIdentifier;
}

// Go's strconv.Quote, close enough for messages.
void AppendGoQuoted(std::string_view s, std::string& out) {
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    size_t width = 0;
    const char32_t r = DecodeRune(s, i, &width);
    if (r == kRuneError && width == 1) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i]));
      out += buf;
    } else if (r == '"' || r == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(r));
    } else if (r == '\n') {
      out += "\\n";
    } else if (r == '\t') {
      out += "\\t";
    } else if (r == '\r') {
      out += "\\r";
    } else if (IsPrintable(r)) {
      out.append(s.substr(i, width));
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf,
                    r < 0x80      ? "\\x%02x"
                    : r < 0x10000 ? "\\u%04x"
                                  : "\\U%08x",
                    static_cast<unsigned>(r));
      out += buf;
    }
    i += width;
  }
  out.push_back('"');
}

}  // namespace

std::string DescribeRune(char32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(r));
  std::string out = buf;
  if (IsPrintable(r)) {
    out += " '";
    AppendUtf8(r, out);
    out += "'";
  }
  return out;
}

std::string DescribeToken(std::string_view input, const Token& token) {
  const std::string_view val = input.substr(token.begin, token.end - token.begin);
  if (token.kind == Tok::kEof) return "EOF";
  if (token.kind > Tok::kKeyword) return "<" + std::string(val) + ">";
  std::string out;
  size_t runes = 0;
  size_t cut = 0;
  while (cut < val.size() && runes < 10) {
    size_t width = 0;
    DecodeRune(val, cut, &width);
    cut += width;
    ++runes;
  }
  AppendGoQuoted(val.substr(0, cut), out);
  if (cut < val.size()) out += "...";
  return out;
}

char32_t Lexer::NextRune() {
  if (pos_ >= input_.size()) return kEofRune;
  size_t width = 0;
  const char32_t r = DecodeRune(input_, pos_, &width);
  pos_ += width;
  return r;
}

char32_t Lexer::PeekRune() const {
  if (pos_ >= input_.size()) return kEofRune;
  size_t width = 0;
  return DecodeRune(input_, pos_, &width);
}

Token Lexer::Emit(Tok kind) {
  Token t{kind, static_cast<uint32_t>(start_), static_cast<uint32_t>(pos_)};
  start_ = pos_;
  return t;
}

Token Lexer::Error(std::string message, size_t begin, size_t end, size_t go_length) {
  error_ = std::move(message);
  error_go_length_ = go_length;
  done_ = true;
  if (end > input_.size()) end = input_.size();
  if (begin > end) begin = end;
  return Token{Tok::kError, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
}

Token Lexer::Next() {
  for (;;) {
    if (done_) {
      const auto end = static_cast<uint32_t>(input_.size());
      return Token{Tok::kEof, end, end};
    }
    Token t = inside_action_ ? LexInsideAction() : LexText();
    if (t.kind != Tok::kKeyword) return t;  // kKeyword: a comment was skipped
  }
}

Token Lexer::LexText() {
  const size_t x = input_.find(kLeftDelim, pos_);
  if (x != std::string_view::npos) {
    if (x > pos_) {
      size_t trim = 0;
      if (HasLeftTrimMarker(input_.substr(x + kLeftDelim.size()))) {
        trim = RightTrimLength(input_.substr(start_, x - start_));
      }
      pos_ = x - trim;
      Token text{Tok::kText, static_cast<uint32_t>(start_), static_cast<uint32_t>(pos_)};
      pos_ = x;
      start_ = pos_;
      if (text.end > text.begin) return text;
    }
    return LexLeftDelim();
  }
  pos_ = input_.size();
  if (pos_ > start_) return Emit(Tok::kText);
  done_ = true;
  return Emit(Tok::kEof);
}

Token Lexer::LexLeftDelim() {
  action_begin_ = static_cast<uint32_t>(pos_);
  pos_ += kLeftDelim.size();
  const bool trim = HasLeftTrimMarker(input_.substr(pos_));
  const size_t after = trim ? 2 : 0;
  if (StartsWith(pos_ + after, "/*")) {
    pos_ += after;
    start_ = pos_;
    return LexComment();
  }
  Token t = Emit(Tok::kLeftDelim);
  inside_action_ = true;
  pos_ += after;
  start_ = pos_;
  paren_depth_ = 0;
  return t;
}

Token Lexer::LexComment() {
  pos_ += 2;
  const size_t x = input_.find("*/", pos_);
  if (x == std::string_view::npos) {
    return Error("unclosed comment: end it with \"*/}}\"", action_begin_, pos_, 16);
  }
  pos_ = x + 2;
  bool trim = false;
  if (!AtRightDelim(&trim)) {
    return Error(
        "comment ends before closing delimiter: a comment must end with \"*/}}\" (or \"*/ -}}\")",
        x, x + 2, 37);
  }
  if (trim) pos_ += 2;
  pos_ += kRightDelim.size();
  if (trim) pos_ += LeftTrimLength(input_.substr(pos_));
  start_ = pos_;
  return Token{Tok::kKeyword, 0, 0};
}

bool Lexer::AtRightDelim(bool* trim) const {
  const std::string_view rest = input_.substr(pos_);
  if (HasRightTrimMarker(rest) && rest.substr(2).starts_with(kRightDelim)) {
    *trim = true;
    return true;
  }
  *trim = false;
  return rest.starts_with(kRightDelim);
}

Token Lexer::LexRightDelim() {
  bool trim = false;
  AtRightDelim(&trim);
  if (trim) {
    pos_ += 2;
    start_ = pos_;
  }
  pos_ += kRightDelim.size();
  Token t = Emit(Tok::kRightDelim);
  if (trim) {
    pos_ += LeftTrimLength(input_.substr(pos_));
    start_ = pos_;
  }
  inside_action_ = false;
  return t;
}

Token Lexer::LexInsideAction() {
  bool trim = false;
  if (AtRightDelim(&trim)) {
    if (paren_depth_ == 0) return LexRightDelim();
    return Error("unclosed left paren: add \")\" before \"}}\"", action_begin_,
                 pos_ + (trim ? 4 : 2), 19);
  }
  const char32_t r = NextRune();
  if (r == kEofRune) {
    return Error("unclosed action: add \"}}\" to close the action", action_begin_,
                 action_begin_ + 2, 15);
  }
  if (IsSpace(r)) {
    pos_ = start_;
    return LexSpace();
  }
  switch (r) {
    case '=':
      return Emit(Tok::kAssign);
    case ':':
      if (NextRune() != '=') {
        return Error("expected := (a lone ':' is not allowed)", start_, pos_, 11);
      }
      return Emit(Tok::kDeclare);
    case '|':
      return Emit(Tok::kPipe);
    case '"':
      return LexQuote('"', Tok::kString, "unterminated quoted string");
    case '`':
      return LexQuote('`', Tok::kRawString, "unterminated raw quoted string");
    case '\'':
      return LexQuote('\'', Tok::kCharConstant, "unterminated character constant");
    case '$':
      return LexFieldOrVariable(Tok::kVariable);
    case '(':
      ++paren_depth_;
      return Emit(Tok::kLeftParen);
    case ')':
      if (--paren_depth_ < 0) {
        return Error("unexpected right paren: remove it or add the matching \"(\"", start_, pos_,
                     22);
      }
      return Emit(Tok::kRightParen);
    case '.':
      if (pos_ < input_.size() && (input_[pos_] < '0' || input_[pos_] > '9')) {
        return LexFieldOrVariable(Tok::kField);
      }
      pos_ = start_;
      return LexNumber();
    default:
      break;
  }
  if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
    pos_ = start_;
    return LexNumber();
  }
  if (IsAlphaNumeric(r)) {
    pos_ = start_;
    return LexIdentifier();
  }
  if (r < 0x80 && r >= 0x20 && r < 0x7F) return Emit(Tok::kChar);
  return Error("unrecognized character in action: " + DescribeRune(r), start_, pos_);
}

Token Lexer::LexSpace() {
  size_t spaces = 0;
  while (pos_ < input_.size() && IsSpace(static_cast<unsigned char>(input_[pos_]))) {
    ++pos_;
    ++spaces;
  }
  const std::string_view last = input_.substr(pos_ - 1);
  if (HasRightTrimMarker(last) && last.substr(2).starts_with(kRightDelim)) {
    --pos_;
    if (spaces == 1) return LexRightDelim();
  }
  return Emit(Tok::kSpace);
}

bool Lexer::AtTerminator() const {
  const char32_t r = PeekRune();
  if (IsSpace(r)) return true;
  switch (r) {
    case kEofRune:
    case '.':
    case ',':
    case '|':
    case ':':
    case ')':
    case '(':
      return true;
    default:
      break;
  }
  return input_.substr(pos_).starts_with(kRightDelim);
}

Token Lexer::LexIdentifier() {
  for (;;) {
    const size_t before = pos_;
    const char32_t r = NextRune();
    if (r != kEofRune && IsAlphaNumeric(r)) continue;
    pos_ = before;
    if (!AtTerminator()) {
      size_t width = 0;
      DecodeRune(input_, pos_, &width);
      return Error("bad character " + DescribeRune(r) + " after \"" +
                       std::string(input_.substr(start_, pos_ - start_)) +
                       "\": separate arguments with spaces",
                   pos_, pos_ + width, 14 + DescribeRune(r).size());
    }
    const std::string_view word = input_.substr(start_, pos_ - start_);
    const Tok keyword = KeywordKind(word);
    if (keyword != Tok::kIdentifier) return Emit(keyword);
    if (word == "true" || word == "false") return Emit(Tok::kBool);
    return Emit(Tok::kIdentifier);
  }
}

Token Lexer::LexFieldOrVariable(Tok kind) {
  if (AtTerminator()) return Emit(kind == Tok::kVariable ? Tok::kVariable : Tok::kDot);
  char32_t r = 0;
  for (;;) {
    const size_t before = pos_;
    r = NextRune();
    if (r == kEofRune || !IsAlphaNumeric(r)) {
      pos_ = before;
      break;
    }
  }
  if (!AtTerminator()) {
    size_t width = 0;
    DecodeRune(input_, pos_, &width);
    return Error("bad character " + DescribeRune(r) + " after \"" +
                     std::string(input_.substr(start_, pos_ - start_)) +
                     "\": names may only contain letters, digits and '_'",
                 pos_, pos_ + width, 14 + DescribeRune(r).size());
  }
  return Emit(kind);
}

Token Lexer::LexQuote(char quote, Tok kind, const char* unterminated) {
  for (;;) {
    if (pos_ >= input_.size()) break;
    const char c = input_[pos_++];
    if (c == quote) return Emit(kind);
    if (quote == '`') continue;
    if (c == '\n') break;
    if (c == '\\') {
      if (pos_ >= input_.size() || input_[pos_] == '\n') break;
      ++pos_;
    }
  }
  std::string message = unterminated;
  const size_t go_length = message.size();
  message += quote == '`'   ? ": add the closing '`'"
             : quote == '"' ? ": add the closing '\"' on the same line"
                            : ": add the closing '\\'' on the same line";
  return Error(std::move(message), start_, pos_, go_length);
}

bool Lexer::ScanNumber() {
  pos_ = ScanNumberEnd(input_, pos_);
  const char32_t next = PeekRune();
  if (next != kEofRune && IsAlphaNumeric(next)) {
    NextRune();
    return false;
  }
  return true;
}

Token Lexer::LexNumber() {
  auto bad = [&] {
    return Error("bad number syntax: \"" + std::string(input_.substr(start_, pos_ - start_)) + "\"",
                 start_, pos_);
  };
  if (!ScanNumber()) return bad();
  if (pos_ < input_.size() && (input_[pos_] == '+' || input_[pos_] == '-')) {
    if (!ScanNumber() || input_[pos_ - 1] != 'i') return bad();
    return Emit(Tok::kComplex);
  }
  return Emit(Tok::kNumber);
}

}  // namespace ttam::tmpl
