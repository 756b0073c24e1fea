#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace ttam {

/// A fast, well-mixed 64-bit hash of bytes (8 bytes per step). Not for
/// security; for remembering series keys and names in 8 bytes.
inline uint64_t HashBytes(std::string_view data, uint64_t seed = 0) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = seed ^ (data.size() * kMul);
  const char* p = data.data();
  size_t n = data.size();
  auto mix = [](uint64_t a, uint64_t b) {
    __uint128_t r = static_cast<__uint128_t>(a) * b;
    return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
  };
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = mix(h ^ w, kMul ^ 0xA0761D6478BD642Full);
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = mix(h ^ tail ^ (static_cast<uint64_t>(n) << 56), 0xE7037ED1A0B428DBull);
  return mix(h, kMul);
}

/// Combines two hashes, order-dependently.
inline uint64_t HashCombine(uint64_t a, uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a ^ 0x8EBC6AF09C88C6E3ull) * (b | 1);
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64) ^ b;
}

/// A set of 64-bit hashes: open addressing, linear probing, 8 bytes a slot.
/// The value 0 is stored out of band so that it can mark empty slots.
class HashSet64 {
 public:
  /// Adds `key`; returns true when it was not there yet.
  bool Insert(uint64_t key) {
    if (key == 0) {
      bool added = !has_zero_;
      has_zero_ = true;
      size_ += added;
      return added;
    }
    if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
    size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(key ^ (key >> 29)) & mask;
    while (slots_[i] != 0) {
      if (slots_[i] == key) return false;
      i = (i + 1) & mask;
    }
    slots_[i] = key;
    ++size_;
    return true;
  }
  /// True when `key` was inserted before.
  bool Contains(uint64_t key) const {
    if (key == 0) return has_zero_;
    if (slots_.empty()) return false;
    size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(key ^ (key >> 29)) & mask;
    while (slots_[i] != 0) {
      if (slots_[i] == key) return true;
      i = (i + 1) & mask;
    }
    return false;
  }
  size_t size() const { return size_; }
  void Clear() {
    slots_.clear();
    size_ = 0;
    has_zero_ = false;
  }

 private:
  void Grow() {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    size_t mask = slots_.size() - 1;
    for (uint64_t key : old) {
      if (key == 0) continue;
      size_t i = static_cast<size_t>(key ^ (key >> 29)) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = key;
    }
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
  bool has_zero_ = false;
};

}  // namespace ttam
