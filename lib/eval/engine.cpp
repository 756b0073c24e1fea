#include "eval/engine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eval/aggregate.h"
#include "eval/binary.h"
#include "eval/extended_range.h"
#include "eval/info.h"
#include "promql/check.h"

namespace ttam::eval {
namespace {

// The query's first and last step, which `@ start()` and `@ end()` refer to.
struct QueryTimes {
  int64_t start = 0;
  int64_t end = 0;
};

// Evaluation recurses over the tree for now; this bounds the depth until
// the evaluator walks with an explicit stack (the parser accepts 25,000).
constexpr int kMaxDepth = 1000;

class InstantEvaluator {
 public:
  InstantEvaluator(const Storage& storage, const Plan& plan, const QueryTimes& times, int64_t t,
                   const EngineOptions& options, Annotations& annotations)
      : storage_(storage),
        plan_(plan),
        times_(times),
        t_(t),
        options_(options),
        annotations_(annotations) {}

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
    if (const auto* bin = std::get_if<promql::BinaryExpr>(&n)) {
      Result<Value> lhs = Eval(*bin->lhs, depth + 1);
      if (!lhs) return lhs.error();
      Result<Value> rhs = Eval(*bin->rhs, depth + 1);
      if (!rhs) return rhs.error();
      return EvalBinary(*bin, *lhs, *rhs);
    }
    if (const auto* agg = std::get_if<promql::AggregateExpr>(&n)) {
      if (!IsAggregateImplemented(agg->op)) {
        return Error{std::string(kNotImplemented) + "aggregation " +
                     std::string(promql::AggregateOpName(agg->op))};
      }
      std::optional<Value> param;
      if (agg->param) {
        Result<Value> p = Eval(*agg->param, depth + 1);
        if (!p) return p.error();
        param = std::move(*p);
      }
      Result<Value> v = Eval(*agg->expr, depth + 1);
      if (!v) return v.error();
      const auto* vec = std::get_if<Vector>(&*v);
      if (vec == nullptr) return Error{"aggregation over a value that is not an instant vector"};
      Result<Vector> out =
          EvalAggregate(*agg, *vec, param ? &*param : nullptr, t_, e.span, &annotations_);
      if (!out) return out.error();
      return Value(std::move(*out));
    }
    if (const auto* un = std::get_if<promql::UnaryExpr>(&n)) {
      Result<Value> v = Eval(*un->expr, depth + 1);
      if (!v) return v.error();
      return EvalUnary(un->negative, std::move(*v));
    }
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
        case promql::AtKind::kStart:
          base = times_.start;
          break;
        case promql::AtKind::kEnd:
          base = times_.end;
          break;
      }
    }
    return base - vs.offset_ms;
  }

  // The newest sample of each matching series within the lookback; stamped
  // with the evaluation time, or with the sample's own time for timestamp().
  Result<Value> SelectInstant(const promql::Expr& e, const promql::VectorSelector& vs,
                              bool sample_time = false) {
    Result<int64_t> ref = ReferenceTime(vs);
    if (!ref) return ref.error();
    // Extended range selectors (extended_range.h): anchored reads as usual,
    // timestamp() ignores the modifier as upstream's special path does.
    if (vs.smoothed && !sample_time) {
      return Value(
          SmoothedInstant(storage_.Select(plan_.MatchersOf(e)), *ref, t_, options_.lookback_ms));
    }
    Vector out;
    for (const Series* s : storage_.Select(plan_.MatchersOf(e))) {
      std::span<const Sample> w = s->Window(*ref - options_.lookback_ms, *ref);
      if (w.empty() || IsStaleNaN(w.back().v)) continue;
      out.push_back({s->labels(), sample_time ? w.back().t : t_, w.back().v});
    }
    return Value(std::move(out));
  }

  // `raw`: an anchored/smoothed range read for a function, which gets the widened
  // window's samples as they are (extended_range.h) rather than framed by boundary points.
  Result<Value> SelectRange(const promql::MatrixSelector& ms, bool raw = false) {
    if (ms.range_expr) return Error{std::string(kNotImplemented) + "duration expressions"};
    const promql::Expr& inner = *ms.vector_selector;
    const auto& vs = std::get<promql::VectorSelector>(inner.node);
    Result<int64_t> ref = ReferenceTime(vs);
    if (!ref) return ref.error();
    if (vs.anchored || vs.smoothed) {
      return Value(ExtendedRangeMatrix(storage_.Select(plan_.MatchersOf(inner)), *ref - ms.range_ms,
                                       *ref, options_.lookback_ms, vs.smoothed, !raw));
    }
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
    if (call.func == "info") return CallInfo(call, depth);
    const FunctionImpl* impl = plan_.FunctionOf(e);
    if (impl == nullptr)
      return Error{std::string(kNotImplemented) + "function " + call.func + "()"};
    FunctionArgs in{t_, {}, &call};
    in.span = e.span;
    in.annotations = &annotations_;
    std::vector<Value> args;
    args.reserve(call.args.size());
    for (const promql::ExprPtr& a : call.args) {
      if (const auto* ms = std::get_if<promql::MatrixSelector>(&a->node)) {
        const auto& vs = std::get<promql::VectorSelector>(ms->vector_selector->node);
        Result<int64_t> ref = ReferenceTime(vs);
        if (!ref) return ref.error();
        in.range_end = *ref;
        in.range_start = *ref - ms->range_ms;
        in.range_seconds = static_cast<double>(ms->range_ms) / 1000;
        in.anchored = vs.anchored;
        in.smoothed = vs.smoothed;
      }
      const auto* ms = std::get_if<promql::MatrixSelector>(&a->node);
      Result<Value> v = ms != nullptr && (in.anchored || in.smoothed) ? SelectRange(*ms, true)
                        : call.func == "timestamp"                    ? TimestampArg(*a, depth)
                                                                      : Eval(*a, depth + 1);
      if (!v) return v.error();
      args.push_back(std::move(*v));
    }
    in.args = args;
    return impl->call(in);
  }

  // info(v [, selector]) (info.h): reads info series from the storage, so not in the table.
  Result<Value> CallInfo(const promql::Call& call, int depth) {
    if (call.args.empty()) return Error{"info() needs an argument"};
    Result<Value> v = Eval(*call.args[0], depth + 1);
    if (!v) return v.error();
    const auto* base = std::get_if<Vector>(&*v);
    if (base == nullptr) return Error{"info() over a value that is not an instant vector"};
    std::span<const Matcher> selector;
    if (call.args.size() > 1) selector = plan_.MatchersOf(*call.args[1]);
    int64_t ref = InfoReferenceTime(*call.args[0], t_, times_.start, times_.end);
    Result<Vector> out =
        EvalInfo(*base, storage_, selector, call.args.size() > 1, ref, options_.lookback_ms);
    if (!out) return out.error();
    return Value(std::move(*out));
  }

  // timestamp()'s argument: a selector (in parentheses or not) keeps its
  // samples' own times, as upstream's special path does.
  Result<Value> TimestampArg(const promql::Expr& a, int depth) {
    const promql::Expr* e = &a;
    while (const auto* paren = std::get_if<promql::ParenExpr>(&e->node)) e = paren->expr.get();
    if (const auto* vs = std::get_if<promql::VectorSelector>(&e->node))
      return SelectInstant(*e, *vs, true);
    return Eval(a, depth + 1);
  }

  const Storage& storage_;
  const Plan& plan_;
  const QueryTimes& times_;
  int64_t t_;
  const EngineOptions& options_;
  Annotations& annotations_;
};

// Removes repeated annotations (same kind, text and span), keeping the first.
void Dedup(Annotations& annotations) {
  Annotations out;
  for (Annotation& a : annotations) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const Annotation& b) {
      return a.kind == b.kind && a.text == b.text && a.span.begin == b.span.begin &&
             a.span.end == b.span.end;
    });
    if (!seen) out.push_back(std::move(a));
  }
  annotations = std::move(out);
}

}  // namespace

Result<Value> EvalInstant(const Storage& storage, const Plan& plan, int64_t t_ms,
                          const EngineOptions& options, Annotations* annotations) {
  QueryTimes times{t_ms, t_ms};
  Annotations notes;
  Result<Value> v =
      InstantEvaluator(storage, plan, times, t_ms, options, notes).Eval(plan.root(), 0);
  Dedup(notes);
  if (annotations != nullptr) *annotations = std::move(notes);
  return v;
}

Result<Matrix> EvalRange(const Storage& storage, const Plan& plan, int64_t start_ms, int64_t end_ms,
                         int64_t step_ms, const EngineOptions& options, Annotations* annotations) {
  std::optional<promql::ValueType> type = promql::TypeOf(plan.root());
  if (type && *type != promql::ValueType::kScalar && *type != promql::ValueType::kVector) {
    return Error{"invalid expression type \"" + std::string(promql::ValueTypeName(*type)) +
                 "\" for range query, must be Scalar or instant Vector"};
  }
  if (step_ms <= 0) return Error{"zero or negative query resolution step widths are not accepted"};
  QueryTimes times{start_ms, end_ms};
  Annotations notes;
  Matrix out;
  std::map<model::Labels, size_t> index;
  auto add = [&](const model::Labels& labels, int64_t t, double v) -> Status {
    auto [it, inserted] = index.try_emplace(labels, out.size());
    if (inserted) out.push_back(MatrixSeries{labels, {}});
    std::vector<Sample>& points = out[it->second].floats;
    if (!points.empty() && points.back().t == t)
      return Error{"vector cannot contain metrics with the same labelset"};
    points.push_back({t, v});
    return Ok();
  };
  for (int64_t t = start_ms; t <= end_ms; t += step_ms) {
    Result<Value> v =
        InstantEvaluator(storage, plan, times, t, options, notes).Eval(plan.root(), 0);
    if (!v) return v.error();
    if (const auto* s = std::get_if<Scalar>(&*v)) {
      if (Status st = add({}, t, s->v); !st) return st.error();
    } else if (const auto* vec = std::get_if<Vector>(&*v)) {
      for (const VectorSample& s : *vec) {
        if (Status st = add(s.labels, t, s.v); !st) return st.error();
      }
    } else {
      return Error{"invalid expression type for range query, must be Scalar or instant Vector"};
    }
  }
  std::sort(out.begin(), out.end(),
            [](const MatrixSeries& a, const MatrixSeries& b) { return a.labels < b.labels; });
  Dedup(notes);
  if (annotations != nullptr) *annotations = std::move(notes);
  return out;
}

}  // namespace ttam::eval
