#pragma once

// Internal to eval: which group of an aggregation each input label set falls
// into, remembered across the steps of a range query so that group labels
// and their hashes are computed once per input series, not once per sample
// and step.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "eval/value.h"
#include "model/labels.h"
#include "promql/ast.h"

namespace ttam::eval {

/// The groups of one aggregation node: numbered in order of first sight over
/// the whole query, each input label set mapped to its group by its
/// representation (Labels::Identity), with a copy kept so the key stays valid.
class GroupCache {
 public:
  /// The group of `input[k]`'s labels; `k` is its position in the step's
  /// input, tried first against the previous step's series at that position.
  size_t GroupOf(const promql::AggregateExpr& e, const Vector& input, size_t k);
  /// The labels of group `g`.
  const model::Labels& Labels(size_t g) const { return groups_[g]; }
  /// The number of groups seen so far.
  size_t size() const { return groups_.size(); }

 private:
  struct Entry {
    model::Labels input;
    size_t group;
  };
  std::unordered_map<const void*, Entry> by_identity_;
  std::vector<model::Labels> groups_;
  std::unordered_map<uint64_t, std::vector<size_t>> by_hash_;
  static constexpr size_t kNone = static_cast<size_t>(-1);
  // Per input position: the identity seen there last and its group.
  std::vector<std::pair<const void*, size_t>> by_position_;
};

}  // namespace ttam::eval
