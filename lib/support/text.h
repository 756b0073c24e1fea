#pragma once

// Text helpers for messages and printed forms: the one Quote, GoQuote,
// LineAt, Lower and Join (each was written again in several areas).

#include <string>
#include <string_view>

namespace ttam {

/// `"text"` with `"` and `\` escaped: how messages quote names and values.
std::string Quote(std::string_view text);

/// Go's strconv.Quote (and `%q`): printable runes as they are, the usual
/// escapes (`\n`, `\t`, ...), other runes as `\u`/`\U`, invalid UTF-8 bytes
/// as `\x`; what Prometheus's own messages and printed label sets show.
std::string GoQuote(std::string_view text);

/// The 1-based line `line` of `text`, without its line ending; empty when
/// there is no such line (a diagnostic's source line).
std::string LineAt(std::string_view text, int line);

/// ASCII lower case.
std::string Lower(std::string_view text);

/// `items` (strings or string views) joined with `separator`.
template <typename Range>
std::string Join(const Range& items, std::string_view separator = ", ") {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    first = false;
    out += std::string_view(item);
  }
  return out;
}

}  // namespace ttam
