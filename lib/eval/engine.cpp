#include "eval/engine.h"

#include <string>
#include <vector>

namespace ttam::eval {
namespace {

// Evaluation recurses over the tree for now; this bounds the depth until
// the evaluator walks with an explicit stack (the parser accepts 25,000).
constexpr int kMaxDepth = 1000;

class InstantEvaluator {
 public:
  InstantEvaluator(const Storage& storage, const Plan& plan, int64_t t,
                   const EngineOptions& options)
      : storage_(storage), plan_(plan), t_(t), options_(options) {}

  Result<Value> Eval(const promql::Expr& e, int depth) {
    if (depth > kMaxDepth) return Error{"expression nested too deeply for the evaluator"};
    const promql::Node& n = e.node;
    if (const auto* num = std::get_if<promql::NumberLiteral>(&n))
      return Value(Scalar{t_, num->value});
    if (const auto* str = std::get_if<promql::StringLiteral>(&n))
      return Value(String{t_, str->value});
    if (const auto* paren = std::get_if<promql::ParenExpr>(&n))
      return Eval(*paren->expr, depth + 1);
    if (const auto* vs = std::get_if<promql::VectorSelector>(&n)) return SelectInstant(e, *vs);
    if (const auto* ms = std::get_if<promql::MatrixSelector>(&n)) return SelectRange(*ms);
    if (const auto* call = std::get_if<promql::Call>(&n)) return CallFunction(e, *call, depth);
    return Error{std::string(kNotImplemented) + "this kind of expression"};
  }

 private:
  // The time a selector reads at: its @ timestamp or the evaluation time, minus its offset.
  Result<int64_t> ReferenceTime(const promql::VectorSelector& vs) const {
    if (vs.offset_expr) return Error{std::string(kNotImplemented) + "duration expressions"};
    int64_t base = t_;
    if (vs.at) {
      switch (vs.at->kind) {
        case promql::AtKind::kTimestamp:
          base = vs.at->timestamp_ms;
          break;
        // An instant query starts and ends at its one step.
        case promql::AtKind::kStart:
        case promql::AtKind::kEnd:
          break;
      }
    }
    return base - vs.offset_ms;
  }

  Result<Value> SelectInstant(const promql::Expr& e, const promql::VectorSelector& vs) {
    if (vs.anchored || vs.smoothed)
      return Error{std::string(kNotImplemented) + "anchored/smoothed selectors"};
    Result<int64_t> ref = ReferenceTime(vs);
    if (!ref) return ref.error();
    Vector out;
    for (const Series* s : storage_.Select(plan_.MatchersOf(e))) {
      std::span<const Sample> w = s->Window(*ref - options_.lookback_ms, *ref);
      if (w.empty() || IsStaleNaN(w.back().v)) continue;
      out.push_back({s->labels(), t_, w.back().v});
    }
    return Value(std::move(out));
  }

  Result<Value> SelectRange(const promql::MatrixSelector& ms) {
    if (ms.range_expr) return Error{std::string(kNotImplemented) + "duration expressions"};
    const promql::Expr& inner = *ms.vector_selector;
    const auto& vs = std::get<promql::VectorSelector>(inner.node);
    if (vs.anchored || vs.smoothed)
      return Error{std::string(kNotImplemented) + "anchored/smoothed selectors"};
    Result<int64_t> ref = ReferenceTime(vs);
    if (!ref) return ref.error();
    Matrix out;
    for (const Series* s : storage_.Select(plan_.MatchersOf(inner))) {
      MatrixSeries series{s->labels(), {}};
      for (const Sample& p : s->Window(*ref - ms.range_ms, *ref)) {
        if (!IsStaleNaN(p.v)) series.floats.push_back(p);
      }
      if (!series.floats.empty()) out.push_back(std::move(series));
    }
    return Value(std::move(out));
  }

  Result<Value> CallFunction(const promql::Expr& e, const promql::Call& call, int depth) {
    const FunctionImpl* impl = plan_.FunctionOf(e);
    if (impl == nullptr)
      return Error{std::string(kNotImplemented) + "function " + call.func + "()"};
    std::vector<Value> args;
    args.reserve(call.args.size());
    for (const promql::ExprPtr& a : call.args) {
      Result<Value> v = Eval(*a, depth + 1);
      if (!v) return v.error();
      args.push_back(std::move(*v));
    }
    return impl->call(FunctionArgs{t_, args});
  }

  const Storage& storage_;
  const Plan& plan_;
  int64_t t_;
  const EngineOptions& options_;
};

}  // namespace

Result<Value> EvalInstant(const Storage& storage, const Plan& plan, int64_t t_ms,
                          const EngineOptions& options) {
  return InstantEvaluator(storage, plan, t_ms, options).Eval(plan.root(), 0);
}

}  // namespace ttam::eval
