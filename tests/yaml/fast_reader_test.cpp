// Differential test of the fast YAML reader against yaml-cpp: whenever the
// fast reader accepts a text, yaml-cpp must accept it without a diagnostic and
// build the same tree (kinds, scalars, styles, tags, marks). Run over every
// YAML file of the shared corpus and the repository, mutations of them, and
// generated documents; the counts are printed.
#include "yaml/fast_reader.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "yaml/document.h"

namespace fs = std::filesystem;
using ttam::diag::CollectingSink;
using ttam::yaml::Entry;
using ttam::yaml::Kind;
using ttam::yaml::Node;
using ttam::yaml::internal::FastParse;
using ttam::yaml::internal::ParseWithYamlCpp;

namespace {

std::string Describe(const Node& n) {
  return "kind " + std::to_string(static_cast<int>(n.kind)) + " style " +
         std::to_string(static_cast<int>(n.style)) + " at " + std::to_string(n.mark.line) + ":" +
         std::to_string(n.mark.column) + "@" + std::to_string(n.mark.offset) + " tag \"" +
         n.tag.str() + "\" scalar \"" + std::string(n.scalar) + "\"";
}

/// The first difference between two trees, or "".
std::string Diff(const Node& a, const Node& b, const std::string& where) {
  if (a.kind != b.kind || a.style != b.style || a.mark.line != b.mark.line ||
      a.mark.column != b.mark.column || a.mark.offset != b.mark.offset ||
      a.tag.str() != b.tag.str() || a.scalar != b.scalar || a.items.size() != b.items.size() ||
      a.entries.size() != b.entries.size()) {
    return where + ": fast " + Describe(a) + " (" + std::to_string(a.items.size()) + " items, " +
           std::to_string(a.entries.size()) + " entries) vs yaml-cpp " + Describe(b) + " (" +
           std::to_string(b.items.size()) + " items, " + std::to_string(b.entries.size()) +
           " entries)";
  }
  for (size_t i = 0; i < a.items.size(); ++i) {
    std::string d = Diff(a.items[i], b.items[i], where + "[" + std::to_string(i) + "]");
    if (!d.empty()) return d;
  }
  for (size_t i = 0; i < a.entries.size(); ++i) {
    std::string w = where + "." + std::string(b.entries[i].key.scalar);
    std::string d = Diff(a.entries[i].key, b.entries[i].key, w + "(key)");
    if (d.empty()) d = Diff(a.entries[i].value, b.entries[i].value, w);
    if (!d.empty()) return d;
  }
  return "";
}

struct Counts {
  size_t texts = 0;
  size_t fast = 0;      ///< accepted by the fast reader (and identical to yaml-cpp)
  size_t declined = 0;  ///< left to yaml-cpp
  size_t failures = 0;
};

/// Checks one text; returns "" or what went wrong.
std::string CheckText(const std::string& text, Counts& counts) {
  ++counts.texts;
  ttam::yaml::ScalarStore store;
  Node root;
  bool empty = true;
  if (!FastParse(text, root, empty, store)) {
    ++counts.declined;
    return "";
  }
  CollectingSink sink;
  auto slow = ParseWithYamlCpp("x.yml", text, sink);
  std::string problem;
  if (slow == nullptr || !sink.diagnostics.empty()) {
    problem = "the fast reader accepted what yaml-cpp rejects or reports";
    if (!sink.diagnostics.empty()) problem += ": " + sink.diagnostics[0].message;
  } else if (slow->empty != empty) {
    problem = "empty: fast " + std::to_string(empty) + ", yaml-cpp " + std::to_string(slow->empty);
  } else if (!empty) {
    problem = Diff(root, slow->root, "$");
  }
  if (problem.empty()) {
    ++counts.fast;
  } else {
    ++counts.failures;
  }
  return problem;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<fs::path> YamlFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file()) continue;
    std::string ext = it->path().extension().string();
    if (ext == ".yml" || ext == ".yaml") out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Small edits that keep a document close to valid: the interesting cases
/// for a reader that must decline whatever it does not read exactly.
std::string Mutate(const std::string& text, std::mt19937& rng) {
  static const std::string kInserts[] = {
      " ",  "  ",     ":",    ": ",   "-",  "- ", "#",  " #",     "'",      "\"", "|",  ">",
      "\n", "a",      "~",    "null", "\\", "|-", ">-", "''",     "\\n",    "{",  "[",  "&a",
      "*a", "!!str ", "<<: ", "]",    "}",  ",",  ", ", "[a, b]", "{k: v}", "[]", "{}", "? "};
  std::string s = text;
  if (s.empty()) return "a: 1\n";
  size_t pos = std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng);
  switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
    case 0:
      s.erase(pos, 1);
      break;
    case 1:
      s.insert(pos,
               kInserts[std::uniform_int_distribution<size_t>(0, std::size(kInserts) - 1)(rng)]);
      break;
    case 2: {  // indent or dedent a line
      size_t start = s.rfind('\n', pos);
      start = start == std::string::npos ? 0 : start + 1;
      if (s.compare(start, 2, "  ") == 0 && rng() % 2 == 0) {
        s.erase(start, 2);
      } else {
        s.insert(start, rng() % 2 == 0 ? " " : "  ");
      }
      break;
    }
    case 3: {  // duplicate a line
      size_t start = s.rfind('\n', pos);
      start = start == std::string::npos ? 0 : start + 1;
      size_t end = s.find('\n', pos);
      end = end == std::string::npos ? s.size() : end + 1;
      s.insert(end, s.substr(start, end - start));
      break;
    }
    case 4:  // cut the text short
      s.resize(pos);
      break;
    default:  // a blank line or a comment line
      s.insert(s.find('\n', pos) == std::string::npos ? s.size() : s.find('\n', pos) + 1,
               rng() % 2 == 0 ? "\n" : "  # note\n");
      break;
  }
  return s;
}

/// A random document of the subset: block mappings and sequences, scalars in
/// every style, comments, blank lines.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string Document() {
    out_.clear();
    if (Pick(2) == 0) {
      Map(0, 0);
    } else {
      Seq(0, 0);
    }
    return out_;
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string Word() {
    static const char* kWords[] = {"a",
                                   "expr",
                                   "rate(x[5m])",
                                   "{{ $value }}",
                                   "5m",
                                   "true",
                                   "null",
                                   "~",
                                   "x y",
                                   "http://h:9/p",
                                   "a#b",
                                   "it's",
                                   "say \"hi\"",
                                   "-1",
                                   "1.5e3",
                                   "job:x:rate5m",
                                   "a:b",
                                   "é",
                                   "tab\there",
                                   "back\\slash",
                                   "",
                                   " lead",
                                   "trail ",
                                   "{a}",
                                   "[b]",
                                   "/ sum(x)",
                                   "* on (a) y",
                                   ") > 0",
                                   "- 1",
                                   "? q",
                                   "& y",
                                   "! z",
                                   "| p",
                                   "> 5",
                                   "'q'",
                                   "\"q\"",
                                   "% w",
                                   "@ at",
                                   "a: b",
                                   "x:",
                                   "--- y",
                                   "... z",
                                   "a # b",
                                   "#x",
                                   "-",
                                   ":",
                                   "q'",
                                   "r\""};
    return kWords[Pick(std::size(kWords))];
  }

  // `w` as a single-quoted YAML scalar ('' for a quote).
  static std::string SingleQuoted(const std::string& w) {
    std::string q;
    for (char c : w) q += c == '\'' ? std::string("''") : std::string(1, c);
    return "'" + q + "'";
  }

  // `w` as a double-quoted YAML scalar (\", \\ and \t escaped).
  static std::string DoubleQuoted(const std::string& w) {
    std::string q;
    for (char c : w) {
      if (c == '"' || c == '\\') q += '\\';
      q += c == '\t' ? std::string("\\t") : std::string(1, c);
    }
    return "\"" + q + "\"";
  }

  void Scalar(size_t indent, size_t parent) {
    std::string w = Word();
    switch (Pick(7)) {
      case 0:
        out_ += SingleQuoted(w);
        break;
      case 1:
        out_ += DoubleQuoted(w);
        break;
      case 2:
      case 3: {
        out_ += Pick(2) == 0 ? "|" : ">";
        if (Pick(2) == 0) out_ += "-";
        out_ += "\n";
        size_t lines = 1 + Pick(3);
        size_t ind = parent + 2 + Pick(2);
        for (size_t i = 0; i < lines; ++i) {
          if (i > 0 && Pick(4) == 0) out_ += "\n";
          out_ += std::string(ind, ' ') + Word() + "\n";
        }
        if (Pick(3) == 0) out_ += "\n";
        (void)indent;
        return;
      }
      case 4:  // a plain scalar over several lines
        out_ += w + "\n";
        for (size_t i = Pick(3); i < 3; ++i) {
          if (Pick(4) == 0) out_ += std::string(Pick(3), ' ') + "\n";
          out_ += std::string(parent + 1 + Pick(3), ' ') + Word();
          if (Pick(8) == 0) out_ += " # c";
          out_ += "\n";
        }
        return;
      default:
        out_ += w;
        break;
    }
    if (Pick(5) == 0) out_ += " # c";
    out_ += "\n";
  }

  void Value(size_t indent, size_t depth, bool in_seq) {
    size_t k = depth > 3 ? 0 : Pick(5);
    if (k == 3) {
      out_ += Pick(3) == 0 ? " # c\n" : "\n";
      Map(indent + 2, depth + 1);
    } else if (k == 4) {
      out_ += "\n";
      Seq(in_seq ? indent + 2 : indent + 2 * Pick(2), depth + 1);
    } else if (Pick(12) == 0) {
      out_ += "\n";
    } else if (Pick(4) == 0) {
      out_ += " ";
      Flow(indent, 0);
      if (Pick(5) == 0) out_ += " # c";
      out_ += "\n";
    } else {
      out_ += " ";
      Scalar(indent, indent);
    }
  }

  /// Whitespace between flow tokens: mostly a space, sometimes a line break
  /// (indented past `parent`, now and then not), a comment, nothing.
  void FlowGap(size_t parent) {
    switch (Pick(10)) {
      case 0:
        out_ += "\n" + std::string(parent + 1 + Pick(4), ' ');
        break;
      case 1:
        out_ += " # c\n" + std::string(parent + Pick(4), ' ');
        break;
      case 2:
        break;
      case 3:
        out_ += "  ";
        break;
      default:
        out_ += " ";
        break;
    }
  }

  void FlowScalar() {
    std::string w = Word();
    switch (Pick(3)) {
      case 0:
        out_ += SingleQuoted(w);
        break;
      case 1:
        out_ += DoubleQuoted(w);
        break;
      default:
        out_ += w;
        break;
    }
  }

  void Flow(size_t parent, size_t depth) {
    bool map = Pick(2) == 0;
    out_ += map ? "{" : "[";
    size_t n = Pick(4);
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) out_ += ",";
      FlowGap(parent);
      if (map) {
        out_ += Pick(5) == 0 ? "'k" + std::to_string(i) + "'" : "k" + std::to_string(i);
        out_ += Pick(8) == 0 ? " : " : ": ";
      }
      if (depth < 3 && Pick(4) == 0) {
        Flow(parent, depth + 1);
      } else {
        FlowScalar();
      }
    }
    if (n > 0 && Pick(6) == 0) out_ += ",";
    if (Pick(4) == 0) FlowGap(parent);
    out_ += map ? "}" : "]";
  }

  void Map(size_t indent, size_t depth) {
    size_t n = 1 + Pick(4);
    for (size_t i = 0; i < n; ++i) {
      if (Pick(6) == 0) out_ += std::string(indent, ' ') + "# comment\n";
      if (Pick(8) == 0) out_ += "\n";
      std::string key = "k" + std::to_string(i);
      if (Pick(6) == 0) key = "\"" + key + "\"";
      out_ += std::string(indent, ' ') + key + ":";
      Value(indent, depth, false);
    }
  }

  void Seq(size_t indent, size_t depth) {
    size_t n = 1 + Pick(3);
    for (size_t i = 0; i < n; ++i) {
      out_ += std::string(indent, ' ') + "-";
      if (depth < 3 && Pick(3) == 0) {  // a compact mapping
        out_ += " k:";
        Value(indent + 2, depth + 1, true);
        if (Pick(2) == 0) {
          out_ += std::string(indent + 2, ' ') + "j:";
          Value(indent + 2, depth + 1, true);
        }
      } else {
        Value(indent, depth, true);
      }
    }
  }

  std::mt19937 rng_;
  std::string out_;
};

}  // namespace

TEST_CASE("yaml fast reader: hand-written cases agree with yaml-cpp") {
  const char* kCases[] = {
      "a: 1\n",
      "a: 1",
      "a:\n  b: c\n  d:\n    - e\n    - 'f'\n    - \"g\"\n",
      "groups:\n- name: x\n  rules:\n  - record: a:b\n    expr: |\n      sum(x)\n      by (y)\n",
      "a: |-\n  x\n\n  y\n\n\nb: >\n  one\n  two\n\n  three\n",
      "a: >-\n  folded\n  text\n",
      "a:\nb: ~\nc: null\nd:\n",
      "- \n- a\n-\n",
      "a:\n",
      "# only\n# comments\n",
      "",
      "a: b # comment\nc: 'd' # comment\n",
      "a: 'it''s'\nb: \"q\\\"\\\\\\n\\t\"\n",
      "'quoted key': 1\n\"k2\" : 2\n",
      "a: http://x:9090/y\nb: a#b\nc: x:y\n",
      "- - a\n  - b\n- c\n",
      "- a: 1\n  b: 2\n- c: 3\n",
      "a:\n  # comment\n  b: 1\n\n\nc: 2\n",
      "  a: 1\n  b: 2\n",
      "a: b\nc: d\n...\n",
      "---\na: 1\n",
      "a: &x 1\nb: *x\n",
      "a: [1, 2]\n",
      "a: b\na: c\n",
      "a: b\n  c\n",
      "<<: {}\n",
      "a: -1\nb: -x\nc: ---\n",
      "k: v\n- x\n",
      "a:\n  - 1\n  b: 2\n",
      "a: |\n  x\n# c\nb: 1\n",
      "a: b\n  # deeper comment\nd: e\n",
      "- a\n    # deeper comment\n- b\n",
      "a: 'b'\n  # deeper comment\nd: e\n",
      "a:\n  b: c\n      # deeper comment\n  d: e\n",
      "expr: sum(rate(x[5m]))\n  / sum(rate(y[5m]))\nfor: 5m\n",
      "- a\n  b\n\n  c\n- d\n",
      "a:\n  b: one\n   two\n\n  c: x\n",
  };
  Counts counts;
  for (const char* text : kCases) {
    CAPTURE(std::string(text));
    CHECK(CheckText(text, counts) == "");
  }
  MESSAGE("hand-written: " << counts.texts << " texts, " << counts.fast
                           << " read by the fast path, " << counts.declined
                           << " declined to yaml-cpp");
  CHECK(counts.fast > counts.texts / 2);
}

namespace {

/// Flow collections as configs and rule files write them. `fast` says whether
/// the fast reader must take the text itself (true) or leave it to yaml-cpp.
struct FlowCase {
  const char* text;
  bool fast;
};

const FlowCase kFlowCases[] = {
    {"targets: ['a:9100', 'b:9100']\n", true},
    {"targets: [a:9100, \"b:9100\", 'c']\n", true},
    {"labels: {team: x, env: 'prod'}\n", true},
    {"a: []\nb: {}\n", true},
    {"a: [ ]\nb: { }\n", true},
    {"a: [[1, 2], [3]]\nb: {c: {d: e}, f: [g, {h: i}]}\n", true},
    {"a: [x, y,]\nb: {k: v,}\n", true},
    {"a: [x, y] # comment\nb: {k: v} # comment\n", true},
    {"a: [\n  x,\n  'y',\n  \"z\"\n  ]\nb: 1\n", true},
    {"a: [\n  x,  # first\n  y,  # second\n  ]\n", true},
    {"a: {\n    k: v,\n    k2: [x]\n  }\n", true},
    {"- [a, b]\n- {k: v}\n- - [c]\n", true},
    {"scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: ['h:1', 'h:2']\n"
     "        labels: {team: a}\n    relabel_configs:\n      - source_labels: [__address__]\n"
     "        regex: '(.*):\\d+'\n        target_label: host\n",
     true},
    {"a: [null, ~, Null, NULL]\nb: {k: null}\n", true},
    {"a: [1, -1, -x, 1.5, true, 'it''s', \"q\\\"\\n\"]\n", true},
    {"a: [x y z, http://h:9/p, a#b, a:b]\n", true},
    {"a: {'q k': 1, \"d k\": 2, p k: 3}\n", true},
    {"a: {k : v}\n", true},
    {"a:\n  [x, y]\nb:\n  {k: v}\n", true},
    {"[a, b]\n", true},
    {"{a: b}\n", true},
    {"a: [x]\n  # deeper comment\nb: 2\n", true},
    {"a: [x,\n\n  y]\n", true},
    {"a: ['x', [\n    'y', {k: [z]}]]\n", true},
    // Left to yaml-cpp.
    {"a: [x\n", false},
    {"a: [x, y\nb: 1\n", false},
    {"a: {k: v\n", false},
    {"a: [x}\n", false},
    {"a: {k: v]\n", false},
    {"a: [x, , y]\n", false},
    {"a: [, x]\n", false},
    {"a: [x,,]\n", false},
    {"a: {k}\n", false},
    {"a: {k: }\n", false},
    {"a: {k:}\n", false},
    {"a: {k:v}\n", false},
    {"a: {\"k\":v}\n", false},
    {"a: {k:\n  v}\n", false},
    {"a: [k: v]\n", false},
    {"a: {[k]: v}\n", false},
    {"a: {{k: v}: w}\n", false},
    {"a: {? k : v}\n", false},
    {"a: [? k]\n", false},
    {"a: [&x 1, *x]\n", false},
    {"a: [!!str 1]\n", false},
    {"a: {k: v, k: w}\n", false},
    {"a: {<<: {b: c}}\n", false},
    {"a: {null: v}\n", false},
    {"a: [x\n  y]\n", false},
    {"a: ['x\n  y']\n", false},
    {"a: [x]]\n", false},
    {"a: [x] y\n", false},
    {"a: [x]: y\n", false},
    {"[a]: b\n", false},
    {"a: [x]#c\n", false},
    {"a: [x,#c\n  y]\n", false},
    {"a: [rate(x[5m])]\n", false},
    {"a: [x{y}]\n", false},
    {"a: [x?y]\n", false},
    {"a: [-]\n", false},
    {"a: [- x]\n", false},
    {"a: [:x]\n", false},
    {"a: [x,\ny]\n", false},
    {"a:\n  b: [x,\n  y]\n", false},
    {"a: [x,\n---\n]\n", false},
    {"a: [|\n  x]\n", false},
    {"a: [x] [y]\n", false},
    {"a: [x]\n  b: 1\n", false},
    {"a: ['x' 'y']\n", false},
    {"a: [x, 'y]\n", false},
};

}  // namespace

TEST_CASE("yaml fast reader: flow collections agree with yaml-cpp") {
  Counts counts;
  for (const FlowCase& c : kFlowCases) {
    CAPTURE(std::string(c.text));
    ttam::yaml::ScalarStore store;
    Node root;
    bool empty = true;
    CHECK(FastParse(c.text, root, empty, store) == c.fast);
    CHECK(CheckText(c.text, counts) == "");
    // Parse gives the same result whichever path reads the text: the tree
    // when yaml-cpp accepts it, yaml-cpp's diagnostics when it does not.
    CollectingSink parse_sink;
    CollectingSink slow_sink;
    auto parsed = ttam::yaml::Parse("x.yml", c.text, parse_sink);
    auto slow = ParseWithYamlCpp("x.yml", c.text, slow_sink);
    REQUIRE((parsed == nullptr) == (slow == nullptr));
    REQUIRE(parse_sink.diagnostics.size() == slow_sink.diagnostics.size());
    for (size_t i = 0; i < parse_sink.diagnostics.size(); ++i) {
      CHECK(parse_sink.diagnostics[i].line == slow_sink.diagnostics[i].line);
      CHECK(parse_sink.diagnostics[i].column == slow_sink.diagnostics[i].column);
      CHECK(parse_sink.diagnostics[i].message == slow_sink.diagnostics[i].message);
    }
    if (parsed != nullptr && !parsed->empty) CHECK(Diff(parsed->root, slow->root, "$") == "");
  }
  MESSAGE("flow: " << counts.texts << " texts, " << counts.fast << " read by the fast path, "
                   << counts.declined << " declined to yaml-cpp");
}

namespace {

/// Every text of the flow table inside a block document, at several depths.
std::vector<std::string> FlowInContext() {
  std::vector<std::string> out;
  for (const FlowCase& c : kFlowCases) {
    std::string text = c.text;
    for (const char* prefix : {"outer:\n  ", "- x: 1\n  ", "- "}) {
      std::string indented = prefix;
      size_t pad = std::string(prefix).size() - std::string(prefix).rfind('\n') - 1;
      if (std::string(prefix) == "- ") pad = 2;
      for (size_t i = 0; i < text.size(); ++i) {
        indented += text[i];
        if (text[i] == '\n' && i + 1 < text.size()) indented += std::string(pad, ' ');
      }
      out.push_back(indented);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("yaml fast reader: flow collections inside block documents agree with yaml-cpp") {
  Counts counts;
  for (const std::string& text : FlowInContext()) {
    CAPTURE(text);
    CHECK(CheckText(text, counts) == "");
  }
  MESSAGE("flow in context: " << counts.texts << " texts, " << counts.fast
                              << " read by the fast path, " << counts.declined
                              << " declined to yaml-cpp");
  CHECK(counts.fast > counts.texts / 4);  // a third of the table is read fast on its own
}

TEST_CASE("yaml fast reader: every YAML file of the corpus and the repository, and mutations") {
  std::vector<fs::path> files;
  std::vector<fs::path> corpus = YamlFiles(TTAM_CORPUS_DIR);
  if (corpus.empty()) MESSAGE("SKIPPED: no corpus at " TTAM_CORPUS_DIR);
  files.insert(files.end(), corpus.begin(), corpus.end());
  for (const char* sub : {"samples", "tests"}) {
    std::vector<fs::path> more = YamlFiles(fs::path(TTAM_SOURCE_DIR) / sub);
    files.insert(files.end(), more.begin(), more.end());
  }
  Counts whole;
  Counts mutated;
  std::mt19937 rng(4);
  for (const fs::path& path : files) {
    std::string text = ReadFile(path);
    CAPTURE(path.string());
    CHECK(CheckText(text, whole) == "");
    if (text.size() > 200000) continue;
    for (int i = 0; i < 40; ++i) {
      std::string m = Mutate(text, rng);
      if (rng() % 3 == 0) m = Mutate(m, rng);
      std::string problem = CheckText(m, mutated);
      if (!problem.empty()) {
        CAPTURE(m);
        CHECK(problem == "");
      }
    }
  }
  MESSAGE("files: " << whole.texts << " YAML files, " << whole.fast << " read by the fast path, "
                    << whole.declined << " declined to yaml-cpp, " << whole.failures
                    << " differences");
  MESSAGE("mutations: " << mutated.texts << " texts, " << mutated.fast << " read by the fast path, "
                        << mutated.declined << " declined to yaml-cpp, " << mutated.failures
                        << " differences");
}

TEST_CASE("yaml fast reader: generated documents and their mutations") {
  Generator gen(7);
  std::mt19937 rng(11);
  Counts generated;
  Counts mutated;
  for (int i = 0; i < 20000; ++i) {
    std::string text = gen.Document();
    std::string problem = CheckText(text, generated);
    if (!problem.empty()) {
      CAPTURE(text);
      CHECK(problem == "");
    }
    std::string m = Mutate(text, rng);
    problem = CheckText(m, mutated);
    if (!problem.empty()) {
      CAPTURE(m);
      CHECK(problem == "");
    }
  }
  MESSAGE("generated: " << generated.texts << " documents, " << generated.fast
                        << " read by the fast path, " << generated.declined
                        << " declined to yaml-cpp, " << generated.failures << " differences");
  MESSAGE("mutated: " << mutated.texts << " documents, " << mutated.fast
                      << " read by the fast path, " << mutated.declined << " declined to yaml-cpp, "
                      << mutated.failures << " differences");
  CHECK(generated.fast > generated.texts / 4);
}

TEST_CASE("yaml fast reader: Parse reports what yaml-cpp reports") {
  // Parse declines to yaml-cpp on errors, so its diagnostics are yaml-cpp's.
  for (const char* text : {"a: b\na: c\n", "a: 'x\n", "a: [1\n", "a: b\n  c: d\n", "- a\nb: c\n"}) {
    CAPTURE(std::string(text));
    CollectingSink fast_sink;
    CollectingSink slow_sink;
    auto fast = ttam::yaml::Parse("x.yml", text, fast_sink);
    auto slow = ParseWithYamlCpp("x.yml", text, slow_sink);
    CHECK((fast == nullptr) == (slow == nullptr));
    REQUIRE(fast_sink.diagnostics.size() == slow_sink.diagnostics.size());
    for (size_t i = 0; i < fast_sink.diagnostics.size(); ++i) {
      CHECK(fast_sink.diagnostics[i].line == slow_sink.diagnostics[i].line);
      CHECK(fast_sink.diagnostics[i].column == slow_sink.diagnostics[i].column);
      CHECK(fast_sink.diagnostics[i].message == slow_sink.diagnostics[i].message);
    }
  }
}
