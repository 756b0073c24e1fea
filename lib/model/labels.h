#pragma once

// Label sets as Prometheus keeps them (model/labels): owned, sorted by name,
// with the metric name as the ordinary label `__name__`. The identity the
// series store, the evaluator and rule evaluation share.

#include <atomic>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttam::model {

/// The label that holds the metric name.
inline constexpr std::string_view kMetricName = "__name__";

/// One label: a name and a value.
struct Label {
  std::string name;
  std::string value;

  /// Equal names and values.
  friend bool operator==(const Label&, const Label&) = default;
};

/// An immutable, sorted set of labels with unique names. Copies share one
/// immutable representation (a reference count, no allocation), since the
/// evaluator copies a series' labels into every sample it produces; the hash
/// is computed once per representation.
class Labels {
 public:
  Labels() = default;
  /// From pairs in any order; a later pair with the same name wins.
  Labels(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs);
  /// From labels in any order; a later label with the same name wins.
  static Labels FromUnsorted(std::vector<Label> labels);

  /// Number of labels.
  size_t size() const { return items().size(); }
  /// True when there is no label.
  bool empty() const { return items().empty(); }
  /// The labels, sorted by name.
  const std::vector<Label>& items() const { return rep_ ? rep_->labels : Empty(); }
  std::vector<Label>::const_iterator begin() const { return items().begin(); }
  std::vector<Label>::const_iterator end() const { return items().end(); }
  /// The i-th label in name order.
  const Label& operator[](size_t i) const { return items()[i]; }

  /// The value of `name`, or "" when absent (as Prometheus reads a missing label).
  std::string_view Get(std::string_view name) const;
  /// True when a label called `name` exists (even with an empty value).
  bool Has(std::string_view name) const;
  /// The metric name (the `__name__` value), or "".
  std::string_view MetricName() const { return Get(kMetricName); }
  /// The same set without `__name__`.
  Labels WithoutName() const;

  /// Prometheus's labels.Hash: xxHash64 (seed 0) of every `name 0xff value 0xff`
  /// in order, so hash-derived choices (limit_ratio) match upstream.
  uint64_t Hash() const;

  /// Upstream's labels.String(): `{__name__="x", a="b"}`; names that are not
  /// legacy-valid are quoted, values quoted as Go's strconv.Quote does.
  std::string ToString() const;

  /// Equal label by label.
  friend bool operator==(const Labels& a, const Labels& b) {
    return a.rep_ == b.rep_ || a.items() == b.items();
  }
  /// Upstream's labels.Compare: by name, then value, label by label; a prefix sorts first.
  friend std::strong_ordering operator<=>(const Labels& a, const Labels& b);

 private:
  friend class LabelsBuilder;
  struct Rep {
    std::vector<Label> labels;
    mutable std::atomic<uint64_t> hash{0};
    mutable std::atomic<bool> hashed{false};
  };
  static const std::vector<Label>& Empty();
  /// Takes sorted, unique labels.
  static Labels Adopt(std::vector<Label> sorted);
  std::shared_ptr<const Rep> rep_;  ///< Null when empty.
};

/// The metric form `x{a="b", c="d"}` (common/model's Metric.String): `{}` when
/// empty, `x` alone when only the name; a name that is not legacy-valid is
/// written quoted first inside the braces (`{"x.y", a="b"}`).
std::string FormatMetric(const Labels& labels);

/// Builds a Labels from a base set with additions and deletions (labels.Builder).
class LabelsBuilder {
 public:
  LabelsBuilder() = default;
  /// Starts from `base`.
  explicit LabelsBuilder(const Labels& base) : labels_(base.items()) {}
  /// Sets `name` to `value`; an empty value deletes it, as upstream's Builder does.
  LabelsBuilder& Set(std::string_view name, std::string_view value);
  /// Removes `name` if present.
  LabelsBuilder& Del(std::string_view name);
  /// Keeps only the labels whose names are in `names`.
  LabelsBuilder& Keep(const std::vector<std::string>& names);
  /// The value of `name` as currently built, or "".
  std::string_view Get(std::string_view name) const;
  /// The sorted result.
  Labels Build() const;

 private:
  std::vector<Label> labels_;  // Sorted by name at all times.
};

}  // namespace ttam::model
