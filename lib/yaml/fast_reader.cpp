// The fast path of yaml::Parse. It reads line by line and declines (returns
// false) at the first thing it is not sure yaml-cpp reads the same way; the
// differential test in tests/yaml holds it to yaml-cpp's tree on every YAML
// file of the corpus, the repository and generated mutations.
#include "yaml/fast_reader.h"

#include <cctype>
#include <cstdint>
#include <unordered_set>
#include <vector>

namespace ttam::yaml::internal {
namespace {

/// Thrown inside the reader when the text leaves the subset.
struct Decline {};

// yaml-cpp refuses deeper nesting (DepthGuard<500>); stay well below it.
constexpr size_t kMaxDepth = 256;
// yaml-cpp limits simple keys to 1024 characters.
constexpr size_t kMaxKey = 1000;

bool IsNullWord(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

class Reader {
 public:
  Reader(std::string_view text, ScalarStore& store) : t_(text), store_(store) {}

  bool Run(Node& root, bool& empty) {
    if (t_.size() >= UINT32_MAX) return false;
    try {
      Scan();
      size_t first = NextContent(0);
      if (first == Lines()) {
        empty = true;
        return true;
      }
      entries_.resize(kMaxDepth + 2);
      items_.resize(kMaxDepth + 2);
      size_t indent = Indent(first);
      ParseNodeAt(first, Start(first) + indent, -1, false, root, 0);
      if (!root.IsMap() && !root.IsSequence()) return false;
      if (NextContent(next_) != Lines()) return false;
      empty = false;
      return true;
    } catch (const Decline&) {
      return false;
    }
  }

 private:
  // One pass over the bytes: the line table, and everything that sends the
  // text to yaml-cpp at once (non-ASCII, which yaml-cpp decodes and counts
  // differently; tabs; CR; other control characters).
  void Scan() {
    starts_.reserve(t_.size() / 32 + 2);
    starts_.push_back(0);
    const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
    size_t n = t_.size();
    for (size_t i = 0; i < n; ++i) {
      unsigned char c = p[i];
      if (c >= 0x20 && c < 0x7f) continue;
      if (c != '\n') throw Decline{};
      starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }

  size_t Lines() const { return starts_.size(); }
  size_t Start(size_t line) const { return starts_[line]; }
  size_t End(size_t line) const {
    return line + 1 < starts_.size() ? starts_[line + 1] - 1 : t_.size();
  }
  size_t SkipSpaces(size_t p, size_t end) const {
    while (p < end && t_[p] == ' ') ++p;
    return p;
  }
  size_t Indent(size_t line) const { return SkipSpaces(Start(line), End(line)) - Start(line); }

  Mark At(size_t line, size_t offset) const {
    return Mark{static_cast<uint32_t>(line + 1), static_cast<uint32_t>(offset - Start(line) + 1),
                static_cast<uint32_t>(offset)};
  }

  /// True when the line holds a token (not blank, not only a comment).
  bool IsContent(size_t line) const {
    size_t p = SkipSpaces(Start(line), End(line));
    return p < End(line) && t_[p] != '#';
  }

  /// The first line from `line` on that holds a token, or Lines().
  size_t NextContent(size_t line) const {
    for (; line < Lines(); ++line) {
      if (!IsContent(line)) continue;
      size_t s = Start(line);
      // Document markers and directives: several documents, or a header.
      if (t_[s] == '%') throw Decline{};
      if (t_.compare(s, 3, "---") == 0 || t_.compare(s, 3, "...") == 0) throw Decline{};
      return line;
    }
    return Lines();
  }

  /// Where yaml-cpp puts a null that nothing was written for: at the next
  /// token, or at the end of the text.
  Mark NextTokenMark(size_t line) const {
    size_t next = NextContent(line);
    if (next == Lines()) {
      // yaml-cpp's mark at the end of the text, when it ends a line (its
      // column on an unfinished last line varies).
      if (t_.empty() || t_.back() != '\n') throw Decline{};
      return Mark{static_cast<uint32_t>(Lines()), 1, static_cast<uint32_t>(t_.size())};
    }
    return At(next, Start(next) + Indent(next));
  }

  bool IsDash(size_t offset, size_t end) const {
    return t_[offset] == '-' && (offset + 1 == end || t_[offset + 1] == ' ');
  }

  /// A plain scalar may not start with an indicator.
  void CheckPlainStart(size_t p, size_t end) const {
    switch (t_[p]) {
      case ',':
      case '[':
      case ']':
      case '{':
      case '}':
      case '#':
      case '&':
      case '*':
      case '!':
      case '|':
      case '>':
      case '\'':
      case '"':
      case '%':
      case '@':
      case '`':
        throw Decline{};
      case '-':
      case '?':
      case ':':
        if (p + 1 == end || t_[p + 1] == ' ') throw Decline{};
        break;
      default:
        break;
    }
  }

  struct Plain {
    size_t end = 0;          ///< end of the scalar's text (trailing spaces trimmed)
    size_t after_colon = 0;  ///< for a key: just after its ':'
    bool is_key = false;
  };

  /// Reads a plain scalar from `p` to the end of the line, a comment, or a
  /// ': ' that makes it a key.
  Plain ScanPlain(size_t p, size_t end) const {
    Plain out;
    size_t q = p;
    for (; q < end; ++q) {
      char c = t_[q];
      if (c == ':' && (q + 1 == end || t_[q + 1] == ' ')) {
        out.is_key = true;
        out.after_colon = q + 1;
        break;
      }
      if (c == '#' && t_[q - 1] == ' ') break;  // q > p: p is not '#'
    }
    while (q > p && t_[q - 1] == ' ') --q;
    out.end = q;
    return out;
  }

  /// Reads a quoted scalar that closes on its line; returns the offset after
  /// the closing quote.
  size_t ScanQuoted(size_t p, size_t end, std::string& out) const {
    char quote = t_[p];
    ++p;
    if (quote == '\'') {
      for (;;) {
        size_t k = t_.find('\'', p);
        if (k == std::string_view::npos || k >= end) throw Decline{};
        out.append(t_.data() + p, k - p);
        if (k + 1 < end && t_[k + 1] == '\'') {
          out += '\'';
          p = k + 2;
          continue;
        }
        return k + 1;
      }
    }
    for (;;) {
      size_t k = p;
      while (k < end && t_[k] != '"' && t_[k] != '\\') ++k;
      if (k >= end) throw Decline{};
      out.append(t_.data() + p, k - p);
      if (t_[k] == '"') return k + 1;
      if (k + 1 >= end) throw Decline{};
      switch (t_[k + 1]) {
        case '\\':
          out += '\\';
          break;
        case '"':
          out += '"';
          break;
        case '/':
          out += '/';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        default:
          throw Decline{};
      }
      p = k + 2;
    }
  }

  /// After a quoted scalar: the rest of the line must be blank or a comment.
  void CheckLineRest(size_t p, size_t end) const {
    size_t q = SkipSpaces(p, end);
    if (q < end && !(t_[q] == '#' && q > p)) throw Decline{};
  }

  /// Parses the node whose first character is at `p` on `line`. `parent` is
  /// the column of the enclosing collection (-1 at the top); `after_key` is
  /// set for a value written on its key's line, where only scalars may
  /// start. Sets next_ to the first line after the node.
  void ParseNodeAt(size_t line, size_t p, long parent, bool after_key, Node& out, size_t depth) {
    if (depth > kMaxDepth) throw Decline{};
    size_t end = End(line);
    size_t col = p - Start(line);
    char c = t_[p];
    if (IsDash(p, end)) {
      if (after_key) throw Decline{};
      ParseSeq(line, col, depth, out);
      return;
    }
    if (c == '[' || c == '{') {
      flow_line_ = line;
      size_t close = ParseFlow(p, parent, out, depth);
      // A flow collection as a key ("[a]: b") or anything else after it:
      // yaml-cpp decides.
      CheckLineRest(close, End(flow_line_));
      next_ = flow_line_ + 1;
      return;
    }
    if (c == '|' || c == '>') {
      ParseBlockScalar(line, p, parent, out);
      return;
    }
    if (c == '"' || c == '\'') {
      scratch_.clear();
      size_t close = ScanQuoted(p, end, scratch_);
      size_t q = SkipSpaces(close, end);
      if (q < end && t_[q] == ':' && (q + 1 == end || t_[q + 1] == ' ')) {
        if (after_key) throw Decline{};
        ParseMap(line, col, depth, out);
        return;
      }
      CheckLineRest(close, end);
      out.kind = Kind::kScalar;
      out.style = c == '"' ? ScalarStyle::kDoubleQuoted : ScalarStyle::kSingleQuoted;
      out.mark = At(line, p);
      out.scalar = View(scratch_, p + 1);
      next_ = line + 1;
      return;
    }
    CheckPlainStart(p, end);
    Plain plain = ScanPlain(p, end);
    if (plain.is_key) {
      if (after_key) throw Decline{};
      ParseMap(line, col, depth, out);
      return;
    }
    std::string_view value = t_.substr(p, plain.end - p);
    out.style = ScalarStyle::kPlain;
    out.mark = At(line, p);
    size_t last = PlainContinuation(line, parent, SkipSpaces(plain.end, end) < end);
    if (last > line) {
      // A plain scalar over several lines (long expressions): line breaks
      // fold to spaces, n empty lines to n newlines.
      std::string& folded = scratch_;
      folded.assign(value);
      size_t empties = 0;
      for (size_t l = line + 1; l <= last; ++l) {
        size_t b = SkipSpaces(Start(l), End(l));
        if (b == End(l)) {
          ++empties;
          continue;
        }
        if (empties == 0) {
          folded += ' ';
        } else {
          folded.append(empties, '\n');
        }
        empties = 0;
        folded.append(t_.data() + b, ScanPlain(b, End(l)).end - b);
      }
      out.kind = Kind::kScalar;
      out.scalar = store_.Keep(folded);
      next_ = last + 1;
      return;
    }
    if (IsNullWord(value)) {
      out.kind = Kind::kNull;  // yaml-cpp reports it as a null, without its text
    } else {
      out.kind = Kind::kScalar;
      out.scalar = value;
    }
    next_ = line + 1;
  }

  /// The last line of a plain scalar that starts on `line`: its continuation
  /// lines are indented past `parent`. Declines continuations it is not sure
  /// of: after a comment, keys, dashes, comments inside.
  size_t PlainContinuation(size_t line, long parent, bool had_comment) const {
    size_t last = line;
    for (size_t l = line + 1; l < Lines(); ++l) {
      size_t s = Start(l);
      size_t e = End(l);
      size_t b = SkipSpaces(s, e);
      if (b == e) continue;  // an empty line: part of the scalar if more follows
      if (static_cast<long>(b - s) <= parent) break;
      if (t_[b] == '#') {  // fine after the scalar, doubtful inside it
        had_comment = true;
        continue;
      }
      if (had_comment || IsDash(b, e)) throw Decline{};
      Plain plain = ScanPlain(b, e);
      if (plain.is_key || SkipSpaces(plain.end, e) < e) throw Decline{};
      last = l;
    }
    return last;
  }

  /// The key at `p`; returns the offset after its ':'.
  size_t ParseKey(size_t line, size_t p, Node& key) {
    size_t end = End(line);
    key.kind = Kind::kScalar;
    key.mark = At(line, p);
    char c = t_[p];
    if (c == '"' || c == '\'') {
      scratch_.clear();
      size_t close = ScanQuoted(p, end, scratch_);
      key.scalar = View(scratch_, p + 1);
      size_t q = SkipSpaces(close, end);
      if (q >= end || t_[q] != ':' || (q + 1 < end && t_[q + 1] != ' ')) throw Decline{};
      key.style = c == '"' ? ScalarStyle::kDoubleQuoted : ScalarStyle::kSingleQuoted;
      return q + 1;
    }
    CheckPlainStart(p, end);
    Plain plain = ScanPlain(p, end);
    if (!plain.is_key || plain.end - p > kMaxKey) throw Decline{};
    std::string_view text = t_.substr(p, plain.end - p);
    // Null keys and merge keys: rare, and yaml-cpp's path handles them.
    if (IsNullWord(text) || text == "<<") throw Decline{};
    key.style = ScalarStyle::kPlain;
    key.scalar = text;
    return plain.after_colon;
  }

  /// A value written below its key's (or its dash's) line, or nothing.
  void ParseValueBelow(size_t line, size_t col, bool in_map, Node& out, size_t depth) {
    size_t next = NextContent(line + 1);
    if (next < Lines()) {
      size_t indent = Indent(next);
      size_t p = Start(next) + indent;
      if (indent > col) {
        ParseNodeAt(next, p, static_cast<long>(col), false, out, depth);
        return;
      }
      if (in_map && indent == col && IsDash(p, End(next))) {  // an indentless sequence
        if (depth > kMaxDepth) throw Decline{};
        ParseSeq(next, col, depth, out);
        return;
      }
    }
    out.kind = Kind::kNull;
    out.mark = NextTokenMark(line + 1);
    next_ = line + 1;
  }

  void ParseMap(size_t line, size_t col, size_t depth, Node& out) {
    out.kind = Kind::kMap;
    out.mark = At(line, Start(line) + col);
    std::vector<Entry>& entries = entries_[depth];
    for (;;) {
      Entry e;
      size_t after = ParseKey(line, Start(line) + col, e.key);
      size_t end = End(line);
      size_t p = SkipSpaces(after, end);
      if (p == end || t_[p] == '#') {
        ParseValueBelow(line, col, true, e.value, depth + 1);
      } else {
        ParseNodeAt(line, p, static_cast<long>(col), true, e.value, depth + 1);
      }
      entries.push_back(std::move(e));
      size_t next = NextContent(next_);
      if (next == Lines()) break;
      size_t indent = Indent(next);
      if (indent < col) break;
      if (indent > col) throw Decline{};
      line = next;
    }
    CheckKeys(entries);
    out.entries = std::move(entries);
    entries.clear();
  }

  /// Duplicate keys are errors: yaml-cpp's path reports them.
  static void CheckKeys(const std::vector<Entry>& entries) {
    size_t n = entries.size();
    if (n <= 16) {
      for (size_t i = 1; i < n; ++i) {
        for (size_t j = 0; j < i; ++j) {
          if (entries[i].key.scalar == entries[j].key.scalar) throw Decline{};
        }
      }
      return;
    }
    std::unordered_set<std::string_view> seen;
    seen.reserve(n);
    for (const Entry& e : entries) {
      if (!seen.insert(e.key.scalar).second) throw Decline{};
    }
  }

  void ParseSeq(size_t line, size_t col, size_t depth, Node& out) {
    out.kind = Kind::kSequence;
    out.mark = At(line, Start(line) + col);
    std::vector<Node>& items = items_[depth];
    for (;;) {
      size_t end = End(line);
      size_t p = SkipSpaces(Start(line) + col + 1, end);
      Node item;
      if (p == end || t_[p] == '#') {
        ParseValueBelow(line, col, false, item, depth + 1);
      } else {
        ParseNodeAt(line, p, static_cast<long>(col), false, item, depth + 1);
      }
      items.push_back(std::move(item));
      size_t next = NextContent(next_);
      if (next == Lines()) break;
      size_t indent = Indent(next);
      if (indent < col) break;
      if (indent > col) throw Decline{};
      if (!IsDash(Start(next) + col, End(next))) break;
      line = next;
    }
    out.items = std::move(items);
    items.clear();
  }

  /// `|` and `>` with optional `-` chomping; content lines indented alike
  /// (for `>`, no more-indented lines).
  void ParseBlockScalar(size_t line, size_t p, long parent, Node& out) {
    if (parent < 0) throw Decline{};
    bool literal = t_[p] == '|';
    bool strip = false;
    size_t end = End(line);
    size_t q = p + 1;
    if (q < end && t_[q] == '-') {
      strip = true;
      ++q;
    }
    if (q < end && t_[q] != ' ') throw Decline{};  // keep (+), indentation digits, junk
    CheckLineRest(q, end);
    size_t first = line + 1;
    if (first >= Lines() || !IsContent(first)) throw Decline{};
    size_t indent = Indent(first);
    if (static_cast<long>(indent) <= parent) throw Decline{};
    std::string& value = scratch_;
    value.clear();
    size_t empties = 0;
    bool any = false;
    size_t l = first;
    for (; l < Lines(); ++l) {
      size_t s = Start(l);
      size_t e = End(l);
      size_t b = SkipSpaces(s, e);
      if (b == e) {
        if (b - s > indent) throw Decline{};  // spaces past the indentation are content
        ++empties;
        continue;
      }
      if (b - s < indent) break;
      if (!literal && b - s > indent) throw Decline{};
      if (e == t_.size()) throw Decline{};  // no line break after the last line
      if (literal) {
        value.append(empties, '\n');
      } else if (any) {
        if (empties == 0) {
          value += ' ';
        } else {
          value.append(empties, '\n');
        }
      } else if (empties > 0) {
        throw Decline{};
      }
      value.append(t_.data() + s + indent, e - s - indent);
      if (literal) value += '\n';
      empties = 0;
      any = true;
    }
    // Up to an unfinished last line, yaml-cpp folds differently.
    if (l == Lines() && t_.back() != '\n') throw Decline{};
    if (!literal) value += '\n';
    if (strip) value.pop_back();
    out.kind = Kind::kScalar;
    out.style = literal ? ScalarStyle::kLiteral : ScalarStyle::kFolded;
    out.mark = At(line, p);
    out.scalar = View(value, Start(first) + indent);
    next_ = l;
  }

  // Flow collections ([a, 'b'] and {k: v}), also over several lines. The
  // scan keeps its line in flow_line_. Declined: flow keys that are not
  // scalars, '?' keys, single-pair mappings inside sequences ([a: b]),
  // missing values, empty entries, plain scalars over several lines or with
  // an indicator inside, continuation lines not indented past the enclosing
  // block collection.

  /// Skips spaces, comments and line breaks from `p`; returns the next token.
  size_t FlowSkip(size_t p, long parent) {
    for (;;) {
      size_t end = End(flow_line_);
      size_t q = SkipSpaces(p, end);
      if (q < end) {
        if (t_[q] != '#') return q;
        // yaml-cpp takes "#" as a comment even without a space before it.
        if (q == p && p > Start(flow_line_) && t_[p - 1] != ' ') throw Decline{};
      }
      ++flow_line_;
      if (flow_line_ >= Lines()) throw Decline{};  // never closed
      size_t s = Start(flow_line_);
      size_t b = SkipSpaces(s, End(flow_line_));
      if (b < End(flow_line_) && t_[b] != '#') {
        if (static_cast<long>(b - s) <= parent) throw Decline{};
        if (b == s && (t_.compare(s, 3, "---") == 0 || t_.compare(s, 3, "...") == 0)) {
          throw Decline{};
        }
      }
      p = b;
    }
  }

  /// The flow collection opening at `p` (on flow_line_); returns the offset
  /// after its closing bracket (on flow_line_).
  size_t ParseFlow(size_t p, long parent, Node& out, size_t depth) {
    if (depth > kMaxDepth) throw Decline{};
    bool is_map = t_[p] == '{';
    char close = is_map ? '}' : ']';
    out.kind = is_map ? Kind::kMap : Kind::kSequence;
    out.mark = At(flow_line_, p);
    std::vector<Entry>& entries = entries_[depth];
    std::vector<Node>& items = items_[depth];
    p = FlowSkip(p + 1, parent);
    while (t_[p] != close) {
      if (is_map) {
        Entry e;
        p = ParseFlowKey(p, e.key);
        p = SkipSpaces(p, End(flow_line_));
        if (p == End(flow_line_) || t_[p] == '#' || t_[p] == ',' || t_[p] == '}') {
          throw Decline{};  // a value on the next line, or none
        }
        p = ParseFlowValue(p, parent, e.value, depth + 1);
        entries.push_back(std::move(e));
      } else {
        Node item;
        p = ParseFlowValue(p, parent, item, depth + 1);
        items.push_back(std::move(item));
      }
      p = FlowSkip(p, parent);
      if (t_[p] == ',') {
        p = FlowSkip(p + 1, parent);
        if (t_[p] == ',') throw Decline{};  // an empty entry
      } else if (t_[p] != close) {
        throw Decline{};
      }
    }
    if (is_map) {
      CheckKeys(entries);
      out.entries = std::move(entries);
      entries.clear();
    } else {
      out.items = std::move(items);
      items.clear();
    }
    return p + 1;
  }

  /// A scalar key and its ": "; returns the offset after the ':'.
  size_t ParseFlowKey(size_t p, Node& key) {
    size_t end = End(flow_line_);
    key.kind = Kind::kScalar;
    key.mark = At(flow_line_, p);
    char c = t_[p];
    size_t after;
    if (c == '"' || c == '\'') {
      scratch_.clear();
      after = SkipSpaces(ScanQuoted(p, end, scratch_), end);
      key.scalar = View(scratch_, p + 1);
      key.style = c == '"' ? ScalarStyle::kDoubleQuoted : ScalarStyle::kSingleQuoted;
    } else {
      after = ScanFlowPlain(p, end);
      std::string_view text = t_.substr(p, TrimEnd(p, after) - p);
      if (text.size() > kMaxKey || IsNullWord(text) || text == "<<") throw Decline{};
      key.style = ScalarStyle::kPlain;
      key.scalar = text;
    }
    if (after + 1 >= end || t_[after] != ':' || t_[after + 1] != ' ') throw Decline{};
    return after + 1;
  }

  /// A scalar or a nested flow collection; returns the offset after it.
  size_t ParseFlowValue(size_t p, long parent, Node& out, size_t depth) {
    size_t end = End(flow_line_);
    char c = t_[p];
    if (c == '[' || c == '{') return ParseFlow(p, parent, out, depth);
    out.mark = At(flow_line_, p);
    if (c == '"' || c == '\'') {
      scratch_.clear();
      size_t close = ScanQuoted(p, end, scratch_);
      out.kind = Kind::kScalar;
      out.style = c == '"' ? ScalarStyle::kDoubleQuoted : ScalarStyle::kSingleQuoted;
      out.scalar = View(scratch_, p + 1);
      return close;
    }
    size_t stop = ScanFlowPlain(p, end);
    std::string_view value = t_.substr(p, TrimEnd(p, stop) - p);
    out.style = ScalarStyle::kPlain;
    if (IsNullWord(value)) {
      out.kind = Kind::kNull;
    } else {
      out.kind = Kind::kScalar;
      out.scalar = value;
    }
    return stop;
  }

  /// A decoded scalar as the node keeps it: the text itself when the text
  /// at `at` reads the same (no escapes, a block scalar of one line), else
  /// a copy in the store.
  std::string_view View(std::string_view decoded, size_t at) {
    if (at <= t_.size() && t_.substr(at, decoded.size()) == decoded) {
      return t_.substr(at, decoded.size());
    }
    return store_.Keep(decoded);
  }

  size_t TrimEnd(size_t p, size_t q) const {
    while (q > p && t_[q - 1] == ' ') --q;
    return q;
  }

  /// A plain scalar inside a flow collection, from `p` to (not including)
  /// the ',', closing bracket, ': ', comment or line end that ends it.
  size_t ScanFlowPlain(size_t p, size_t end) const {
    CheckPlainStart(p, end);
    char c0 = t_[p];
    if (c0 == '?' || c0 == ':') throw Decline{};
    if (c0 == '-' && !(p + 1 < end && std::isalnum(static_cast<unsigned char>(t_[p + 1])) != 0)) {
      throw Decline{};
    }
    size_t q = p;
    for (; q < end; ++q) {
      char c = t_[q];
      if (c == ',' || c == ']' || c == '}') break;
      if (c == '[' || c == '{' || c == '?') throw Decline{};
      if (c == ':') {
        if (q + 1 == end) break;
        char d = t_[q + 1];
        if (d == ' ' || d == ',' || d == ']' || d == '}') break;
      }
      if (c == '#' && t_[q - 1] == ' ') break;
    }
    if (TrimEnd(p, q) == p) throw Decline{};
    return q;
  }

  std::string_view t_;
  std::vector<uint32_t> starts_;
  size_t next_ = 0;
  size_t flow_line_ = 0;  ///< the line a flow collection's scan is on
  ScalarStore& store_;    ///< decoded scalars that are no slice of the text
  std::string scratch_;   ///< a quoted or block scalar being decoded
  // Scratch space per depth: children are collected here, then moved into
  // exactly sized vectors (the tree is most of the memory of a large file).
  std::vector<std::vector<Entry>> entries_;
  std::vector<std::vector<Node>> items_;
};

}  // namespace

bool FastParse(std::string_view text, Node& root, bool& empty, ScalarStore& store) {
  Reader reader(text, store);
  return reader.Run(root, empty);
}

}  // namespace ttam::yaml::internal
