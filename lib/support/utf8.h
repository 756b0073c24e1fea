#pragma once

#include <cstddef>
#include <string_view>

namespace ttam {

/// Offset of the first byte that is not part of valid UTF-8, or npos.
/// Fast on ASCII: it checks eight bytes at a time.
size_t FindInvalidUtf8(std::string_view text);

/// Number of code points in valid UTF-8 text.
size_t CountRunes(std::string_view text);

}  // namespace ttam
