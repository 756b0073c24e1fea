#pragma once

#include <cstdint>
#include <vector>

// Private to ttam_lint_exposition: the linter's per-family table of series.

namespace ttam::lint {

/// The series of the current family: 64-bit series keys and the line where
/// each was first seen. Sixteen bytes a slot at up to 3/4 load, so that a
/// family of a few thousand series stays in the L1/L2 cache while the input
/// streams past; Clear() is O(1) (a generation counter), so a large family
/// followed by many small ones costs no rewiping.
class SeriesIndex {
 public:
  /// Records `key` as seen on `line` (1-based); returns the line of its first
  /// sighting since Clear(), or 0 when this is the first.
  uint64_t Insert(uint64_t key, uint64_t line) {
    if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
    const uint64_t current = generation_ << kLineBits;
    size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(key) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if ((slot.stamp & ~kLineMask) != current) {
        slot.key = key;
        slot.stamp = current | (line < kLineMask ? line : kLineMask);
        ++size_;
        return 0;
      }
      if (slot.key == key) return slot.stamp & kLineMask;
    }
  }

  /// Forgets every key; keeps the memory.
  void Clear() {
    size_ = 0;
    if (++generation_ == kGenerations) {
      // Wrapped: stale slots could look current; wipe them once.
      for (Slot& slot : slots_) slot.stamp = 0;
      generation_ = 1;
    }
  }

  size_t size() const { return size_; }

 private:
  static constexpr int kLineBits = 48;
  static constexpr uint64_t kLineMask = (uint64_t{1} << kLineBits) - 1;
  static constexpr uint64_t kGenerations = uint64_t{1} << (64 - kLineBits);

  struct Slot {
    uint64_t key = 0;
    uint64_t stamp =
        0;  ///< generation << kLineBits | line; a slot is used when its generation is current
  };

  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 256 : old.size() * 2, Slot{});
    const uint64_t current = generation_ << kLineBits;
    size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if ((slot.stamp & ~kLineMask) != current) continue;
      size_t i = static_cast<size_t>(slot.key) & mask;
      while ((slots_[i].stamp & ~kLineMask) == current) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
  uint64_t generation_ = 1;
};

}  // namespace ttam::lint
