#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cardinality/report.h"
#include "expfmt/events.h"

namespace ttam::cardinality {

/// How much a Counter keeps.
struct CounterOptions {
  /// Top values per label to keep value strings for. The counter keeps
  /// exact counts of every distinct value (by 64-bit hash) and the strings of
  /// the max(64, 4 * top_values) most frequent; 0 keeps every string.
  size_t top_values = 10;
};

/// Counts series per family and distinct values per label from parse events.
/// Memory: 8 bytes a series (its hash), about 24 bytes a distinct
/// (label, value) pair and a distinct (family, label, value) triple, and a
/// bounded number of value strings; no per-series strings.
class Counter final : public expfmt::Consumer {
 public:
  explicit Counter(CounterOptions options = {});
  ~Counter() override;
  Counter(Counter&&) noexcept;
  Counter& operator=(Counter&&) noexcept;

  void OnSample(const expfmt::SampleEvent& event) override;
  void OnFamilyEnd(const expfmt::FamilyEndEvent& event) override;
  /// Adds another target's counts: its series are other series (Prometheus
  /// adds job/instance), label values are a union; merging a counter into
  /// itself does nothing.
  void Merge(const Counter& other);
  /// Adds a metric's series as a Prometheus server reports them.
  void AddMetric(std::string_view name, std::string_view type, uint64_t series);
  /// Adds a label's distinct values as a Prometheus server reports them.
  void AddLabel(std::string_view name, uint64_t distinct_values,
                std::vector<ValueCount> top_values);
  /// The report. `top`: how many metrics, labels and top values to keep (0 =
  /// all); total_series is always the full total and suspects are complete.
  /// Checks (CheckBudgets, CompareBaseline, --save) want Take(0).
  Measurement Take(size_t top) const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace ttam::cardinality
