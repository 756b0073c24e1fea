#pragma once

#include "support/hash.h"
#include "support/number.h"
#include "support/text.h"

// Private to ttam_lint_exposition: the small helpers the exposition checks share (name shapes,
// hashing, flat tables, numbers).

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "expfmt/events.h"
#include "lint/exposition/check.h"

namespace ttam::lint::checks {

using CheckPtr = std::unique_ptr<ExpositionCheck>;

/// a == b for the short strings of label names, without a memcmp call:
/// overlapping word loads for up to 16 bytes.
inline bool SameShortText(std::string_view a, std::string_view b) {
  size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, p, 8);
    std::memcpy(&b0, q, 8);
    std::memcpy(&a1, p + n - 8, 8);
    std::memcpy(&b1, q + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4 && n < 8) {
    uint32_t a0, a1, b0, b1;
    std::memcpy(&a0, p, 4);
    std::memcpy(&b0, q, 4);
    std::memcpy(&a1, p + n - 4, 4);
    std::memcpy(&b1, q + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n < 4) {
    // Bytes 0, n/2 and n-1 are every byte of a 1 to 3 byte text.
    return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);
  }
  return std::memcmp(p, q, n) == 0;
}

// ---- names ----

/// What a metric or label name looks like, in one pass over its bytes.
struct NameShape {
  bool empty = false;
  bool camel = false;              ///< [a-z][A-Z] somewhere
  bool upper = false;              ///< any A-Z
  bool reserved_prefix = false;    ///< starts with "__"
  bool double_underscore = false;  ///< "__" after the start
  bool edge_underscore = false;    ///< starts or ends with '_'
  bool leading_digit = false;
  bool colon = false;
  bool other = false;  ///< a byte outside [a-zA-Z0-9_:]
};

/// Classifies `name`.
NameShape ShapeOf(std::string_view name);

/// False when SnakeCaseProblems would say something (no allocation).
bool IsSnakeCase(const NameShape& shape, bool is_label);

/// Why a name is not snake_case, leaving out camelCase (metrics/camel-case) and,
/// for metric names, colons (metrics/colon-in-name); empty when it is fine.
/// Labels starting with "__" are exempt (exposition/reserved-label-name).
std::string SnakeCaseProblems(const NameShape& shape, bool is_label);

/// The snake_case spelling of `name` ("fooBar.Baz" -> "foo_bar_baz").
std::string SnakeCaseSpelling(std::string_view name, bool keep_colons);

/// True for a metric name whose upper-case letters all sit in words (between
/// underscores) that start with an upper-case letter, after at least two
/// all-lower-case words: `node_memory_MemFree_bytes`, `node_sockstat_TCP_inuse`,
/// `node_netstat_Tcp_InSegs`. Such words mirror field names of another system
/// (/proc/meminfo, /proc/net/snmp) on purpose, and exporters keep them.
bool MirrorsFieldNames(std::string_view name);

/// True when `metadata` (a family with TYPE/HELP lines but no samples) is
/// `samples` plus one sample suffix ("x_total_total" and "x_total"): the
/// metadata names another family than the samples after it.
bool IsMetadataOnlyNameFor(std::string_view metadata, std::string_view samples);

/// 8-4-4-4-12 hex digits.
bool IsUuid(std::string_view value);
/// A label name that holds IDs: request_id, userId, trace_id, email, ...
bool IsIdLabelName(std::string_view name);
/// An ID label name too generic to tell by itself ("id", "uuid", "guid":
/// `os_info{id="debian"}`); only values shaped like IDs make it unbounded.
bool IsGenericIdLabelName(std::string_view name);

/// The flags that depend on the name only (worth caching: names repeat).
uint32_t LabelNameFlagsOf(std::string_view name);
/// The flags that depend on the value only (empty, UUID). Inline: it runs
/// for every label of every sample, and only 36-byte values can be UUIDs.
inline uint32_t LabelValueFlagsOf(std::string_view value) {
  if (value.size() != 36) return value.empty() ? uint32_t{kLabelEmptyValue} : 0u;
  return IsUuid(value) ? uint32_t{kLabelLooksUnbounded} : 0u;
}

/// `counter "foo"`, `histogram "foo"`, or `metric "foo"` for untyped families.
std::string Subject(const expfmt::FamilyRef& family);

/// `{a="1",b="2"}`, leaving out `skip` (e.g. "le"); `{}` when nothing is left.
std::string RenderLabels(std::span<const expfmt::Label> labels, std::string_view skip = {});

/// Appends `{a="1",b="2"}` to `*out`, leaving out `skip`; reuses `*out`'s memory.
void AppendLabels(std::string* out, std::span<const expfmt::Label> labels,
                  std::string_view skip = {});

// ---- where to report ----

/// At the family's name on its first line (TYPE/HELP line or first sample).
void ReportAtFamily(const expfmt::FamilyEndEvent& event, Reporter& out, std::string message);
/// At the sample's metric name.
void ReportAtSample(const expfmt::SampleEvent& event, Reporter& out, std::string message);
/// At a label's name.
void ReportAtLabel(const expfmt::SampleEvent& event, const expfmt::Label& label, Reporter& out,
                   std::string message);
/// At a label's value (its opening quote).
void ReportAtLabelValue(const expfmt::SampleEvent& event, const expfmt::Label& label, Reporter& out,
                        std::string message);
/// At the sample's value.
void ReportAtValue(const expfmt::SampleEvent& event, Reporter& out, std::string message);

/// Where a histogram series group first appeared, kept past the sample callback
/// (views die with it) so that findings at family end can point there.
struct GroupOrigin {
  uint64_t line = 0;
  uint32_t column = 0;
  uint32_t end_column = 0;
  std::string line_text;

  /// Records the sample's position, line and labels (reusing memory).
  void Set(const expfmt::SampleEvent& event);
  /// The labels rendered without `le`, as messages show them.
  std::string Labels() const;
  /// Reports `message` at the recorded position.
  void Report(Reporter& out, std::string message) const;

 private:
  /// Where a label lies in line_text. Set() runs for every series group but
  /// few groups are ever reported, so labels that are plain spans of the line
  /// are rendered only when asked for.
  struct LabelSpan {
    uint32_t name_offset;
    uint32_t name_size;
    uint32_t value_offset;
    uint32_t value_size;
  };
  std::vector<LabelSpan> spans_;
  bool rendered_ = false;  ///< labels_ holds the rendering (a label was not in the line)
  std::string labels_;
};

/// Splits a name at '_' and calls `fn(part)` for each part (no allocation).
template <typename Fn>
void ForEachPart(std::string_view name, Fn&& fn) {
  size_t start = 0;
  while (true) {
    size_t end = name.find('_', start);
    if (end == std::string_view::npos) {
      fn(name.substr(start));
      return;
    }
    fn(name.substr(start, end - start));
    start = end + 1;
  }
}

/// True when the lower-cased `name` contains "_<word>_" or ends with "_<word>";
/// `word` must be lower case.
bool HasWordIgnoringCase(std::string_view name, std::string_view word);

/// "HELP", "TYPE" or "UNIT".
std::string_view MetadataKindName(expfmt::MetadataEvent::Kind kind);

/// Histogram-like types: histogram and gaugehistogram.
inline bool IsHistogram(expfmt::MetricType type) {
  return type == expfmt::MetricType::kHistogram || type == expfmt::MetricType::kGaugeHistogram;
}
/// A histogram's bucket, count or sum sample (also the gauge histogram ones).
inline bool IsBucket(const expfmt::SampleEvent& e) { return e.suffix == expfmt::Suffix::kBucket; }
inline bool IsCount(const expfmt::SampleEvent& e) {
  return e.suffix == expfmt::Suffix::kCount || e.suffix == expfmt::Suffix::kGCount;
}
inline bool IsSum(const expfmt::SampleEvent& e) {
  return e.suffix == expfmt::Suffix::kSum || e.suffix == expfmt::Suffix::kGSum;
}
/// A sample of a histogram series group: bucket, count or sum of a histogram family.
inline bool IsHistogramPart(const expfmt::SampleEvent& e) {
  return IsHistogram(e.family.type) && (IsBucket(e) || IsCount(e) || IsSum(e));
}

/// Untyped (text) and unknown (OpenMetrics): the type-based rules do not apply.
inline bool IsUntyped(expfmt::MetricType type) {
  return type == expfmt::MetricType::kUntyped || type == expfmt::MetricType::kUnknown;
}

// ---- numbers ----

// Number parsing and hashing are shared with the parser (lib/support).
using ::ttam::FormatNumber;
using ::ttam::HashBytes;
using ::ttam::HashPair;
using ::ttam::Mix64;
using ::ttam::ParseFloat;

/// Open-addressing map from 64-bit hashes to 64-bit values. Clear() is O(1),
/// so a per-family table costs nothing for the many small families.
class KeyMap {
 public:
  /// Inserts `key` with `value` unless present; returns the stored value's slot
  /// and sets `*inserted`.
  uint64_t* Insert(uint64_t key, uint64_t value, bool* inserted);
  /// The value for `key`, or nullptr.
  const uint64_t* Find(uint64_t key) const;
  /// Forgets every key; keeps the memory.
  void Clear();
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t key = 0;
    uint64_t value = 0;
    uint32_t generation = 0;  ///< the slot is used when this equals generation_
  };
  void Grow();
  std::vector<Slot> slots_;
  size_t size_ = 0;
  uint32_t generation_ = 1;
};

/// Per-family state of each histogram series group (same labels but `le`),
/// kept in order of first appearance. `T` needs a Reset(). Groups are named by
/// SampleFacts::group (ask for ExpositionCheck::kGroupIndex), so a lookup is
/// an array access; the same group as the previous sample costs one comparison.
template <typename T>
class GroupTable {
 public:
  /// The state for group ordinal `group`, created (Reset) on first use;
  /// `*created` says which.
  T& Get(uint32_t group, bool* created) {
    if (used_ > 0 && group == last_group_) {
      *created = false;
      return items_[last_index_];
    }
    if (group >= index_.size()) index_.resize(group + 1);
    Entry& entry = index_[group];
    *created = entry.generation != generation_;
    if (*created) {
      if (used_ == items_.size()) items_.emplace_back();
      items_[used_].Reset();
      entry = Entry{generation_, static_cast<uint32_t>(used_)};
      ++used_;
    }
    last_group_ = group;
    last_index_ = entry.item;
    return items_[last_index_];
  }
  /// The groups in order of first appearance.
  std::span<T> groups() { return std::span<T>(items_.data(), used_); }
  /// Forgets every group; keeps the memory for the next family.
  void Clear() {
    used_ = 0;
    if (++generation_ == 0) {
      // Wrapped after 2^32 clears: stale entries could look current.
      for (Entry& entry : index_) entry.generation = 0;
      generation_ = 1;
    }
  }

 private:
  struct Entry {
    uint32_t generation = 0;  ///< the entry is used when this equals generation_
    uint32_t item = 0;        ///< its index in items_
  };
  std::vector<T> items_;
  size_t used_ = 0;
  std::vector<Entry> index_;  ///< by group ordinal
  uint32_t generation_ = 1;
  uint32_t last_group_ = 0;
  size_t last_index_ = 0;
};

/// Remembers which label names a check already reported in the current family,
/// so that a label problem is reported once per family, not once per series.
class ReportedNames {
 public:
  /// True the first time `name` is seen since Clear().
  bool First(std::string_view name);
  void Clear() { names_.clear(); }

 private:
  std::vector<std::string> names_;
};

}  // namespace ttam::lint::checks
