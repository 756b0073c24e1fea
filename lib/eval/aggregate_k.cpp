#include "eval/aggregate_k.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/aggregate_groups.h"
#include "eval/labels_hash.h"
#include "support/number.h"

namespace ttam::eval {
namespace {

using promql::AggregateOp;

// upstream's vectorByValueHeap (`reverse` false) and vectorByReverseValueHeap
// (`reverse` true) Less: a NaN is always "less", so it sits on top of the
// heap and is the first to be replaced.
bool HeapLess(const VectorSample& a, const VectorSample& b, bool reverse) {
  if (std::isnan(a.v)) return true;
  return reverse ? a.v > b.v : a.v < b.v;
}

// Go's container/heap, step for step, so that the heap's array order (which
// limitk and limit_ratio output as it is) is upstream's.
struct GoHeap {
  std::vector<VectorSample> items;
  bool reverse = false;

  bool Less(size_t i, size_t j) const { return HeapLess(items[i], items[j], reverse); }

  void Up(size_t j) {
    while (j > 0) {
      size_t i = (j - 1) / 2;
      if (!Less(j, i)) break;
      std::swap(items[i], items[j]);
      j = i;
    }
  }

  bool Down(size_t i0) {
    size_t n = items.size();
    size_t i = i0;
    for (;;) {
      size_t j1 = 2 * i + 1;
      if (j1 >= n) break;
      size_t j = j1;
      if (size_t j2 = j1 + 1; j2 < n && Less(j2, j1)) j = j2;
      if (!Less(j, i)) break;
      std::swap(items[i], items[j]);
      i = j;
    }
    return i > i0;
  }

  void Push(VectorSample s) {
    items.push_back(std::move(s));
    Up(items.size() - 1);
  }

  void FixTop() {
    if (!Down(0)) Up(0);
  }
};

struct KGroup {
  model::Labels labels;
  GoHeap heap;
};

// The group index of each input sample, groups in order of first appearance.
std::vector<size_t> AssignGroups(const promql::AggregateExpr& e, const Vector& input,
                                 std::vector<KGroup>& groups, bool reverse, GroupCache& known) {
  std::vector<size_t> index;
  index.reserve(input.size());
  std::vector<size_t> slot;
  constexpr size_t kNoSlot = static_cast<size_t>(-1);
  for (size_t k = 0; k < input.size(); ++k) {
    size_t g = known.GroupOf(e, input, k);
    if (g >= slot.size()) slot.resize(known.size(), kNoSlot);
    if (slot[g] == kNoSlot) {
      slot[g] = groups.size();
      groups.push_back(KGroup{known.Labels(g), GoHeap{{}, reverse}});
    }
    index.push_back(slot[g]);
  }
  return index;
}

// upstream's HashRatioSampler: the labels' hash as a fraction of MaxUint64.
bool KeepForRatio(const model::Labels& labels, double ratio) {
  double offset = static_cast<double>(UpstreamLabelsHash(labels)) /
                  static_cast<double>(std::numeric_limits<uint64_t>::max());
  return ratio >= 0 ? offset < ratio : offset >= 1.0 + ratio;
}

// Go's sort.Sort(sort.Reverse(heap)) for the small heaps its pdqsort sorts
// by insertion (12 elements or fewer); larger ones sort stably in the same order.
void SortReverse(std::vector<VectorSample>& items, bool reverse) {
  auto less = [&](const VectorSample& a, const VectorSample& b) { return HeapLess(b, a, reverse); };
  if (items.size() > 12) {
    std::stable_sort(items.begin(), items.end(), less);
    return;
  }
  for (size_t i = 1; i < items.size(); ++i) {
    for (size_t j = i; j > 0 && less(items[j], items[j - 1]); --j)
      std::swap(items[j], items[j - 1]);
  }
}

}  // namespace

model::Labels AggregateGroupLabels(bool without, const std::vector<std::string>& grouping,
                                   const model::Labels& labels) {
  model::LabelsBuilder b(labels);
  if (without) {
    for (const std::string& n : grouping) b.Del(n);
    b.Del(model::kMetricName);
  } else {
    b.Keep(grouping);
  }
  return b.Build();
}

Vector EvalAggregateK(const promql::AggregateExpr& e, const Vector& input, double param, int64_t t,
                      GroupCache* cache) {
  const AggregateOp op = e.op;
  int64_t k = 0;
  double ratio = 0;
  if (op == AggregateOp::kLimitRatio) {
    if (param == 0) return {};
    ratio = std::clamp(param, -1.0, 1.0);
  } else {
    k = std::min(static_cast<int64_t>(param), static_cast<int64_t>(input.size()));
    if (k < 1) return {};
  }
  GroupCache local;
  std::vector<KGroup> groups;
  std::vector<size_t> index = AssignGroups(e, input, groups, op == AggregateOp::kBottomk,
                                           cache != nullptr ? *cache : local);
  for (size_t i = 0; i < input.size(); ++i) {
    GoHeap& heap = groups[index[i]].heap;
    const VectorSample& s = input[i];
    VectorSample out{s.labels, t, s.v};
    switch (op) {
      case AggregateOp::kTopk:
      case AggregateOp::kBottomk: {
        if (static_cast<int64_t>(heap.items.size()) < k) {
          heap.Push(std::move(out));
          break;
        }
        const double top = heap.items[0].v;
        bool replace = op == AggregateOp::kTopk ? top < s.v : top > s.v;
        if (replace || (std::isnan(top) && !std::isnan(s.v))) {
          heap.items[0] = std::move(out);
          if (k > 1) heap.FixTop();
        }
        break;
      }
      case AggregateOp::kLimitk:
        if (static_cast<int64_t>(heap.items.size()) < k) heap.Push(std::move(out));
        break;
      case AggregateOp::kLimitRatio:
        if (KeepForRatio(s.labels, ratio)) heap.Push(std::move(out));
        break;
      default:
        break;
    }
  }
  Vector result;
  for (KGroup& g : groups) {
    if (op == AggregateOp::kTopk || op == AggregateOp::kBottomk)
      SortReverse(g.heap.items, g.heap.reverse);
    for (VectorSample& s : g.heap.items) result.push_back(std::move(s));
  }
  return result;
}

struct RangeAggregationK::Heap {
  GoHeap heap;
  bool started = false;
};

RangeAggregationK::RangeAggregationK(const promql::AggregateExpr& e, size_t steps, int64_t k)
    : e_(e), steps_(steps), k_(k), order_(steps) {}

RangeAggregationK::~RangeAggregationK() = default;

bool RangeAggregationK::Supports(AggregateOp op) {
  return op == AggregateOp::kTopk || op == AggregateOp::kBottomk || op == AggregateOp::kLimitk;
}

void RangeAggregationK::NextSeries(const model::Labels& labels) {
  model::Labels g = AggregateGroupLabels(e_.without, e_.grouping, labels);
  std::vector<size_t>& candidates = by_hash_[g.Hash()];
  for (size_t i : candidates) {
    if (labels_[i] == g) {
      current_ = i;
      return;
    }
  }
  current_ = labels_.size();
  candidates.push_back(current_);
  labels_.push_back(std::move(g));
  heaps_.emplace_back(steps_);
  for (Heap& h : heaps_.back()) h.heap.reverse = e_.op == AggregateOp::kBottomk;
}

void RangeAggregationK::Add(size_t k, VectorSample&& s) {
  Heap& h = heaps_[current_][k];
  if (!h.started) {
    h.started = true;
    order_[k].push_back(current_);
  }
  GoHeap& heap = h.heap;
  const double v = s.v;
  s.drop_name = false;  // As EvalAggregateK's output samples.
  switch (e_.op) {
    case AggregateOp::kTopk:
    case AggregateOp::kBottomk: {
      if (static_cast<int64_t>(heap.items.size()) < k_) {
        heap.Push(std::move(s));
        break;
      }
      const double top = heap.items[0].v;
      bool replace = e_.op == AggregateOp::kTopk ? top < v : top > v;
      if (replace || (std::isnan(top) && !std::isnan(v))) {
        heap.items[0] = std::move(s);
        if (k_ > 1) heap.FixTop();
      }
      break;
    }
    case AggregateOp::kLimitk:
      if (static_cast<int64_t>(heap.items.size()) < k_) heap.Push(std::move(s));
      break;
    default:
      break;
  }
}

Vector RangeAggregationK::Take(size_t k) {
  Vector result;
  for (size_t g : order_[k]) {
    GoHeap& heap = heaps_[g][k].heap;
    if (e_.op != AggregateOp::kLimitk) SortReverse(heap.items, heap.reverse);
    for (VectorSample& s : heap.items) result.push_back(std::move(s));
    heap.items = {};
  }
  return result;
}

Vector EvalCountValues(const promql::AggregateExpr& e, const Vector& input, std::string_view label,
                       int64_t t) {
  std::vector<std::string> grouping = e.grouping;
  if (!e.without) grouping.emplace_back(label);
  struct Count {
    model::Labels labels;
    double count = 0;
  };
  std::vector<Count> counts;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash;
  for (const VectorSample& s : input) {
    model::LabelsBuilder b(s.labels);
    b.Set(label, FormatShortestFixed(s.v));
    model::Labels labels = AggregateGroupLabels(e.without, grouping, b.Build());
    std::vector<size_t>& candidates = by_hash[labels.Hash()];
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](size_t i) { return counts[i].labels == labels; });
    if (it == candidates.end()) {
      candidates.push_back(counts.size());
      counts.push_back({std::move(labels), 1});
    } else {
      counts[*it].count++;
    }
  }
  Vector out;
  out.reserve(counts.size());
  for (Count& c : counts) out.push_back({std::move(c.labels), t, c.count});
  return out;
}

}  // namespace ttam::eval
