#pragma once

// Go's Unicode case mapping for the template functions toUpper, toLower
// and title: unicode.ToUpper / ToLower / ToTitle of each rune (simple
// mappings, as Go's tables give them; read from the C.UTF-8 locale's
// tables, which agree with Go's, and ASCII-only if that locale is missing).

#include <cstddef>
#include <string>
#include <string_view>

namespace ttam::tmpl {

/// strings.ToUpper: every rune upper-cased; a byte that is not UTF-8
/// becomes U+FFFD, as Go's strings.Map writes it.
std::string GoToUpper(std::string_view s);

/// strings.ToLower, likewise.
std::string GoToLower(std::string_view s);

/// The rune at the start of `s` (not empty) title-cased as UTF-8;
/// `*consumed` gets its length in `s` (1 for a byte that is not UTF-8,
/// which is returned as it is).
std::string TitleFirstRune(std::string_view s, size_t* consumed);

}  // namespace ttam::tmpl
