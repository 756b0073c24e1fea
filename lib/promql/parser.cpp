#include "promql/parser.h"

#include <re2/re2.h>

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "promql/lexer.h"
#include "promql/printer.h"
#include "support/go_regexp.h"
#include "support/text.h"
#include "support/utf8.h"

namespace ttam::promql {
namespace {

std::optional<AggregateOp> AggregateOpFromName(std::string_view name) {
  static constexpr std::pair<std::string_view, AggregateOp> kOps[] = {
      {"sum", AggregateOp::kSum},
      {"avg", AggregateOp::kAvg},
      {"count", AggregateOp::kCount},
      {"min", AggregateOp::kMin},
      {"max", AggregateOp::kMax},
      {"group", AggregateOp::kGroup},
      {"stddev", AggregateOp::kStddev},
      {"stdvar", AggregateOp::kStdvar},
      {"topk", AggregateOp::kTopk},
      {"bottomk", AggregateOp::kBottomk},
      {"count_values", AggregateOp::kCountValues},
      {"quantile", AggregateOp::kQuantile},
      {"limitk", AggregateOp::kLimitk},
      {"limit_ratio", AggregateOp::kLimitRatio},
  };
  std::string lower = Lower(name);
  for (const auto& [n, op] : kOps) {
    if (n == lower) return op;
  }
  return std::nullopt;
}

// Binding power of a binary operator token; 0 when the token is not one.
int Precedence(TokenKind k) {
  switch (k) {
    case TokenKind::kOr:
      return 1;
    case TokenKind::kAnd:
    case TokenKind::kUnless:
      return 2;
    case TokenKind::kEqlc:
    case TokenKind::kNeq:
    case TokenKind::kLss:
    case TokenKind::kGtr:
    case TokenKind::kLte:
    case TokenKind::kGte:
    case TokenKind::kTrimUpper:
    case TokenKind::kTrimLower:
      return 3;
    case TokenKind::kAdd:
    case TokenKind::kSub:
      return 4;
    case TokenKind::kMul:
    case TokenKind::kDiv:
    case TokenKind::kMod:
    case TokenKind::kAtan2:
      return 5;
    case TokenKind::kPow:
      return 6;
    default:
      return 0;
  }
}
constexpr int kPowPrecedence = 6;
constexpr double kMaxDurationSeconds = 9223372036.854775807;
constexpr std::string_view kEmptyMatcherMessage =
    "vector selector must contain at least one non-empty matcher";

BinaryOp ToBinaryOp(TokenKind k) {
  switch (k) {
    case TokenKind::kOr:
      return BinaryOp::kOr;
    case TokenKind::kAnd:
      return BinaryOp::kAnd;
    case TokenKind::kUnless:
      return BinaryOp::kUnless;
    case TokenKind::kEqlc:
      return BinaryOp::kEql;
    case TokenKind::kNeq:
      return BinaryOp::kNeq;
    case TokenKind::kLss:
      return BinaryOp::kLss;
    case TokenKind::kGtr:
      return BinaryOp::kGtr;
    case TokenKind::kLte:
      return BinaryOp::kLte;
    case TokenKind::kGte:
      return BinaryOp::kGte;
    case TokenKind::kAdd:
      return BinaryOp::kAdd;
    case TokenKind::kSub:
      return BinaryOp::kSub;
    case TokenKind::kMul:
      return BinaryOp::kMul;
    case TokenKind::kDiv:
      return BinaryOp::kDiv;
    case TokenKind::kMod:
      return BinaryOp::kMod;
    case TokenKind::kAtan2:
      return BinaryOp::kAtan2;
    case TokenKind::kTrimUpper:
      return BinaryOp::kTrimUpper;
    case TokenKind::kTrimLower:
      return BinaryOp::kTrimLower;
    default:
      return BinaryOp::kPow;
  }
}

bool IsKeyword(TokenKind k) { return k >= TokenKind::kAnd; }

// Keywords Prometheus also accepts as a metric name at the start of an operand.
bool IsMetricNameKeyword(TokenKind k) {
  return k == TokenKind::kAnd || k == TokenKind::kOr || k == TokenKind::kUnless ||
         k == TokenKind::kBy || k == TokenKind::kWithout || k == TokenKind::kOffset ||
         k == TokenKind::kAnchored || k == TokenKind::kSmoothed || k == TokenKind::kFill ||
         k == TokenKind::kFillLeft || k == TokenKind::kFillRight;
}

// step(), range(), min_of() and max_of() in a duration expression (any case, as
// Prometheus lexes them as keywords).
std::optional<DurationOp> DurationFunction(const Token& t) {
  if (t.kind != TokenKind::kIdentifier) return std::nullopt;
  std::string lower = Lower(t.text);
  if (lower == "step") return DurationOp::kStep;
  if (lower == "range") return DurationOp::kRange;
  if (lower == "min_of") return DurationOp::kMinOf;
  if (lower == "max_of") return DurationOp::kMaxOf;
  return std::nullopt;
}

std::optional<DurationOp> DurationBinaryOp(TokenKind k) {
  switch (k) {
    case TokenKind::kAdd:
      return DurationOp::kAdd;
    case TokenKind::kSub:
      return DurationOp::kSub;
    case TokenKind::kMul:
      return DurationOp::kMul;
    case TokenKind::kDiv:
      return DurationOp::kDiv;
    case TokenKind::kMod:
      return DurationOp::kMod;
    case TokenKind::kPow:
      return DurationOp::kPow;
    default:
      return std::nullopt;
  }
}

// Where an error in a duration expression is reported: the production and what it expected.
struct DurationContext {
  std::string_view context;
  std::string_view expected;
};
constexpr DurationContext kRangeContext{"subquery selector", "duration"};
constexpr DurationContext kStepContext{"subquery selector", "duration or \"]\""};
constexpr DurationContext kOffsetContext{"offset", "duration"};

std::string Gated(std::string_view message, std::string_view flag) {
  return std::string(message) + " (" + std::string(flag) + ")";
}

// Operators print as <op:+>, keywords as <by>, punctuation quoted, values with their kind.
std::string Describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEof:
      return "end of input";
    case TokenKind::kIdentifier:
      return "identifier \"" + t.text + "\"";
    case TokenKind::kMetricIdentifier:
      return "metric identifier \"" + t.text + "\"";
    case TokenKind::kNumber:
      return "number \"" + t.text + "\"";
    case TokenKind::kDuration:
      return "duration \"" + t.text + "\"";
    case TokenKind::kString:
      return "string " + QuoteString(t.text);
    case TokenKind::kError:
      return t.text;
    case TokenKind::kLeftParen:
    case TokenKind::kRightParen:
    case TokenKind::kLeftBrace:
    case TokenKind::kRightBrace:
    case TokenKind::kLeftBracket:
    case TokenKind::kRightBracket:
    case TokenKind::kComma:
    case TokenKind::kColon:
      return "\"" + t.text + "\"";
    case TokenKind::kAssign:
      return "\"=\"";
    case TokenKind::kAnd:
    case TokenKind::kOr:
    case TokenKind::kUnless:
    case TokenKind::kAtan2:
    case TokenKind::kTrimUpper:
    case TokenKind::kTrimLower:
    case TokenKind::kAt:
    case TokenKind::kRegexMatch:
    case TokenKind::kRegexNoMatch:
    case TokenKind::kAdd:
    case TokenKind::kSub:
    case TokenKind::kMul:
    case TokenKind::kDiv:
    case TokenKind::kMod:
    case TokenKind::kPow:
    case TokenKind::kEqlc:
    case TokenKind::kNeq:
    case TokenKind::kLss:
    case TokenKind::kGtr:
    case TokenKind::kLte:
    case TokenKind::kGte:
      return "<op:" + t.text + ">";
    case TokenKind::kBool:
    case TokenKind::kBy:
    case TokenKind::kWithout:
    case TokenKind::kOn:
    case TokenKind::kIgnoring:
    case TokenKind::kGroupLeft:
    case TokenKind::kGroupRight:
    case TokenKind::kOffset:
    case TokenKind::kAnchored:
    case TokenKind::kSmoothed:
    case TokenKind::kFill:
    case TokenKind::kFillLeft:
    case TokenKind::kFillRight:
      return "<" + t.text + ">";
  }
  return t.text;
}

class Parser {
 public:
  Parser(std::string_view input, const ParseOptions& options)
      : tokens_(Lex(input)), options_(options) {}

  ParseResult Run() {
    ParseResult result;
    if (Peek().kind == TokenKind::kEof) {
      AddError(0, 0, "no expression found in input");
    } else {
      ExprPtr e = ParseExpr(1);
      if (e && !failed_ && Peek().kind != TokenKind::kEof) Unexpected("", "");
      if (!failed_) result.expr = std::move(e);
    }
    result.errors = std::move(errors_);
    return result;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  Token Take() {
    Token t = Peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    last_end_ = t.end;
    return t;
  }
  bool Accept(TokenKind k) {
    if (Peek().kind != k) return false;
    Take();
    return true;
  }

  void AddError(size_t begin, size_t end, std::string message) {
    errors_.push_back(ParseError{begin, end, std::move(message)});
  }

  // Records a syntax error at the next token and stops the parse.
  std::nullptr_t Unexpected(std::string_view context, std::string_view expected) {
    if (failed_) return nullptr;
    failed_ = true;
    const Token& t = Peek();
    if (t.kind == TokenKind::kError) {
      AddError(t.begin, t.end, t.text);
      return nullptr;
    }
    std::string msg = "unexpected " + Describe(t);
    if (!context.empty()) msg += " in " + std::string(context);
    if (!expected.empty()) msg += ", expected " + std::string(expected);
    AddError(t.begin, t.end, std::move(msg));
    return nullptr;
  }

  std::nullptr_t Fail(size_t begin, size_t end, std::string message) {
    if (!failed_) AddError(begin, end, std::move(message));
    failed_ = true;
    return nullptr;
  }

  // expr := unary (binop modifiers expr)*, climbing by precedence.
  ExprPtr ParseExpr(int min_prec) {
    // Bounds recursion so hostile input cannot overflow the stack.
    if (depth_ >= kMaxDepth) return TooDeep(kMaxDepth);
    ++depth_;
    DepthGuard guard(this);
    if (!guard.Deepen()) return nullptr;
    ExprPtr e = ParseExprAt(min_prec);
    --depth_;
    return e;
  }

  std::nullptr_t TooDeep(int limit) {
    const Token& t = Peek();
    return Fail(t.begin, t.end,
                "expression nesting too deep (more than " + std::to_string(limit) + " levels)");
  }

  // Counts tree levels added by operator chains and postfix wraps, which the
  // parser builds in loops rather than by recursion; undone on scope exit.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser* p) : p_(p) {}
    ~DepthGuard() { p_->tree_depth_ -= added_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    /// Adds a level; false (with an error recorded) past the limit.
    bool Deepen() {
      ++added_;
      if (++p_->tree_depth_ <= kMaxTreeDepth) return true;
      p_->TooDeep(kMaxTreeDepth);
      return false;
    }

   private:
    Parser* p_;
    int added_ = 0;
  };

  ExprPtr ParseExprAt(int min_prec) {
    ExprPtr lhs = ParseUnary();
    if (!lhs) return nullptr;
    DepthGuard guard(this);
    while (true) {
      const Token& op_tok = Peek();
      int prec = Precedence(op_tok.kind);
      if (prec == 0 || prec < min_prec) return lhs;
      if (!guard.Deepen()) return nullptr;
      Token op = Take();
      BinaryExpr bin;
      bin.op = ToBinaryOp(op.kind);
      if (!ParseBinaryModifiers(op, &bin)) return nullptr;
      int next_min = op.kind == TokenKind::kPow ? prec : prec + 1;
      ExprPtr rhs = ParseExpr(next_min);
      if (!rhs) return nullptr;
      Span span{lhs->span.begin, rhs->span.end};
      if ((bin.matching.fill_lhs || bin.matching.fill_rhs) && !options_.binop_fill_modifiers) {
        AddError(span.begin, span.end,
                 Gated("binop fill modifiers are experimental and not enabled",
                       kBinopFillModifiersFlag));
      }
      bin.lhs = std::move(lhs);
      bin.rhs = std::move(rhs);
      lhs = MakeExpr(std::move(bin), span);
    }
  }

  bool ParseBinaryModifiers(const Token& op, BinaryExpr* bin) {
    if (Peek().kind == TokenKind::kBool) {
      Token b = Take();
      if (!IsComparisonOp(bin->op)) {
        Fail(b.begin, b.end, "bool modifier can only be used on comparison operators");
        return false;
      }
      bin->return_bool = true;
    }
    VectorMatching& m = bin->matching;
    if (Peek().kind == TokenKind::kOn || Peek().kind == TokenKind::kIgnoring) {
      m.on = Take().kind == TokenKind::kOn;
      m.has_clause = true;
      if (!ParseGroupingLabels(&m.matching_labels)) return false;
      if (Peek().kind == TokenKind::kGroupLeft || Peek().kind == TokenKind::kGroupRight) {
        Token g = Take();
        if (IsSetOp(bin->op)) {
          Fail(g.begin, g.end,
               "no grouping allowed for \"" + std::string(BinaryOpName(bin->op)) + "\" operation");
          return false;
        }
        m.card =
            g.kind == TokenKind::kGroupLeft ? Cardinality::kManyToOne : Cardinality::kOneToMany;
        if (Peek().kind == TokenKind::kLeftParen && !ParseGroupingLabels(&m.include_labels)) {
          return false;
        }
        if (m.on) {
          for (const std::string& l1 : m.matching_labels) {
            for (const std::string& l2 : m.include_labels) {
              if (l1 == l2) {
                AddError(op.begin, op.end,
                         "label \"" + l1 + "\" must not occur in ON and GROUP clause at once");
              }
            }
          }
        }
      }
    }
    if (IsSetOp(bin->op)) m.card = Cardinality::kManyToMany;
    // fill(v), or fill_left(v) and/or fill_right(v) in either order.
    TokenKind k = Peek().kind;
    if (k == TokenKind::kFill) {
      Take();
      if (!ParseFillValue(&m.fill_lhs)) return false;
      m.fill_rhs = m.fill_lhs;
    } else if (k == TokenKind::kFillLeft || k == TokenKind::kFillRight) {
      Take();
      std::optional<double>& first = k == TokenKind::kFillLeft ? m.fill_lhs : m.fill_rhs;
      if (!ParseFillValue(&first)) return false;
      TokenKind other = k == TokenKind::kFillLeft ? TokenKind::kFillRight : TokenKind::kFillLeft;
      if (Peek().kind == other) {
        Take();
        std::optional<double>* second = other == TokenKind::kFillLeft ? &m.fill_lhs : &m.fill_rhs;
        if (!ParseFillValue(second)) return false;
      }
    }
    return true;
  }

  // `( [+|-] number-or-duration )` after fill, fill_left or fill_right.
  bool ParseFillValue(std::optional<double>* out) {
    if (!Accept(TokenKind::kLeftParen)) {
      Unexpected("", "");
      return false;
    }
    bool negative = false;
    if (Peek().kind == TokenKind::kAdd || Peek().kind == TokenKind::kSub) {
      negative = Take().kind == TokenKind::kSub;
    }
    const Token& t = Peek();
    double v = 0;
    if (t.kind == TokenKind::kDuration) {
      long long ms = 0;
      std::string msg;
      if (!ParseDurationText(t.text, &ms, &msg)) {
        Fail(t.begin, t.end, msg);
        return false;
      }
      v = static_cast<double>(ms) / 1000.0;
    } else if (t.kind != TokenKind::kNumber || !ParseNumberText(t.text, &v)) {
      Unexpected("", "");
      return false;
    }
    Take();
    if (!Accept(TokenKind::kRightParen)) {
      Unexpected("", "");
      return false;
    }
    *out = negative ? -v : v;
    return true;
  }

  // `( label, ... [,] )`; labels may be identifiers, keywords or quoted strings.
  bool ParseGroupingLabels(std::vector<std::string>* out) {
    if (!Accept(TokenKind::kLeftParen)) {
      Unexpected("grouping opts", "\"(\"");
      return false;
    }
    while (Peek().kind != TokenKind::kRightParen) {
      const Token& t = Peek();
      if (t.kind == TokenKind::kIdentifier || IsKeyword(t.kind) ||
          (t.kind == TokenKind::kNumber && !t.text.empty() &&
           ((t.text[0] >= 'a' && t.text[0] <= 'z') || (t.text[0] >= 'A' && t.text[0] <= 'Z')))) {
        out->push_back(Take().text);
      } else if (t.kind == TokenKind::kString) {
        out->push_back(Take().text);
      } else {
        Unexpected("grouping opts", "label");
        return false;
      }
      if (Accept(TokenKind::kComma)) continue;
      if (Peek().kind != TokenKind::kRightParen) {
        Unexpected("grouping opts", "\",\" or \")\"");
        return false;
      }
    }
    Take();
    return true;
  }

  // unary := ('+'|'-') expr(^) | postfix. Unary binds like '*': `-a^b` is `-(a^b)`.
  ExprPtr ParseUnary() {
    if (Peek().kind == TokenKind::kAdd || Peek().kind == TokenKind::kSub) {
      Token op = Take();
      ExprPtr operand = ParseExpr(kPowPrecedence);
      if (!operand) return nullptr;
      Span span{op.begin, operand->span.end};
      if (auto* num = std::get_if<NumberLiteral>(&operand->node)) {
        if (op.kind == TokenKind::kSub) num->value = -num->value;
        operand->span = span;
        return operand;
      }
      return MakeExpr(UnaryExpr{op.kind == TokenKind::kSub, std::move(operand)}, span);
    }
    ExprPtr e = ParsePrimary();
    if (!e) return nullptr;
    return ParsePostfix(std::move(e));
  }

  // If `*e` is a NumberLiteral (a literal number of seconds or duration),
  // stores it in `*ms` as milliseconds, frees it and returns true; a literal
  // needs no feature flag and keeps the tree as it was before duration
  // expressions existed.
  static bool TakeLiteralMs(ExprPtr* e, int64_t* ms) {
    const auto* num = std::get_if<NumberLiteral>(&(*e)->node);
    if (!num) return false;
    *ms = static_cast<int64_t>(std::llround(num->value * 1000));
    e->reset();
    return true;
  }

  bool StartsDuration(size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    switch (t.kind) {
      case TokenKind::kNumber:
      case TokenKind::kDuration:
      case TokenKind::kAdd:
      case TokenKind::kSub:
      case TokenKind::kLeftParen:
        return true;
      default:
        return DurationFunction(t).has_value();
    }
  }

  // A range or subquery step: a duration expression whose literal value must be positive.
  ExprPtr ParsePositionDuration(const DurationContext& ctx) {
    if (!StartsDuration()) return Unexpected(ctx.context, ctx.expected);
    ExprPtr d = ParseDurationExpr(1, ctx);
    if (!d) return nullptr;
    if (const auto* num = std::get_if<NumberLiteral>(&d->node); num && !(num->value > 0)) {
      AddError(d->span.begin, d->span.end, "duration must be greater than 0");
    }
    return d;
  }

  // An offset: `[+|-]` then a number, a duration, step(), range(), min_of(),
  // max_of() or a parenthesised duration expression. No binary operator may
  // follow: `foo offset 1m + 2` adds 2 to `foo offset 1m`, as in Prometheus.
  ExprPtr ParseOffsetDuration() {
    if (Peek().kind == TokenKind::kAdd || Peek().kind == TokenKind::kSub) {
      Token sign = Take();
      ExprPtr operand = ParseDurationPrimary(kOffsetContext);
      if (!operand) return nullptr;
      return ApplyDurationSign(sign, std::move(operand));
    }
    return ParseDurationPrimary(kOffsetContext);
  }

  ExprPtr ApplyDurationSign(const Token& sign, ExprPtr operand) {
    Span span{sign.begin, operand->span.end};
    if (auto* num = std::get_if<NumberLiteral>(&operand->node)) {
      if (sign.kind == TokenKind::kSub) num->value = -num->value;
      operand->span = span;
      return operand;
    }
    if (sign.kind == TokenKind::kAdd) return operand;
    return MakeExpr(DurationExpr{DurationOp::kNeg, std::move(operand), nullptr}, span);
  }

  void GateDuration(Span span) {
    if (options_.experimental_duration_expr) return;
    AddError(span.begin, span.end,
             Gated("experimental duration expression is not enabled", kDurationExprFlag));
  }

  // duration_expr := unary (op duration_expr)*, with PromQL's precedences.
  ExprPtr ParseDurationExpr(int min_prec, const DurationContext& ctx) {
    if (depth_ >= kMaxDepth) return TooDeep(kMaxDepth);
    ++depth_;
    DepthGuard guard(this);
    if (!guard.Deepen()) return nullptr;
    ExprPtr lhs;
    if (Peek().kind == TokenKind::kAdd || Peek().kind == TokenKind::kSub) {
      // Unary binds like '*': `-2^2` is `-(2^2)`, `-2*3` is `(-2)*3`.
      Token sign = Take();
      ExprPtr operand = ParseDurationExpr(kPowPrecedence, ctx);
      if (!operand) return nullptr;
      lhs = ApplyDurationSign(sign, std::move(operand));
    } else {
      lhs = ParseDurationPrimary(ctx);
      if (!lhs) return nullptr;
    }
    while (true) {
      std::optional<DurationOp> op = DurationBinaryOp(Peek().kind);
      int prec = Precedence(Peek().kind);
      if (!op || prec < min_prec) break;
      if (!guard.Deepen()) return nullptr;
      Token op_tok = Take();
      GateDuration(lhs->span);
      ExprPtr rhs = ParseDurationExpr(*op == DurationOp::kPow ? prec : prec + 1, ctx);
      if (!rhs) return nullptr;
      if (const auto* num = std::get_if<NumberLiteral>(&rhs->node);
          num && num->value == 0 && (*op == DurationOp::kDiv || *op == DurationOp::kMod)) {
        AddError(op_tok.begin, op_tok.end,
                 *op == DurationOp::kDiv ? "division by zero" : "modulo by zero");
      }
      Span span{lhs->span.begin, rhs->span.end};
      lhs = MakeExpr(DurationExpr{*op, std::move(lhs), std::move(rhs)}, span);
    }
    --depth_;
    return lhs;
  }

  // A number or duration (in seconds), step(), range(), min_of(a, b), max_of(a, b) or `( expr )`.
  ExprPtr ParseDurationPrimary(const DurationContext& ctx) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kDuration) {
      double seconds = 0;
      if (t.kind == TokenKind::kNumber) {
        if (!ParseNumberText(t.text, &seconds)) {
          return Fail(t.begin, t.end, "bad number syntax: \"" + t.text + "\"");
        }
      } else {
        long long v = 0;
        std::string msg;
        if (!ParseDurationText(t.text, &v, &msg)) return Fail(t.begin, t.end, msg);
        seconds = static_cast<double>(v) / 1000.0;
      }
      // Prometheus's bound: what fits in an int64 of nanoseconds.
      if (!(std::fabs(seconds) <= kMaxDurationSeconds)) {
        return Fail(t.begin, t.end, "duration out of range");
      }
      Token n = Take();
      return MakeExpr(NumberLiteral{seconds}, {n.begin, n.end});
    }
    if (t.kind == TokenKind::kLeftParen) {
      Token lp = Take();
      ExprPtr inner = ParseDurationExpr(1, ctx);
      if (!inner) return nullptr;
      if (!Accept(TokenKind::kRightParen)) return Unexpected(ctx.context, "\")\"");
      Span span{lp.begin, last_end_};
      GateDuration(span);
      // As in Prometheus, parentheses around a number leave the number.
      if (std::holds_alternative<NumberLiteral>(inner->node)) {
        inner->span = span;
        return inner;
      }
      return MakeExpr(DurationExpr{DurationOp::kParen, std::move(inner), nullptr}, span);
    }
    std::optional<DurationOp> fn = DurationFunction(t);
    if (!fn || Peek(1).kind != TokenKind::kLeftParen) return Unexpected(ctx.context, ctx.expected);
    Token name = Take();
    Take();  // '('
    DurationExpr d{*fn, nullptr, nullptr};
    if (*fn == DurationOp::kMinOf || *fn == DurationOp::kMaxOf) {
      if (!StartsDuration()) return Unexpected(ctx.context, ctx.expected);
      d.lhs = ParseDurationExpr(1, ctx);
      if (!d.lhs) return nullptr;
      if (!Accept(TokenKind::kComma)) return Unexpected(ctx.context, "\",\"");
      if (!StartsDuration()) return Unexpected(ctx.context, ctx.expected);
      d.rhs = ParseDurationExpr(1, ctx);
      if (!d.rhs) return nullptr;
    }
    if (!Accept(TokenKind::kRightParen)) return Unexpected(ctx.context, "\")\"");
    Span span{name.begin, last_end_};
    GateDuration(span);
    return MakeExpr(std::move(d), span);
  }

  static VectorSelector* InnerSelector(Expr* e) {
    if (auto* vs = std::get_if<VectorSelector>(&e->node)) return vs;
    if (auto* ms = std::get_if<MatrixSelector>(&e->node)) {
      return std::get_if<VectorSelector>(&ms->vector_selector->node);
    }
    return nullptr;
  }

  // Postfix: [range], [range:step], offset d, @ t, in any order Prometheus allows.
  ExprPtr ParsePostfix(ExprPtr e) {
    DepthGuard guard(this);
    while (true) {
      TokenKind k = Peek().kind;
      if (k == TokenKind::kLeftBracket) {
        if (!guard.Deepen()) return nullptr;
        Token lb = Take();
        ExprPtr range = ParsePositionDuration(kRangeContext);
        if (!range) return nullptr;
        if (Accept(TokenKind::kRightBracket)) {
          Span span{e->span.begin, last_end_};
          auto* vs = std::get_if<VectorSelector>(&e->node);
          if (!vs) return Fail(lb.begin, last_end_, "ranges only allowed for vector selectors");
          if (vs->offset_ms != 0 || vs->offset_expr) {
            return Fail(lb.begin, last_end_, "no offset modifiers allowed before range");
          }
          if (vs->at) return Fail(lb.begin, last_end_, "no @ modifiers allowed before range");
          MatrixSelector ms{std::move(e), 0, nullptr};
          if (!TakeLiteralMs(&range, &ms.range_ms)) ms.range_expr = std::move(range);
          e = MakeExpr(std::move(ms), span);
          continue;
        }
        if (!Accept(TokenKind::kColon)) return Unexpected("subquery or range", "\":\" or \"]\"");
        SubqueryExpr sq;
        if (!TakeLiteralMs(&range, &sq.range_ms)) sq.range_expr = std::move(range);
        if (Peek().kind != TokenKind::kRightBracket) {
          ExprPtr step = ParsePositionDuration(kStepContext);
          if (!step) return nullptr;
          int64_t step_ms = 0;
          if (TakeLiteralMs(&step, &step_ms)) {
            sq.step_ms = step_ms;
          } else {
            sq.step_expr = std::move(step);
          }
        }
        if (!Accept(TokenKind::kRightBracket)) return Unexpected("subquery selector", "\"]\"");
        Span span{e->span.begin, last_end_};
        sq.expr = std::move(e);
        e = MakeExpr(std::move(sq), span);
        continue;
      }
      if (k == TokenKind::kOffset) {
        Token off = Take();
        ExprPtr d = ParseOffsetDuration();
        if (!d) return nullptr;
        int64_t* target = nullptr;
        ExprPtr* target_expr = nullptr;
        if (VectorSelector* vs = InnerSelector(e.get())) {
          target = &vs->offset_ms;
          target_expr = &vs->offset_expr;
        }
        if (auto* sq = std::get_if<SubqueryExpr>(&e->node)) {
          target = &sq->offset_ms;
          target_expr = &sq->offset_expr;
        }
        if (!target) {
          return Fail(off.begin, last_end_,
                      "offset modifier must be preceded by an instant vector selector or range "
                      "vector selector or a subquery");
        }
        if (*target != 0 || *target_expr) {
          return Fail(off.begin, last_end_, "offset may not be set multiple times");
        }
        if (!TakeLiteralMs(&d, target)) *target_expr = std::move(d);
        e->span.end = last_end_;
        continue;
      }
      if (k == TokenKind::kAnchored || k == TokenKind::kSmoothed) {
        Token mod = Take();
        const bool anchored = mod.kind == TokenKind::kAnchored;
        const std::string word = anchored ? "anchored" : "smoothed";
        if (!options_.extended_range_selectors) {
          AddError(e->span.begin, e->span.end,
                   Gated(word + " modifier is experimental and not enabled",
                         kExtendedRangeSelectorsFlag));
        }
        VectorSelector* vs = InnerSelector(e.get());
        if (!vs) {
          if (std::holds_alternative<SubqueryExpr>(e->node)) {
            return Fail(e->span.begin, e->span.end,
                        word + " modifier is not supported for subqueries");
          }
          return Fail(e->span.begin, e->span.end, word + " modifier not implemented");
        }
        if (anchored ? vs->smoothed : vs->anchored) {
          return Fail(e->span.begin, e->span.end,
                      "anchored and smoothed modifiers cannot be used together");
        }
        (anchored ? vs->anchored : vs->smoothed) = true;
        e->span.end = last_end_;
        continue;
      }
      if (k == TokenKind::kAt) {
        Token at = Take();
        AtModifier mod;
        const Token& t = Peek();
        std::string lower = Lower(t.text);
        if (t.kind == TokenKind::kIdentifier && (lower == "start" || lower == "end")) {
          Take();
          if (!Accept(TokenKind::kLeftParen) || !Accept(TokenKind::kRightParen)) {
            return Unexpected("@", "\"(\" followed by \")\"");
          }
          mod.kind = lower == "start" ? AtKind::kStart : AtKind::kEnd;
        } else {
          bool negative = false;
          if (Peek().kind == TokenKind::kSub || Peek().kind == TokenKind::kAdd) {
            negative = Take().kind == TokenKind::kSub;
          }
          double v = 0;
          if (Peek().kind == TokenKind::kDuration) {
            // Prometheus 3: `@ 100s` is a timestamp given as a duration since the epoch.
            long long ms = 0;
            std::string msg;
            if (!ParseDurationText(Peek().text, &ms, &msg)) {
              return Fail(Peek().begin, Peek().end, msg);
            }
            v = static_cast<double>(ms) / 1000.0;
          } else if (Peek().kind != TokenKind::kNumber || !ParseNumberText(Peek().text, &v)) {
            return Unexpected("@", "timestamp");
          }
          Token num = Take();
          if (negative) v = -v;
          double ms = std::round(v * 1000);
          if (!std::isfinite(ms) || std::fabs(ms) > 9.2e18) {
            return Fail(num.begin, num.end, "timestamp out of bounds for @ modifier: " + num.text);
          }
          mod.timestamp_ms = static_cast<int64_t>(ms);
        }
        std::optional<AtModifier>* target = nullptr;
        if (VectorSelector* vs = InnerSelector(e.get())) target = &vs->at;
        if (auto* sq = std::get_if<SubqueryExpr>(&e->node)) target = &sq->at;
        if (!target) {
          return Fail(at.begin, last_end_,
                      "@ modifier must be preceded by an instant vector selector or range vector "
                      "selector or a subquery");
        }
        if (target->has_value()) {
          return Fail(at.begin, last_end_, "@ <timestamp> may not be set multiple times");
        }
        *target = mod;
        e->span.end = last_end_;
        continue;
      }
      return e;
    }
  }

  ExprPtr ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kNumber: {
        Token n = Take();
        double v = 0;
        if (!ParseNumberText(n.text, &v)) {
          return Fail(n.begin, n.end,
                      "error parsing number \"" + n.text +
                          "\": not a number Prometheus can represent (out of range or malformed)");
        }
        return MakeExpr(NumberLiteral{v}, {n.begin, n.end});
      }
      case TokenKind::kDuration: {
        // Prometheus 3 accepts a duration where a number is expected: its value in seconds.
        Token d = Take();
        long long ms = 0;
        std::string msg;
        if (!ParseDurationText(d.text, &ms, &msg)) return Fail(d.begin, d.end, msg);
        return MakeExpr(NumberLiteral{static_cast<double>(ms) / 1000.0}, {d.begin, d.end});
      }
      case TokenKind::kString: {
        Token s = Take();
        return MakeExpr(StringLiteral{s.text}, {s.begin, s.end});
      }
      case TokenKind::kLeftParen: {
        Token lp = Take();
        if (Peek().kind == TokenKind::kRightParen) return Unexpected("", "");
        ExprPtr inner = ParseExpr(1);
        if (!inner) return nullptr;
        if (!Accept(TokenKind::kRightParen)) return Unexpected("", "\")\"");
        return MakeExpr(ParenExpr{std::move(inner)}, {lp.begin, last_end_});
      }
      case TokenKind::kLeftBrace:
        return ParseSelector("", t.begin);
      case TokenKind::kIdentifier:
      case TokenKind::kMetricIdentifier:
        break;
      default:
        if (IsMetricNameKeyword(t.kind)) break;
        return Unexpected("", "");
    }
    Token name = Take();
    if (name.kind != TokenKind::kMetricIdentifier) {
      std::optional<AggregateOp> agg = AggregateOpFromName(name.text);
      TokenKind next = Peek().kind;
      if (agg && name.kind == TokenKind::kIdentifier &&
          (next == TokenKind::kLeftParen || next == TokenKind::kBy ||
           next == TokenKind::kWithout)) {
        return ParseAggregate(*agg, name);
      }
      if (name.kind == TokenKind::kIdentifier && next == TokenKind::kLeftParen) {
        return ParseCall(name);
      }
    }
    return ParseSelector(name.text, name.begin);
  }

  // Call: name '(' [expr (',' expr)*] ')'. Unknown names are the checker's to report.
  ExprPtr ParseCall(const Token& name) {
    Call call{name.text, {}};
    size_t errors_before = errors_.size();
    if (!ParseArgs(&call.args)) return nullptr;
    // info()'s second argument selects data labels and may match the empty string.
    if (name.text == "info" && call.args.size() == 2 &&
        std::holds_alternative<VectorSelector>(call.args[1]->node)) {
      const Span& s = call.args[1]->span;
      for (size_t i = errors_before; i < errors_.size();) {
        const ParseError& e = errors_[i];
        if (e.begin == s.begin && e.end == s.end && e.message == kEmptyMatcherMessage) {
          errors_.erase(errors_.begin() + static_cast<std::ptrdiff_t>(i));
        } else {
          ++i;
        }
      }
    }
    return MakeExpr(std::move(call), {name.begin, last_end_});
  }

  bool ParseArgs(std::vector<ExprPtr>* args) {
    Take();  // '('
    if (Accept(TokenKind::kRightParen)) return true;
    while (true) {
      ExprPtr arg = ParseExpr(1);
      if (!arg) return false;
      args->push_back(std::move(arg));
      if (Peek().kind == TokenKind::kComma) {
        Token comma = Take();
        if (Peek().kind == TokenKind::kRightParen) {
          Fail(comma.begin, comma.end, "trailing commas not allowed in function call args");
          return false;
        }
        continue;
      }
      if (Accept(TokenKind::kRightParen)) return true;
      Unexpected("", "\",\" or \")\"");
      return false;
    }
  }

  ExprPtr ParseAggregate(AggregateOp op, const Token& name) {
    AggregateExpr agg;
    agg.op = op;
    bool have_modifier = false;
    auto parse_modifier = [&]() {
      agg.without = Take().kind == TokenKind::kWithout;
      have_modifier = true;
      return ParseGroupingLabels(&agg.grouping);
    };
    if (Peek().kind == TokenKind::kBy || Peek().kind == TokenKind::kWithout) {
      if (!parse_modifier()) return nullptr;
    }
    if (Peek().kind != TokenKind::kLeftParen) return Unexpected("aggregation", "\"(\"");
    size_t args_begin = Peek().begin;
    std::vector<ExprPtr> args;
    if (!ParseArgs(&args)) return nullptr;
    size_t args_end = last_end_;
    if (!have_modifier && (Peek().kind == TokenKind::kBy || Peek().kind == TokenKind::kWithout)) {
      if (!parse_modifier()) return nullptr;
    }
    size_t want = AggregateOpTakesParam(op) ? 2 : 1;
    if (args.empty()) {
      return Fail(args_begin, args_end, "no arguments for aggregate expression provided");
    }
    if (args.size() != want) {
      return Fail(args_begin, args_end,
                  "wrong number of arguments for aggregate expression provided, expected " +
                      std::to_string(want) + ", got " + std::to_string(args.size()));
    }
    if (want == 2) agg.param = std::move(args[0]);
    agg.expr = std::move(args.back());
    return MakeExpr(std::move(agg), {name.begin, last_end_});
  }

  // Selector: [name] ['{' matchers '}'], then the non-empty-matcher rule.
  ExprPtr ParseSelector(std::string name, size_t begin) {
    VectorSelector vs;
    vs.name = std::move(name);
    if (Peek().kind == TokenKind::kLeftBrace) {
      Take();
      while (Peek().kind != TokenKind::kRightBrace) {
        const Token& t = Peek();
        if (t.kind == TokenKind::kString &&
            (Peek(1).kind == TokenKind::kComma || Peek(1).kind == TokenKind::kRightBrace)) {
          Token s = Take();
          if (!vs.name.empty()) {
            return Fail(
                s.begin, s.end,
                "metric name must not be set twice: \"" + vs.name + "\" or \"" + s.text + "\"");
          }
          vs.name = s.text;
        } else if (t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kString) {
          Token label = Take();
          LabelMatcher m;
          m.name = label.text;
          switch (Peek().kind) {
            case TokenKind::kAssign:
              m.op = MatchOp::kEqual;
              break;
            case TokenKind::kNeq:
              m.op = MatchOp::kNotEqual;
              break;
            case TokenKind::kRegexMatch:
              m.op = MatchOp::kRegexMatch;
              break;
            case TokenKind::kRegexNoMatch:
              m.op = MatchOp::kRegexNoMatch;
              break;
            default:
              return Unexpected("label matching", "label matching operator");
          }
          Take();
          if (Peek().kind != TokenKind::kString) return Unexpected("label matching", "string");
          Token value = Take();
          m.value = value.text;
          if (m.op == MatchOp::kRegexMatch || m.op == MatchOp::kRegexNoMatch) {
            if (auto error = GoRegexpError(m.value)) {
              AddError(value.begin, value.end, "error parsing regexp: " + *error);
            }
          }
          vs.matchers.push_back(std::move(m));
        } else {
          return Unexpected("label matching", "identifier or \"}\"");
        }
        if (Accept(TokenKind::kComma)) continue;
        if (Peek().kind != TokenKind::kRightBrace) {
          return Unexpected("label matching", "\",\" or \"}\"");
        }
      }
      Take();
    }
    Span span{begin, last_end_};
    if (!vs.name.empty()) {
      for (const LabelMatcher& m : vs.matchers) {
        if (m.name == "__name__") {
          return Fail(
              begin, last_end_,
              "metric name must not be set twice: \"" + vs.name + "\" or \"" + m.value + "\"");
        }
      }
    } else {
      bool non_empty = false;
      for (const LabelMatcher& m : vs.matchers) {
        if (!MatchesEmpty(m)) non_empty = true;
      }
      if (!non_empty) {
        AddError(begin, last_end_, std::string(kEmptyMatcherMessage));
      }
    }
    return MakeExpr(std::move(vs), span);
  }

  static bool MatchesEmpty(const LabelMatcher& m) {
    switch (m.op) {
      case MatchOp::kEqual:
        return m.value.empty();
      case MatchOp::kNotEqual:
        return !m.value.empty();
      case MatchOp::kRegexMatch:
      case MatchOp::kRegexNoMatch: {
        std::unique_ptr<RE2> re = CompileGoRegexp(m.value);
        bool matches = re->ok() && RE2::FullMatch("", *re);
        return m.op == MatchOp::kRegexMatch ? matches : !matches;
      }
    }
    return true;
  }

  std::vector<Token> tokens_;
  const ParseOptions options_;
  size_t pos_ = 0;
  size_t last_end_ = 0;
  bool failed_ = false;
  int depth_ = 0;       // Recursion depth of ParseExpr.
  int tree_depth_ = 0;  // Upper bound on the depth of the tree being built.
  static constexpr int kMaxDepth = 500;
  static constexpr int kMaxTreeDepth = 25000;
  std::vector<ParseError> errors_;
};

}  // namespace

ParseResult Parse(std::string_view input) { return Parse(input, ParseOptions{}); }

ParseResult Parse(std::string_view input, const ParseOptions& options) {
  // Prometheus's lexer reads runes and stops at the first invalid one.
  size_t bad = FindInvalidUtf8(input);
  if (bad != std::string_view::npos) {
    ParseResult result;
    result.errors.push_back({bad, bad + 1, "invalid UTF-8 rune"});
    return result;
  }
  return Parser(input, options).Run();
}

}  // namespace ttam::promql
