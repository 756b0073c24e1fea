#pragma once

// input_series as promtool loads them: each `series` + `values` line parsed
// by promqltest's series notation (one parser, eval/promqltest.h), the k-th
// value at start + k·interval, later lines with equal labels replacing
// earlier ones, and appended lazily: only samples up to the current
// evaluation time are in the store (promql.LazyLoader.WithSamplesTill).

#include <cstdint>
#include <string>
#include <vector>

#include "eval/storage.h"
#include "model/labels.h"
#include "ruletest/test_file.h"
#include "support/result.h"

namespace ttam::ruletest {

/// One input series expanded: the k-th value is at start + k·step. Kept
/// compactly: a series whose every value is the previous one plus one
/// constant `delta`, bit for bit (what `a+bxN` expands to), keeps only its
/// first value and the delta; any other keeps its values, as floats when
/// each converts back to the same double (4 bytes a value), else as
/// doubles (8 bytes, an omitted `_` being kOmittedBits).
struct InputSamples {
  model::Labels labels;
  size_t count = 0;            ///< Number of positions, omitted ones included.
  bool arithmetic = false;     ///< No values kept; value k+1 = value k + delta.
  double first = 0;            ///< Arithmetic: the first value.
  double delta = 0;            ///< Arithmetic: the step between values.
  std::vector<float> floats;   ///< Otherwise, when every value is exactly a float.
  std::vector<double> values;  ///< Otherwise.
  /// The native histograms the values refer to (kHistogramTag).
  std::vector<eval::FloatHistogram> histograms{};

  /// The value at position k of a series that is not arithmetic.
  double At(size_t k) const { return floats.empty() ? values[k] : floats[k]; }
};

/// The bits of the marker for an omitted value: a signalling NaN that
/// parsing and arithmetic never produce (they yield quiet NaNs).
inline constexpr uint64_t kOmittedBits = 0x7ff00000000000abULL;

/// A value whose bits are kHistogramTag | i stands for histograms[i]
/// (another signalling NaN; i < 2^32).
inline constexpr uint64_t kHistogramTag = 0x7ff4000000000000ULL;
inline constexpr uint64_t kHistogramTagMask = 0xffffffff00000000ULL;

/// The parsed input of a test group and how far it has been appended.
class LazyInput {
 public:
  /// Parses `series` (a group's input_series). On a notation error the
  /// text is the loader's (`1:48: parse error: ...`).
  /// `failed`, when given, receives the index of the series that failed.
  static Result<LazyInput> Parse(const std::vector<InputSeries>& series, int64_t start_ms,
                                 int64_t step_ms, size_t* failed = nullptr);

  /// Appends every sample with t <= `t_ms` not appended yet. With
  /// `reserve_whole`, a series' first append makes room for all its samples
  /// (right when the store keeps them all; wrong when it drops old ones).
  Status AppendTill(int64_t t_ms, eval::Storage& storage, bool reserve_whole = true);

  /// The series, after replacement of equal label sets.
  const std::vector<InputSamples>& series() const { return series_; }

 private:
  int64_t start_ms_ = 0;
  int64_t step_ms_ = 0;
  std::vector<InputSamples> series_;
  std::vector<size_t> next_;                // per series: the first sample not appended
  std::vector<double> current_;             // per arithmetic series: the value at next_
  std::vector<eval::Series*> target_;       // per series: its series in the store, once created
  const eval::Storage* storage_ = nullptr;  // the store `target_` points into
};

}  // namespace ttam::ruletest
