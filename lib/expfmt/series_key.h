#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "expfmt/events.h"
#include "support/hash.h"

namespace ttam::expfmt {

inline constexpr uint64_t kNameSeed = 0x6e616d65;   // "name"
inline constexpr uint64_t kLabelSeed = 0x6c61626c;  // "labl"

/// One label's share of a label-set hash; 0 for an empty value, which
/// Prometheus treats as no label at all.
inline uint64_t LabelHash(const Label& label) {
  return label.value.empty() ? 0 : HashPair(label.name, label.value, kLabelSeed);
}

/// An order-free hash of a label set: the sum of LabelHash (the parser
/// rejects a label name given twice, so a set never repeats a pair).
inline uint64_t LabelSetHash(std::span<const Label> labels) {
  uint64_t sum = 0;
  for (const Label& label : labels) sum += LabelHash(label);
  return sum;
}

/// A metric name's share of SeriesHash (callers that see one name many
/// times can keep it).
inline uint64_t NameHash(std::string_view name) { return HashBytes(name, kNameSeed); }

/// SeriesHash from NameHash(name) and LabelSetHash.
inline uint64_t SeriesHashFromNameHash(uint64_t name_hash, uint64_t labels_hash) {
  return Mix64(name_hash ^ labels_hash);
}

/// A series identity from its name and LabelSetHash. Lets checks and
/// counters remember series in 8 bytes each.
inline uint64_t SeriesHash(std::string_view name, uint64_t labels_hash) {
  return SeriesHashFromNameHash(NameHash(name), labels_hash);
}

/// The same, from the labels.
inline uint64_t SeriesHash(std::string_view name, std::span<const Label> labels) {
  return SeriesHash(name, LabelSetHash(labels));
}

}  // namespace ttam::expfmt
