#include "model/labels.h"

#include <algorithm>
#include <cstring>

#include "model/names.h"
#include "support/text.h"

namespace ttam::model {
namespace {

constexpr uint64_t kP1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t kP2 = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t kP3 = 0x165667B19E3779F9ULL;
constexpr uint64_t kP4 = 0x85EBCA77C2B2AE63ULL;
constexpr uint64_t kP5 = 0x27D4EB2F165667C5ULL;

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t Read64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // xxHash reads little-endian; every supported target is.
}

uint32_t Read32(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

uint64_t Round(uint64_t acc, uint64_t input) {
  acc += input * kP2;
  acc = Rotl(acc, 31);
  return acc * kP1;
}

uint64_t MergeRound(uint64_t acc, uint64_t val) {
  acc ^= Round(0, val);
  return acc * kP1 + kP4;
}

// XXH64 with seed 0, the hash behind Go's cespare/xxhash.Sum64 (the
// published algorithm; written from its specification).
uint64_t Xxh64(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const unsigned char* end = p + data.size();
  uint64_t h;
  if (data.size() >= 32) {
    uint64_t v1 = kP1 + kP2;
    uint64_t v2 = kP2;
    uint64_t v3 = 0;
    uint64_t v4 = 0 - kP1;
    const unsigned char* limit = end - 32;
    do {
      v1 = Round(v1, Read64(p));
      v2 = Round(v2, Read64(p + 8));
      v3 = Round(v3, Read64(p + 16));
      v4 = Round(v4, Read64(p + 24));
      p += 32;
    } while (p <= limit);
    h = Rotl(v1, 1) + Rotl(v2, 7) + Rotl(v3, 12) + Rotl(v4, 18);
    h = MergeRound(h, v1);
    h = MergeRound(h, v2);
    h = MergeRound(h, v3);
    h = MergeRound(h, v4);
  } else {
    h = kP5;
  }
  h += data.size();
  while (end - p >= 8) {
    h ^= Round(0, Read64(p));
    h = Rotl(h, 27) * kP1 + kP4;
    p += 8;
  }
  if (end - p >= 4) {
    h ^= static_cast<uint64_t>(Read32(p)) * kP1;
    h = Rotl(h, 23) * kP2 + kP3;
    p += 4;
  }
  while (p < end) {
    h ^= static_cast<uint64_t>(*p) * kP5;
    h = Rotl(h, 11) * kP1;
    ++p;
  }
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

bool LessByName(const Label& a, const Label& b) { return a.name < b.name; }

// Sorts stably by name and keeps the last of equal names.
void SortUnique(std::vector<Label>& labels) {
  std::stable_sort(labels.begin(), labels.end(), LessByName);
  size_t out = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i + 1 < labels.size() && labels[i + 1].name == labels[i].name) continue;
    if (out != i) labels[out] = std::move(labels[i]);
    ++out;
  }
  labels.resize(out);
}

std::vector<Label>::const_iterator Find(const std::vector<Label>& labels, std::string_view name) {
  auto it = std::lower_bound(labels.begin(), labels.end(), name,
                             [](const Label& l, std::string_view n) { return l.name < n; });
  return it != labels.end() && it->name == name ? it : labels.end();
}

}  // namespace

const std::vector<Label>& Labels::Empty() {
  static const std::vector<Label> empty;
  return empty;
}

Labels Labels::Adopt(std::vector<Label> sorted) {
  Labels out;
  if (sorted.empty()) return out;
  auto rep = std::make_shared<Rep>();
  rep->labels = std::move(sorted);
  out.rep_ = std::move(rep);
  return out;
}

Labels::Labels(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs) {
  std::vector<Label> labels;
  labels.reserve(pairs.size());
  for (const auto& [name, value] : pairs) labels.push_back({std::string(name), std::string(value)});
  SortUnique(labels);
  *this = Adopt(std::move(labels));
}

Labels Labels::FromUnsorted(std::vector<Label> labels) {
  SortUnique(labels);
  return Adopt(std::move(labels));
}

std::string_view Labels::Get(std::string_view name) const {
  const std::vector<Label>& labels = items();
  auto it = Find(labels, name);
  return it == labels.end() ? std::string_view() : std::string_view(it->value);
}

bool Labels::Has(std::string_view name) const { return Find(items(), name) != items().end(); }

Labels Labels::WithoutName() const {
  if (!Has(kMetricName)) return *this;
  std::vector<Label> labels;
  labels.reserve(size());
  for (const Label& l : items()) {
    if (l.name != kMetricName) labels.push_back(l);
  }
  return Adopt(std::move(labels));
}

uint64_t Labels::Hash() const {
  if (rep_ && rep_->hashed.load(std::memory_order_acquire)) {
    return rep_->hash.load(std::memory_order_relaxed);
  }
  std::string buf;
  size_t n = 0;
  for (const Label& l : items()) n += l.name.size() + l.value.size() + 2;
  buf.reserve(n);
  for (const Label& l : items()) {
    buf += l.name;
    buf += '\xff';
    buf += l.value;
    buf += '\xff';
  }
  uint64_t h = Xxh64(buf);
  if (rep_) {
    rep_->hash.store(h, std::memory_order_relaxed);
    rep_->hashed.store(true, std::memory_order_release);
  }
  return h;
}

std::string Labels::ToString() const {
  std::string out = "{";
  const std::vector<Label>& labels = items();
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    const Label& l = labels[i];
    out += IsValidLegacyLabelName(l.name) ? l.name : GoQuote(l.name);
    out += '=';
    out += GoQuote(l.value);
  }
  return out + "}";
}

std::strong_ordering operator<=>(const Labels& a, const Labels& b) {
  if (a.rep_ == b.rep_) return std::strong_ordering::equal;
  const std::vector<Label>& la = a.items();
  const std::vector<Label>& lb = b.items();
  size_t n = std::min(la.size(), lb.size());
  for (size_t i = 0; i < n; ++i) {
    const Label& x = la[i];
    const Label& y = lb[i];
    if (auto c = x.name.compare(y.name); c != 0) return c <=> 0;
    if (auto c = x.value.compare(y.value); c != 0) return c <=> 0;
  }
  return la.size() <=> lb.size();
}

std::string FormatMetric(const Labels& labels) {
  std::string_view name = labels.MetricName();
  bool has_name = labels.Has(kMetricName);
  std::string out;
  std::vector<std::string> parts;
  if (has_name && !IsValidLegacyMetricName(name)) {
    parts.push_back(GoQuote(name));
  } else {
    out = std::string(name);
  }
  for (const Label& l : labels) {
    if (l.name == kMetricName) continue;
    parts.push_back((IsValidLegacyLabelName(l.name) ? l.name : GoQuote(l.name)) + "=" +
                    GoQuote(l.value));
  }
  if (parts.empty()) return has_name ? out : "{}";
  out += '{';
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ", ";
    out += parts[i];
  }
  return out + "}";
}

LabelsBuilder& LabelsBuilder::Set(std::string_view name, std::string_view value) {
  if (value.empty()) return Del(name);
  auto it = std::lower_bound(labels_.begin(), labels_.end(), name,
                             [](const Label& l, std::string_view n) { return l.name < n; });
  if (it != labels_.end() && it->name == name) {
    it->value = std::string(value);
  } else {
    labels_.insert(it, Label{std::string(name), std::string(value)});
  }
  return *this;
}

LabelsBuilder& LabelsBuilder::Del(std::string_view name) {
  auto it = Find(labels_, name);
  if (it != labels_.end()) labels_.erase(it);
  return *this;
}

LabelsBuilder& LabelsBuilder::Keep(const std::vector<std::string>& names) {
  std::erase_if(labels_, [&](const Label& l) {
    return std::find(names.begin(), names.end(), l.name) == names.end();
  });
  return *this;
}

std::string_view LabelsBuilder::Get(std::string_view name) const {
  auto it = Find(labels_, name);
  return it == labels_.end() ? std::string_view() : std::string_view(it->value);
}

Labels LabelsBuilder::Build() const { return Labels::Adopt(labels_); }

}  // namespace ttam::model
