#pragma once

// The seeded generator the differential tests' generators share.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ttam::test {

/// A small portable generator (splitmix64): the same numbers with every
/// standard library, unlike std::uniform_int_distribution.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// 0 <= r < n.
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  /// lo <= r <= hi.
  int Between(int lo, int hi) { return lo + Below(hi - lo + 1); }
  /// True with probability percent/100.
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(static_cast<int>(N))];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(static_cast<int>(items.size()))];
  }

 private:
  uint64_t state_;
};

}  // namespace ttam::test
