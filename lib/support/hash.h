#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace ttam {

/// A strong 64-bit finaliser.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}

/// Folds `bytes` into the running hash state `h` (not cryptographic; callers
/// finish with Mix64). The length goes in too, so "a"+"bc" != "ab"+"c".
inline uint64_t HashAppend(uint64_t h, std::string_view bytes) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  const char* p = bytes.data();
  size_t n = bytes.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    // 1-7 bytes: overlapping loads instead of a byte loop.
    uint64_t w;
    if (n >= 4) {
      uint32_t a;
      uint32_t b;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      w = (static_cast<uint64_t>(a) << 32) | b;
    } else {
      w = (static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
          (static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
          static_cast<unsigned char>(p[n - 1]);
    }
    h = (h ^ w) * kMul;
    h ^= h >> 31;
  }
  return (h ^ bytes.size()) * kMul;
}

/// A 64-bit hash of bytes.
inline uint64_t HashBytes(std::string_view bytes, uint64_t seed = 0) {
  return Mix64(HashAppend(seed, bytes));
}

/// A 64-bit hash of a label's name and value.
inline uint64_t HashPair(std::string_view name, std::string_view value, uint64_t seed) {
  return Mix64(HashAppend(HashAppend(seed, name), value));
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
    size_t i = static_cast<size_t>(key) & mask;
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
    size_t i = static_cast<size_t>(key) & mask;
    while (slots_[i] != 0) {
      if (slots_[i] == key) return true;
      i = (i + 1) & mask;
    }
    return false;
  }
  size_t size() const { return size_; }

 private:
  void Grow() {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    size_t mask = slots_.size() - 1;
    for (uint64_t key : old) {
      if (key == 0) continue;
      size_t i = static_cast<size_t>(key) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = key;
    }
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
  bool has_zero_ = false;
};

}  // namespace ttam
