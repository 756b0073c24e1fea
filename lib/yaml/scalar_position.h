#pragma once

// Maps a byte offset inside a scalar's value (as the application sees it,
// after YAML unquoting, escapes and line folding) back to the position in
// the file. Rule expressions and templates are written in plain, quoted, `|`
// and `>` scalars; their errors point inside them.

#include <cstddef>

#include "yaml/document.h"

namespace ttam::yaml {

/// The file position of byte `offset` of `scalar.scalar` (clamped to the
/// value's end). `scalar` must be a node of `doc`. Works for every scalar
/// style: quotes, escapes (\n, \x41, \u00e9, escaped line breaks), indentation
/// and folded line breaks are accounted for.
Mark PositionInScalar(const Document& doc, const Node& scalar, size_t offset);

/// Where bytes [begin, end) of `scalar.scalar` are in the file: the start
/// and, when the range stays on that line, the exclusive end column (0
/// otherwise), as a Diagnostic takes them.
struct ScalarSpan {
  Mark at;
  uint32_t end_column = 0;
};
ScalarSpan SpanInScalar(const Document& doc, const Node& scalar, size_t begin, size_t end);

}  // namespace ttam::yaml
