#include "yaml/scalar_position.h"

#include <string_view>

namespace ttam::yaml {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

size_t Utf8Length(uint32_t cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

// Where the scalar's content starts in the text: after the opening quote, or
// on the line after a block scalar's header (`|`, `>-`, `|2+` ...).
size_t ContentStart(std::string_view text, const Node& scalar) {
  size_t p = scalar.mark.offset;
  switch (scalar.style) {
    case ScalarStyle::kSingleQuoted:
    case ScalarStyle::kDoubleQuoted:
      return p + 1;
    case ScalarStyle::kLiteral:
    case ScalarStyle::kFolded: {
      size_t nl = text.find('\n', p);
      return nl == std::string_view::npos ? text.size() : nl + 1;
    }
    case ScalarStyle::kPlain:
      return p;
  }
  return p;
}

// Source offset of decoded byte `target` in a double-quoted scalar: escapes
// are decoded, so one source escape may stand for several value bytes.
size_t DoubleQuotedOffset(std::string_view text, const Node& scalar, size_t target) {
  std::string_view value = scalar.scalar;
  size_t p = ContentStart(text, scalar);
  size_t d = 0;  // decoded bytes consumed so far
  while (p < text.size() && d < target && text[p] != '"') {
    char c = text[p];
    if (c == '\\' && p + 1 < text.size()) {
      char e = text[p + 1];
      size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
      if (e == '\n' || e == '\r') {  // escaped line break: joins lines, no value byte
        p += 2;
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
        continue;
      }
      size_t produced = 1;
      if (digits > 0) {
        uint32_t cp = 0;
        for (size_t k = 0; k < digits && p + 2 + k < text.size(); ++k) {
          int h = HexValue(text[p + 2 + k]);
          cp = cp * 16 + static_cast<uint32_t>(h < 0 ? 0 : h);
        }
        produced = e == 'x' ? 1 : Utf8Length(cp);
      }
      if (d + produced > target) return p;
      d += produced;
      p += 2 + digits;
      continue;
    }
    if (IsSpace(c)) {
      // A run of source whitespace containing a line break folds to one
      // space (or to the empty lines it spans); without one it is verbatim.
      size_t run_end = p;
      while (run_end < text.size() && IsSpace(text[run_end])) ++run_end;
      bool breaks = text.substr(p, run_end - p).find('\n') != std::string_view::npos;
      if (!breaks) {
        ++d;
        ++p;
        continue;
      }
      size_t produced = 0;
      while (d + produced < value.size() && IsSpace(value[d + produced])) ++produced;
      if (produced == 0) produced = 0;
      if (d + produced > target) return p;
      d += produced;
      p = run_end;
      continue;
    }
    ++d;
    ++p;
  }
  return p;
}

// Source offset of decoded byte `target` for the other styles, whose value
// bytes appear in the source in order, apart from indentation, folding and
// the doubled quote of single-quoted scalars: align greedily.
size_t VerbatimOffset(std::string_view text, const Node& scalar, size_t target) {
  std::string_view value = scalar.scalar;
  size_t p = ContentStart(text, scalar);
  for (size_t d = 0; d < target && d < value.size(); ++d) {
    char c = value[d];
    if (IsSpace(c)) {
      // A folded or kept line break, or a space: any source whitespace.
      while (p < text.size() && !IsSpace(text[p])) ++p;
      if (p < text.size()) ++p;
      // Skip the indentation that follows a line break.
      if (c != ' ' || (p > 0 && text[p - 1] == '\n')) {
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t') && d + 1 < value.size() &&
               value[d + 1] != ' ' && value[d + 1] != '\t') {
          ++p;
        }
      }
      continue;
    }
    size_t q = p;
    while (q < text.size() && text[q] != c) {
      if (!IsSpace(text[q]) && text[q] != '\'') break;  // only whitespace and quotes are skippable
      ++q;
    }
    if (q >= text.size() || text[q] != c) return p;  // lost alignment: best effort
    p = q + 1;
  }
  // Land on the next value byte, not on indentation before it.
  if (target < value.size() && !IsSpace(value[target])) {
    while (p < text.size() && (IsSpace(text[p]) || (text[p] == '\'' && value[target] != '\''))) ++p;
  }
  return p;
}

}  // namespace

Mark PositionInScalar(const Document& doc, const Node& scalar, size_t offset) {
  std::string_view text = doc.text;
  if (scalar.mark.offset >= text.size()) return scalar.mark;
  if (offset > scalar.scalar.size()) offset = scalar.scalar.size();
  size_t p = scalar.style == ScalarStyle::kDoubleQuoted ? DoubleQuotedOffset(text, scalar, offset)
                                                        : VerbatimOffset(text, scalar, offset);
  if (p > text.size()) p = text.size();
  Mark mark = scalar.mark;
  for (size_t i = scalar.mark.offset; i < p; ++i) {
    if (text[i] == '\n') {
      ++mark.line;
      mark.column = 1;
    } else {
      ++mark.column;
    }
  }
  mark.offset = static_cast<uint32_t>(p);
  return mark;
}

ScalarSpan SpanInScalar(const Document& doc, const Node& scalar, size_t begin, size_t end) {
  ScalarSpan span;
  span.at = PositionInScalar(doc, scalar, begin);
  Mark last = PositionInScalar(doc, scalar, end > begin ? end - 1 : begin);
  if (last.line == span.at.line && last.column >= span.at.column) {
    span.end_column = last.column + 1;
  }
  return span;
}

}  // namespace ttam::yaml
