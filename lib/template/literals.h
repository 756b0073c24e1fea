#pragma once

// Go's rules for the literals a template may contain, applied the way
// text/template/parse does at parse time: strconv.Unquote for strings,
// strconv.UnquoteChar for character constants, strconv.ParseInt/ParseUint/
// ParseFloat (and fmt.Sscan for complex numbers) for numbers.

#include <cstddef>
#include <string>
#include <string_view>

namespace ttam::tmpl {

/// Unquotes a "double-quoted" or `raw` Go string literal (quotes included).
/// Returns false on invalid escapes; `out` (if given) receives the value.
bool UnquoteGoString(std::string_view quoted, std::string* out);

/// Checks a number or character constant token as parse.newNumber does.
/// Returns an empty string when Go accepts it, else Go's complaint.
std::string CheckGoNumber(std::string_view text, bool is_char_constant, bool is_complex);

/// Where Go's lexer (scanNumber) stops reading a number that starts at
/// `pos` of `s`: sign, base prefix, digits, fraction, exponent, `i`.
size_t ScanNumberEnd(std::string_view s, size_t pos);

}  // namespace ttam::tmpl
