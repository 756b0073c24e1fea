// The one place yaml-cpp is used: its event parser feeds a compact tree whose
// every node carries a 1-based position.
#include "yaml/document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <cstring>
#include <istream>
#include <map>
#include <mutex>
#include <set>
#include <streambuf>

#include "yaml/fast_reader.h"

namespace ttam::yaml {
namespace {

Mark ToMark(const YAML::Mark& m) {
  // yaml-cpp counts lines and columns from 0.
  return Mark{static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1),
              static_cast<uint32_t>(m.pos < 0 ? 0 : m.pos)};
}

ScalarStyle StyleAt(const std::string& text, uint32_t offset) {
  if (offset >= text.size()) return ScalarStyle::kPlain;
  switch (text[offset]) {
    case '"':
      return ScalarStyle::kDoubleQuoted;
    case '\'':
      return ScalarStyle::kSingleQuoted;
    case '|':
      return ScalarStyle::kLiteral;
    case '>':
      return ScalarStyle::kFolded;
    default:
      return ScalarStyle::kPlain;
  }
}

/// Thrown (and caught in Parse) when aliases would expand the document past
/// the node budget: the "billion laughs" defence. Nodes written out in the
/// text do not count (the text's size bounds them); copies made for aliases do.
struct TooLarge {};

constexpr size_t kMaxNodes = 1 << 20;

/// Thrown when yaml-cpp accepted a quoted scalar that never closes (it reads
/// to the end of the input instead of failing, unlike go-yaml).
struct Unterminated {
  Mark mark;
};

/// True when the quoted scalar starting at `offset` has its closing quote.
bool QuoteCloses(const std::string& text, size_t offset) {
  char quote = text[offset];
  for (size_t i = offset + 1; i < text.size(); ++i) {
    char c = text[i];
    if (quote == '"' && c == '\\') {
      ++i;
      continue;
    }
    if (c == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is an escaped quote inside single quotes
        continue;
      }
      return true;
    }
  }
  return false;
}

size_t CountNodes(const Node& node) {
  size_t n = 1;
  for (const Node& item : node.items) n += CountNodes(item);
  for (const Entry& e : node.entries) n += CountNodes(e.key) + CountNodes(e.value);
  return n;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(Document& doc, diag::Sink& sink) : doc_(doc), sink_(sink) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node node;
    node.kind = Kind::kNull;
    node.mark = ToMark(mark);
    Add(std::move(node), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    Node node;
    if (it != anchors_.end()) {
      nodes_ += sizes_[anchor];
      if (nodes_ > kMaxNodes) throw TooLarge{};
      node = it->second;
    }
    // An alias is reported where it is used.
    node.mark = ToMark(mark);
    Add(std::move(node), 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node node;
    node.kind = Kind::kScalar;
    node.mark = ToMark(mark);
    node.scalar = doc_.scalars.Keep(value);
    node.style = StyleAt(doc_.text, node.mark.offset);
    if ((node.style == ScalarStyle::kSingleQuoted || node.style == ScalarStyle::kDoubleQuoted) &&
        !QuoteCloses(doc_.text, node.mark.offset)) {
      throw Unterminated{node.mark};
    }
    if (tag != "?" && tag != "!") node.tag = tag;
    // yaml-cpp gives plain `null`, `~` and empty values as scalars; YAML 1.1
    // (go-yaml) reads them as null.
    if (node.style == ScalarStyle::kPlain && node.tag.empty() &&
        (value == "null" || value == "Null" || value == "NULL" || value == "~" || value.empty())) {
      node.kind = Kind::kNull;
    }
    Add(std::move(node), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(Kind::kSequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(Kind::kMap, mark, tag, anchor);
  }
  void OnMapEnd() override { Close(); }

  bool done() const { return done_; }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    bool have_key = false;
    Node key;
    std::vector<Node> items;
    std::vector<Entry> entries;
  };

  void Open(Kind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    Frame frame;
    frame.node.kind = kind;
    frame.node.mark = ToMark(mark);
    if (tag != "?" && tag != "!") frame.node.tag = tag;
    frame.anchor = anchor;
    stack_.push_back(std::move(frame));
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.node.kind == Kind::kMap) FinishMap(frame.node, frame.entries);
    frame.node.items = std::move(frame.items);
    Add(std::move(frame.node), frame.anchor);
  }

  /// Applies `<<` merge keys and reports duplicate keys.
  void FinishMap(Node& map, std::vector<Entry>& entries) {
    std::vector<Entry> own;
    own.reserve(entries.size());
    std::vector<const Node*> merges;
    for (Entry& e : entries) {
      if (e.key.IsScalar() && e.key.scalar == "<<" && e.key.style == ScalarStyle::kPlain) {
        merges.push_back(&e.value);
        continue;
      }
      own.push_back(std::move(e));
    }
    std::map<std::string, Mark, std::less<>> seen;
    for (const Entry& e : own) {
      if (!e.key.IsScalar()) continue;
      auto [it, inserted] = seen.emplace(e.key.scalar, e.key.mark);
      if (!inserted) {
        sink_.Report(MakeDiagnostic(doc_, e.key.mark, diag::Severity::kError, "yaml/duplicate-key",
                                    "key \"" + std::string(e.key.scalar) +
                                        "\" is already set at line " +
                                        std::to_string(it->second.line) +
                                        "; Prometheus rejects duplicate keys: keep one of them"));
      }
    }
    // Merged entries fill in what the map does not set itself, earlier merges first.
    std::vector<Entry> merged;
    for (const Node* m : merges) {
      std::vector<const Node*> sources;
      if (m->IsMap()) sources.push_back(m);
      if (m->IsSequence()) {
        for (const Node& item : m->items) {
          if (item.IsMap()) sources.push_back(&item);
        }
      }
      for (const Node* source : sources) {
        for (const Entry& e : source->entries) {
          if (e.key.IsScalar() && seen.count(e.key.scalar) > 0) continue;
          if (e.key.IsScalar()) seen.emplace(e.key.scalar, e.key.mark);
          merged.push_back(e);
        }
      }
    }
    own.insert(own.end(), merged.begin(), merged.end());
    map.entries = std::move(own);
  }

  void Add(Node node, YAML::anchor_t anchor) {
    if (anchor != 0) {
      anchors_[anchor] = node;
      sizes_[anchor] = CountNodes(node);
    }
    if (stack_.empty()) {
      if (!done_) {
        doc_.root = std::move(node);
        doc_.empty = false;
        done_ = true;
      }
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == Kind::kSequence) {
      top.items.push_back(std::move(node));
    } else if (!top.have_key) {
      top.key = std::move(node);
      top.have_key = true;
    } else {
      top.entries.push_back(Entry{std::move(top.key), std::move(node)});
      top.have_key = false;
    }
  }

  Document& doc_;
  diag::Sink& sink_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Node> anchors_;
  std::map<YAML::anchor_t, size_t> sizes_;
  size_t nodes_ = 0;
  bool done_ = false;
};

}  // namespace

const Node* Node::Find(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key.IsScalar() && e.key.scalar == key) return &e.value;
  }
  return nullptr;
}

std::string_view Node::KindName() const {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kScalar:
      return "a scalar";
    case Kind::kSequence:
      return "a list";
    case Kind::kMap:
      return "a mapping";
  }
  return "a value";
}

Tag& Tag::operator=(std::string_view tag) {
  if (tag.empty()) {
    value_ = nullptr;
    return *this;
  }
  // Few distinct tags exist; they live as long as the program.
  static std::mutex mu;
  static std::set<std::string, std::less<>> interned;
  std::lock_guard<std::mutex> lock(mu);
  auto it = interned.find(tag);
  if (it == interned.end()) it = interned.emplace(tag).first;
  value_ = &*it;
  return *this;
}

const std::string& Tag::str() const {
  static const std::string kNone;
  return value_ != nullptr ? *value_ : kNone;
}

std::string_view Document::Line(uint32_t line) const {
  if (line == 0) return {};
  size_t start = 0;
  if (!line_starts.empty()) {
    // Diagnostics ask for lines in any order; a scan per call would make a
    // file with many findings quadratic.
    if (line > line_starts.size()) return {};
    start = line_starts[line - 1];
  } else {
    for (uint32_t i = 1; i < line; ++i) {
      start = text.find('\n', start);
      if (start == std::string::npos) return {};
      ++start;
    }
  }
  size_t end = text.find('\n', start);
  std::string_view out(text.data() + start, (end == std::string::npos ? text.size() : end) - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

diag::Diagnostic MakeDiagnostic(const Document& doc, const Mark& mark, diag::Severity severity,
                                std::string_view check, std::string message) {
  diag::Diagnostic d;
  d.path = doc.path;
  d.line = mark.line;
  d.column = mark.column;
  d.severity = severity;
  d.check = std::string(check);
  d.message = std::move(message);
  d.source_line = std::string(doc.Line(mark.line));
  return d;
}

namespace {

/// Lets yaml-cpp read the document's text in place (an istringstream would
/// copy it).
class TextBuf : public std::streambuf {
 public:
  explicit TextBuf(const std::string& text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

std::unique_ptr<Document> ParseSlow(std::unique_ptr<Document> doc, diag::Sink& sink) {
  TextBuf buf(doc->text);
  std::istream in(&buf);
  TreeBuilder builder(*doc, sink);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const Unterminated& u) {
    sink.Report(MakeDiagnostic(*doc, u.mark, diag::Severity::kError, "yaml/syntax",
                               "YAML syntax error: this quoted string is never closed; add the "
                               "closing quote"));
    return nullptr;
  } catch (const TooLarge&) {
    sink.Report(MakeDiagnostic(*doc, Mark{1, 1, 0}, diag::Severity::kError, "yaml/syntax",
                               "the document has more than " + std::to_string(kMaxNodes) +
                                   " nodes once its aliases are expanded; refusing to expand "
                                   "it further (an alias bomb?)"));
    return nullptr;
  } catch (const YAML::Exception& e) {
    Mark mark = ToMark(e.mark);
    if (e.mark.is_null()) mark = Mark{1, 1, 0};
    sink.Report(MakeDiagnostic(*doc, mark, diag::Severity::kError, "yaml/syntax",
                               "YAML syntax error: " + e.msg));
    return nullptr;
  }
  return doc;
}

std::unique_ptr<Document> NewDocument(std::string path, std::string text) {
  auto doc = std::make_unique<Document>();
  doc->path = std::move(path);
  doc->text = std::move(text);
  if (doc->text.size() < UINT32_MAX) {
    doc->line_starts.reserve(doc->text.size() / 40 + 1);
    doc->line_starts.push_back(0);
    const char* base = doc->text.data();
    const char* end = base + doc->text.size();
    for (const char* p = base; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
      ++p;
      doc->line_starts.push_back(static_cast<uint32_t>(p - base));
    }
  }
  return doc;
}

}  // namespace

std::unique_ptr<Document> Parse(std::string path, std::string text, diag::Sink& sink) {
  auto doc = NewDocument(std::move(path), std::move(text));
  // Most rule files and configs are plain block YAML: read them directly;
  // yaml-cpp reads everything else (and reports every error).
  if (internal::FastParse(doc->text, doc->root, doc->empty, doc->scalars)) return doc;
  doc->root = Node();
  doc->scalars = ScalarStore();  // what the fast reader kept
  doc->empty = true;
  return ParseSlow(std::move(doc), sink);
}

namespace internal {

std::unique_ptr<Document> ParseWithYamlCpp(std::string path, std::string text, diag::Sink& sink) {
  return ParseSlow(NewDocument(std::move(path), std::move(text)), sink);
}

}  // namespace internal

}  // namespace ttam::yaml
