#include "expfmt/series_key.h"

#include <algorithm>
#include <array>
#include <vector>

namespace ttam::expfmt {
namespace {

// 64-bit FNV-1a over the bytes, with a separator between fields so that
// {a="bc"} and {ab="c"} differ; then a final avalanche (splitmix64).
constexpr uint64_t kOffset = 1469598103934665603ull;
constexpr uint64_t kPrime = 1099511628211ull;

uint64_t Mix(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= kPrime;
  }
  h ^= 0xff;  // field separator: not a valid UTF-8 byte
  h *= kPrime;
  return h;
}

uint64_t Finalize(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

}  // namespace

uint64_t SeriesHash(std::string_view name, std::span<const Label> labels) {
  uint64_t h = Mix(kOffset, name);
  if (labels.size() <= 1 ||
      std::is_sorted(labels.begin(), labels.end(),
                     [](const Label& a, const Label& b) { return a.name < b.name; })) {
    for (const Label& l : labels) h = Mix(Mix(h, l.name), l.value);
    return Finalize(h);
  }
  std::array<const Label*, 32> small;
  std::vector<const Label*> large;
  const Label** order = small.data();
  if (labels.size() > small.size()) {
    large.resize(labels.size());
    order = large.data();
  }
  for (size_t i = 0; i < labels.size(); ++i) order[i] = &labels[i];
  std::sort(order, order + labels.size(),
            [](const Label* a, const Label* b) { return a->name < b->name; });
  for (size_t i = 0; i < labels.size(); ++i) h = Mix(Mix(h, order[i]->name), order[i]->value);
  return Finalize(h);
}

}  // namespace ttam::expfmt
