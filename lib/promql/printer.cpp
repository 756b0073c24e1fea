#include "promql/printer.h"

#include <charconv>
#include <cmath>
#include <vector>

#include "support/text.h"
#include "support/units.h"
#include "support/utf8.h"

namespace ttam::promql {
namespace {

bool IsLegacyName(std::string_view s, bool allow_colon) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (allow_colon && c == ':') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Words the lexer would not read back as a metric name at the start of an operand.
bool IsReservedAsMetric(std::string_view s) {
  std::string l = Lower(s);
  return l == "bool" || l == "on" || l == "ignoring" || l == "group_left" || l == "group_right" ||
         l == "atan2" || l == "inf" || l == "nan";
}

std::string LabelName(std::string_view s) {
  return IsLegacyName(s, false) ? std::string(s) : QuoteString(s);
}

std::string GroupingList(const std::vector<std::string>& labels) {
  std::string out = "(";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    out += LabelName(labels[i]);
  }
  return out + ")";
}

std::string FormatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  // "Inf", not "+Inf": a leading '+' re-parses as unary plus, which binds
  // more loosely than ^ and subqueries (`Inf ^ 2` would become `+(Inf ^ 2)`).
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, res.ptr);
}

std::string FormatAt(const std::optional<AtModifier>& at) {
  if (!at) return "";
  switch (at->kind) {
    case AtKind::kStart:
      return " @ start()";
    case AtKind::kEnd:
      return " @ end()";
    case AtKind::kTimestamp:
      break;
  }
  int64_t ms = at->timestamp_ms;
  std::string sign = ms < 0 ? "-" : "";
  uint64_t abs = ms < 0 ? static_cast<uint64_t>(-(ms + 1)) + 1 : static_cast<uint64_t>(ms);
  std::string frac = std::to_string(abs % 1000);
  while (frac.size() < 3) frac.insert(frac.begin(), '0');
  return " @ " + sign + std::to_string(abs / 1000) + "." + frac;
}

std::string FormatOffset(int64_t ms) {
  if (ms == 0) return "";
  return " offset " + FormatDuration(ms);
}

std::string FormatOffset(int64_t ms, const ExprPtr& expr) {
  if (expr) return " offset " + Print(*expr);
  return FormatOffset(ms);
}

std::string FormatFill(std::string_view keyword, double v) {
  return " " + std::string(keyword) + "(" + FormatNumber(v) + ")";
}

// @, offset and the range modifiers, in the order the parser reads them back.
std::string SelectorSuffix(const VectorSelector& vs) {
  std::string out = FormatAt(vs.at) + FormatOffset(vs.offset_ms, vs.offset_expr);
  if (vs.anchored) out += " anchored";
  if (vs.smoothed) out += " smoothed";
  return out;
}

std::string FormatRange(int64_t ms, const ExprPtr& expr) {
  return expr ? Print(*expr) : FormatDuration(ms);
}

std::string SelectorBody(const VectorSelector& vs) {
  std::string out;
  std::vector<std::string> parts;
  bool name_outside =
      !vs.name.empty() && IsLegacyName(vs.name, true) && !IsReservedAsMetric(vs.name);
  if (!vs.name.empty() && !name_outside) parts.push_back(QuoteString(vs.name));
  if (name_outside) out = vs.name;
  for (const LabelMatcher& m : vs.matchers) {
    std::string_view op;
    switch (m.op) {
      case MatchOp::kEqual:
        op = "=";
        break;
      case MatchOp::kNotEqual:
        op = "!=";
        break;
      case MatchOp::kRegexMatch:
        op = "=~";
        break;
      case MatchOp::kRegexNoMatch:
        op = "!~";
        break;
    }
    parts.push_back(LabelName(m.name) + std::string(op) + QuoteString(m.value));
  }
  if (!parts.empty() || out.empty()) {
    out += "{";
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out += ", ";
      out += parts[i];
    }
    out += "}";
  }
  return out;
}

void PrintTo(const Expr& e, std::string* out);

void PrintPtr(const ExprPtr& p, std::string* out) {
  if (p) {
    PrintTo(*p, out);
  } else {
    *out += "<nil>";
  }
}

// One function per node kind keeps each recursive frame small: Prometheus
// accepts trees tens of thousands of levels deep.
[[gnu::noinline]] void PrintMatrix(const MatrixSelector& n, std::string* out) {
  const auto* vs =
      n.vector_selector ? std::get_if<VectorSelector>(&n.vector_selector->node) : nullptr;
  if (!vs) {
    PrintPtr(n.vector_selector, out);
    *out += "[" + FormatRange(n.range_ms, n.range_expr) + "]";
    return;
  }
  *out +=
      SelectorBody(*vs) + "[" + FormatRange(n.range_ms, n.range_expr) + "]" + SelectorSuffix(*vs);
}

// Subquery chains (`x[1m:][1m:]...`) are printed bottom-up without recursion.
[[gnu::noinline]] void PrintSubquery(const SubqueryExpr& n, std::string* out) {
  std::vector<const SubqueryExpr*> spine{&n};
  const Expr* base = n.expr.get();
  while (base && std::holds_alternative<SubqueryExpr>(base->node)) {
    spine.push_back(&std::get<SubqueryExpr>(base->node));
    base = spine.back()->expr.get();
  }
  if (base) {
    PrintTo(*base, out);
  } else {
    *out += "<nil>";
  }
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    const SubqueryExpr& sq = **it;
    *out += "[" + FormatRange(sq.range_ms, sq.range_expr) + ":";
    if (sq.step_expr) {
      *out += Print(*sq.step_expr);
    } else if (sq.step_ms) {
      *out += FormatDuration(*sq.step_ms);
    }
    *out += "]" + FormatAt(sq.at) + FormatOffset(sq.offset_ms, sq.offset_expr);
  }
}

[[gnu::noinline]] void PrintCall(const Call& n, std::string* out) {
  *out += n.func;
  *out += "(";
  for (size_t i = 0; i < n.args.size(); ++i) {
    if (i > 0) *out += ", ";
    PrintPtr(n.args[i], out);
  }
  *out += ")";
}

[[gnu::noinline]] void PrintAggregate(const AggregateExpr& n, std::string* out) {
  *out += AggregateOpName(n.op);
  if (n.without) {
    *out += " without " + GroupingList(n.grouping);
  } else if (!n.grouping.empty()) {
    *out += " by " + GroupingList(n.grouping);
  }
  *out += n.without || !n.grouping.empty() ? " (" : "(";
  if (n.param) {
    PrintPtr(n.param, out);
    *out += ", ";
  }
  PrintPtr(n.expr, out);
  *out += ")";
}

[[gnu::noinline]] void AppendOperator(const BinaryExpr& n, std::string* out) {
  *out += " ";
  *out += BinaryOpName(n.op);
  if (n.return_bool) *out += " bool";
  const VectorMatching& m = n.matching;
  if (m.has_clause) {
    *out += (m.on ? " on " : " ignoring ") + GroupingList(m.matching_labels);
    if (m.card == Cardinality::kManyToOne || m.card == Cardinality::kOneToMany) {
      *out += m.card == Cardinality::kManyToOne ? " group_left" : " group_right";
      if (!m.include_labels.empty()) *out += " " + GroupingList(m.include_labels);
    }
  }
  const bool same_fill =
      m.fill_lhs && m.fill_rhs &&
      (*m.fill_lhs == *m.fill_rhs || (std::isnan(*m.fill_lhs) && std::isnan(*m.fill_rhs)));
  if (same_fill) {
    *out += FormatFill("fill", *m.fill_lhs);
  } else {
    if (m.fill_lhs) *out += FormatFill("fill_left", *m.fill_lhs);
    if (m.fill_rhs) *out += FormatFill("fill_right", *m.fill_rhs);
  }
  *out += " ";
}

// Left-associative chains (`a - b - c ...`) are printed without recursing down the left spine.
[[gnu::noinline]] void PrintBinary(const BinaryExpr& n, std::string* out) {
  std::vector<const BinaryExpr*> spine{&n};
  const Expr* left = n.lhs.get();
  while (left && std::holds_alternative<BinaryExpr>(left->node)) {
    spine.push_back(&std::get<BinaryExpr>(left->node));
    left = spine.back()->lhs.get();
  }
  if (left) {
    PrintTo(*left, out);
  } else {
    *out += "<nil>";
  }
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    AppendOperator(**it, out);
    PrintPtr((*it)->rhs, out);
  }
}

std::string_view DurationOpName(DurationOp op) {
  switch (op) {
    case DurationOp::kAdd:
      return "+";
    case DurationOp::kSub:
      return "-";
    case DurationOp::kMul:
      return "*";
    case DurationOp::kDiv:
      return "/";
    case DurationOp::kMod:
      return "%";
    case DurationOp::kPow:
      return "^";
    case DurationOp::kNeg:
      return "-";
    case DurationOp::kParen:
      return "(";
    case DurationOp::kStep:
      return "step";
    case DurationOp::kRange:
      return "range";
    case DurationOp::kMinOf:
      return "min_of";
    case DurationOp::kMaxOf:
      return "max_of";
  }
  return "";
}

bool IsBinaryDurationOp(DurationOp op) {
  return op == DurationOp::kAdd || op == DurationOp::kSub || op == DurationOp::kMul ||
         op == DurationOp::kDiv || op == DurationOp::kMod || op == DurationOp::kPow;
}

// Leaves are numbers of seconds, printed as numbers; left-associative chains
// are printed without recursing down the left spine.
[[gnu::noinline]] void PrintDuration(const DurationExpr& n, std::string* out) {
  if (IsBinaryDurationOp(n.op)) {
    std::vector<const DurationExpr*> spine{&n};
    const Expr* left = n.lhs.get();
    while (left) {
      const auto* d = std::get_if<DurationExpr>(&left->node);
      if (!d || !IsBinaryDurationOp(d->op)) break;
      spine.push_back(d);
      left = d->lhs.get();
    }
    if (left) {
      PrintTo(*left, out);
    } else {
      *out += "<nil>";
    }
    for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
      *out += " ";
      *out += DurationOpName((*it)->op);
      *out += " ";
      PrintPtr((*it)->rhs, out);
    }
    return;
  }
  switch (n.op) {
    case DurationOp::kNeg:
      *out += "-";
      PrintPtr(n.lhs, out);
      return;
    case DurationOp::kParen:
      *out += "(";
      PrintPtr(n.lhs, out);
      *out += ")";
      return;
    case DurationOp::kStep:
    case DurationOp::kRange:
      *out += DurationOpName(n.op);
      *out += "()";
      return;
    case DurationOp::kMinOf:
    case DurationOp::kMaxOf:
      *out += DurationOpName(n.op);
      *out += "(";
      PrintPtr(n.lhs, out);
      *out += ", ";
      PrintPtr(n.rhs, out);
      *out += ")";
      return;
    case DurationOp::kAdd:
    case DurationOp::kSub:
    case DurationOp::kMul:
    case DurationOp::kDiv:
    case DurationOp::kMod:
    case DurationOp::kPow:
      return;
  }
}

void PrintTo(const Expr& e, std::string* out) {
  if (const auto* n = std::get_if<NumberLiteral>(&e.node)) {
    *out += FormatNumber(n->value);
  } else if (const auto* s = std::get_if<StringLiteral>(&e.node)) {
    *out += QuoteString(s->value);
  } else if (const auto* vs = std::get_if<VectorSelector>(&e.node)) {
    *out += SelectorBody(*vs) + SelectorSuffix(*vs);
  } else if (const auto* ms = std::get_if<MatrixSelector>(&e.node)) {
    PrintMatrix(*ms, out);
  } else if (const auto* sq = std::get_if<SubqueryExpr>(&e.node)) {
    PrintSubquery(*sq, out);
  } else if (const auto* call = std::get_if<Call>(&e.node)) {
    PrintCall(*call, out);
  } else if (const auto* agg = std::get_if<AggregateExpr>(&e.node)) {
    PrintAggregate(*agg, out);
  } else if (const auto* bin = std::get_if<BinaryExpr>(&e.node)) {
    PrintBinary(*bin, out);
  } else if (const auto* un = std::get_if<UnaryExpr>(&e.node)) {
    *out += un->negative ? "-" : "+";
    PrintPtr(un->expr, out);
  } else if (const auto* paren = std::get_if<ParenExpr>(&e.node)) {
    *out += "(";
    PrintPtr(paren->expr, out);
    *out += ")";
  } else if (const auto* dur = std::get_if<DurationExpr>(&e.node)) {
    PrintDuration(*dur, out);
  }
}

}  // namespace

std::string Print(const Expr& expr) {
  std::string out;
  PrintTo(expr, &out);
  return out;
}

std::string QuoteString(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto hex_escape = [](std::string& out, unsigned char c) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\a':
        out += "\\a";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7f) {
      hex_escape(out, c);
    } else if (c < 0x80) {
      out += ch;
    } else {
      // A value may hold bytes that are not UTF-8 (from \x escapes); the
      // source text may not, so those bytes are written as escapes.
      size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      std::string_view seq = s.substr(i, len);
      if (len > 1 && seq.size() == len && FindInvalidUtf8(seq) == std::string_view::npos) {
        out += seq;
        i += len - 1;
      } else {
        hex_escape(out, c);
      }
    }
  }
  return out + "\"";
}

}  // namespace ttam::promql
