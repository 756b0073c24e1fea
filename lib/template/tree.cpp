#include "template/tree.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "support/text.h"
#include "template/lexer.h"
#include "template/literals.h"
#include "template/unicode_class.h"

namespace ttam::tmpl {
namespace {

// Thrown at the first problem; caught in BuildTree.
struct BuildFailure {
  std::string message;
};

// Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x 0o 0b and a
// leading 0 for octal, underscores between digits).
bool ParseGoInteger(std::string_view text, bool is_unsigned, int64_t* i, uint64_t* u) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  bool negative = false;
  size_t at = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (is_unsigned) return false;
    negative = s[0] == '-';
    at = 1;
  }
  int base = 10;
  if (s.size() > at + 1 && s[at] == '0') {
    const char p = static_cast<char>(s[at + 1] | 0x20);
    if (p == 'x') {
      base = 16;
      at += 2;
    } else if (p == 'o') {
      base = 8;
      at += 2;
    } else if (p == 'b') {
      base = 2;
      at += 2;
    } else {
      base = 8;
      at += 1;
    }
  }
  if (at >= s.size()) return false;
  uint64_t value = 0;
  for (size_t k = at; k < s.size(); ++k) {
    const char c = s[k];
    int d = 0;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      d = (c | 0x20) - 'a' + 10;
    } else {
      return false;
    }
    if (d >= base) return false;
    if (value > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return false;
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (is_unsigned) {
    *u = value;
    return true;
  }
  if (negative) {
    if (value > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *i = value == static_cast<uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(value);
    return true;
  }
  if (value > static_cast<uint64_t>(INT64_MAX)) return false;
  *i = static_cast<int64_t>(value);
  return true;
}

}  // namespace

void FillNumberNode(Node& n, bool is_char, bool is_complex) {
  const std::string_view text = n.text;
  if (is_char) {
    std::string value;
    // A character constant: its rune value.
    const std::string quoted = "\"" + std::string(text.substr(1, text.size() - 2)) + "\"";
    char32_t rune = 0;
    if (UnquoteGoString(quoted, &value) && !value.empty()) {
      size_t width = 0;
      rune = DecodeRune(value, 0, &width);
    }
    n.is_int = n.is_uint = n.is_float = true;
    n.int_value = static_cast<int64_t>(rune);
    n.uint_value = static_cast<uint64_t>(rune);
    n.float_value = static_cast<double>(rune);
    return;
  }
  if (is_complex) {
    n.is_complex = true;
    return;
  }
  uint64_t u = 0;
  int64_t i = 0;
  if (ParseGoInteger(text, true, &i, &u)) {
    n.is_uint = true;
    n.uint_value = u;
  }
  if (ParseGoInteger(text, false, &i, &u)) {
    n.is_int = true;
    n.int_value = i;
    if (i == 0) n.is_uint = true;  // "-0"
  }
  if (n.is_int) {
    n.is_float = true;
    n.float_value = static_cast<double>(n.int_value);
  } else if (n.is_uint) {
    n.is_float = true;
    n.float_value = static_cast<double>(n.uint_value);
  } else {
    std::string s;
    for (char c : text) {
      if (c != '_') s += c;
    }
    errno = 0;
    char* end = nullptr;
    const double f = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size()) {
      n.is_float = true;
      n.float_value = f;
      if (std::fabs(f) < 9.2e18 && static_cast<double>(static_cast<int64_t>(f)) == f) {
        n.is_int = true;
        n.int_value = static_cast<int64_t>(f);
      }
      if (f >= 0 && f < 1.8e19 && static_cast<double>(static_cast<uint64_t>(f)) == f) {
        n.is_uint = true;
        n.uint_value = static_cast<uint64_t>(f);
      }
    }
  }
}

namespace {

std::vector<std::string> SplitDots(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t dot = s.find('.', start);
    out.emplace_back(s.substr(start, dot == std::string_view::npos ? s.npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

class Builder {
 public:
  Builder(std::string_view text, size_t max_depth)
      : text_(text), lex_(text), max_depth_(max_depth) {}

  void Run(Tree& tree) {
    tree_ = &tree;
    tree.root = NewNode(NodeType::kList, 0);
    for (;;) {
      Token t = Peek();
      if (t.kind == Tok::kEof) return;
      if (t.kind == Tok::kLeftDelim) {
        const Token delim = NextTok();
        const Token keyword = NextNonSpace();
        if (keyword.kind == Tok::kDefine) {
          ParseDefinition();
          continue;
        }
        Backup2(delim);
      }
      Item item = TextOrAction();
      if (item.kind != ItemKind::kNode)
        Fail("unexpected " + std::string(item.kind == ItemKind::kEnd ? "{{end}}" : "{{else}}"));
      tree.root->kids.push_back(std::move(item.node));
    }
  }

 private:
  enum class ItemKind : uint8_t { kNode, kEnd, kElse };
  struct Item {
    ItemKind kind = ItemKind::kNode;
    std::unique_ptr<Node> node;
  };

  struct DepthGuard {
    explicit DepthGuard(Builder* b) : b_(b) {
      if (++b_->depth_ > b_->max_depth_) {
        b_->Fail("template nesting too deep: more than " + std::to_string(b_->max_depth_) +
                 " levels");
      }
    }
    ~DepthGuard() { --b_->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    Builder* b_;
  };

  [[noreturn]] void Fail(std::string message) { throw BuildFailure{std::move(message)}; }

  static std::unique_ptr<Node> NewNode(NodeType type, uint32_t pos) {
    auto n = std::make_unique<Node>();
    n->type = type;
    n->pos = pos;
    return n;
  }

  Token NextTok() {
    if (peek_count_ > 0) {
      --peek_count_;
    } else {
      token_[0] = lex_.Next();
    }
    return token_[peek_count_];
  }
  void Backup() { ++peek_count_; }
  void Backup2(Token t1) {
    token_[1] = t1;
    peek_count_ = 2;
  }
  void Backup3(Token t2, Token t1) {
    token_[1] = t1;
    token_[2] = t2;
    peek_count_ = 3;
  }
  Token Peek() {
    if (peek_count_ > 0) return token_[peek_count_ - 1];
    peek_count_ = 1;
    token_[0] = lex_.Next();
    return token_[0];
  }
  Token NextNonSpace() {
    Token t;
    do {
      t = NextTok();
    } while (t.kind == Tok::kSpace);
    return t;
  }
  Token PeekNonSpace() {
    Token t = NextNonSpace();
    Backup();
    return t;
  }
  std::string_view TextOf(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }
  Token Expect(Tok kind, std::string_view context) {
    Token t = NextNonSpace();
    if (t.kind != kind) Unexpected(t, context);
    return t;
  }
  [[noreturn]] void Unexpected(const Token& t, std::string_view context) {
    if (t.kind == Tok::kError) Fail(lex_.error());
    Fail("unexpected " + DescribeToken(text_, t) + " in " + std::string(context));
  }

  std::string TemplateName(const Token& t, std::string_view context) {
    if (t.kind != Tok::kString && t.kind != Tok::kRawString) Unexpected(t, context);
    std::string name;
    if (!UnquoteGoString(TextOf(t), &name)) Fail("invalid syntax in template name");
    return name;
  }

  void AddDefine(std::string name, std::unique_ptr<Node> list) {
    tree_->defines.emplace_back(std::move(name), std::move(list));
  }

  void ParseDefinition() {
    DepthGuard guard(this);
    const Token name_tok = NextNonSpace();
    std::string name = TemplateName(name_tok, "define clause");
    Expect(Tok::kRightDelim, "define clause");
    auto [list, end] = ItemList();
    if (end != ItemKind::kEnd) Fail("unexpected {{else}} in define clause");
    AddDefine(std::move(name), std::move(list));
  }

  std::pair<std::unique_ptr<Node>, ItemKind> ItemList() {
    auto list = NewNode(NodeType::kList, Peek().begin);
    for (;;) {
      if (PeekNonSpace().kind == Tok::kEof) Fail("unexpected EOF");
      Item item = TextOrAction();
      if (item.kind != ItemKind::kNode) return {std::move(list), item.kind};
      list->kids.push_back(std::move(item.node));
    }
  }

  Item TextOrAction() {
    const Token t = NextNonSpace();
    switch (t.kind) {
      case Tok::kText: {
        auto n = NewNode(NodeType::kText, t.begin);
        n->text = std::string(TextOf(t));
        return {ItemKind::kNode, std::move(n)};
      }
      case Tok::kLeftDelim:
        return Action();
      default:
        Unexpected(t, "input");
    }
  }

  Item Action() {
    const Token t = NextNonSpace();
    switch (t.kind) {
      case Tok::kBlock:
        return {ItemKind::kNode, BlockControl()};
      case Tok::kBreak:
      case Tok::kContinue: {
        Expect(Tok::kRightDelim, t.kind == Tok::kBreak ? "{{break}}" : "{{continue}}");
        if (range_depth_ == 0) Fail("{{break}} or {{continue}} outside {{range}}");
        return {ItemKind::kNode,
                NewNode(t.kind == Tok::kBreak ? NodeType::kBreak : NodeType::kContinue, t.begin)};
      }
      case Tok::kElse: {
        const Tok k = PeekNonSpace().kind;
        if (k != Tok::kIf && k != Tok::kWith) Expect(Tok::kRightDelim, "else");
        return {ItemKind::kElse, nullptr};
      }
      case Tok::kEnd:
        Expect(Tok::kRightDelim, "end");
        return {ItemKind::kEnd, nullptr};
      case Tok::kIf:
        return {ItemKind::kNode, Control(NodeType::kIf, "if")};
      case Tok::kRange:
        return {ItemKind::kNode, Control(NodeType::kRange, "range")};
      case Tok::kWith:
        return {ItemKind::kNode, Control(NodeType::kWith, "with")};
      case Tok::kTemplate:
        return {ItemKind::kNode, TemplateControl()};
      default:
        break;
    }
    Backup();
    auto action = NewNode(NodeType::kAction, Peek().begin);
    action->kids.push_back(Pipeline("command", Tok::kRightDelim));
    return {ItemKind::kNode, std::move(action)};
  }

  std::unique_ptr<Node> Control(NodeType type, std::string_view context) {
    DepthGuard guard(this);
    auto pipe = Pipeline(context, Tok::kRightDelim);
    auto node = NewNode(type, pipe->pos);
    if (type == NodeType::kRange) ++range_depth_;
    auto [list, next] = ItemList();
    if (type == NodeType::kRange) --range_depth_;
    std::unique_ptr<Node> else_list;
    if (next == ItemKind::kElse) {
      const Tok k = Peek().kind;
      if ((type == NodeType::kIf && k == Tok::kIf) ||
          (type == NodeType::kWith && k == Tok::kWith)) {
        const Token keyword = NextTok();
        else_list = NewNode(NodeType::kList, keyword.begin);
        else_list->kids.push_back(Control(type, context));
      } else {
        auto [list2, next2] = ItemList();
        if (next2 != ItemKind::kEnd) Fail("expected end; found {{else}}");
        else_list = std::move(list2);
      }
    }
    node->kids.push_back(std::move(pipe));
    node->kids.push_back(std::move(list));
    node->kids.push_back(std::move(else_list));
    return node;
  }

  std::unique_ptr<Node> BlockControl() {
    DepthGuard guard(this);
    const Token name_tok = NextNonSpace();
    std::string name = TemplateName(name_tok, "block clause");
    auto pipe = Pipeline("block clause", Tok::kRightDelim);
    const int saved_range = range_depth_;
    range_depth_ = 0;
    auto [list, end] = ItemList();
    range_depth_ = saved_range;
    if (end != ItemKind::kEnd) Fail("unexpected {{else}} in block clause");
    AddDefine(name, std::move(list));
    auto node = NewNode(NodeType::kTemplate, name_tok.begin);
    node->text = std::move(name);
    node->kids.push_back(std::move(pipe));
    return node;
  }

  std::unique_ptr<Node> TemplateControl() {
    const Token name_tok = NextNonSpace();
    auto node = NewNode(NodeType::kTemplate, name_tok.begin);
    node->text = TemplateName(name_tok, "template clause");
    if (NextNonSpace().kind != Tok::kRightDelim) {
      Backup();
      node->kids.push_back(Pipeline("template clause", Tok::kRightDelim));
    } else {
      node->kids.push_back(nullptr);
    }
    return node;
  }

  std::unique_ptr<Node> Pipeline(std::string_view context, Tok end) {
    DepthGuard guard(this);
    auto pipe = NewNode(NodeType::kPipe, PeekNonSpace().begin);
    for (;;) {
      const Token v = PeekNonSpace();
      if (v.kind != Tok::kVariable) break;
      NextTok();
      const Token after = Peek();
      const Token next = PeekNonSpace();
      if (next.kind == Tok::kAssign || next.kind == Tok::kDeclare) {
        pipe->is_assign = next.kind == Tok::kAssign;
        NextNonSpace();
        pipe->decls.emplace_back(TextOf(v));
        break;
      }
      if (next.kind == Tok::kChar && TextOf(next) == ",") {
        NextNonSpace();
        pipe->decls.emplace_back(TextOf(v));
        if (context == "range" && pipe->decls.size() < 2) {
          const Tok k = PeekNonSpace().kind;
          if (k == Tok::kVariable || k == Tok::kRightDelim || k == Tok::kRightParen) continue;
        }
        Fail("too many declarations in " + std::string(context));
      }
      if (after.kind == Tok::kSpace) {
        Backup3(v, after);
      } else {
        Backup2(v);
      }
      break;
    }
    for (;;) {
      const Token t = NextNonSpace();
      if (t.kind == end) {
        if (pipe->kids.empty()) Fail("missing value for " + std::string(context));
        return pipe;
      }
      switch (t.kind) {
        case Tok::kBool:
        case Tok::kCharConstant:
        case Tok::kComplex:
        case Tok::kDot:
        case Tok::kField:
        case Tok::kIdentifier:
        case Tok::kNumber:
        case Tok::kNil:
        case Tok::kRawString:
        case Tok::kString:
        case Tok::kVariable:
        case Tok::kLeftParen:
          Backup();
          pipe->kids.push_back(Command());
          break;
        default:
          Unexpected(t, context);
      }
    }
  }

  std::unique_ptr<Node> Command() {
    auto cmd = NewNode(NodeType::kCommand, PeekNonSpace().begin);
    for (;;) {
      PeekNonSpace();
      if (auto operand = Operand()) cmd->kids.push_back(std::move(operand));
      const Token t = NextTok();
      if (t.kind == Tok::kSpace) continue;
      if (t.kind == Tok::kRightDelim || t.kind == Tok::kRightParen) {
        Backup();
      } else if (t.kind != Tok::kPipe) {
        Unexpected(t, "operand");
      }
      break;
    }
    if (cmd->kids.empty()) Fail("empty command");
    return cmd;
  }

  std::unique_ptr<Node> Operand() {
    auto node = Term();
    if (!node) return nullptr;
    if (Peek().kind != Tok::kField) return node;
    const uint32_t chain_pos = Peek().begin;
    std::vector<std::string> fields;
    while (Peek().kind == Tok::kField) fields.emplace_back(TextOf(NextTok()).substr(1));
    switch (node->type) {
      case NodeType::kField:
      case NodeType::kVariable: {
        node->pos = chain_pos;
        for (auto& f : fields) node->ident.push_back(std::move(f));
        return node;
      }
      case NodeType::kBool:
      case NodeType::kString:
      case NodeType::kNumber:
      case NodeType::kNil:
      case NodeType::kDot:
        Fail("unexpected . after term " + node->String());
      default: {
        auto chain = NewNode(NodeType::kChain, chain_pos);
        chain->kids.push_back(std::move(node));
        chain->ident = std::move(fields);
        return chain;
      }
    }
  }

  std::unique_ptr<Node> Term() {
    const Token t = NextNonSpace();
    switch (t.kind) {
      case Tok::kIdentifier: {
        auto n = NewNode(NodeType::kIdentifier, t.begin);
        n->text = std::string(TextOf(t));
        return n;
      }
      case Tok::kDot:
        return NewNode(NodeType::kDot, t.begin);
      case Tok::kNil:
        return NewNode(NodeType::kNil, t.begin);
      case Tok::kVariable: {
        auto n = NewNode(NodeType::kVariable, t.begin);
        n->ident = SplitDots(TextOf(t));
        return n;
      }
      case Tok::kField: {
        auto n = NewNode(NodeType::kField, t.begin);
        n->ident = SplitDots(TextOf(t).substr(1));
        return n;
      }
      case Tok::kBool: {
        auto n = NewNode(NodeType::kBool, t.begin);
        n->boolean = TextOf(t) == "true";
        return n;
      }
      case Tok::kCharConstant:
      case Tok::kComplex:
      case Tok::kNumber: {
        auto n = NewNode(NodeType::kNumber, t.begin);
        n->text = std::string(TextOf(t));
        FillNumberNode(*n, t.kind == Tok::kCharConstant, t.kind == Tok::kComplex);
        return n;
      }
      case Tok::kLeftParen:
        return Pipeline("parenthesized pipeline", Tok::kRightParen);
      case Tok::kString:
      case Tok::kRawString: {
        auto n = NewNode(NodeType::kString, t.begin);
        n->quoted = std::string(TextOf(t));
        if (!UnquoteGoString(n->quoted, &n->text)) Fail("invalid syntax in quoted string");
        return n;
      }
      default:
        Backup();
        return nullptr;
    }
  }

  std::string_view text_;
  Lexer lex_;
  Token token_[3];
  int peek_count_ = 0;
  size_t max_depth_;
  size_t depth_ = 0;
  int range_depth_ = 0;
  Tree* tree_ = nullptr;
};

void AppendList(const Node* list, std::string& out) {
  if (list == nullptr) return;
  for (const auto& k : list->kids) out += k->String();
}

}  // namespace

std::string Node::String() const {
  switch (type) {
    case NodeType::kList: {
      std::string out;
      AppendList(this, out);
      return out;
    }
    case NodeType::kText:
      return text;
    case NodeType::kAction:
      return "{{" + kids[0]->String() + "}}";
    case NodeType::kPipe: {
      std::string out;
      for (size_t i = 0; i < decls.size(); ++i) {
        if (i > 0) out += ", ";
        out += decls[i];
      }
      if (!decls.empty()) out += is_assign ? " = " : " := ";
      for (size_t i = 0; i < kids.size(); ++i) {
        if (i > 0) out += " | ";
        out += kids[i]->String();
      }
      return out;
    }
    case NodeType::kCommand: {
      std::string out;
      for (size_t i = 0; i < kids.size(); ++i) {
        if (i > 0) out += ' ';
        if (kids[i]->type == NodeType::kPipe) {
          out += "(" + kids[i]->String() + ")";
        } else {
          out += kids[i]->String();
        }
      }
      return out;
    }
    case NodeType::kField: {
      std::string out;
      for (const auto& f : ident) out += "." + f;
      return out;
    }
    case NodeType::kChain: {
      std::string out =
          kids[0]->type == NodeType::kPipe ? "(" + kids[0]->String() + ")" : kids[0]->String();
      for (const auto& f : ident) out += "." + f;
      return out;
    }
    case NodeType::kVariable: {
      std::string out;
      for (size_t i = 0; i < ident.size(); ++i) {
        if (i > 0) out += '.';
        out += ident[i];
      }
      return out;
    }
    case NodeType::kIdentifier:
      return text;
    case NodeType::kDot:
      return ".";
    case NodeType::kNil:
      return "nil";
    case NodeType::kBool:
      return boolean ? "true" : "false";
    case NodeType::kNumber:
      return text;
    case NodeType::kString:
      return quoted;
    case NodeType::kIf:
    case NodeType::kRange:
    case NodeType::kWith: {
      const char* name = type == NodeType::kIf ? "if" : type == NodeType::kRange ? "range" : "with";
      std::string out = "{{" + std::string(name) + " " + kids[0]->String() + "}}";
      AppendList(kids[1].get(), out);
      if (kids[2]) {
        out += "{{else}}";
        AppendList(kids[2].get(), out);
      }
      return out + "{{end}}";
    }
    case NodeType::kTemplate: {
      std::string out = "{{template " + GoQuote(text);
      if (!kids.empty() && kids[0]) out += " " + kids[0]->String();
      return out + "}}";
    }
    case NodeType::kBreak:
      return "{{break}}";
    case NodeType::kContinue:
      return "{{continue}}";
  }
  return "";
}

const Node* Tree::Find(std::string_view name) const {
  const Node* found = nullptr;
  for (const auto& [n, list] : defines) {
    if (n != name) continue;
    if (found == nullptr || !list->kids.empty()) found = list.get();
  }
  return found;
}

Result<Tree> BuildTree(std::string source, size_t max_depth) {
  Tree tree;
  tree.source = std::move(source);
  if (tree.source.size() >= UINT32_MAX) return Error{"template too large (4 GiB or more)"};
  Builder builder(tree.source, max_depth);
  try {
    builder.Run(tree);
  } catch (const BuildFailure& f) {
    return Error{f.message};
  }
  return tree;
}

}  // namespace ttam::tmpl
