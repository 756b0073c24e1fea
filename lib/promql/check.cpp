#include "promql/check.h"

#include <cassert>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <span>
#include <string>

#include "promql/functions.h"
#include "support/text.h"

namespace ttam::promql {
namespace {

// Prometheus's internal type names, which a few of its messages print
// instead of the documented ones ("got matrix instead").
std::string_view InternalTypeName(ValueType type) {
  switch (type) {
    case ValueType::kScalar:
      return "scalar";
    case ValueType::kVector:
      return "vector";
    case ValueType::kMatrix:
      return "matrix";
    case ValueType::kString:
      return "string";
  }
  return "";
}

std::string AsString(std::string_view s) { return std::string(s); }

// A binary expression is scalar only when both sides are; otherwise a vector.
std::optional<ValueType> BinaryType(std::optional<ValueType> lt, std::optional<ValueType> rt) {
  if (lt == ValueType::kScalar && rt == ValueType::kScalar) return ValueType::kScalar;
  if ((lt && *lt != ValueType::kScalar) || (rt && *rt != ValueType::kScalar)) {
    return ValueType::kVector;
  }
  return std::nullopt;
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::string_view kExperimentalHint =
    "experimental functions are enabled with --enable-feature=promql-experimental-functions";

// The walk uses an explicit stack rather than recursion: the parser accepts
// trees thousands of levels deep (Prometheus's own tests nest 1,000
// subqueries), and sanitizer builds would run out of stack. Tasks run in
// Prometheus's checkAST order: a node's own up-front checks, then each child
// followed by the check of that child's type, then the node's final checks.
// Every visited expression leaves its type on `types_`.
class Checker {
 public:
  Checker(const CheckOptions& options, bool report) : options_(options), report_(report) {}

  std::vector<CheckError> Take() { return std::move(errors_); }

  // Checks `root` and everything under it; returns its type (nullopt when it
  // depends on an unknown function).
  std::optional<ValueType> Run(const Expr& root) {
    tasks_.push_back({Task::Kind::kEnter, &root, 0});
    while (!tasks_.empty()) {
      Task task = tasks_.back();
      tasks_.pop_back();
      switch (task.kind) {
        case Task::Kind::kEnter:
          std::visit([&](const auto& node) { Enter(*task.expr, node); }, task.expr->node);
          break;
        case Task::Kind::kAfterChild:
          std::visit([&](const auto& node) { AfterChild(*task.expr, node, task.index); },
                     task.expr->node);
          break;
        case Task::Kind::kExit:
          std::visit([&](const auto& node) { Exit(*task.expr, node); }, task.expr->node);
          break;
      }
    }
    assert(types_.size() == 1);
    return types_.back();
  }

 private:
  struct Task {
    enum class Kind { kEnter, kAfterChild, kExit };
    Kind kind;
    const Expr* expr;
    size_t index;  ///< The child, for kAfterChild.
  };

  // Schedules the non-null `children` of `e` in order (each followed by its
  // AfterChild check when `after_each`), then Exit of `e`. Pushed in reverse
  // because tasks_ is a stack.
  void Schedule(const Expr& e, std::initializer_list<const Expr*> children,
                bool after_each = false) {
    tasks_.push_back({Task::Kind::kExit, &e, 0});
    size_t i = children.size();
    for (auto it = std::rbegin(children); it != std::rend(children); ++it) {
      --i;
      if (*it == nullptr) continue;
      if (after_each) tasks_.push_back({Task::Kind::kAfterChild, &e, i});
      tasks_.push_back({Task::Kind::kEnter, *it, 0});
    }
  }

  std::optional<ValueType> Pop() {
    assert(!types_.empty());
    std::optional<ValueType> t = types_.back();
    types_.pop_back();
    return t;
  }

  // Leaves.
  void Enter(const Expr&, const NumberLiteral&) { types_.push_back(ValueType::kScalar); }
  void Enter(const Expr&, const StringLiteral&) { types_.push_back(ValueType::kString); }
  // The selector rules (a non-empty matcher, one metric name, valid regexes)
  // are the parser's.
  void Enter(const Expr&, const VectorSelector&) { types_.push_back(ValueType::kVector); }
  // A duration expression is a number of seconds. The parser only hangs one
  // off a selector or subquery, whose checks do not descend into it.
  void Enter(const Expr&, const DurationExpr&) { types_.push_back(ValueType::kScalar); }

  void Enter(const Expr& e, const MatrixSelector& ms) {
    assert(ms.vector_selector);
    if (!std::holds_alternative<VectorSelector>(ms.vector_selector->node)) {
      Report(e.span, "ranges only allowed for vector selectors");
    }
    Schedule(e, {ms.vector_selector.get()});
  }
  void Exit(const Expr&, const MatrixSelector&) {
    Pop();
    types_.push_back(ValueType::kMatrix);
  }

  void Enter(const Expr& e, const SubqueryExpr& sq) {
    assert(sq.expr);
    Schedule(e, {sq.expr.get()});
  }
  void Exit(const Expr& e, const SubqueryExpr&) {
    std::optional<ValueType> inner = Pop();
    if (inner && *inner != ValueType::kVector) ReportSubquery(e.span, *inner);
    types_.push_back(ValueType::kMatrix);
  }

  void Enter(const Expr& e, const Call& call) {
    const Function* fn = FindFunction(call.func);
    if (fn == nullptr) {
      ReportUnknownFunction(e, call);
    } else {
      CheckCall(e, call, *fn);
    }
    tasks_.push_back({Task::Kind::kExit, &e, 0});
    for (size_t i = call.args.size(); i-- > 0;) {
      if (fn != nullptr) tasks_.push_back({Task::Kind::kAfterChild, &e, i});
      tasks_.push_back({Task::Kind::kEnter, call.args[i].get(), 0});
    }
  }
  void AfterChild(const Expr&, const Call& call, size_t i) {
    const Function& fn = *FindFunction(call.func);
    // Surplus arguments of a fixed-arity function were reported up front.
    if (std::optional<size_t> max = fn.MaxArgs(); max && i >= *max) return;
    const std::optional<ValueType> t = types_.back();
    if (t && *t != fn.ArgType(i)) ReportArgType(*call.args[i], fn, fn.ArgType(i), *t);
  }
  void Exit(const Expr&, const Call& call) {
    types_.resize(types_.size() - call.args.size());
    const Function* fn = FindFunction(call.func);
    types_.push_back(fn ? std::optional<ValueType>(fn->return_type) : std::nullopt);
  }

  void Enter(const Expr& e, const AggregateExpr& agg) {
    assert(agg.expr);
    CheckAggregate(e, agg, FindAggregation(agg.op));
    // Prometheus checks the aggregated expression before the parameter.
    Schedule(e, {agg.expr.get(), agg.param.get()}, /*after_each=*/true);
  }
  void AfterChild(const Expr&, const AggregateExpr& agg, size_t i) {
    const std::optional<ValueType> t = types_.back();
    if (i == 0) {
      if (t && *t != ValueType::kVector) {
        ReportType(agg.expr->span, ValueType::kVector, "aggregation expression", *t);
      }
      return;
    }
    const std::optional<ValueType> want = FindAggregation(agg.op).param;
    if (t && want && *t != *want) ReportType(agg.param->span, *want, "aggregation parameter", *t);
  }
  void Exit(const Expr&, const AggregateExpr& agg) {
    Pop();
    if (agg.param) Pop();
    types_.push_back(ValueType::kVector);
  }

  void Enter(const Expr& e, const BinaryExpr& b) {
    assert(b.lhs && b.rhs);
    Schedule(e, {b.lhs.get(), b.rhs.get()});
  }
  void Exit(const Expr& e, const BinaryExpr& b) {
    const std::optional<ValueType> rt = Pop();
    const std::optional<ValueType> lt = Pop();
    CheckBinary(e, b, lt, rt);
    types_.push_back(BinaryType(lt, rt));
  }

  void Enter(const Expr& e, const UnaryExpr& u) {
    assert(u.expr);
    Schedule(e, {u.expr.get()});
  }
  void Exit(const Expr& e, const UnaryExpr&) {
    const std::optional<ValueType> t = types_.back();
    if (t && *t != ValueType::kScalar && *t != ValueType::kVector) ReportUnary(e.span, *t);
  }

  void Enter(const Expr& e, const ParenExpr& p) {
    assert(p.expr);
    Schedule(e, {p.expr.get()});
  }
  void Exit(const Expr&, const ParenExpr&) {}  // A parenthesis has its content's type.

  // Nodes without per-child or final checks.
  template <typename Node>
  void AfterChild(const Expr&, const Node&, size_t) {}
  template <typename Node>
  void Exit(const Expr&, const Node&) {
    assert(false && "leaves have no Exit task");
  }

  void Report(Span span, std::string message, std::string hint = {}) {
    if (report_) errors_.push_back(CheckError{span, std::move(message), std::move(hint)});
  }

  void ReportType(Span span, ValueType want, std::string_view context, ValueType got) {
    Report(span, "expected type " + AsString(ValueTypeName(want)) + " in " + AsString(context) +
                     ", got " + AsString(ValueTypeName(got)));
  }

  void ReportArgType(const Expr& arg, const Function& fn, ValueType want, ValueType got) {
    ReportType(arg.span, want, "call to function " + GoQuote(fn.name), got);
  }

  void ReportSubquery(Span span, ValueType inner) {
    Report(span, "subquery is only allowed on instant vector, got " +
                     AsString(InternalTypeName(inner)) + " instead");
  }

  void ReportUnary(Span span, ValueType t) {
    Report(span,
           "unary expression only allowed on expressions of type scalar or instant vector, got " +
               GoQuote(ValueTypeName(t)));
  }

  void ReportUnknownFunction(const Expr& e, const Call& call) {
    Report(NameSpan(e, call), "unknown function with name " + GoQuote(call.func));
  }

  static Span NameSpan(const Expr& e, const Call& call) {
    return {e.span.begin, e.span.begin + call.func.size()};
  }

  // The experimental gate, the argument count and info()'s selector rule.
  void CheckCall(const Expr& e, const Call& call, const Function& fn) {
    if (!report_) return;
    if (fn.experimental && !options_.enable_experimental_functions) {
      Report(NameSpan(e, call), "function " + GoQuote(fn.name) + " is not enabled",
             AsString(kExperimentalHint));
    }
    CheckRangeModifiers(e, call, fn);
    const size_t got = call.args.size();
    const std::string counts = " in call to " + GoQuote(fn.name) + ", got " + std::to_string(got);
    if (fn.variadic == 0) {
      if (got != fn.args.count) {
        Report(e.span, "expected " + std::to_string(fn.args.count) + " argument(s)" + counts);
      }
    } else if (got < fn.MinArgs()) {
      Report(e.span, "expected at least " + std::to_string(fn.MinArgs()) + " argument(s)" + counts);
    } else if (std::optional<size_t> max = fn.MaxArgs(); max && got > *max) {
      Report(e.span, "expected at most " + std::to_string(*max) + " argument(s)" + counts);
    }

    // info()'s second argument selects the info series by labels only.
    if (fn.name == "info" && got > 1) {
      const Expr& arg = *call.args[1];
      std::optional<ValueType> t = TypeOf(arg);
      if (t && *t != ValueType::kVector) {
        ReportType(e.span, ValueType::kVector, "call to function \"info\"", *t);
      }
      if (const auto* vs = std::get_if<VectorSelector>(&arg.node)) {
        if (!vs->name.empty()) {
          Report(arg.span, "expected label selectors only, got vector selector instead");
        }
      } else {
        Report(arg.span, "expected label selectors only");
      }
    }
  }

  void CheckAggregate(const Expr& e, const AggregateExpr& agg, const Aggregation& row) {
    if (!report_) return;
    if (row.experimental && !options_.enable_experimental_functions) {
      Report(e.span, AsString(row.name) + "() is experimental and must be enabled with " +
                         AsString(kExperimentalFunctionsFlag));
    }
    // The parser rejects these counts; a tree built by code may still have them.
    const bool want_param = row.param.has_value();
    if (want_param != (agg.param != nullptr)) {
      Report(e.span, std::string("wrong number of arguments for aggregate expression provided, ") +
                         (want_param ? "expected 2, got 1" : "expected 1, got 2"));
    }
  }

  // anchored and smoothed range selectors only make sense for the functions
  // that extrapolate or count over the range (Prometheus rejects the others
  // when the query runs, with this message).
  void CheckRangeModifiers(const Expr& e, const Call& call, const Function& fn) {
    static constexpr std::string_view kAnchoredFunctions[] = {"changes", "delta", "increase",
                                                              "rate", "resets"};
    static constexpr std::string_view kSmoothedFunctions[] = {"delta", "increase", "rate"};
    auto allowed = [&](std::span<const std::string_view> names) {
      for (std::string_view n : names) {
        if (n == fn.name) return true;
      }
      return false;
    };
    auto list = [](std::span<const std::string_view> names) {
      std::string out;
      for (std::string_view n : names) out += (out.empty() ? "" : ", ") + AsString(n);
      return out;
    };
    for (const ExprPtr& arg : call.args) {
      const auto* ms = std::get_if<MatrixSelector>(&arg->node);
      const auto* vs = ms && ms->vector_selector
                           ? std::get_if<VectorSelector>(&ms->vector_selector->node)
                           : nullptr;
      if (!vs) continue;
      if (vs->anchored && !allowed(kAnchoredFunctions)) {
        Report(e.span, "anchored modifier can only be used with: " + list(kAnchoredFunctions) +
                           " - not with " + AsString(fn.name));
      }
      if (vs->smoothed && !allowed(kSmoothedFunctions)) {
        Report(e.span, "smoothed modifier can only be used with: " + list(kSmoothedFunctions) +
                           " - not with " + AsString(fn.name));
      }
    }
  }

  // Where Prometheus points for errors about the operator: from the end of
  // the left operand to the start of the right one, whitespace trimmed.
  Span OperatorSpan(const BinaryExpr& b) const {
    Span s{b.lhs->span.end, b.rhs->span.begin};
    const std::string_view src = options_.source;
    if (s.end <= src.size()) {
      while (s.begin < s.end && IsBlank(src[s.begin])) ++s.begin;
      while (s.end > s.begin && IsBlank(src[s.end - 1])) --s.end;
    }
    return s;
  }

  // The rules of one binary operator, given its operands' types.
  void CheckBinary(const Expr& e, const BinaryExpr& b, std::optional<ValueType> lt,
                   std::optional<ValueType> rt) {
    if (!report_) return;
    const bool comparison = IsComparisonOp(b.op);
    const bool set_op = IsSetOp(b.op);
    const std::string op_name = GoQuote(BinaryOpName(b.op));
    const VectorMatching& vm = b.matching;

    if (b.return_bool && !comparison) {
      Report(OperatorSpan(b), "bool modifier can only be used on comparison operators");
    }
    if (comparison && !b.return_bool && lt == ValueType::kScalar && rt == ValueType::kScalar) {
      Report(OperatorSpan(b), "comparisons between scalars must use BOOL modifier",
             "write `bool` after the operator to compare to 0 or 1");
    }
    const bool grouped = vm.card == Cardinality::kManyToOne || vm.card == Cardinality::kOneToMany;
    if (grouped && !vm.has_clause) {
      Report(OperatorSpan(b),
             "group_left and group_right are only allowed after on(...) or ignoring(...)");
    }
    // A label in both on(...) and group_x(...) is reported by the parser.
    auto operand_ok = [](std::optional<ValueType> t) {
      return !t || *t == ValueType::kScalar || *t == ValueType::kVector;
    };
    if (!operand_ok(lt)) {
      Report(b.lhs->span, "binary expression must contain only scalar and instant vector types");
    }
    if (!operand_ok(rt)) {
      Report(b.rhs->span, "binary expression must contain only scalar and instant vector types");
    }

    const bool both_vectors = lt == ValueType::kVector && rt == ValueType::kVector;
    const bool any_unknown = !lt || !rt;
    const bool fill = vm.fill_lhs || vm.fill_rhs;
    if (!both_vectors && !any_unknown) {
      // Prometheus accepts an empty on() or ignoring() here.
      if (!vm.matching_labels.empty()) {
        Report(e.span, "vector matching only allowed between instant vectors");
      }
      if (fill) Report(e.span, "filling in missing series only allowed between instant vectors");
    } else if (set_op && both_vectors) {
      if (grouped) Report(e.span, "no grouping allowed for " + op_name + " operation");
      // The parser makes one-to-one set operations many-to-many.
      if (vm.card != Cardinality::kManyToMany && vm.card != Cardinality::kOneToOne) {
        Report(e.span, "set operations must always be many-to-many");
      }
      if (fill) Report(e.span, "filling in missing series not allowed for set operators");
    }
    if (set_op && (lt == ValueType::kScalar || rt == ValueType::kScalar)) {
      Report(e.span, "set operator " + op_name + " not allowed in binary scalar expression");
    }
  }

  const CheckOptions& options_;
  const bool report_;  ///< False for TypeOf, which only wants the type.
  std::vector<Task> tasks_;
  std::vector<std::optional<ValueType>> types_;
  std::vector<CheckError> errors_;
};

}  // namespace

std::vector<CheckError> Check(const Expr& ast, const CheckOptions& options) {
  Checker checker(options, /*report=*/true);
  checker.Run(ast);
  return checker.Take();
}

std::optional<ValueType> TypeOf(const Expr& expr) {
  const CheckOptions options;
  return Checker(options, /*report=*/false).Run(expr);
}

}  // namespace ttam::promql
