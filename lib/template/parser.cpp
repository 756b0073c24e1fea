#include "template/parser.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "support/text.h"
#include "template/functions.h"
#include "template/lexer.h"
#include "template/literals.h"
#include "template/tree.h"
#include "template/unicode_class.h"

namespace ttam::tmpl {
namespace {

// Go's maxStackDepth (nested parentheses) and maxPipelineCmds.
constexpr size_t kMaxParenDepth = 10000;
constexpr uint32_t kMaxPipelineCmds = 100000;
// Go has no limit on nested {{if}}/{{range}}/... (its stack grows); we stop
// at the same depth as parentheses rather than accept unbounded nesting.
constexpr size_t kMaxBlockDepth = 10000;
// Building a tree to execute, nesting (blocks plus parentheses) stops
// earlier: the executor walks the tree recursively.
constexpr size_t kMaxExecNesting = 1000;

// What rulefmt prepends to every alert label and annotation value.
constexpr std::string_view kPredeclared[] = {"$", "$labels", "$externalLabels", "$externalURL",
                                             "$value"};
constexpr uint32_t kLabelsVar = 1;

// Thrown at the first error, as Go's parser panics; caught in ParseAlertTemplate.
struct ParseFailure {};

// The variables in scope (Go's Tree.vars), for the tree being parsed and its
// enclosing trees. Lookups are by most recent declaration, indexed once the
// list grows, so hostile inputs with many variables stay linear.
class Scope {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  void Declare(std::string_view name) {
    const uint32_t index = static_cast<uint32_t>(vars_.size());
    uint32_t prev = kNone;
    if (!index_.empty()) {
      auto [it, inserted] = index_.try_emplace(name, index);
      if (!inserted) {
        prev = it->second;
        it->second = index;
      }
    }
    vars_.push_back({name, prev});
    if (index_.empty() && vars_.size() > kIndexThreshold) BuildIndex();
  }

  /// Index of the visible declaration of `name` in the current tree, or kNone.
  uint32_t Lookup(std::string_view name) const {
    if (index_.empty()) {
      for (size_t i = vars_.size(); i > tree_base_; --i) {
        if (vars_[i - 1].name == name) return static_cast<uint32_t>(i - 1);
      }
      return kNone;
    }
    auto it = index_.find(name);
    if (it == index_.end() || it->second < tree_base_) return kNone;
    return it->second;
  }

  size_t size() const { return vars_.size(); }

  /// Empties the scope, keeping small buffers for the next template.
  void Clear() {
    vars_.clear();
    if (vars_.capacity() > 1024) vars_ = {};
    if (!index_.empty() || index_.bucket_count() > 64) index_ = {};
    tree_base_ = 0;
  }

  void PopTo(size_t mark) {
    while (vars_.size() > mark) {
      const Var& v = vars_.back();
      if (!index_.empty()) {
        if (v.prev == kNone) {
          index_.erase(v.name);
        } else {
          index_[v.name] = v.prev;
        }
      }
      vars_.pop_back();
    }
  }

  /// Starts a new tree ({{define}}/{{block}}): only "$" is visible in it.
  size_t PushTree() {
    const size_t saved = tree_base_;
    tree_base_ = vars_.size();
    Declare("$");
    return saved;
  }

  void PopTree(size_t saved_base) {
    PopTo(tree_base_);
    tree_base_ = saved_base;
  }

  /// Names visible in the current tree, most recent first (for suggestions).
  template <typename F>
  void ForEachVisible(F&& f) const {
    for (size_t i = vars_.size(); i > tree_base_; --i) f(vars_[i - 1].name);
  }

  bool in_nested_tree() const { return tree_base_ != 0; }

 private:
  static constexpr size_t kIndexThreshold = 48;

  struct Var {
    std::string_view name;
    uint32_t prev;  // previous index of the same name, when indexed
  };

  void BuildIndex() {
    for (size_t i = 0; i < vars_.size(); ++i) {
      auto [it, inserted] = index_.try_emplace(vars_[i].name, static_cast<uint32_t>(i));
      vars_[i].prev = kNone;
      if (!inserted) {
        vars_[i].prev = it->second;
        it->second = static_cast<uint32_t>(i);
      }
    }
  }

  std::vector<Var> vars_;
  std::unordered_map<std::string_view, uint32_t> index_;
  size_t tree_base_ = 0;
};

enum class BlockKind : uint8_t { kIf, kRange, kWith, kDefine, kBlock };

std::string_view BlockName(BlockKind kind) {
  switch (kind) {
    case BlockKind::kIf:
      return "if";
    case BlockKind::kRange:
      return "range";
    case BlockKind::kWith:
      return "with";
    case BlockKind::kDefine:
      return "define";
    case BlockKind::kBlock:
      return "block";
  }
  return "";
}

// An open {{if}}, {{range}}, {{with}}, {{define}} or {{block}}.
struct Frame {
  BlockKind kind;
  bool in_else = false;
  bool chained = false;    // opened by {{else if}}/{{else with}}: its {{end}} also ends the parent
  bool outer_dot = false;  // whether dot is the alert data where the block starts
  size_t vars_mark = 0;    // variables to drop at {{end}} (if/range/with)
  size_t saved_tree = 0;   // enclosing tree's scope base (define/block)
  int saved_range_depth = 0;
  bool saved_nonempty = false;
  uint32_t open_begin = 0;  // the opening action, for messages
  uint32_t open_end = 0;
  std::string name;  // define/block: the template name
  uint32_t name_begin = 0;
  uint32_t name_end = 0;
  // Tree building: the block's node, the list its items go to, and the
  // define/block body it owns until {{end}}.
  Node* node = nullptr;
  Node* list = nullptr;
  std::unique_ptr<Node> owned;
};

// What an operand turned out to be, as far as checkPipeline cares.
enum class ArgKind : uint8_t { kExecutable, kBool, kDot, kNil, kNumber, kString };

enum class PipeState : uint8_t { kStart, kLoop, kOperand, kAfterOperand, kAwaitParen };

// One pipeline being parsed: an action's, a control's, or a parenthesized one.
struct PipeFrame {
  std::string_view context;
  Tok end;
  PipeState state = PipeState::kStart;
  uint8_t decls = 0;
  uint32_t begin = 0;
  uint32_t cmds = 0;
  uint32_t bad_stage = 0;  // first command (1-based) that cannot be executed, 0 if none
  uint32_t bad_begin = 0;
  uint32_t bad_end = 0;
  // The command being parsed.
  uint32_t args = 0;
  ArgKind first_arg = ArgKind::kExecutable;
  uint32_t cmd_begin = 0;
  uint32_t cmd_end = 0;
  uint8_t index_state = 0;  // 1: "index", 2: "index <alert labels>"
  uint32_t paren_begin = 0;
  // Tree building: the pipeline and the command being parsed.
  std::unique_ptr<Node> pipe;
  std::unique_ptr<Node> cmd;
};

// Operand tokens a command may start with (Go's pipeline loop).
bool StartsOperand(Tok k) {
  switch (k) {
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
      return true;
    default:
      return false;
  }
}

// Go's unicode.IsSpace, for deciding whether a {{define}} body is empty.
bool IsGoSpace(char32_t r) {
  switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

class Parser {
 public:
  /// Prepares for `text`; one Parser per thread is reused so that checking
  /// a typical template allocates nothing but its results.
  void Reset(std::string_view text, TemplateReport* report, Tree* tree, uint32_t offset) {
    text_ = text;
    tree_ = tree;
    offset_ = offset;
    pending_.reset();
    last_pipe_.reset();
    if (tree_ != nullptr) {
      tree_->root = NewNode(NodeType::kList, 0);
      tree_->root->pos = offset;
    }
    lex_ = Lexer(text);
    report_ = report;
    peek_count_ = 0;
    scope_.Clear();
    for (std::string_view v : kPredeclared) scope_.Declare(v);
    frames_.clear();
    if (frames_.capacity() > 1024) std::vector<Frame>().swap(frames_);
    pipes_.clear();
    if (pipes_.capacity() > 1024) std::vector<PipeFrame>().swap(pipes_);
    trees_.clear();
    range_depth_ = 0;
    tree_nonempty_ = true;
    action_begin_ = 0;
    node_end_ = 0;
  }

  void Run();

 private:
  enum class Item : uint8_t { kOther, kEnd, kElse };

  // Go's three-token lookahead.
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

  /// Stops at the first error; `go_length` is how much of `message` is Go's
  /// own wording (what follows is ttam's advice).
  [[noreturn]] void Fail(std::string message, uint32_t begin, uint32_t end,
                         size_t go_length = std::string::npos) {
    TemplateError e{begin, end, std::move(message)};
    e.go_length = std::min(go_length, e.message.size());
    report_->errors.push_back(std::move(e));
    throw ParseFailure{};
  }
  /// Fail with Go's message followed by ttam's advice.
  [[noreturn]] void FailHint(const std::string& go, std::string_view hint, uint32_t begin,
                             uint32_t end) {
    Fail(go + std::string(hint), begin, end, go.size());
  }
  [[noreturn]] void Unexpected(const Token& t, std::string_view context);
  Token Expect(Tok kind, std::string_view context) {
    Token t = NextNonSpace();
    if (t.kind != kind) Unexpected(t, context);
    return t;
  }

  Item TextOrAction();
  Item Action();
  void OpenControl(BlockKind kind, bool chained, Token keyword);
  void HandleElse(uint32_t end);
  void HandleEnd();
  void ParseDefinition(Token define_tok);
  void BlockControl(Token keyword);
  void TemplateControl();
  void BreakOrContinue(Token keyword);
  std::string ParseTemplateName(const Token& t, std::string_view context);
  void AddTree(const Frame& f, bool nonempty);
  void MarkNonEmpty() { tree_nonempty_ = true; }
  void NoteText(const Token& t);

  void ParsePipeline(std::string_view context, Tok end);
  void Declarations(PipeFrame& p);
  void Term(PipeFrame& p);
  void TermDone(PipeFrame& p, ArgKind kind, Token term, bool is_labels_map, bool is_index);
  void FinishCommand(PipeFrame& p);
  void CheckPipeline(const PipeFrame& p, uint32_t end);
  void CheckFunction(const Token& t);
  void UseVariable(const Token& t);
  void Declare(const Token& t) { scope_.Declare(TextOf(t)); }

  bool DotIsAlert() const {
    if (frames_.empty()) return true;
    const Frame& f = frames_.back();
    switch (f.kind) {
      case BlockKind::kIf:
        return f.outer_dot;
      case BlockKind::kRange:
      case BlockKind::kWith:
        return f.in_else && f.outer_dot;
      case BlockKind::kDefine:
      case BlockKind::kBlock:
        return false;
    }
    return false;
  }

  std::string_view text_;
  Lexer lex_{std::string_view()};
  TemplateReport* report_ = nullptr;
  Token token_[3];
  int peek_count_ = 0;
  Scope scope_;
  std::vector<Frame> frames_;
  std::vector<PipeFrame> pipes_;
  int range_depth_ = 0;        // of the current tree
  bool tree_nonempty_ = true;  // of the current tree (only tracked in define/block)
  uint32_t action_begin_ = 0;  // "{{" of the action being parsed
  uint32_t node_end_ = 0;      // end of the last {{end}} or {{else}}
  std::vector<std::pair<std::string, bool>> trees_;  // defined template names, non-empty?

  // Tree building (when tree_ is set): positions are shifted by offset_.
  bool building() const { return tree_ != nullptr; }
  void CheckExecNesting(const Token& t) {
    if (building() && frames_.size() + pipes_.size() >= kMaxExecNesting) {
      Fail("nesting too deep to execute: more than " + std::to_string(kMaxExecNesting) +
               " nested blocks and parentheses",
           t.begin, t.end);
    }
  }
  std::unique_ptr<Node> NewNode(NodeType type, uint32_t pos) const {
    auto n = std::make_unique<Node>();
    n->type = type;
    n->pos = pos + offset_;
    return n;
  }
  Node* CurrentList() const { return frames_.empty() ? tree_->root.get() : frames_.back().list; }
  void Append(std::unique_ptr<Node> n) {
    if (building()) CurrentList()->kids.push_back(std::move(n));
  }
  Tree* tree_ = nullptr;
  uint32_t offset_ = 0;
  std::unique_ptr<Node> pending_;    // the term TermDone adds to the command
  std::unique_ptr<Node> last_pipe_;  // the pipeline ParsePipeline built
};

void Parser::Unexpected(const Token& t, std::string_view context) {
  if (t.kind == Tok::kError) Fail(lex_.error(), t.begin, t.end, lex_.error_go_length());
  std::string message = "unexpected " + DescribeToken(text_, t) + " in " + std::string(context);
  const size_t go_length = message.size();
  if (t.kind == Tok::kEof) {
    message += ": the action is not closed; add \"}}\"";
  } else if (context == "input" && (t.kind == Tok::kIf || t.kind == Tok::kWith)) {
    message += ": {{else if}} only continues an {{if}}, {{else with}} only a {{with}}";
  } else if (context == "command" || context == "operand" || context == "parenthesized pipeline") {
    if (t.kind == Tok::kChar || t.kind == Tok::kAssign || t.kind == Tok::kDeclare) {
      message +=
          ": Go templates have no operators; call functions such as eq, and, or, not instead";
    } else if (t.kind == Tok::kDefine) {
      message += ": {{define}} is only allowed at the top level, outside other blocks";
    } else if (t.kind > Tok::kKeyword && t.kind != Tok::kDot && t.kind != Tok::kNil) {
      message += ": keywords must come first in an action";
    }
  }
  Fail(std::move(message), t.begin, t.end, go_length);
}

void Parser::Run() {
  for (;;) {
    if (frames_.empty()) {
      // Go's parse(): the top level, where {{define}} is allowed.
      Token t = Peek();
      if (t.kind == Tok::kEof) return;
      if (t.kind == Tok::kLeftDelim) {
        const Token delim = NextTok();
        const Token keyword = NextNonSpace();
        if (keyword.kind == Tok::kDefine) {
          action_begin_ = delim.begin;
          ParseDefinition(keyword);
          continue;
        }
        Backup2(delim);
      }
      const uint32_t begin = Peek().begin;
      switch (TextOrAction()) {
        case Item::kOther:
          break;
        case Item::kEnd:
          FailHint("unexpected {{end}}",
                   ": there is no open {{if}}, {{range}}, {{with}}, {{define}} or {{block}} to "
                   "close; remove it",
                   begin, node_end_);
        case Item::kElse:
          FailHint("unexpected {{else}}", ": {{else}} must be inside {{if}}, {{range}} or {{with}}",
                   begin, node_end_);
      }
      continue;
    }
    // Go's itemList(): inside a block, up to its {{else}} or {{end}}.
    if (PeekNonSpace().kind == Tok::kEof) {
      const Frame& f = frames_.back();
      std::string what = "{{" + std::string(BlockName(f.kind));
      if (f.kind == BlockKind::kDefine || f.kind == BlockKind::kBlock)
        what += " " + GoQuote(f.name);
      what += "}}";
      FailHint("unexpected EOF", ": " + what + " is never closed; add {{end}}", f.open_begin,
               f.open_end);
    }
    TextOrAction();
  }
}

void Parser::NoteText(const Token& t) {
  if (tree_nonempty_) return;
  const std::string_view s = TextOf(t);
  size_t i = 0;
  while (i < s.size()) {
    size_t width = 0;
    const char32_t r = DecodeRune(s, i, &width);
    if (!IsGoSpace(r)) {
      tree_nonempty_ = true;
      return;
    }
    i += width;
  }
}

Parser::Item Parser::TextOrAction() {
  const Token t = NextNonSpace();
  switch (t.kind) {
    case Tok::kText:
      NoteText(t);
      if (building()) {
        auto n = NewNode(NodeType::kText, t.begin);
        n->text = std::string(TextOf(t));
        Append(std::move(n));
      }
      return Item::kOther;
    case Tok::kLeftDelim:
      action_begin_ = t.begin;
      return Action();
    default:
      Unexpected(t, "input");
  }
}

Parser::Item Parser::Action() {
  const Token t = NextNonSpace();
  switch (t.kind) {
    case Tok::kBlock:
      BlockControl(t);
      return Item::kOther;
    case Tok::kBreak:
    case Tok::kContinue:
      BreakOrContinue(t);
      if (building()) {
        Append(NewNode(t.kind == Tok::kBreak ? NodeType::kBreak : NodeType::kContinue, t.begin));
      }
      return Item::kOther;
    case Tok::kElse: {
      const uint32_t begin = action_begin_;
      const Token peek = PeekNonSpace();
      uint32_t end = t.end;
      if (peek.kind != Tok::kIf && peek.kind != Tok::kWith)
        end = Expect(Tok::kRightDelim, "else").end;
      node_end_ = end;
      if (frames_.empty()) return Item::kElse;
      action_begin_ = begin;
      HandleElse(end);
      return Item::kElse;
    }
    case Tok::kEnd: {
      const Token close = Expect(Tok::kRightDelim, "end");
      node_end_ = close.end;
      if (frames_.empty()) return Item::kEnd;
      HandleEnd();
      return Item::kEnd;
    }
    case Tok::kIf:
      OpenControl(BlockKind::kIf, false, t);
      return Item::kOther;
    case Tok::kRange:
      OpenControl(BlockKind::kRange, false, t);
      return Item::kOther;
    case Tok::kWith:
      OpenControl(BlockKind::kWith, false, t);
      return Item::kOther;
    case Tok::kTemplate:
      TemplateControl();
      return Item::kOther;
    default:
      break;
  }
  Backup();
  MarkNonEmpty();
  const uint32_t action_pos = Peek().begin;
  ParsePipeline("command", Tok::kRightDelim);
  if (building()) {
    auto action = NewNode(NodeType::kAction, action_pos);
    action->kids.push_back(std::move(last_pipe_));
    Append(std::move(action));
  }
  return Item::kOther;
}

void Parser::OpenControl(BlockKind kind, bool chained, Token keyword) {
  MarkNonEmpty();
  CheckExecNesting(keyword);
  if (frames_.size() >= kMaxBlockDepth) {
    Fail("nesting too deep: more than " + std::to_string(kMaxBlockDepth) +
             " nested blocks; simplify the template",
         keyword.begin, keyword.end);
  }
  Frame f;
  f.kind = kind;
  f.chained = chained;
  f.outer_dot = DotIsAlert();
  f.vars_mark = scope_.size();
  f.open_begin = action_begin_;
  f.open_end = keyword.end;
  ParsePipeline(BlockName(kind), Tok::kRightDelim);
  if (kind == BlockKind::kRange) ++range_depth_;
  if (building()) {
    const NodeType type = kind == BlockKind::kIf      ? NodeType::kIf
                          : kind == BlockKind::kRange ? NodeType::kRange
                                                      : NodeType::kWith;
    auto node = NewNode(type, 0);
    node->pos = last_pipe_->pos;
    node->kids.push_back(std::move(last_pipe_));
    node->kids.push_back(NewNode(NodeType::kList, keyword.end));
    node->kids.push_back(nullptr);
    f.node = node.get();
    f.list = node->kids[1].get();
    Append(std::move(node));
  }
  frames_.push_back(std::move(f));
}

void Parser::HandleElse(uint32_t end) {
  Frame& f = frames_.back();
  switch (f.kind) {
    case BlockKind::kDefine:
    case BlockKind::kBlock:
      FailHint("unexpected {{else}} in " + std::string(BlockName(f.kind)) + " clause",
               ": {{else}} must be inside {{if}}, {{range}} or {{with}}", action_begin_, end);
    case BlockKind::kIf:
    case BlockKind::kRange:
    case BlockKind::kWith:
      break;
  }
  if (f.in_else) {
    FailHint("expected end; found {{else}}",
             ": {{" + std::string(BlockName(f.kind)) +
                 "}} already has an {{else}}; use {{else if ...}} for another branch or add "
                 "{{end}}",
             action_begin_, end);
  }
  if (f.kind == BlockKind::kRange) --range_depth_;
  f.in_else = true;
  if (building()) {
    f.node->kids[2] = NewNode(NodeType::kList, end);
    f.list = f.node->kids[2].get();
  }
  const Token next = Peek();
  if (f.kind == BlockKind::kIf && next.kind == Tok::kIf) {
    OpenControl(BlockKind::kIf, true, NextTok());
  } else if (f.kind == BlockKind::kWith && next.kind == Tok::kWith) {
    OpenControl(BlockKind::kWith, true, NextTok());
  }
}

void Parser::HandleEnd() {
  for (;;) {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    switch (f.kind) {
      case BlockKind::kIf:
      case BlockKind::kWith:
        scope_.PopTo(f.vars_mark);
        break;
      case BlockKind::kRange:
        if (!f.in_else) --range_depth_;
        scope_.PopTo(f.vars_mark);
        break;
      case BlockKind::kDefine:
      case BlockKind::kBlock: {
        const bool nonempty = tree_nonempty_;
        scope_.PopTree(f.saved_tree);
        range_depth_ = f.saved_range_depth;
        tree_nonempty_ = f.saved_nonempty;
        AddTree(f, nonempty);
        if (building()) tree_->defines.emplace_back(f.name, std::move(f.owned));
        break;
      }
    }
    if (!f.chained) return;
  }
}

void Parser::AddTree(const Frame& f, bool nonempty) {
  for (auto& [name, existing_nonempty] : trees_) {
    if (name != f.name) continue;
    if (existing_nonempty && nonempty) {
      FailHint("template: multiple definition of template " + GoQuote(f.name),
               ": another {{define}} or {{block}} already has this name; rename one", f.name_begin,
               f.name_end);
    }
    if (!existing_nonempty) existing_nonempty = nonempty;
    return;
  }
  trees_.emplace_back(f.name, nonempty);
}

std::string Parser::ParseTemplateName(const Token& t, std::string_view context) {
  if (t.kind != Tok::kString && t.kind != Tok::kRawString) Unexpected(t, context);
  std::string name;
  if (!UnquoteGoString(TextOf(t), &name)) {
    Fail("invalid syntax in template name " + std::string(TextOf(t)) + ": fix the escape sequence",
         t.begin, t.end);
  }
  return name;
}

void Parser::ParseDefinition(Token define_tok) {
  const Token name_tok = NextNonSpace();
  if (name_tok.kind != Tok::kString && name_tok.kind != Tok::kRawString) {
    Unexpected(name_tok, "define clause");
  }
  Frame f;
  f.kind = BlockKind::kDefine;
  f.name = ParseTemplateName(name_tok, "define clause");
  f.name_begin = name_tok.begin;
  f.name_end = name_tok.end;
  f.open_begin = action_begin_;
  f.open_end = define_tok.end;
  Expect(Tok::kRightDelim, "define clause");
  f.saved_tree = scope_.PushTree();
  f.saved_range_depth = range_depth_;
  f.saved_nonempty = tree_nonempty_;
  range_depth_ = 0;
  tree_nonempty_ = false;
  if (building()) {
    f.owned = NewNode(NodeType::kList, define_tok.end);
    f.list = f.owned.get();
  }
  frames_.push_back(std::move(f));
}

void Parser::BlockControl(Token keyword) {
  MarkNonEmpty();
  CheckExecNesting(keyword);
  if (frames_.size() >= kMaxBlockDepth) {
    Fail("nesting too deep: more than " + std::to_string(kMaxBlockDepth) +
             " nested blocks; simplify the template",
         keyword.begin, keyword.end);
  }
  const uint32_t begin = action_begin_;
  const Token name_tok = NextNonSpace();
  Frame f;
  f.kind = BlockKind::kBlock;
  f.name = ParseTemplateName(name_tok, "block clause");
  f.name_begin = name_tok.begin;
  f.name_end = name_tok.end;
  f.open_begin = begin;
  f.open_end = keyword.end;
  ParsePipeline("block clause", Tok::kRightDelim);
  if (building()) {
    auto node = NewNode(NodeType::kTemplate, name_tok.begin);
    node->text = f.name;
    node->kids.push_back(std::move(last_pipe_));
    Append(std::move(node));
    f.owned = NewNode(NodeType::kList, name_tok.end);
    f.list = f.owned.get();
  }
  f.saved_tree = scope_.PushTree();
  f.saved_range_depth = range_depth_;
  f.saved_nonempty = tree_nonempty_;
  range_depth_ = 0;
  tree_nonempty_ = false;
  frames_.push_back(std::move(f));
}

void Parser::TemplateControl() {
  MarkNonEmpty();
  const Token name_tok = NextNonSpace();
  std::string name = ParseTemplateName(name_tok, "template clause");
  std::unique_ptr<Node> pipe;
  if (NextNonSpace().kind != Tok::kRightDelim) {
    Backup();
    ParsePipeline("template clause", Tok::kRightDelim);
    pipe = std::move(last_pipe_);
  }
  if (building()) {
    auto node = NewNode(NodeType::kTemplate, name_tok.begin);
    node->text = std::move(name);
    node->kids.push_back(std::move(pipe));
    Append(std::move(node));
  }
}

void Parser::BreakOrContinue(Token keyword) {
  const bool is_break = keyword.kind == Tok::kBreak;
  const std::string_view what = is_break ? "{{break}}" : "{{continue}}";
  const Token t = NextNonSpace();
  if (t.kind != Tok::kRightDelim) Unexpected(t, what);
  if (range_depth_ == 0) {
    FailHint(std::string(what) + " outside {{range}}",
             ": it is only allowed inside a {{range}} loop", action_begin_, t.end);
  }
}

void Parser::CheckFunction(const Token& t) {
  const std::string_view name = TextOf(t);
  if (FindTemplateFunction(name) != nullptr) return;
  std::string message = "function " + GoQuote(name) + " not defined";
  const size_t go_length = message.size();
  if (name == "tmpl") {
    message += ": tmpl is only available in console templates; use {{template \"name\" .}}";
  } else if (std::string_view s = SuggestTemplateFunction(name); !s.empty()) {
    message += "; did you mean " + GoQuote(s) + "?";
  } else {
    message +=
        ": alert templates can only call Go's builtins (and, or, not, eq, printf, index, ...) and "
        "the Prometheus template functions (humanize, query, reReplaceAll, ...)";
  }
  Fail(std::move(message), t.begin, t.end, go_length);
}

void Parser::UseVariable(const Token& t) {
  const std::string_view name = TextOf(t);
  if (scope_.Lookup(name) != Scope::kNone) return;
  std::string message = "undefined variable " + GoQuote(name);
  const size_t go_length = message.size();
  bool predeclared = false;
  for (std::string_view v : kPredeclared) predeclared = predeclared || v == name;
  if (predeclared && scope_.in_nested_tree()) {
    message +=
        ": {{define}} and {{block}} bodies do not see the alert's variables; pass what "
        "they need as the template's data (dot)";
  } else {
    std::string_view best;
    scope_.ForEachVisible([&](std::string_view v) {
      if (!best.empty() || v == "$" || name.size() < 4) return;
      // A missing, extra or changed letter, e.g. $label for $labels.
      const size_t a = v.size(), b = name.size();
      if ((a > b ? a - b : b - a) > 1) return;
      size_t i = 0;
      while (i < a && i < b && v[i] == name[i]) ++i;
      size_t j = 0;
      while (j < a - i && j < b - i && v[a - 1 - j] == name[b - 1 - j]) ++j;
      if (i + j + 1 >= (a > b ? a : b)) best = v;
    });
    if (!best.empty()) {
      message += "; did you mean " + GoQuote(best) + "?";
    } else {
      message += ": declare it first with {{" + std::string(name) + " := ...}}";
    }
  }
  Fail(std::move(message), t.begin, t.end, go_length);
}

void Parser::ParsePipeline(std::string_view context, Tok end) {
  const size_t base = pipes_.size();
  PipeFrame first;
  first.context = context;
  first.end = end;
  first.begin = action_begin_;
  if (building()) first.pipe = NewNode(NodeType::kPipe, PeekNonSpace().begin);
  pipes_.push_back(std::move(first));
  while (pipes_.size() > base) {
    PipeFrame& p = pipes_.back();
    switch (p.state) {
      case PipeState::kStart:
        Declarations(p);
        p.state = PipeState::kLoop;
        break;
      case PipeState::kLoop: {
        const Token t = NextNonSpace();
        if (t.kind == p.end) {
          CheckPipeline(p, t.end);
          const uint32_t paren_begin = p.paren_begin;
          std::unique_ptr<Node> built = std::move(p.pipe);
          pipes_.pop_back();
          if (pipes_.size() > base) {
            pending_ = std::move(built);
          } else {
            last_pipe_ = std::move(built);
          }
          if (pipes_.size() > base) {
            PipeFrame& outer = pipes_.back();
            TermDone(outer, ArgKind::kExecutable, Token{Tok::kLeftParen, paren_begin, t.end}, false,
                     false);
          }
          break;
        }
        if (!StartsOperand(t.kind)) Unexpected(t, p.context);
        Backup();
        p.args = 0;
        p.first_arg = ArgKind::kExecutable;
        p.index_state = 0;
        p.cmd_begin = t.begin;
        p.cmd_end = t.end;
        if (building()) p.cmd = NewNode(NodeType::kCommand, t.begin);
        p.state = PipeState::kOperand;
        break;
      }
      case PipeState::kOperand:
        Term(p);
        break;
      case PipeState::kAfterOperand: {
        const Token t = NextTok();
        switch (t.kind) {
          case Tok::kSpace:
            p.state = PipeState::kOperand;
            break;
          case Tok::kRightDelim:
          case Tok::kRightParen:
            Backup();
            FinishCommand(p);
            break;
          case Tok::kPipe:
            FinishCommand(p);
            break;
          default:
            Unexpected(t, "operand");
        }
        break;
      }
      case PipeState::kAwaitParen:
        // Only reached through TermDone once the inner pipeline finished.
        break;
    }
  }
}

void Parser::Declarations(PipeFrame& p) {
  for (;;) {
    const Token v = PeekNonSpace();
    if (v.kind != Tok::kVariable) return;
    NextTok();
    const Token after = Peek();
    const Token next = PeekNonSpace();
    if (next.kind == Tok::kAssign || next.kind == Tok::kDeclare) {
      NextNonSpace();
      Declare(v);
      ++p.decls;
      if (building()) {
        p.pipe->is_assign = next.kind == Tok::kAssign;
        p.pipe->decls.emplace_back(TextOf(v));
      }
      return;
    }
    if (next.kind == Tok::kChar && TextOf(next) == ",") {
      NextNonSpace();
      Declare(v);
      ++p.decls;
      if (building()) p.pipe->decls.emplace_back(TextOf(v));
      if (p.context == "range" && p.decls < 2) {
        const Tok k = PeekNonSpace().kind;
        if (k == Tok::kVariable || k == Tok::kRightDelim || k == Tok::kRightParen) continue;
        FailHint("range can only initialize variables",
                 ": write {{range $index, $element := pipeline}}", next.begin, next.end);
      }
      FailHint("too many declarations in " + std::string(p.context),
               p.context == "range" ? ": range declares at most two variables"
                                    : ": declare one variable per action",
               next.begin, next.end);
    }
    if (after.kind == Tok::kSpace) {
      Backup3(v, after);
    } else {
      Backup2(v);
    }
    return;
  }
}

void Parser::Term(PipeFrame& p) {
  PeekNonSpace();
  const Token t = NextNonSpace();
  switch (t.kind) {
    case Tok::kIdentifier:
      CheckFunction(t);
      if (building()) {
        pending_ = NewNode(NodeType::kIdentifier, t.begin);
        pending_->text = std::string(TextOf(t));
      }
      TermDone(p, ArgKind::kExecutable, t, false, p.args == 0 && TextOf(t) == "index");
      return;
    case Tok::kDot:
      if (building()) pending_ = NewNode(NodeType::kDot, t.begin);
      TermDone(p, ArgKind::kDot, t, false, false);
      return;
    case Tok::kNil:
      if (building()) pending_ = NewNode(NodeType::kNil, t.begin);
      TermDone(p, ArgKind::kNil, t, false, false);
      return;
    case Tok::kVariable: {
      UseVariable(t);
      if (building()) {
        pending_ = NewNode(NodeType::kVariable, t.begin);
        pending_->ident.emplace_back(TextOf(t));
      }
      const bool labels = scope_.Lookup(TextOf(t)) == kLabelsVar;
      TermDone(p, ArgKind::kExecutable, t, labels, false);
      return;
    }
    case Tok::kField:
      if (building()) {
        pending_ = NewNode(NodeType::kField, t.begin);
        pending_->ident.emplace_back(TextOf(t).substr(1));
      }
      TermDone(p, ArgKind::kExecutable, t, TextOf(t) == ".Labels" && DotIsAlert(), false);
      return;
    case Tok::kBool:
      if (building()) {
        pending_ = NewNode(NodeType::kBool, t.begin);
        pending_->boolean = TextOf(t) == "true";
      }
      TermDone(p, ArgKind::kBool, t, false, false);
      return;
    case Tok::kCharConstant:
    case Tok::kComplex:
    case Tok::kNumber: {
      std::string problem =
          CheckGoNumber(TextOf(t), t.kind == Tok::kCharConstant, t.kind == Tok::kComplex);
      if (!problem.empty()) {
        // Go's message ends with the literal (quoted or not); advice follows.
        size_t go_length = problem.find(TextOf(t));
        if (go_length != std::string::npos) {
          go_length += t.end - t.begin;
          if (go_length < problem.size() && problem[go_length] == '"') ++go_length;
        }
        Fail(std::move(problem), t.begin, t.end, go_length);
      }
      if (building()) {
        pending_ = NewNode(NodeType::kNumber, t.begin);
        pending_->text = std::string(TextOf(t));
        FillNumberNode(*pending_, t.kind == Tok::kCharConstant, t.kind == Tok::kComplex);
      }
      TermDone(p, ArgKind::kNumber, t, false, false);
      return;
    }
    case Tok::kLeftParen: {
      CheckExecNesting(t);
      if (pipes_.size() - 1 >= kMaxParenDepth) {
        FailHint("max expression depth exceeded",
                 ": more than " + std::to_string(kMaxParenDepth) + " nested parentheses", t.begin,
                 t.end);
      }
      p.state = PipeState::kAwaitParen;
      PipeFrame inner;
      inner.context = "parenthesized pipeline";
      inner.end = Tok::kRightParen;
      inner.begin = t.begin;
      inner.paren_begin = t.begin;
      if (building()) inner.pipe = NewNode(NodeType::kPipe, PeekNonSpace().begin);
      pipes_.push_back(std::move(inner));  // invalidates p
      return;
    }
    case Tok::kString:
    case Tok::kRawString: {
      if (!UnquoteGoString(TextOf(t), nullptr)) {
        Fail("invalid syntax in quoted string " + std::string(TextOf(t)) +
                 ": fix the escape sequence (valid: \\\\ \\\" \\n \\t \\xFF \\u00e9 ...) or use a "
                 "`raw string`",
             t.begin, t.end);
      }
      if (p.index_state == 2 && p.args == 2) {
        std::string name;
        UnquoteGoString(TextOf(t), &name);
        report_->label_refs.push_back(LabelReference{std::move(name), p.cmd_begin, t.end});
      }
      if (building()) {
        pending_ = NewNode(NodeType::kString, t.begin);
        pending_->quoted = std::string(TextOf(t));
        UnquoteGoString(pending_->quoted, &pending_->text);
      }
      TermDone(p, ArgKind::kString, t, false, false);
      return;
    }
    default:
      Backup();
      p.state = PipeState::kAfterOperand;
      return;
  }
}

void Parser::TermDone(PipeFrame& p, ArgKind kind, Token term, bool is_labels_map, bool is_index) {
  uint32_t end = term.end;
  bool chained = false;
  std::unique_ptr<Node> node = std::move(pending_);
  if (Peek().kind == Tok::kField) {
    chained = true;
    const Token first_field = NextTok();
    end = first_field.end;
    std::vector<std::string> fields{std::string(TextOf(first_field).substr(1))};
    while (Peek().kind == Tok::kField) {
      const Token f = NextTok();
      fields.emplace_back(TextOf(f).substr(1));
      end = f.end;
    }
    if (node && (node->type == NodeType::kField || node->type == NodeType::kVariable)) {
      node->pos = first_field.begin + offset_;
      for (auto& f : fields) node->ident.push_back(std::move(f));
    } else if (node && kind == ArgKind::kExecutable) {
      auto chain = NewNode(NodeType::kChain, first_field.begin);
      chain->kids.push_back(std::move(node));
      chain->ident = std::move(fields);
      node = std::move(chain);
    }
    switch (kind) {
      case ArgKind::kBool:
      case ArgKind::kDot:
      case ArgKind::kNil:
      case ArgKind::kNumber:
      case ArgKind::kString:
        FailHint("unexpected . after term " + GoQuote(TextOf(term)),
                 ": only fields, variables, function results and (pipelines) have fields",
                 term.begin, end);
      case ArgKind::kExecutable:
        break;
    }
    if (is_labels_map) {
      const std::string_view field = TextOf(first_field).substr(1);
      report_->label_refs.push_back(
          LabelReference{std::string(field), term.begin, first_field.end});
    }
  }
  if (p.args == 0) {
    p.first_arg = kind;
    p.cmd_begin = term.begin;
    p.index_state = is_index ? 1 : 0;
  } else if (p.index_state == 1 && p.args == 1 && is_labels_map && !chained) {
    p.index_state = 2;
  } else {
    p.index_state = 0;
  }
  ++p.args;
  p.cmd_end = end;
  p.state = PipeState::kAfterOperand;
  if (building()) p.cmd->kids.push_back(std::move(node));
}

void Parser::FinishCommand(PipeFrame& p) {
  if (p.args == 0) Fail("empty command", p.cmd_begin, p.cmd_end);
  ++p.cmds;
  if (p.cmds > 1 && p.bad_stage == 0 && p.first_arg != ArgKind::kExecutable) {
    p.bad_stage = p.cmds;
    p.bad_begin = p.cmd_begin;
    p.bad_end = p.cmd_end;
  }
  if (p.cmds > kMaxPipelineCmds) Fail("pipeline too long", p.cmd_begin, p.cmd_end);
  if (building()) p.pipe->kids.push_back(std::move(p.cmd));
  p.state = PipeState::kLoop;
}

void Parser::CheckPipeline(const PipeFrame& p, uint32_t end) {
  if (p.cmds == 0) {
    std::string message = "missing value for " + std::string(p.context);
    const size_t go_length = message.size();
    if (p.context == "command") {
      message += ": the action is empty; put a value in it or remove it";
    } else if (p.context == "parenthesized pipeline") {
      message += ": put a value inside the parentheses";
    } else {
      message += ": {{" + std::string(p.context.substr(0, p.context.find(' '))) +
                 "}} needs a pipeline after it";
    }
    Fail(std::move(message), p.begin, end, go_length);
  }
  if (p.bad_stage != 0) {
    FailHint("non executable command in pipeline stage " + std::to_string(p.bad_stage),
             ": a value after \"|\" must be a function call, field, variable or (pipeline); "
             "literals can only start a pipeline",
             p.bad_begin, p.bad_end);
  }
}

}  // namespace

void ParseAlertTemplate(std::string_view text, TemplateReport& report, Tree* tree,
                        uint32_t pos_offset) {
  if (text.size() >= UINT32_MAX) {
    report.errors.push_back(TemplateError{0, 0, "template too large (4 GiB or more)"});
    return;
  }
  thread_local Parser parser;
  parser.Reset(text, &report, tree, pos_offset);
  try {
    parser.Run();
  } catch (const ParseFailure&) {
    // The error is in the report.
  }
}

}  // namespace ttam::tmpl
