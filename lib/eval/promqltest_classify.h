#pragma once

// Which evals of a promqltest file touch native histograms, decided as the
// corpus census does (shared/research/promqltest_census.py): an eval is
// native when an expected value is a `{{…}}` literal or when one of its
// selectors matches a series that holds histogram samples in the store at
// that point, including the series `load_with_nhcb` derives from classic
// `_bucket`/`_count`/`_sum` series. The rule is conservative: a series with a
// histogram sample anywhere in time counts.

#include <vector>

#include "eval/promqltest.h"
#include "model/labels.h"
#include "promql/ast.h"

namespace ttam::eval::promqltest {

/// The series loaded since the last `clear` that the classification needs:
/// those holding histogram samples and those with start timestamps.
class LoadedSeriesIndex {
 public:
  /// Records the series of one `load` or `load_with_nhcb` block.
  void Add(const LoadCmd& load);
  /// Forgets everything (`clear`).
  void Clear();
  /// True when a selector of `expr` matches a series holding histogram samples.
  bool SelectsHistograms(const promql::Expr& expr) const;
  /// True when a selector of `expr` matches a series with start timestamps (`@st`).
  bool SelectsStartTimestamps(const promql::Expr& expr) const;

 private:
  std::vector<model::Labels> histograms_;
  std::vector<model::Labels> start_timestamps_;
};

/// True when `cmd` touches native histograms: an expected `{{…}}` value or a
/// selector that matches histogram series in `index`.
bool IsNativeHistogramEval(const EvalCmd& cmd, const LoadedSeriesIndex& index);

}  // namespace ttam::eval::promqltest
