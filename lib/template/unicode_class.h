#pragma once

// The few Unicode facts the template lexer needs: decoding one rune the way
// Go's utf8.DecodeRuneInString does, and Go's unicode.IsLetter/IsDigit.

#include <cstddef>
#include <string_view>

namespace ttam::tmpl {

/// U+FFFD, what an invalid byte decodes to.
inline constexpr char32_t kRuneError = 0xFFFD;

/// Decodes the rune at text[pos] (pos < text.size()); sets *width to the
/// bytes it spans. Invalid UTF-8 yields kRuneError with width 1, as in Go.
char32_t DecodeRune(std::string_view text, size_t pos, size_t* width);

/// Go's isAlphaNumeric in text/template/parse: '_', a letter or a decimal digit.
bool IsAlphaNumeric(char32_t r);

/// Approximates strconv.IsPrint, for quoting runes in messages only.
bool IsPrintable(char32_t r);

/// Appends r to out as UTF-8.
void AppendUtf8(char32_t r, std::string& out);

}  // namespace ttam::tmpl
