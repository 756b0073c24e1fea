#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <new>
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
enum class Kind : uint8_t { kNull, kScalar, kSequence, kMap };

/// How a scalar was written: decides whether `yes` is a string and how a
/// position inside the value maps back to the file.
enum class ScalarStyle : uint8_t { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral, kFolded };

struct Node;

/// One key/value pair of a mapping, in source order.
struct Entry;

/// An explicit tag ("!!binary"). Interned: almost no node has one, and the
/// tree is most of the memory of a large file. Reads as a std::string.
class Tag {
 public:
  Tag() = default;
  /// Sets the tag ("" clears it).
  Tag& operator=(std::string_view tag);
  const std::string& str() const;
  operator const std::string&() const { return str(); }  // NOLINT: reads as a string
  bool empty() const { return value_ == nullptr; }
  friend bool operator==(const Tag& a, std::string_view b) { return a.str() == b; }

 private:
  const std::string* value_ = nullptr;
};

/// The children of a node: a fixed array behind one pointer, its length
/// stored in front of the elements (a std::vector would take three). Read
/// like a const std::vector: range-for, size(), empty(), [], front(), back().
template <class T>
class Children {
 public:
  Children() = default;
  /// Takes the elements of `v`.
  explicit Children(std::vector<T>&& v) {
    if (v.empty()) return;
    Allocate(v.size());
    size_t i = 0;
    try {
      for (; i < v.size(); ++i) new (p_ + i) T(std::move(v[i]));
    } catch (...) {
      Destroy(i);
      throw;
    }
  }
  Children(const Children& other) {
    if (other.empty()) return;
    Allocate(other.size());
    size_t i = 0;
    try {
      for (; i < other.size(); ++i) new (p_ + i) T(other.p_[i]);
    } catch (...) {
      Destroy(i);
      throw;
    }
  }
  Children(Children&& other) noexcept : p_(other.p_) { other.p_ = nullptr; }
  Children& operator=(const Children& other) {
    if (this != &other) *this = Children(other);
    return *this;
  }
  Children& operator=(Children&& other) noexcept {
    if (this != &other) {
      Destroy(size());
      p_ = other.p_;
      other.p_ = nullptr;
    }
    return *this;
  }
  Children& operator=(std::vector<T>&& v) { return *this = Children(std::move(v)); }
  ~Children() { Destroy(size()); }

  size_t size() const { return p_ == nullptr ? 0 : Header(p_)[-1]; }
  bool empty() const { return p_ == nullptr; }
  const T* data() const { return p_; }
  const T* begin() const { return p_; }
  const T* end() const { return p_ + size(); }
  T* begin() { return p_; }
  T* end() { return p_ + size(); }
  const T& operator[](size_t i) const { return p_[i]; }
  T& operator[](size_t i) { return p_[i]; }
  const T& front() const { return p_[0]; }
  const T& back() const { return p_[size() - 1]; }

 private:
  static constexpr size_t kHeader = alignof(std::max_align_t);
  static size_t* Header(T* p) { return reinterpret_cast<size_t*>(p); }

  void Allocate(size_t n) {
    static_assert(alignof(T) <= kHeader);
    char* raw = static_cast<char*>(::operator new(kHeader + n * sizeof(T)));
    new (raw + kHeader - sizeof(size_t)) size_t(n);
    p_ = reinterpret_cast<T*>(raw + kHeader);
  }
  // Destroys the first `n` elements and frees the array.
  void Destroy(size_t n) {
    if (p_ == nullptr) return;
    for (size_t i = 0; i < n; ++i) p_[i].~T();
    ::operator delete(reinterpret_cast<char*>(p_) - kHeader);
    p_ = nullptr;
  }

  T* p_ = nullptr;
};

/// Where the scalars that are not a slice of the text live (decoded escapes,
/// folded lines, yaml-cpp's values): each kept once, at a stable address.
class ScalarStore {
 public:
  /// A copy of `value` that lives as long as the store.
  std::string_view Keep(std::string_view value) {
    if (value.empty()) return {};
    return values_.emplace_back(value);
  }

 private:
  std::deque<std::string> values_;  ///< a deque never moves what it holds
};

/// A YAML node with its position: what every schema walker reads. Nodes
/// live in their Document: `scalar` views the document's text or its
/// ScalarStore (most scalars are a slice of the text: no copy is made).
struct Node {
  Mark mark;
  Kind kind = Kind::kNull;
  ScalarStyle style = ScalarStyle::kPlain;
  Tag tag;                  ///< explicit tag ("!!str"), empty when none
  std::string_view scalar;  ///< for kScalar: the decoded value
  Children<Node> items;     ///< for kSequence
  Children<Entry> entries;  ///< for kMap

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
  std::string text;  ///< never changed after parsing: scalars view it
  ScalarStore scalars;
  Node root;
  bool empty = true;  ///< no document at all (empty file or only comments)
  /// Offset of each line's start, filled by Parse (Line() scans without it).
  std::vector<uint32_t> line_starts;

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
