#include "eval/aggregate.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/aggregate_groups.h"
#include "eval/aggregate_k.h"
#include "eval/annotation_texts.h"
#include "eval/functions_impl.h"
#include "support/text.h"
#include "support/utf8.h"

namespace ttam::eval {
namespace {

using promql::AggregateOp;

// One group's running state (upstream's groupedAggregation, floats only).
struct Group {
  model::Labels labels;
  double value = 0;
  double mean = 0;
  double kahan_c = 0;
  double count = 0;
  bool incremental_mean = false;
  std::vector<double> values{};  // quantile's inputs.
};

constexpr size_t kNoSlot = static_cast<size_t>(-1);

void Start(AggregateOp op, Group& g, double f) {
  g.value = f;
  g.mean = f;
  g.count = 1;
  switch (op) {
    case AggregateOp::kStddev:
    case AggregateOp::kStdvar:
      g.value = std::isnan(f) || std::isinf(f) ? NAN : 0;
      break;
    case AggregateOp::kGroup:
      g.value = 1;
      break;
    case AggregateOp::kQuantile:
      g.values.push_back(f);
      break;
    default:
      break;
  }
}

void Add(AggregateOp op, Group& g, double f) {
  switch (op) {
    case AggregateOp::kSum:
      KahanInc(f, g.value, g.kahan_c);
      break;
    case AggregateOp::kAvg: {
      g.count++;
      if (!g.incremental_mean) {
        double sum = g.value;
        double c = g.kahan_c;
        KahanInc(f, sum, c);
        if (!std::isinf(sum)) {
          g.value = sum;
          g.kahan_c = c;
          break;
        }
        // The sum would overflow: continue with an incremental mean.
        g.incremental_mean = true;
        g.mean = g.value / (g.count - 1);
        g.kahan_c /= g.count - 1;
      }
      double q = (g.count - 1) / g.count;
      double mean = q * g.mean;
      double c = q * g.kahan_c;
      KahanInc(f / g.count, mean, c);
      g.mean = mean;
      g.kahan_c = c;
      break;
    }
    case AggregateOp::kMax:
      if (g.value < f || std::isnan(g.value)) g.value = f;
      break;
    case AggregateOp::kMin:
      if (g.value > f || std::isnan(g.value)) g.value = f;
      break;
    case AggregateOp::kCount:
      g.count++;
      break;
    case AggregateOp::kStddev:
    case AggregateOp::kStdvar: {
      g.count++;
      double delta = f - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (f - g.mean);
      break;
    }
    case AggregateOp::kQuantile:
      g.values.push_back(f);
      break;
    default:
      break;
  }
}

double Finish(AggregateOp op, Group& g, double q) {
  switch (op) {
    case AggregateOp::kSum:
      return g.value + g.kahan_c;
    case AggregateOp::kAvg:
      if (g.incremental_mean) return g.mean + g.kahan_c;
      return g.value / g.count + g.kahan_c / g.count;
    case AggregateOp::kCount:
      return g.count;
    case AggregateOp::kStdvar:
      return g.value / g.count;
    case AggregateOp::kStddev:
      return std::sqrt(g.value / g.count);
    case AggregateOp::kQuantile:
      return Quantile(q, g.values);
    default:
      return g.value;
  }
}

bool IsSelecting(AggregateOp op) {
  return op == AggregateOp::kTopk || op == AggregateOp::kBottomk || op == AggregateOp::kLimitk ||
         op == AggregateOp::kLimitRatio;
}

// upstream's checks of the parameter (rangeEvalAgg): errors for a k that is
// NaN or does not fit int64 and for a NaN ratio, warnings for a ratio or a
// quantile out of range.
Status CheckParam(const promql::AggregateExpr& e, double p, Annotations* annotations) {
  const promql::Span span = e.param ? UnwrappedSpan(*e.param) : promql::Span{};
  switch (e.op) {
    case AggregateOp::kTopk:
    case AggregateOp::kBottomk:
    case AggregateOp::kLimitk:
      if (std::isnan(p)) return Error{"Parameter value is NaN"};
      if (p <= -9223372036854775808.0)
        return Error{"Scalar value " + GoFormatG(p) + " underflows int64"};
      if (p >= 9223372036854775808.0)
        return Error{"Scalar value " + GoFormatG(p) + " overflows int64"};
      break;
    case AggregateOp::kLimitRatio:
      if (std::isnan(p)) return Error{"Ratio value is NaN"};
      if (p > 1.0) annotations->push_back(InvalidRatioWarning(p, 1.0, span));
      if (p < -1.0) annotations->push_back(InvalidRatioWarning(p, -1.0, span));
      break;
    case AggregateOp::kQuantile:
      if (std::isnan(p) || p < 0 || p > 1) annotations->push_back(InvalidQuantileWarning(p, span));
      break;
    default:
      break;
  }
  return Ok();
}

}  // namespace

void KahanInc(double inc, double& sum, double& c) {
  double t = sum + inc;
  if (std::isinf(t)) {
    c = 0;
  } else if (std::fabs(sum) >= std::fabs(inc)) {
    c += (sum - t) + inc;
  } else {
    c += (inc - t) + sum;
  }
  sum = t;
}

Result<Vector> EvalAggregate(const promql::AggregateExpr& e, const Vector& input,
                             const Value* param, int64_t t, promql::Span span,
                             Annotations* annotations, GroupCache* cache) {
  (void)span;
  if (e.op == AggregateOp::kCountValues) {
    const auto* label = param == nullptr ? nullptr : std::get_if<String>(param);
    if (label == nullptr) return Error{"count_values() expects a string parameter"};
    // model.LabelName.IsValid under UTF-8 validation: any non-empty valid UTF-8.
    if (label->v.empty() || FindInvalidUtf8(label->v) != std::string_view::npos)
      return Error{"invalid label name " + GoQuote(label->v)};
    return EvalCountValues(e, input, label->v, t);
  }
  double p = 0;
  if (param != nullptr) {
    const auto* scalar = std::get_if<Scalar>(param);
    if (scalar == nullptr) return Error{"aggregation parameter is not a scalar"};
    p = scalar->v;
  }
  if (Status st = CheckParam(e, p, annotations); !st) return st.error();
  if (IsSelecting(e.op)) return EvalAggregateK(e, input, p, t, cache);
  GroupCache local;
  GroupCache& known = cache != nullptr ? *cache : local;
  // This step's groups in order of first appearance; slot[g] is group g's
  // place among them.
  std::vector<Group> groups;
  std::vector<size_t> slot;
  for (size_t k = 0; k < input.size(); ++k) {
    const VectorSample& s = input[k];
    size_t g = known.GroupOf(e, input, k);
    if (g >= slot.size()) slot.resize(known.size(), kNoSlot);
    if (slot[g] == kNoSlot) {
      slot[g] = groups.size();
      groups.push_back(Group{known.Labels(g)});
      Start(e.op, groups.back(), s.v);
    } else {
      Add(e.op, groups[slot[g]], s.v);
    }
  }
  Vector out;
  out.reserve(groups.size());
  for (Group& g : groups) out.push_back({std::move(g.labels), t, Finish(e.op, g, p)});
  return out;
}

struct RangeAggregation::State {
  const promql::AggregateExpr& e;
  size_t steps;
  std::vector<model::Labels> labels;  // Per group.
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;
  // Per group, per step: the running state (count 0: not started).
  std::vector<std::vector<Group>> groups;
  // Per step: the groups in order of first appearance.
  std::vector<std::vector<size_t>> order;
  size_t current = 0;  // The current series' group.
};

RangeAggregation::RangeAggregation(const promql::AggregateExpr& e, size_t steps)
    : state_(std::make_unique<State>(State{e, steps, {}, {}, {}, {}, 0})) {
  state_->order.resize(steps);
}

RangeAggregation::~RangeAggregation() = default;

bool RangeAggregation::Supports(AggregateOp op) {
  switch (op) {
    case AggregateOp::kSum:
    case AggregateOp::kAvg:
    case AggregateOp::kCount:
    case AggregateOp::kMin:
    case AggregateOp::kMax:
    case AggregateOp::kGroup:
    case AggregateOp::kStddev:
    case AggregateOp::kStdvar:
      return true;
    default:
      return false;
  }
}

void RangeAggregation::NextSeries(const model::Labels& labels) {
  State& st = *state_;
  model::Labels g = AggregateGroupLabels(st.e.without, st.e.grouping, labels);
  std::vector<size_t>& candidates = st.by_hash[g.Hash()];
  auto it = std::find_if(candidates.begin(), candidates.end(),
                         [&](size_t i) { return st.labels[i] == g; });
  if (it != candidates.end()) {
    st.current = *it;
    return;
  }
  st.current = st.labels.size();
  candidates.push_back(st.current);
  st.labels.push_back(std::move(g));
  st.groups.emplace_back(st.steps);
}

void RangeAggregation::Add(size_t k, double v) {
  State& st = *state_;
  Group& g = st.groups[st.current][k];
  if (g.count == 0) {
    st.order[k].push_back(st.current);
    Start(st.e.op, g, v);
  } else {
    ttam::eval::Add(st.e.op, g, v);
  }
}

Vector RangeAggregation::Take(size_t k, int64_t t) {
  State& st = *state_;
  Vector out;
  out.reserve(st.order[k].size());
  for (size_t g : st.order[k])
    out.push_back({st.labels[g], t, Finish(st.e.op, st.groups[g][k], 0)});
  return out;
}

}  // namespace ttam::eval
