#pragma once

// The PromQL lexer: turns an expression into tokens with byte positions.
// Keywords are matched case-insensitively, as Prometheus does; whether a
// keyword may also serve as a metric or label name is the parser's call.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ttam::promql {

/// Token kinds; the closed set of what the lexer emits.
enum class TokenKind {
  kEof,         ///< End of input.
  kError,       ///< A lexical error; `text` holds the message.
  kIdentifier,  ///< [a-zA-Z_][a-zA-Z0-9_]* (also aggregation names, start, end, inf-free words).
  kMetricIdentifier,  ///< An identifier containing ':'.
  kNumber,            ///< Decimal, hex, octal, exponent, Inf or NaN.
  kDuration,          ///< 5m, 1h30m, 100ms ...
  kString,            ///< "..." '...' or `...`, already unescaped into `text`.
  kLeftParen,
  kRightParen,
  kLeftBrace,
  kRightBrace,
  kLeftBracket,
  kRightBracket,
  kComma,
  kColon,
  kAt,
  kAssign,        ///< = (label matching)
  kRegexMatch,    ///< =~
  kRegexNoMatch,  ///< !~
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kEqlc,  ///< ==
  kNeq,   ///< !=
  kLss,
  kGtr,
  kLte,
  kGte,
  kTrimUpper,  ///< </ (native histogram trim)
  kTrimLower,  ///< >/ (native histogram trim)
  // Keywords.
  kAnd,
  kOr,
  kUnless,
  kAtan2,
  kBool,
  kBy,
  kWithout,
  kOn,
  kIgnoring,
  kGroupLeft,
  kGroupRight,
  kOffset,
  kAnchored,
  kSmoothed,  ///< Range selector modifiers.
  kFill,
  kFillLeft,
  kFillRight,  ///< Binary operator modifiers; keywords only when followed by '('.
};

/// One token: kind, byte span and text (the source text, or the unescaped string, or the error
/// message).
struct Token {
  TokenKind kind = TokenKind::kEof;
  size_t begin = 0;  ///< First byte.
  size_t end = 0;    ///< One past the last byte.
  std::string text;  ///< Source text; unescaped value for kString; message for kError.
};

/// Lexes the whole input; comments and spaces are dropped, the last token is kEof or kError.
std::vector<Token> Lex(std::string_view input);

/// A short human name for a token kind, for error messages ("identifier", "\"(\"", ...).
std::string TokenKindDescription(TokenKind kind);

/// Parses a number token's text ("0x1f", "1e3", "Inf", "010"); false if malformed.
bool ParseNumberText(std::string_view text, double* out);

/// Parses a duration token's text ("1h30m") into milliseconds; false with a message if malformed.
bool ParseDurationText(std::string_view text, long long* out_ms, std::string* message);

}  // namespace ttam::promql
