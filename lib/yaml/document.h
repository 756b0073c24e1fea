#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/diagnostic.h"

namespace ttam::yaml {

/// A position in the source, 1-based (converted from yaml-cpp's 0-based marks
/// in exactly one place, document.cpp).
struct Mark {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t offset = 0;  ///< 0-based byte offset in the document text
};

/// The closed set of node kinds.
enum class Kind { kNull, kScalar, kSequence, kMap };

/// How a scalar was written: decides whether `yes` is a string and how a
/// position inside the value maps back to the file.
enum class ScalarStyle { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral, kFolded };

struct Node;

/// One key/value pair of a mapping, in source order.
struct Entry;

/// A YAML node with its position: what every schema walker reads.
struct Node {
  Kind kind = Kind::kNull;
  Mark mark;
  ScalarStyle style = ScalarStyle::kPlain;
  std::string tag;     ///< explicit tag ("!!str"), empty when none
  std::string scalar;  ///< for kScalar (also the text of a null written as `~`/`null`)
  std::vector<Node> items;     ///< for kSequence
  std::vector<Entry> entries;  ///< for kMap

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsMap() const { return kind == Kind::kMap; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  /// The value of `key` in a map, or nullptr (first match).
  const Node* Find(std::string_view key) const;
  /// "a mapping", "a list", "a string", "null": for messages.
  std::string_view KindName() const;
};

struct Entry {
  Node key;
  Node value;
};

/// A parsed YAML file: its text (for caret lines and positions inside
/// scalars) and its first document.
struct Document {
  std::string path;
  std::string text;
  Node root;
  bool empty = true;  ///< no document at all (empty file or only comments)

  /// The text of 1-based `line`, without its newline.
  std::string_view Line(uint32_t line) const;
};

/// Parses `text` (the content of `path`). YAML syntax errors, duplicate keys
/// and a second document are reported to `sink` (check `yaml/syntax`,
/// `yaml/duplicate-key`) with positions; the result is null when the text is
/// not YAML at all. Anchors and aliases are resolved, and `<<` merge keys
/// are applied as go-yaml (and so Prometheus) applies them.
std::unique_ptr<Document> Parse(std::string path, std::string text, diag::Sink& sink);

/// Builds a diagnostic at `mark` in `doc`, with the source line filled in.
diag::Diagnostic MakeDiagnostic(const Document& doc, const Mark& mark, diag::Severity severity,
                                std::string_view check, std::string message);

}  // namespace ttam::yaml
