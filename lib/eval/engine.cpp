#include "eval/engine.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "eval/aggregate.h"
#include "eval/aggregate_groups.h"
#include "eval/aggregate_k.h"
#include "eval/annotation_texts.h"
#include "eval/binary.h"
#include "eval/engine_names.h"
#include "eval/extended_range.h"
#include "eval/go_math.h"
#include "eval/histogram_guard.h"
#include "eval/info.h"
#include "eval/querier_range.h"
#include "promql/check.h"
#include "promql/walk.h"

namespace ttam::eval {
namespace {

constexpr std::string_view kTooManySamples =
    "query processing would load too many samples into memory in query execution";

// Fills `out` with a range selector's window of `s` without staleness
// markers, with the samples' start timestamps when the series has them.
void CopyWindow(const Series& s, std::span<const Sample> window, MatrixSeries& out) {
  out.floats.clear();
  out.start_timestamps.clear();
  std::span<const int64_t> sts = s.StartTimestamps(window);
  if (!s.has_stale()) {
    out.floats.assign(window.begin(), window.end());
    out.start_timestamps.assign(sts.begin(), sts.end());
    return;
  }
  for (size_t i = 0; i < window.size(); ++i) {
    if (IsStaleNaN(window[i].v)) continue;
    out.floats.push_back(window[i]);
    if (!sts.empty()) out.start_timestamps.push_back(sts[i]);
  }
}

// `s`'s samples in (after, upto] as a per-window function sees them: the
// stored window itself, or, when the series has staleness markers, a copy
// without them in `scratch`; empty when no sample is left.
SeriesWindow StoredWindow(const Series& s, int64_t after, int64_t upto, WindowHint& hint,
                          MatrixSeries& scratch) {
  std::span<const Sample> window = s.Window(after, upto, hint);
  if (window.empty() || !s.has_stale()) return {s.labels(), window, s.StartTimestamps(window)};
  CopyWindow(s, window, scratch);
  return {s.labels(), scratch.floats, scratch.start_timestamps};
}

// What every step of one query shares: the query's times, the selections
// made so far, subquery points already computed and the sample count.
struct QueryState {
  const Storage& storage;
  const Plan& plan;
  const EngineOptions& options;
  int64_t start = 0;  // First step; what `@ start()` and start() refer to.
  int64_t end = 0;    // Last step; `@ end()` and end().
  int64_t step = 0;   // The resolution step; 0 for an instant query.
  Annotations notes = {};
  // The series each selector node selects (selection does not depend on
  // time), with where each series' previous window was.
  struct Selection {
    std::vector<const Series*> series;
    std::vector<WindowHint> hints;
    // Range selectors handed to functions: per series, a MatrixSeries whose
    // labels and point buffer are reused from step to step, and which of
    // them the current step's matrix took.
    Matrix pool;
    std::vector<size_t> taken;
    // Per series, the labels of a per-window function's output (CallOnWindows).
    std::vector<std::optional<model::Labels>> out_labels = {};
  };
  std::unordered_map<const promql::Expr*, Selection> selections = {};
  // Per subquery node: its inner expression's value at each inner step
  // computed so far (older ones are evicted as windows move forward).
  std::unordered_map<const promql::Expr*, std::map<int64_t, Value>> subquery_points = {};
  // upstream's currentSamples: the samples held at this point of the evaluation.
  int64_t samples = 0;
  // Range queries: per-series range function calls computed for every step
  // at once (series-major, as upstream does), taken step by step.
  struct StepResults {
    std::vector<Vector> steps;
    int64_t window_peak = 0;
    // A fused aggregation's: the size of its input vector at each step.
    std::vector<int64_t> input_sizes = {};
  };
  // Aggregation nodes found not to fuse with their argument.
  std::unordered_set<const promql::Expr*> unfused = {};
  std::unordered_map<const promql::Expr*, StepResults> step_results = {};
  // Per aggregation node: the groups of the input label sets seen so far.
  std::unordered_map<const promql::Expr*, GroupCache> group_caches = {};
  // Per selector node read by timestamp() with @: the time range of its
  // data (querier_range.h).
  std::unordered_map<const promql::Expr*, TimeRange> data_ranges = {};
};

// The samples a value holds, as upstream counts them.
int64_t CountSamples(const Value& v) {
  if (const auto* vec = std::get_if<Vector>(&v)) return static_cast<int64_t>(vec->size());
  if (const auto* m = std::get_if<Matrix>(&v)) {
    int64_t n = 0;
    for (const MatrixSeries& s : *m) n += static_cast<int64_t>(s.floats.size());
    return n;
  }
  return std::holds_alternative<Scalar>(v) ? 1 : 0;
}

// Go's math.Min / math.Max (NaN wins; -0 and +0 ordered).
double GoMinOf(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  if (a == 0 && b == 0) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
double GoMaxOf(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  if (a == 0 && b == 0) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

std::string SpanPrefix(const promql::Span& span) {
  return std::to_string(span.begin) + ":" + std::to_string(span.end) + ": ";
}

// A duration expression's value in seconds (upstream's durationVisitor).
Result<double> DurationSeconds(const promql::Expr& e, const QueryState& q) {
  if (const auto* num = std::get_if<promql::NumberLiteral>(&e.node)) return num->value;
  if (const auto* paren = std::get_if<promql::ParenExpr>(&e.node))
    return DurationSeconds(*paren->expr, q);
  const auto* d = std::get_if<promql::DurationExpr>(&e.node);
  if (d == nullptr) return Error{SpanPrefix(e.span) + "unexpected duration expression"};
  switch (d->op) {
    case promql::DurationOp::kStep:
      return static_cast<double>(q.step) / 1000;
    case promql::DurationOp::kRange:
      return static_cast<double>(q.end - q.start) / 1000;
    default:
      break;
  }
  double lhs = 0;
  double rhs = 0;
  if (d->lhs) {
    Result<double> l = DurationSeconds(*d->lhs, q);
    if (!l) return l.error();
    lhs = *l;
  }
  if (d->rhs) {
    Result<double> r = DurationSeconds(*d->rhs, q);
    if (!r) return r.error();
    rhs = *r;
  }
  switch (d->op) {
    case promql::DurationOp::kAdd:
      return lhs + rhs;
    case promql::DurationOp::kSub:
      return lhs - rhs;
    case promql::DurationOp::kMul:
      return lhs * rhs;
    case promql::DurationOp::kDiv:
      if (rhs == 0) return Error{SpanPrefix(e.span) + "division by zero"};
      return lhs / rhs;
    case promql::DurationOp::kMod:
      if (rhs == 0) return Error{SpanPrefix(e.span) + "modulo by zero"};
      return std::fmod(lhs, rhs);
    case promql::DurationOp::kPow:
      return gomath::Pow(lhs, rhs);
    case promql::DurationOp::kNeg:
      return -lhs;
    case promql::DurationOp::kParen:
      return lhs;
    case promql::DurationOp::kMinOf:
      return GoMinOf(lhs, rhs);
    case promql::DurationOp::kMaxOf:
      return GoMaxOf(lhs, rhs);
    case promql::DurationOp::kStep:
    case promql::DurationOp::kRange:
      break;
  }
  return Error{SpanPrefix(e.span) + "unexpected duration expression operator"};
}

// A duration expression in ms: ranges and steps must be positive, offsets
// may be negative; seconds are truncated to whole milliseconds.
Result<int64_t> DurationMs(const promql::Expr& e, bool allow_negative, const QueryState& q) {
  Result<double> s = DurationSeconds(e, q);
  if (!s) return s.error();
  if (std::isnan(*s) || std::isinf(*s))
    return Error{SpanPrefix(e.span) + "duration is NaN or infinite"};
  if (*s <= 0 && !allow_negative)
    return Error{SpanPrefix(e.span) + "duration must be greater than 0"};
  double ms = *s * 1000;
  if (ms >= 9.2233720368547758e18 || ms < -9.2233720368547758e18)
    return Error{SpanPrefix(e.span) + "duration is out of range"};
  return static_cast<int64_t>(ms);
}

// The window a range argument was read over, for FunctionArgs.
struct RangeWindow {
  int64_t start = 0;  // Exclusive.
  int64_t end = 0;    // Inclusive.
  int64_t range_ms = 0;
};

// Functions whose argument keeps its samples' own times.
bool IsTimestampFunction(const std::string& name) { return name == "timestamp"; }

// The evenly spaced times at which an evaluator's nodes are evaluated over
// the whole query (a range query's steps, or the inner steps of a subquery
// within them), so that nodes can be computed for all of them at once.
struct Grid {
  int64_t start = 0;
  int64_t step = 0;
  size_t steps = 0;
  int64_t At(size_t k) const { return start + static_cast<int64_t>(k) * step; }
  size_t IndexOf(int64_t t) const { return static_cast<size_t>((t - start) / step); }
};

class Evaluator {
 public:
  /// `grid`: the times this evaluator's nodes are evaluated at over the
  /// query, `t` among them; none for an instant query or a subquery with @.
  Evaluator(QueryState& q, int64_t t, std::optional<Grid> grid = std::nullopt)
      : q_(q), t_(t), grid_(grid) {}

  // Evaluates `e` at this evaluator's time, counting the samples it holds.
  Result<Value> Eval(const promql::Expr& e, int depth) {
    if (depth > kMaxEvalDepth) return Error{"expression nested too deeply for the evaluator"};
    int64_t before = q_.samples;
    Result<Value> v = EvalNode(e, depth);
    if (!v) return v;
    int64_t n = CountSamples(*v);
    // Upstream checks an aggregation's inputs but not its own output.
    bool aggregation = std::holds_alternative<promql::AggregateExpr>(e.node);
    if (Status st = Check(q_.samples + (aggregation ? 0 : n)); !st) return st.error();
    q_.samples = before + n;
    return v;
  }

 private:
  Status Check(int64_t samples) const {
    if (q_.options.max_samples > 0 && samples > q_.options.max_samples)
      return Error{std::string(kTooManySamples)};
    return Ok();
  }

  bool Delayed() const { return q_.options.delayed_name_removal; }

  Result<Value> EvalNode(const promql::Expr& e, int depth) {
    const promql::Node& n = e.node;
    if (const auto* num = std::get_if<promql::NumberLiteral>(&n))
      return Value(Scalar{t_, num->value});
    if (const auto* str = std::get_if<promql::StringLiteral>(&n))
      return Value(String{t_, str->value});
    if (const auto* paren = std::get_if<promql::ParenExpr>(&n))
      return Eval(*paren->expr, depth + 1);
    if (const auto* vs = std::get_if<promql::VectorSelector>(&n)) return SelectInstant(e, *vs);
    if (std::holds_alternative<promql::MatrixSelector>(n) ||
        std::holds_alternative<promql::SubqueryExpr>(n)) {
      // A range vector as a value: Eval counts all of its samples.
      int64_t before = q_.samples;
      RangeWindow w;
      Result<Value> v = RangeArg(e, depth, w);
      q_.samples = before;
      return v;
    }
    if (const auto* call = std::get_if<promql::Call>(&n)) return CallFunction(e, *call, depth);
    if (const auto* bin = std::get_if<promql::BinaryExpr>(&n)) {
      Result<Value> lhs = Eval(*bin->lhs, depth + 1);
      if (!lhs) return lhs.error();
      Result<Value> rhs = Eval(*bin->rhs, depth + 1);
      if (!rhs) return rhs.error();
      return EvalBinary(*bin, *lhs, *rhs, Delayed());
    }
    if (const auto* agg = std::get_if<promql::AggregateExpr>(&n)) return Aggregate(e, *agg, depth);
    if (const auto* un = std::get_if<promql::UnaryExpr>(&n)) {
      Result<Value> v = Eval(*un->expr, depth + 1);
      if (!v) return v.error();
      return EvalUnary(un->negative, std::move(*v), Delayed());
    }
    return Error{std::string(kNotImplemented) + "this kind of expression"};
  }

  Result<Value> Aggregate(const promql::Expr& e, const promql::AggregateExpr& agg, int depth) {
    Result<QueryState::StepResults*> fused = FusedAggregate(e, agg);
    if (!fused) return fused.error();
    if (*fused != nullptr) {
      // What evaluating the argument step by step would check and count.
      size_t k = grid_->IndexOf(t_);
      int64_t n = (*fused)->input_sizes[k];
      // The parameter (a number literal) is held while the argument runs.
      if (agg.param) {
        if (Status st = Check(q_.samples + 1); !st) return st.error();
        ++q_.samples;
      }
      if (Status st = Check(q_.samples + (*fused)->window_peak); !st) return st.error();
      if (Status st = Check(q_.samples + n); !st) return st.error();
      return Value(std::move((*fused)->steps[k]));
    }
    std::optional<Value> param;
    if (agg.param) {
      Result<Value> p = Eval(*agg.param, depth + 1);
      if (!p) return p.error();
      param = std::move(*p);
    }
    Result<Value> v = Eval(*agg.expr, depth + 1);
    if (!v) return v.error();
    const auto* vec = std::get_if<Vector>(&*v);
    if (vec == nullptr) return Error{"aggregation over a value that is not an instant vector"};
    Result<Vector> out = EvalAggregate(agg, *vec, param ? &*param : nullptr, t_, e.span, &q_.notes,
                                       &q_.group_caches[&e]);
    if (!out) return out.error();
    if (Delayed()) MarkAggregateDropName(agg, *vec, *out);
    return Value(std::move(*out));
  }

  // The time a selector or subquery reads at: its @ time or the evaluation time.
  int64_t AtBase(const std::optional<promql::AtModifier>& at) const {
    return at ? AtModifierTime(*at, q_.start, q_.end) : t_;
  }

  // The time range of a selector's data (querier_range.h), for timestamp() with @.
  const TimeRange& DataRange(const promql::Expr& selector) {
    auto it = q_.data_ranges.find(&selector);
    if (it == q_.data_ranges.end()) {
      TimeRange r =
          SelectorDataRange(q_.plan.root(), selector, q_.start, q_.end, q_.options.lookback_ms,
                            [this](int64_t literal, const promql::ExprPtr& expr) -> int64_t {
                              if (!expr) return literal;
                              Result<int64_t> ms = DurationMs(*expr, true, q_);
                              return ms ? *ms : 0;
                            });
      it = q_.data_ranges.emplace(&selector, r).first;
    }
    return it->second;
  }

  // The time a selector reads at: AtBase minus its offset.
  Result<int64_t> ReferenceTime(const promql::VectorSelector& vs) const {
    int64_t offset = vs.offset_ms;
    if (vs.offset_expr) {
      Result<int64_t> o = DurationMs(*vs.offset_expr, true, q_);
      if (!o) return o.error();
      offset = *o;
    }
    return AtBase(vs.at) - offset;
  }

  // Fails when a range read of `selector` over (after, upto] would meet
  // histogram samples, which range functions do not take yet.
  Status NoHistogramsIn(const QueryState::Selection& sel, const promql::Expr& selector,
                        int64_t after, int64_t upto) const {
    if (!q_.storage.has_histograms()) return Ok();
    for (const Series* s : sel.series) {
      if (s->has_histograms() && !s->HistogramWindow(after, upto).empty())
        return HistogramsNotSupported(q_.plan.root(), selector, q_.step != 0);
    }
    return Ok();
  }

  QueryState::Selection& Selected(const promql::Expr& selector) {
    auto it = q_.selections.find(&selector);
    if (it == q_.selections.end()) {
      QueryState::Selection sel;
      sel.series = q_.storage.Select(q_.plan.MatchersOf(selector));
      sel.hints.resize(sel.series.size());
      it = q_.selections.emplace(&selector, std::move(sel)).first;
    }
    return it->second;
  }

  // The newest sample of each matching series within the lookback; stamped
  // with the evaluation time, or with the sample's own time for timestamp().
  // With `start_timestamps`, also each output sample's start timestamp (0 = unknown).
  Result<Value> SelectInstant(const promql::Expr& e, const promql::VectorSelector& vs,
                              bool sample_time = false,
                              std::vector<int64_t>* start_timestamps = nullptr) {
    Result<int64_t> ref = ReferenceTime(vs);
    if (!ref) return ref.error();
    QueryState::Selection& sel = Selected(e);
    // Extended range selectors (extended_range.h): anchored reads as usual,
    // timestamp() ignores the modifier as upstream's special path does.
    if (vs.smoothed && !sample_time) {
      Status st =
          NoHistogramsIn(sel, e, *ref - q_.options.lookback_ms, *ref + q_.options.lookback_ms);
      if (!st) return st.error();
      return Value(SmoothedInstant(sel.series, *ref, t_, q_.options.lookback_ms));
    }
    // timestamp(x @ T offset D) reads at T, within the querier's range.
    int64_t from = *ref - q_.options.lookback_ms;
    int64_t to = *ref;
    if (sample_time && vs.at) {
      const TimeRange& r = DataRange(e);
      to = std::min(AtBase(vs.at), r.maxt);
      from = std::max(AtBase(vs.at) - q_.options.lookback_ms, r.mint - 1);
      if (from >= to) return Value(Vector{});
    }
    Vector out;
    for (size_t i = 0; i < sel.series.size(); ++i) {
      const Series* s = sel.series[i];
      std::span<const Sample> w = s->Window(from, to, sel.hints[i]);
      if (s->has_histograms()) {
        // The newest sample may be a histogram instead.
        std::span<const HistogramSample> hw = s->HistogramWindow(from, to);
        if (!hw.empty() && (w.empty() || hw.back().t > w.back().t)) {
          if (!sample_time && (q_.step != 0 || !IsPlainSelection(q_.plan.root(), e)))
            return HistogramsNotSupported(q_.plan.root(), e, q_.step != 0);
          out.push_back({s->labels(), sample_time ? hw.back().t : t_, 0, false, hw.back().h});
          if (start_timestamps != nullptr) start_timestamps->push_back(0);
          continue;
        }
      }
      if (w.empty() || IsStaleNaN(w.back().v)) continue;
      out.push_back({s->labels(), sample_time ? w.back().t : t_, w.back().v});
      if (start_timestamps != nullptr) {
        std::span<const int64_t> st = s->StartTimestamps(w);
        start_timestamps->push_back(st.empty() ? 0 : st.back());
      }
    }
    return Value(std::move(out));
  }

  // A range selector or subquery (possibly in parentheses) as a matrix, with
  // the window it covers.
  // With `pooled`, a range selector's series come from its pool and
  // `*pooled` is set to the selection to give them back to (GiveBack).
  // `raw`: an anchored/smoothed range read for a function, which gets the
  // widened window's samples as they are (extended_range.h) rather than
  // framed by boundary points.
  Result<Value> RangeArg(const promql::Expr& e, int depth, RangeWindow& w,
                         QueryState::Selection** pooled = nullptr, bool raw = false) {
    if (const auto* paren = std::get_if<promql::ParenExpr>(&e.node))
      return RangeArg(*paren->expr, depth + 1, w, pooled, raw);
    if (const auto* ms = std::get_if<promql::MatrixSelector>(&e.node))
      return SelectRange(*ms, w, pooled, raw);
    if (const auto* sq = std::get_if<promql::SubqueryExpr>(&e.node))
      return Subquery(e, *sq, depth, w);
    return Error{"expected a range vector"};
  }

  // The window a range selector reads at this evaluator's time.
  Result<RangeWindow> WindowOf(const promql::MatrixSelector& ms) const {
    int64_t range = ms.range_ms;
    if (ms.range_expr) {
      Result<int64_t> r = DurationMs(*ms.range_expr, false, q_);
      if (!r) return r.error();
      range = *r;
    }
    Result<int64_t> ref = ReferenceTime(std::get<promql::VectorSelector>(ms.vector_selector->node));
    if (!ref) return ref.error();
    return RangeWindow{*ref - range, *ref, range};
  }

  Result<Value> SelectRange(const promql::MatrixSelector& ms, RangeWindow& w,
                            QueryState::Selection** pooled, bool raw = false) {
    const promql::Expr& inner = *ms.vector_selector;
    const auto& vs = std::get<promql::VectorSelector>(inner.node);
    Result<RangeWindow> window = WindowOf(ms);
    if (!window) return window.error();
    w = *window;
    QueryState::Selection& sel = Selected(inner);
    if (Status st = NoHistogramsIn(sel, inner, w.start - q_.options.lookback_ms,
                                   w.end + q_.options.lookback_ms);
        !st)
      return st.error();
    if (vs.anchored || vs.smoothed) {
      return Value(ExtendedRangeMatrix(sel.series, w.start, w.end, q_.options.lookback_ms,
                                       vs.smoothed, !raw));
    }
    Matrix out;
    if (pooled != nullptr) {
      *pooled = &sel;
      sel.pool.resize(sel.series.size());
      sel.taken.clear();
    }
    for (size_t i = 0; i < sel.series.size(); ++i) {
      const Series* s = sel.series[i];
      std::span<const Sample> window = s->Window(w.start, w.end, sel.hints[i]);
      if (window.empty()) continue;
      MatrixSeries series;
      if (pooled != nullptr) {
        series = std::move(sel.pool[i]);
        series.floats.clear();
      }
      if (series.labels.empty()) series.labels = s->labels();
      CopyWindow(*s, window, series);
      if (series.floats.empty()) {
        if (pooled != nullptr) sel.pool[i] = std::move(series);
        continue;
      }
      if (pooled != nullptr) sel.taken.push_back(i);
      out.push_back(std::move(series));
    }
    return Value(std::move(out));
  }

  // Returns a pooled range selector's series for the next step.
  static void GiveBack(QueryState::Selection& sel, Matrix& m) {
    for (size_t k = 0; k < m.size() && k < sel.taken.size(); ++k)
      sel.pool[sel.taken[k]] = std::move(m[k]);
  }

  // `expr[range:step] offset o @ t`: the inner expression at every multiple
  // of the step in (base - o - range, base - o], as a matrix.
  Result<Value> Subquery(const promql::Expr& e, const promql::SubqueryExpr& sq, int depth,
                         RangeWindow& w) {
    int64_t range = sq.range_ms;
    if (sq.range_expr) {
      Result<int64_t> r = DurationMs(*sq.range_expr, false, q_);
      if (!r) return r.error();
      range = *r;
    }
    int64_t step = sq.step_ms.value_or(q_.options.default_subquery_step_ms);
    if (sq.step_expr) {
      Result<int64_t> s = DurationMs(*sq.step_expr, false, q_);
      if (!s) return s.error();
      step = *s;
    }
    if (step <= 0) return Error{"zero or negative subquery step"};
    int64_t offset = sq.offset_ms;
    if (sq.offset_expr) {
      Result<int64_t> o = DurationMs(*sq.offset_expr, true, q_);
      if (!o) return o.error();
      offset = *o;
    }
    int64_t ref = AtBase(sq.at) - offset;
    w = {ref - range, ref, range};
    // The first multiple of the step after the window start (Go's truncating
    // division, as upstream computes it).
    int64_t first = step * (w.start / step);
    if (first <= w.start) first += step;

    std::map<int64_t, Value>& memo = q_.subquery_points[&e];
    Matrix out;
    std::unordered_map<uint64_t, std::vector<size_t>> index;
    auto add = [&](const model::Labels& labels, int64_t t, double v, bool drop) {
      std::vector<size_t>& same = index[labels.Hash()];
      for (size_t i : same) {
        if (out[i].labels == labels) {
          out[i].floats.push_back({t, v});
          out[i].drop_name = out[i].drop_name || drop;
          return;
        }
      }
      same.push_back(out.size());
      out.push_back(MatrixSeries{labels, {{t, v}}, drop});
    };
    int64_t held = q_.samples;
    for (int64_t ti = first; ti <= w.end; ti += step) {
      auto it = memo.find(ti);
      if (it == memo.end()) {
        Evaluator inner(q_, ti, InnerGrid(sq, range, step, offset));
        Result<Value> v = inner.Eval(*sq.expr, depth + 1);
        if (!v) return v.error();
        q_.samples = held;
        it = memo.emplace(ti, std::move(*v)).first;
      }
      if (const auto* vec = std::get_if<Vector>(&it->second)) {
        for (const VectorSample& s : *vec) add(s.labels, ti, s.v, s.drop_name);
        held += static_cast<int64_t>(vec->size());
      } else if (const auto* sc = std::get_if<Scalar>(&it->second)) {
        add({}, ti, sc->v, false);
        ++held;
      } else {
        return Error{"subquery over a value that is not an instant vector"};
      }
      if (Status st = Check(held); !st) return st.error();
    }
    q_.samples = held;
    // Windows only move forward within a query: forget points before this one.
    memo.erase(memo.begin(), memo.lower_bound(first));
    return Value(std::move(out));
  }

  Result<Value> CallFunction(const promql::Expr& e, const promql::Call& call, int depth) {
    if (call.func == "info") return CallInfo(call, depth);
    if (call.func == "step") return Value(Scalar{t_, static_cast<double>(q_.step) / 1000});
    if (call.func == "start") return Value(Scalar{t_, static_cast<double>(q_.start) / 1000});
    if (call.func == "end") return Value(Scalar{t_, static_cast<double>(q_.end) / 1000});
    if (call.func == "range")
      return Value(Scalar{t_, static_cast<double>(q_.end - q_.start) / 1000});
    const FunctionImpl* impl = q_.plan.FunctionOf(e);
    if (impl == nullptr)
      return Error{std::string(kNotImplemented) + "function " + call.func + "()"};
    if (q_.step > 0 && (call.func == "sort" || call.func == "sort_desc" ||
                        call.func == "sort_by_label" || call.func == "sort_by_label_desc")) {
      q_.notes.push_back(SortInRangeQueryWarning(e.span));
    }
    if (const promql::MatrixSelector* ms = SeriesMajorArg(call, *impl)) {
      Result<QueryState::StepResults*> res = SeriesMajor(e, call, *ms, *impl);
      if (!res) return res.error();
      if (Status st = Check(q_.samples + (*res)->window_peak); !st) return st.error();
      Vector out = std::move((*res)->steps[grid_->IndexOf(t_)]);
      if (!Delayed()) {
        if (Status st = CheckDistinctLabels(out); !st) return st.error();
      }
      return Value(std::move(out));
    }
    if (const promql::MatrixSelector* ms = WindowedSelectorArg(call, *impl))
      return CallOnWindows(e, call, *ms, *impl, depth);
    FunctionArgs in;
    in.t = t_;
    in.call = &call;
    in.span = e.span;
    in.annotations = &q_.notes;
    in.delayed_name_removal = Delayed();
    std::vector<Value> args;
    args.reserve(call.args.size());
    int64_t window_peak = 0;
    QueryState::Selection* pooled = nullptr;
    size_t pooled_arg = 0;
    std::vector<int64_t> start_timestamps;
    for (const promql::ExprPtr& a : call.args) {
      if (promql::TypeOf(*a) == promql::ValueType::kMatrix) {
        RangeWindow w;
        pooled_arg = args.size();
        if (const promql::VectorSelector* vs = ExtendedSelectorOf(*a)) {
          in.anchored = vs->anchored;
          in.smoothed = vs->smoothed;
        }
        Result<Value> v = RangeArg(*a, depth + 1, w, &pooled, in.anchored || in.smoothed);
        if (!v) return v.error();
        in.range_start = w.start;
        in.range_end = w.end;
        in.range_seconds = static_cast<double>(w.range_ms) / 1000;
        // upstream reads a range selector's windows one series at a time: the
        // largest window is what it holds at once (a subquery's matrix is
        // held whole, and counted in RangeArg).
        for (const MatrixSeries& s : std::get<Matrix>(*v))
          window_peak = std::max(window_peak, static_cast<int64_t>(s.floats.size()));
        if (Delayed()) DropMarkedNames(std::get<Matrix>(*v));
        args.push_back(std::move(*v));
        continue;
      }
      if (call.func == "start_timestamp") {
        Result<Value> v = StartTimestampArg(*a, depth, start_timestamps);
        if (!v) return v.error();
        in.start_timestamps = start_timestamps;
        args.push_back(std::move(*v));
        continue;
      }
      Result<Value> v =
          IsTimestampFunction(call.func) ? TimestampArg(*a, depth) : Eval(*a, depth + 1);
      if (!v) return v.error();
      args.push_back(std::move(*v));
    }
    if (Status st = Check(q_.samples + window_peak); !st) return st.error();
    in.args = args;
    Result<Value> out = impl->call(in);
    if (pooled != nullptr) GiveBack(*pooled, std::get<Matrix>(args[pooled_arg]));
    if (!out) return out;
    if (Delayed() && (call.func == "label_replace" || call.func == "label_join")) {
      if (Status st = KeepRelabelledNames(call, args, *out); !st) return st.error();
    }
    return out;
  }

  // The selector of a range argument (through parentheses) when it is
  // anchored or smoothed; null otherwise.
  static const promql::VectorSelector* ExtendedSelectorOf(const promql::Expr& a) {
    const promql::Expr* e = &a;
    while (const auto* paren = std::get_if<promql::ParenExpr>(&e->node)) e = paren->expr.get();
    const auto* ms = std::get_if<promql::MatrixSelector>(&e->node);
    if (ms == nullptr) return nullptr;
    const auto& vs = std::get<promql::VectorSelector>(ms->vector_selector->node);
    return vs.anchored || vs.smoothed ? &vs : nullptr;
  }

  // info(v [, selector]) (info.h): reads info series from the storage, so not in the table.
  Result<Value> CallInfo(const promql::Call& call, int depth) {
    if (call.args.empty()) return Error{"info() needs an argument"};
    Result<Value> v = Eval(*call.args[0], depth + 1);
    if (!v) return v.error();
    const auto* base = std::get_if<Vector>(&*v);
    if (base == nullptr) return Error{"info() over a value that is not an instant vector"};
    std::span<const Matcher> selector;
    if (call.args.size() > 1) selector = q_.plan.MatchersOf(*call.args[1]);
    int64_t ref = InfoReferenceTime(*call.args[0], t_, q_.start, q_.end);
    Result<Vector> out =
        EvalInfo(*base, q_.storage, selector, call.args.size() > 1, ref, q_.options.lookback_ms);
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

  // start_timestamp()'s argument: a selector (in parentheses or not) also
  // yields its samples' start timestamps; any other expression has none.
  Result<Value> StartTimestampArg(const promql::Expr& a, int depth,
                                  std::vector<int64_t>& start_timestamps) {
    const promql::Expr* e = &a;
    while (const auto* paren = std::get_if<promql::ParenExpr>(&e->node)) e = paren->expr.get();
    if (const auto* vs = std::get_if<promql::VectorSelector>(&e->node))
      return SelectInstant(*e, *vs, false, &start_timestamps);
    return Eval(a, depth + 1);
  }

  // A call of a per-window function whose range argument is a range
  // selector (in parentheses or not; not anchored or smoothed): the window
  // function can read the stored windows directly.
  static const promql::MatrixSelector* WindowedSelectorArg(const promql::Call& call,
                                                           const FunctionImpl& impl) {
    if (impl.window == nullptr) return nullptr;
    for (const promql::ExprPtr& a : call.args) {
      const promql::Expr& arg = promql::Unparen(*a);
      if (const auto* ms = std::get_if<promql::MatrixSelector>(&arg.node)) {
        const auto& vs = std::get<promql::VectorSelector>(ms->vector_selector->node);
        return vs.anchored || vs.smoothed ? nullptr : ms;
      }
    }
    return nullptr;
  }

  // `impl.window` over each selected series' stored window at this
  // evaluator's time: what reading the range selector as a matrix and
  // calling `impl.call` gives, without copying the windows. The output
  // labels are computed once per series and query.
  Result<Value> CallOnWindows(const promql::Expr& e, const promql::Call& call,
                              const promql::MatrixSelector& ms, const FunctionImpl& impl,
                              int depth) {
    std::vector<Value> args;
    args.reserve(call.args.size());
    for (const promql::ExprPtr& a : call.args) {
      if (std::holds_alternative<promql::MatrixSelector>(promql::Unparen(*a).node)) {
        args.emplace_back(std::in_place_type<Matrix>);
        continue;
      }
      Result<Value> v = Eval(*a, depth + 1);
      if (!v) return v.error();
      args.push_back(std::move(*v));
    }
    Result<RangeWindow> w = WindowOf(ms);
    if (!w) return w.error();
    FunctionArgs in;
    in.t = t_;
    in.call = &call;
    in.span = e.span;
    in.annotations = &q_.notes;
    in.delayed_name_removal = Delayed();
    in.args = args;
    in.range_start = w->start;
    in.range_end = w->end;
    in.range_seconds = static_cast<double>(w->range_ms) / 1000;
    QueryState::Selection& sel = Selected(*ms.vector_selector);
    if (Status st = NoHistogramsIn(sel, *ms.vector_selector, in.range_start, in.range_end); !st)
      return st.error();
    if (sel.out_labels.size() != sel.series.size()) sel.out_labels.resize(sel.series.size());
    Vector out;
    int64_t window_peak = 0;
    MatrixSeries unstale;  // A window without its staleness markers.
    for (size_t i = 0; i < sel.series.size(); ++i) {
      const Series* s = sel.series[i];
      SeriesWindow window = StoredWindow(*s, in.range_start, in.range_end, sel.hints[i], unstale);
      if (window.floats.empty()) continue;
      window_peak = std::max(window_peak, static_cast<int64_t>(window.floats.size()));
      std::optional<double> v = impl.window(in, window);
      if (!v) continue;
      std::optional<model::Labels>& labels = sel.out_labels[i];
      if (!labels) labels = impl.keeps_name ? s->labels() : NameDropped(s->labels(), Delayed());
      out.push_back({*labels, t_, *v, !impl.keeps_name});
    }
    if (Status st = Check(q_.samples + window_peak); !st) return st.error();
    if (!impl.keeps_name && !Delayed()) {
      if (Status st = CheckDistinctLabels(out); !st) return st.error();
    }
    return Value(std::move(out));
  }

  // A call eligible for series-major evaluation in a range query: one plain
  // range selector (literal range and offset, no @) and number literals.
  const promql::MatrixSelector* SeriesMajorArg(const promql::Call& call,
                                               const FunctionImpl& impl) const {
    if (!grid_ || impl.window == nullptr) return nullptr;
    const promql::MatrixSelector* found = nullptr;
    for (const promql::ExprPtr& a : call.args) {
      if (const auto* ms = std::get_if<promql::MatrixSelector>(&a->node)) {
        const auto& vs = std::get<promql::VectorSelector>(ms->vector_selector->node);
        if (found != nullptr || ms->range_expr || vs.offset_expr || vs.at || vs.anchored ||
            vs.smoothed)
          return nullptr;
        found = ms;
      } else if (!std::holds_alternative<promql::NumberLiteral>(a->node)) {
        return nullptr;
      }
    }
    return found;
  }

  // Calls `impl` for every series of the selector and every step of the
  // query, series by series, and keeps each step's output vector.
  Result<QueryState::StepResults*> SeriesMajor(const promql::Expr& e, const promql::Call& call,
                                               const promql::MatrixSelector& ms,
                                               const FunctionImpl& impl) {
    auto found = q_.step_results.find(&e);
    if (found != q_.step_results.end()) return &found->second;
    QueryState::StepResults res;
    res.steps.resize(grid_->steps);
    Status st = ForEachSeriesStep(
        e, call, ms, impl, res.window_peak, [&](size_t, const Series*) {},
        [&](size_t k, VectorSample&& o) { res.steps[k].push_back(std::move(o)); });
    if (!st) return st.error();
    return &q_.step_results.emplace(&e, std::move(res)).first->second;
  }

  // A subquery's inner steps over all of this evaluator's grid (the
  // multiples of `step` in any of its windows); none without a grid or with @.
  std::optional<Grid> InnerGrid(const promql::SubqueryExpr& sq, int64_t range, int64_t step,
                                int64_t offset) const {
    if (!grid_ || sq.at) return std::nullopt;
    int64_t lo = grid_->start - offset - range;
    int64_t first = step * (lo / step);
    if (first <= lo) first += step;
    int64_t hi = grid_->At(grid_->steps - 1) - offset;
    if (hi < first) return std::nullopt;
    return Grid{first, step, static_cast<size_t>((hi - first) / step) + 1};
  }

  // The loop of SeriesMajor: `next_series(i, series)` before each series'
  // calls, `out(k, sample)` for each output sample at step k.
  template <typename NextSeries, typename Out>
  Status ForEachSeriesStep(const promql::Expr& e, const promql::Call& call,
                           const promql::MatrixSelector& ms, const FunctionImpl& impl,
                           int64_t& window_peak, NextSeries next_series, Out out) {
    size_t steps = grid_->steps;
    const promql::Expr& inner = *ms.vector_selector;
    const auto& vs = std::get<promql::VectorSelector>(inner.node);
    QueryState::Selection& sel = Selected(inner);
    if (Status st = NoHistogramsIn(sel, inner, grid_->At(0) - vs.offset_ms - ms.range_ms,
                                   grid_->At(steps - 1) - vs.offset_ms);
        !st)
      return st;
    // The window function reads the number arguments from `in.args`.
    std::vector<Value> args;
    for (const promql::ExprPtr& a : call.args) {
      if (std::holds_alternative<promql::MatrixSelector>(a->node)) {
        args.emplace_back(std::in_place_type<Matrix>);
      } else {
        args.emplace_back(std::in_place_type<Scalar>,
                          Scalar{0, std::get<promql::NumberLiteral>(a->node).value});
      }
    }
    FunctionArgs in;
    in.call = &call;
    in.span = e.span;
    in.annotations = &q_.notes;
    in.delayed_name_removal = Delayed();
    in.range_seconds = static_cast<double>(ms.range_ms) / 1000;
    in.args = args;
    MatrixSeries unstale;  // A window without its staleness markers.
    for (size_t i = 0; i < sel.series.size(); ++i) {
      const Series* s = sel.series[i];
      const model::Labels& labels = s->labels();
      next_series(i, s);
      const model::Labels out_labels =
          impl.keeps_name ? labels : NameDropped(labels, in.delayed_name_removal);
      WindowHint hint;
      for (size_t k = 0; k < steps; ++k) {
        int64_t t = grid_->At(k);
        int64_t ref = t - vs.offset_ms;
        SeriesWindow window = StoredWindow(*s, ref - ms.range_ms, ref, hint, unstale);
        if (window.floats.empty()) continue;
        window_peak = std::max(window_peak, static_cast<int64_t>(window.floats.size()));
        in.t = t;
        in.range_start = ref - ms.range_ms;
        in.range_end = ref;
        std::optional<double> v = impl.window(in, window);
        if (v) out(k, VectorSample{out_labels, t, *v, !impl.keeps_name});
      }
    }
    return Ok();
  }

  // A range query's aggregation without parameter directly over a
  // series-major call (sum by (job) (rate(x[5m]))): folded for every step at
  // once, series by series, as upstream's rangeEvalAgg sees each step's
  // input in series order. Null when not applicable (then the aggregation
  // runs step by step); the per-step sample checks are the caller's.
  Result<QueryState::StepResults*> FusedAggregate(const promql::Expr& e,
                                                  const promql::AggregateExpr& agg) {
    if (!grid_ || Delayed()) return nullptr;
    auto found = q_.step_results.find(&e);
    if (found != q_.step_results.end()) return &found->second;
    if (q_.unfused.count(&e) != 0) return nullptr;
    const auto* call = std::get_if<promql::Call>(&agg.expr->node);
    const FunctionImpl* impl = call == nullptr ? nullptr : q_.plan.FunctionOf(*agg.expr);
    const promql::MatrixSelector* ms = impl == nullptr ? nullptr : SeriesMajorArg(*call, *impl);
    std::optional<int64_t> k = FusableK(agg);
    if (impl == nullptr || ms == nullptr ||
        !(agg.param ? k.has_value() : RangeAggregation::Supports(agg.op))) {
      q_.unfused.insert(&e);
      return nullptr;
    }
    QueryState::StepResults res;
    res.input_sizes.assign(grid_->steps, 0);
    res.steps.resize(grid_->steps);
    Status st = Ok();
    if (k) {
      RangeAggregationK fold(agg, grid_->steps, *k);
      st = Fold(*agg.expr, *call, *ms, *impl, res, fold,
                [&](size_t step, VectorSample&& o) { fold.Add(step, std::move(o)); });
      for (size_t i = 0; st && i < grid_->steps; ++i) res.steps[i] = fold.Take(i);
    } else {
      RangeAggregation fold(agg, grid_->steps);
      st = Fold(*agg.expr, *call, *ms, *impl, res, fold,
                [&](size_t step, VectorSample&& o) { fold.Add(step, o.v); });
      for (size_t i = 0; st && i < grid_->steps; ++i) res.steps[i] = fold.Take(i, grid_->At(i));
    }
    if (!st) {
      if (st.error().message == kCollide) {
        q_.unfused.insert(&e);
        return nullptr;
      }
      return st.error();
    }
    return &q_.step_results.emplace(&e, std::move(res)).first->second;
  }

  static constexpr std::string_view kCollide = "series-major outputs collide";

  // topk/bottomk/limitk's k when it is a number literal that upstream's
  // checks accept and that selects something.
  static std::optional<int64_t> FusableK(const promql::AggregateExpr& agg) {
    if (!agg.param || !RangeAggregationK::Supports(agg.op)) return std::nullopt;
    const auto* num = std::get_if<promql::NumberLiteral>(&agg.param->node);
    if (num == nullptr || !(num->value >= 1) || num->value >= 9223372036854775808.0)
      return std::nullopt;
    return static_cast<int64_t>(num->value);
  }

  // Runs the call series-major into `fold` (NextSeries per series with
  // output, `add` per output sample) and counts each step's input; fails
  // with kCollide when two series' outputs have the same labels (a step
  // may hold both: an error or not, the step-by-step path decides).
  template <typename FoldT, typename AddFn>
  Status Fold(const promql::Expr& call_expr, const promql::Call& call,
              const promql::MatrixSelector& ms, const FunctionImpl& impl,
              QueryState::StepResults& res, FoldT& fold, AddFn add) {
    Vector outputs;
    bool labelled = false;
    Status st = ForEachSeriesStep(
        call_expr, call, ms, impl, res.window_peak,
        [&](size_t, const Series*) { labelled = false; },
        [&](size_t k, VectorSample&& o) {
          if (!labelled) {
            fold.NextSeries(o.labels);
            outputs.push_back({o.labels, 0, 0});
            labelled = true;
          }
          ++res.input_sizes[k];
          add(k, std::move(o));
        });
    if (!st) return st;
    if (Status distinct = CheckDistinctLabels(outputs); !distinct)
      return Error{std::string(kCollide)};
    return Ok();
  }

  QueryState& q_;
  int64_t t_;
  std::optional<Grid> grid_;
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
  QueryState q{storage, plan, options};
  q.start = t_ms;
  q.end = t_ms;
  Result<Value> v = Evaluator(q, t_ms).Eval(plan.root(), 0);
  if (v && options.delayed_name_removal) {
    if (Status st = RemoveMarkedNames(*v); !st) v = st.error();
  }
  Dedup(q.notes);
  if (annotations != nullptr) *annotations = std::move(q.notes);
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
  QueryState q{storage, plan, options};
  q.start = start_ms;
  q.end = end_ms;
  q.step = step_ms;
  Matrix out;
  std::unordered_map<uint64_t, std::vector<size_t>> index;
  int64_t result_samples = 0;
  // Steps usually produce the same series in the same order: the output
  // series the k-th sample of the previous step went to is tried first.
  std::vector<size_t> previous_slot;
  auto add = [&](size_t k, const model::Labels& labels, int64_t t, double v, bool drop) -> Status {
    size_t i = out.size();
    if (k < previous_slot.size() && out[previous_slot[k]].labels == labels) {
      i = previous_slot[k];
    } else {
      std::vector<size_t>& same = index[labels.Hash()];
      for (size_t j : same) {
        if (out[j].labels == labels) i = j;
      }
      if (i == out.size()) {
        same.push_back(i);
        out.push_back(MatrixSeries{labels, {}, drop});
      }
    }
    if (k >= previous_slot.size()) previous_slot.resize(k + 1);
    previous_slot[k] = i;
    std::vector<Sample>& points = out[i].floats;
    if (!points.empty() && points.back().t == t)
      return Error{"vector cannot contain metrics with the same labelset"};
    points.push_back({t, v});
    ++result_samples;
    return Ok();
  };
  const Grid grid{start_ms, step_ms, static_cast<size_t>((end_ms - start_ms) / step_ms) + 1};
  for (int64_t t = start_ms; t <= end_ms; t += step_ms) {
    // The result so far stays in memory while the next step runs.
    q.samples = result_samples;
    Result<Value> v = Evaluator(q, t, grid).Eval(plan.root(), 0);
    if (!v) return v.error();
    if (const auto* s = std::get_if<Scalar>(&*v)) {
      if (Status st = add(0, {}, t, s->v, false); !st) return st.error();
    } else if (const auto* vec = std::get_if<Vector>(&*v)) {
      for (size_t k = 0; k < vec->size(); ++k) {
        const VectorSample& s = (*vec)[k];
        if (Status st = add(k, s.labels, t, s.v, s.drop_name); !st) return st.error();
      }
    } else {
      return Error{"invalid expression type for range query, must be Scalar or instant Vector"};
    }
  }
  if (options.delayed_name_removal) {
    Value v(std::move(out));
    if (Status st = RemoveMarkedNames(v); !st) return st.error();
    out = std::move(std::get<Matrix>(v));
  }
  std::sort(out.begin(), out.end(),
            [](const MatrixSeries& a, const MatrixSeries& b) { return a.labels < b.labels; });
  Dedup(q.notes);
  if (annotations != nullptr) *annotations = std::move(q.notes);
  return out;
}

}  // namespace ttam::eval
