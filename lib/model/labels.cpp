#include "model/labels.h"

#include <algorithm>
#include <cstring>

#include "model/names.h"
#include "support/text.h"
#include "support/xxhash.h"

namespace ttam::model {
namespace {

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

Labels Labels::Own(std::vector<Label> sorted) {
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
  *this = Own(std::move(labels));
}

Labels Labels::FromUnsorted(std::vector<Label> labels) {
  SortUnique(labels);
  return Own(std::move(labels));
}

std::string_view Labels::Get(std::string_view name) const {
  const std::vector<Label>& labels = items();
  auto it = Find(labels, name);
  return it == labels.end() ? std::string_view() : std::string_view(it->value);
}

bool Labels::Has(std::string_view name) const {
  const std::vector<Label>& labels = items();
  return Find(labels, name) != labels.end();
}

Labels Labels::WithoutName() const {
  if (!Has(kMetricName)) return *this;
  std::vector<Label> out;
  out.reserve(size());
  for (const Label& l : items()) {
    if (l.name != kMetricName) out.push_back(l);
  }
  return Own(std::move(out));
}

Labels Labels::WithoutMetadata() const {
  if (!rep_) return *this;
  auto is_metadata = [](const Label& l) {
    return l.name == kMetricName || l.name == "__type__" || l.name == "__unit__";
  };
  if (!rep_->without_metadata_done.load(std::memory_order_acquire)) {
    std::call_once(rep_->without_metadata_once, [&] {
      const std::vector<Label>& labels = rep_->labels;
      if (std::any_of(labels.begin(), labels.end(), is_metadata)) {
        std::vector<Label> out;
        out.reserve(labels.size());
        for (const Label& l : labels) {
          if (!is_metadata(l)) out.push_back(l);
        }
        rep_->without_metadata = Own(std::move(out)).rep_;
      }
      rep_->without_metadata_done.store(true, std::memory_order_release);
    });
  }
  if (rep_->without_metadata) {
    Labels out;
    out.rep_ = rep_->without_metadata;
    return out;
  }
  // Nothing to drop, or only metadata labels.
  const std::vector<Label>& labels = rep_->labels;
  return std::any_of(labels.begin(), labels.end(), is_metadata) ? Labels() : *this;
}

uint64_t Labels::Hash() const {
  if (rep_ && rep_->hashed.load(std::memory_order_acquire))
    return rep_->hash.load(std::memory_order_relaxed);
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
  const std::vector<Label>& labels = items();
  std::string out = "{";
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
  const std::vector<Label>& x = a.items();
  const std::vector<Label>& y = b.items();
  size_t n = std::min(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    if (auto c = x[i].name.compare(y[i].name); c != 0) return c <=> 0;
    if (auto c = x[i].value.compare(y[i].value); c != 0) return c <=> 0;
  }
  return x.size() <=> y.size();
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

Labels LabelsBuilder::Build() const { return Labels::Own(labels_); }

}  // namespace ttam::model
