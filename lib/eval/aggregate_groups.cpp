#include "eval/aggregate_groups.h"

#include <algorithm>

#include "eval/aggregate_k.h"

namespace ttam::eval {

size_t GroupCache::GroupOf(const promql::AggregateExpr& e, const Vector& input, size_t k) {
  const model::Labels& labels = input[k].labels;
  const void* id = labels.Identity();
  if (k < by_position_.size() && by_position_[k].first == id && by_position_[k].second != kNone)
    return by_position_[k].second;
  size_t group = 0;
  auto found = by_identity_.find(id);
  if (found != by_identity_.end()) {
    group = found->second.group;
  } else {
    model::Labels g = AggregateGroupLabels(e.without, e.grouping, labels);
    std::vector<size_t>& candidates = by_hash_[g.Hash()];
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](size_t i) { return groups_[i] == g; });
    if (it == candidates.end()) {
      group = groups_.size();
      candidates.push_back(group);
      groups_.push_back(std::move(g));
    } else {
      group = *it;
    }
    by_identity_.emplace(id, Entry{labels, group});
  }
  if (k >= by_position_.size()) by_position_.resize(k + 1, {nullptr, kNone});
  by_position_[k] = {id, group};
  return group;
}

}  // namespace ttam::eval
