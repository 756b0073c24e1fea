#pragma once

// Tokens of Go's text/template, scanned the way text/template/parse's lexer
// scans them (delimiters "{{" "}}", trim markers "{{- " and " -}}", comments
// "{{/* */}}" skipped), one token per call and without allocating.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ttam::tmpl {

/// Token kinds; keywords come after kKeyword, as in Go.
enum class Tok : uint8_t {
  kError,  ///< a lexical error; the lexer's error() says which
  kBool,
  kChar,  ///< a printable ASCII character such as ','
  kCharConstant,
  kComplex,
  kAssign,   ///< '='
  kDeclare,  ///< ':='
  kEof,
  kField,
  kIdentifier,
  kLeftDelim,
  kLeftParen,
  kNumber,
  kPipe,
  kRawString,
  kRightDelim,
  kRightParen,
  kSpace,
  kString,
  kText,
  kVariable,
  kKeyword,
  kBlock,
  kBreak,
  kContinue,
  kDot,
  kDefine,
  kElse,
  kEnd,
  kIf,
  kNil,
  kRange,
  kTemplate,
  kWith,
};

/// One token: kind and byte span [begin, end) in the template text.
struct Token {
  Tok kind = Tok::kEof;
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// Pull lexer over one template text (at most 4 GiB).
class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  /// The next token; after kError or kEof it keeps returning kEof.
  Token Next();

  /// The message of the last kError token.
  const std::string& error() const { return error_; }
  /// How much of error() is Go's own wording (the rest is advice).
  size_t error_go_length() const { return error_go_length_; }
  /// Where the action holding the last token started (its "{{").
  uint32_t action_begin() const { return action_begin_; }

 private:
  Token LexText();
  Token LexLeftDelim();
  Token LexComment();
  Token LexRightDelim();
  Token LexInsideAction();
  Token LexSpace();
  Token LexIdentifier();
  Token LexFieldOrVariable(Tok kind);
  Token LexQuote(char quote, Tok kind, const char* unterminated);
  Token LexNumber();

  char32_t NextRune();
  char32_t PeekRune() const;
  bool AtTerminator() const;
  bool AtRightDelim(bool* trim) const;
  bool ScanNumber();
  Token Emit(Tok kind);
  Token Error(std::string message, size_t begin, size_t end, size_t go_length = std::string::npos);
  bool StartsWith(size_t pos, std::string_view s) const {
    return pos <= input_.size() && input_.substr(pos).starts_with(s);
  }

  std::string_view input_;
  size_t pos_ = 0;
  size_t start_ = 0;
  uint32_t action_begin_ = 0;
  int paren_depth_ = 0;
  bool inside_action_ = false;
  bool done_ = false;
  std::string error_;
  size_t error_go_length_ = std::string::npos;
};

/// Describes a token the way Go's item.String() does: EOF, <keyword>, or a
/// quoted value cut to 10 runes.
std::string DescribeToken(std::string_view input, const Token& token);

/// Go's %#U: U+00E9 'é'.
std::string DescribeRune(char32_t r);

}  // namespace ttam::tmpl
