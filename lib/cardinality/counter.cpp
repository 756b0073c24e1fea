#include "cardinality/counter.h"

#include <algorithm>
#include <array>
#include <limits>
#include <unordered_map>
#include <utility>

#include "cardinality/value_shapes.h"
#include "expfmt/series_key.h"
#include "support/hash.h"

namespace ttam::cardinality {
// Named, not anonymous: Counter::State holds these types (and the area
// compiles as one unit, where GCC warns about anonymous ones there).
namespace counter_detail {

// A label named for identifiers: `id`, `*_id`, `*Id`, `*_uuid`, `uuid`.
bool IdLikeLabelName(std::string_view name) {
  auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  return name == "id" || name == "uuid" || ends("_id") || ends("Id") || ends("_uuid");
}

constexpr uint64_t kPairSeed = 0x63617264;  // "card"
constexpr uint32_t kNoFamily = std::numeric_limits<uint32_t>::max();

// Open addressing with linear probing over slots whose first member is a
// nonzero 64-bit key (0 marks an empty slot; a zero hash is remapped to 1).
template <class Slot>
class Table {
 public:
  static uint64_t Key(uint64_t hash) { return hash == 0 ? 1 : hash; }

  /// The slot for `key` and whether it was just added (zeroed but for key).
  /// The pointer stays valid until the next Insert.
  std::pair<Slot*, bool> Insert(uint64_t key) {
    key = Key(key);
    if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
    size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(key) & mask;
    while (slots_[i].key != 0) {
      if (slots_[i].key == key) return {&slots_[i], false};
      i = (i + 1) & mask;
    }
    slots_[i].key = key;
    ++size_;
    return {&slots_[i], true};
  }
  Slot* Find(uint64_t key) {
    key = Key(key);
    if (slots_.empty()) return nullptr;
    size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(key) & mask;
    while (slots_[i].key != 0) {
      if (slots_[i].key == key) return &slots_[i];
      i = (i + 1) & mask;
    }
    return nullptr;
  }
  template <class F>
  void ForEach(F&& f) const {
    for (const Slot& slot : slots_) {
      if (slot.key != 0) f(slot);
    }
  }
  size_t size() const { return size_; }

 private:
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 8 : old.size() * 2, Slot{});
    size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.key == 0) continue;
      size_t i = static_cast<size_t>(slot.key) & mask;
      while (slots_[i].key != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// One distinct (label name, value): its series count and shape.
struct PairSlot {
  uint64_t key = 0;
  uint64_t count = 0;
  uint32_t label = 0;
  uint8_t shape = 0;
  uint8_t candidate = 0;  // its value string is kept in LabelState::candidates
};

// One series of a family, by its hash.
struct SeriesSlot {
  uint64_t key = 0;
};

// One distinct (label name, value) within a family.
struct FamilyPairSlot {
  uint64_t key = 0;
  uint32_t label = 0;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return HashBytes(s); }
};

using NameIndex = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

struct FamilyState {
  std::string name;
  std::string type;
  uint64_t series = 0;
  // Per family rather than one big set each: a family's sets stay small
  // enough for the cache (a sample's series hash includes its name, so the
  // same series never lands in two families).
  Table<SeriesSlot> series_hashes;
  Table<FamilyPairSlot> pairs;
  std::vector<std::pair<uint32_t, uint64_t>> label_distinct;  // label index, distinct values
};

struct LabelState {
  std::string name;
  uint64_t distinct = 0;                                 // pairs in the table
  uint64_t extra_distinct = 0;                           // reported by a server, no per-value data
  std::unordered_map<uint64_t, std::string> candidates;  // pair key -> value
  uint64_t min_candidate = 0;                            // a lower bound of the candidates' counts
  std::array<uint64_t, kShapeCount> shape_counts{};
  std::array<std::string, kShapeCount> examples;
  std::vector<uint32_t> families;  // sorted
  uint32_t last_family = kNoFamily;
};

bool ByCountThenValue(const ValueCount& a, const ValueCount& b) {
  return a.series != b.series ? a.series > b.series : a.value < b.value;
}

}  // namespace counter_detail

using namespace counter_detail;

struct Counter::State {
  CounterOptions options;
  Table<PairSlot> pairs;
  std::vector<FamilyState> families;
  NameIndex family_index;
  std::vector<LabelState> labels;
  NameIndex label_index;
  uint64_t total = 0;
  uint32_t last_family = kNoFamily;
  // The label index last seen at each position of a sample's label list:
  // samples of a family repeat their label names in the same order.
  std::vector<uint32_t> label_at;

  size_t CandidateCap() const {
    return options.top_values == 0 ? 0 : std::max<size_t>(64, options.top_values * 4);
  }

  uint32_t FamilyIndex(std::string_view name, std::string_view type) {
    auto it = family_index.find(name);
    if (it != family_index.end()) {
      FamilyState& f = families[it->second];
      if (f.type == "unknown" && !type.empty()) f.type = std::string(type);
      return it->second;
    }
    auto index = static_cast<uint32_t>(families.size());
    FamilyState f;
    f.name = std::string(name);
    f.type = type.empty() ? "unknown" : std::string(type);
    families.push_back(std::move(f));
    family_index.emplace(std::string(name), index);
    return index;
  }

  uint32_t LabelIndex(std::string_view name) {
    auto it = label_index.find(name);
    if (it != label_index.end()) return it->second;
    auto index = static_cast<uint32_t>(labels.size());
    labels.emplace_back();
    labels.back().name = std::string(name);
    label_index.emplace(std::string(name), index);
    return index;
  }

  void AddFamilyToLabel(LabelState& label, uint32_t family) {
    if (label.last_family == family) return;
    label.last_family = family;
    auto it = std::lower_bound(label.families.begin(), label.families.end(), family);
    if (it == label.families.end() || *it != family) label.families.insert(it, family);
  }

  void CountFamilyLabel(uint32_t family, uint32_t label) {
    auto& list = families[family].label_distinct;
    for (auto& [index, distinct] : list) {
      if (index == label) {
        ++distinct;
        return;
      }
    }
    list.emplace_back(label, 1);
  }

  // A new pair: counts its shape for the suspect report.
  void NewPair(PairSlot* slot, uint32_t label_index, Shape shape, std::string_view value) {
    LabelState& label = labels[label_index];
    slot->label = label_index;
    slot->shape = static_cast<uint8_t>(shape);
    ++label.distinct;
    auto s = static_cast<size_t>(shape);
    ++label.shape_counts[s];
    if (shape != Shape::kNone && label.examples[s].empty()) label.examples[s] = std::string(value);
  }

  // Keeps the value string of `slot` when it is among the most frequent of
  // its label. Counts only grow, so a value left out has at most the count
  // of the least frequent kept one when it was last seen; it comes back in
  // as soon as it passes that.
  void MaybeCandidate(PairSlot* slot, std::string_view value) {
    if (slot->candidate != 0) return;
    LabelState& label = labels[slot->label];
    size_t cap = CandidateCap();
    if (cap == 0 || label.candidates.size() < cap) {
      label.candidates.emplace(slot->key, std::string(value));
      slot->candidate = 1;
      return;
    }
    if (slot->count <= label.min_candidate) return;
    uint64_t min = std::numeric_limits<uint64_t>::max();
    uint64_t min_key = 0;
    const std::string* min_value = nullptr;
    for (const auto& [key, text] : label.candidates) {
      uint64_t count = pairs.Find(key)->count;
      if (count < min || (count == min && text > *min_value)) {
        min = count;
        min_key = key;
        min_value = &text;
      }
    }
    label.min_candidate = min;
    if (slot->count <= min) return;
    pairs.Find(min_key)->candidate = 0;
    label.candidates.erase(min_key);
    label.candidates.emplace(slot->key, std::string(value));
    slot->candidate = 1;
  }
};

Counter::Counter(CounterOptions options) : s_(std::make_unique<State>()) { s_->options = options; }
Counter::~Counter() = default;
Counter::Counter(Counter&&) noexcept = default;
Counter& Counter::operator=(Counter&&) noexcept = default;

void Counter::OnSample(const expfmt::SampleEvent& event) {
  State& s = *s_;
  uint32_t family = s.last_family;
  if (family == kNoFamily || s.families[family].name != event.family.name) {
    family = s.FamilyIndex(event.family.name, event.family.typed
                                                  ? expfmt::MetricTypeName(event.family.type)
                                                  : std::string_view("unknown"));
    s.last_family = family;
  }
  if (!s.families[family].series_hashes.Insert(event.series_hash).second) return;
  ++s.families[family].series;
  ++s.total;
  if (s.label_at.size() < event.labels.size()) s.label_at.resize(event.labels.size(), kNoFamily);
  for (size_t position = 0; position < event.labels.size(); ++position) {
    const expfmt::Label& label = event.labels[position];
    if (label.value.empty()) continue;  // Prometheus drops empty labels
    uint32_t label_index = s.label_at[position];
    if (label_index == kNoFamily || s.labels[label_index].name != label.name) {
      label_index = s.LabelIndex(label.name);
      s.label_at[position] = label_index;
    }
    uint64_t key = HashPair(label.name, label.value, kPairSeed);
    auto [slot, added] = s.pairs.Insert(key);
    if (added) s.NewPair(slot, label_index, ClassifyValue(label.value), label.value);
    ++slot->count;
    s.MaybeCandidate(slot, label.value);
    auto [family_slot, family_added] = s.families[family].pairs.Insert(slot->key);
    if (family_added) {
      family_slot->label = label_index;
      s.CountFamilyLabel(family, label_index);
    }
    s.AddFamilyToLabel(s.labels[label_index], family);
  }
}

void Counter::OnFamilyEnd(const expfmt::FamilyEndEvent& event) {
  if (event.samples == 0) return;
  // A family whose type was only settled by later lines.
  State& s = *s_;
  auto it = s.family_index.find(event.family.name);
  if (it != s.family_index.end() && event.family.typed) {
    FamilyState& f = s.families[it->second];
    if (f.type == "unknown") f.type = std::string(expfmt::MetricTypeName(event.family.type));
  }
}

void Counter::Merge(const Counter& other) {
  if (&other == this) return;
  State& s = *s_;
  const State& o = *other.s_;
  s.total += o.total;
  std::vector<uint32_t> family_map(o.families.size());
  for (size_t i = 0; i < o.families.size(); ++i) {
    const FamilyState& f = o.families[i];
    family_map[i] = s.FamilyIndex(f.name, f.type == "unknown" ? "" : f.type);
    s.families[family_map[i]].series += f.series;
  }
  s.last_family = kNoFamily;
  std::vector<uint32_t> label_map(o.labels.size());
  for (size_t i = 0; i < o.labels.size(); ++i) {
    const LabelState& from = o.labels[i];
    label_map[i] = s.LabelIndex(from.name);
    LabelState& to = s.labels[label_map[i]];
    to.extra_distinct += from.extra_distinct;
    for (size_t k = 0; k < kShapeCount; ++k) {
      if (to.examples[k].empty()) to.examples[k] = from.examples[k];
    }
    for (uint32_t family : from.families) s.AddFamilyToLabel(to, family_map[family]);
    to.last_family = kNoFamily;
  }
  o.pairs.ForEach([&](const PairSlot& from) {
    uint32_t label_index = label_map[from.label];
    auto [slot, added] = s.pairs.Insert(from.key);
    if (added) {
      LabelState& label = s.labels[label_index];
      slot->label = label_index;
      slot->shape = from.shape;
      ++label.distinct;
      ++label.shape_counts[from.shape];
    }
    slot->count += from.count;
    if (from.candidate != 0) {
      const std::string& value = o.labels[from.label].candidates.at(from.key);
      s.MaybeCandidate(slot, value);
    }
  });
  for (size_t i = 0; i < o.families.size(); ++i) {
    uint32_t family = family_map[i];
    o.families[i].pairs.ForEach([&](const FamilyPairSlot& from) {
      auto [slot, added] = s.families[family].pairs.Insert(from.key);
      if (!added) return;
      slot->label = label_map[from.label];
      s.CountFamilyLabel(family, slot->label);
    });
  }
}

void Counter::AddMetric(std::string_view name, std::string_view type, uint64_t series) {
  State& s = *s_;
  uint32_t family = s.FamilyIndex(name, type == "unknown" ? "" : type);
  s.families[family].series += series;
  s.total += series;
}

void Counter::AddLabel(std::string_view name, uint64_t distinct_values,
                       std::vector<ValueCount> top_values) {
  State& s = *s_;
  uint32_t label_index = s.LabelIndex(name);
  uint64_t added_values = 0;
  for (const ValueCount& value : top_values) {
    auto [slot, added] = s.pairs.Insert(HashPair(name, value.value, kPairSeed));
    if (added) {
      s.NewPair(slot, label_index, ClassifyValue(value.value), value.value);
      ++added_values;
    }
    slot->count += value.series;
    s.MaybeCandidate(slot, value.value);
  }
  if (distinct_values > added_values)
    s.labels[label_index].extra_distinct += distinct_values - added_values;
}

Measurement Counter::Take(size_t top) const {
  State& s = *s_;
  Measurement m;
  m.total_series = s.total;
  for (const FamilyState& f : s.families) {
    if (f.series == 0) continue;
    MetricReport report{f.name, f.type, f.series, {}};
    auto drivers = f.label_distinct;
    std::sort(drivers.begin(), drivers.end(), [&](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second
                                  : s.labels[a.first].name < s.labels[b.first].name;
    });
    for (size_t i = 0; i < drivers.size() && i < 3; ++i) {
      report.labels.push_back({s.labels[drivers[i].first].name, drivers[i].second});
    }
    m.metrics.push_back(std::move(report));
  }
  std::sort(m.metrics.begin(), m.metrics.end(), [](const MetricReport& a, const MetricReport& b) {
    return a.series != b.series ? a.series > b.series : a.name < b.name;
  });
  if (top != 0 && m.metrics.size() > top) m.metrics.resize(top);

  size_t keep_values = s.options.top_values;
  if (top != 0 && (keep_values == 0 || top < keep_values)) keep_values = top;
  for (const LabelState& label : s.labels) {
    LabelReport report{label.name, label.distinct + label.extra_distinct, {}};
    for (const auto& [key, value] : label.candidates) {
      report.top_values.push_back({value, s.pairs.Find(key)->count});
    }
    std::sort(report.top_values.begin(), report.top_values.end(), ByCountThenValue);
    if (keep_values != 0 && report.top_values.size() > keep_values) {
      report.top_values.resize(keep_values);
    }
    m.labels.push_back(std::move(report));

    // Bucket bounds and quantiles are bounded by the instrumentation.
    if (label.name == "le" || label.name == "quantile") continue;
    size_t best = 0;
    for (size_t k = 1; k < kShapeCount; ++k) {
      auto shape = static_cast<Shape>(k);
      if (label.name == "instance" && (shape == Shape::kIp || shape == Shape::kIpPort)) continue;
      if (best == 0 || label.shape_counts[k] > label.shape_counts[best]) best = k;
    }
    uint64_t matching = best == 0 ? 0 : label.shape_counts[best];
    // Two values of one shape make a pattern; one is enough when the label's
    // name already says it holds IDs (request_id, user_id: the guide's examples).
    if (matching == 0 || (matching < 2 && !IdLikeLabelName(label.name)) ||
        matching * 2 < label.distinct) {
      continue;
    }
    Suspect suspect;
    suspect.label = label.name;
    suspect.kind = std::string(ShapeName(static_cast<Shape>(best)));
    suspect.example = label.examples[best];
    suspect.distinct_values = label.distinct + label.extra_distinct;
    suspect.matching_values = matching;
    for (uint32_t family : label.families) suspect.metrics.push_back(s.families[family].name);
    std::sort(suspect.metrics.begin(), suspect.metrics.end());
    m.suspects.push_back(std::move(suspect));
  }
  std::sort(m.labels.begin(), m.labels.end(), [](const LabelReport& a, const LabelReport& b) {
    return a.distinct_values != b.distinct_values ? a.distinct_values > b.distinct_values
                                                  : a.name < b.name;
  });
  if (top != 0 && m.labels.size() > top) m.labels.resize(top);
  std::sort(m.suspects.begin(), m.suspects.end(), [](const Suspect& a, const Suspect& b) {
    return a.distinct_values != b.distinct_values ? a.distinct_values > b.distinct_values
                                                  : a.label < b.label;
  });
  return m;
}

}  // namespace ttam::cardinality
