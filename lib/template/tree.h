#pragma once

// The parse tree of a Go text/template (text/template/parse's node types),
// as the executor walks it; parser.h builds it while checking the template. Every node keeps the
// byte offset of the token that starts it, so execution errors can say `NAME:LINE:COL` as Go does,
// and String() prints a node as Go's Node.String() does (for `at <...>`).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttam::tmpl {

/// Node types of text/template/parse.
enum class NodeType : uint8_t {
  kList,        ///< kids: the items
  kText,        ///< text: the literal text
  kAction,      ///< kids[0]: the pipeline
  kPipe,        ///< decls, is_assign; kids: the commands
  kCommand,     ///< kids: the arguments (kids[0] is the function or value)
  kField,       ///< ident: `.A.B` as {A, B}
  kChain,       ///< kids[0]: the term; ident: the fields after it
  kVariable,    ///< ident: `$x.A` as {$x, A}
  kIdentifier,  ///< text: a function name
  kDot,
  kNil,
  kBool,      ///< boolean
  kNumber,    ///< text: the literal; the number fields below
  kString,    ///< text: the unquoted value; quoted: the literal as written
  kIf,        ///< kids: pipe, list, else list (may be null)
  kRange,     ///< kids: pipe, list, else list (may be null)
  kWith,      ///< kids: pipe, list, else list (may be null)
  kTemplate,  ///< text: the template name; kids[0]: the pipeline (may be null)
  kBreak,
  kContinue,
};

/// One node of the tree.
struct Node {
  NodeType type = NodeType::kList;
  uint32_t pos = 0;  ///< byte offset of the node's first token in the source
  std::string text;
  std::string quoted;
  std::vector<std::string> ident;
  std::vector<std::string> decls;  ///< kPipe: declared or assigned variables
  bool is_assign = false;          ///< kPipe: `=` rather than `:=`
  bool boolean = false;
  // kNumber: which Go types can hold the literal, and its values.
  bool is_int = false;
  bool is_uint = false;
  bool is_float = false;
  bool is_complex = false;
  int64_t int_value = 0;
  uint64_t uint_value = 0;
  double float_value = 0;
  std::vector<std::unique_ptr<Node>> kids;

  /// Go's Node.String() for this node.
  std::string String() const;
};

/// A parsed template: its main tree and the trees of its {{define}} and
/// {{block}} templates.
struct Tree {
  std::string source;
  std::unique_ptr<Node> root;  ///< a kList
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> defines;

  /// The tree named `name` (defines first, later ones winning as in Go when
  /// non-empty), or nullptr.
  const Node* Find(std::string_view name) const;
};

/// Fills a kNumber node's type flags and values from its literal `text`, as
/// parse.newNumber does for a literal the checker accepted.
void FillNumberNode(Node& n, bool is_char, bool is_complex);

}  // namespace ttam::tmpl
