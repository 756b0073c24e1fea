#pragma once

// The in-memory series store the evaluator reads: series identified by
// owned, sorted label sets, each with float samples sorted by int64
// millisecond timestamps (16 bytes a sample), kept in label order so that
// selections come back as upstream's storage returns them. Series loaded with
// start timestamps keep them in a parallel vector.

#include <bit>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/histogram.h"
#include "model/labels.h"
#include "promql/ast.h"
#include "support/result.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace ttam::eval {

/// The bit pattern of Prometheus's staleness marker (value.StaleNaN).
inline constexpr uint64_t kStaleNaNBits = 0x7ff0000000000002ULL;

/// The staleness marker as a double.
inline double StaleNaN() { return std::bit_cast<double>(kStaleNaNBits); }

/// True when `v` has exactly the staleness marker's bits (any other NaN is a value).
inline bool IsStaleNaN(double v) { return std::bit_cast<uint64_t>(v) == kStaleNaNBits; }

/// One float sample: milliseconds since the epoch and a value.
struct Sample {
  int64_t t = 0;
  double v = 0;
};
static_assert(sizeof(Sample) == 16, "a stored sample must stay 16 bytes");

/// One histogram sample: milliseconds since the epoch and the histogram, owned
/// by its series (the pointer stays valid until the store is cleared).
struct HistogramSample {
  int64_t t = 0;
  const FloatHistogram* h = nullptr;
};

/// Where the previous Window() of a series ended, to start the next search
/// there: successive windows of a range query move forward a few samples.
struct WindowHint {
  size_t first = 0;  ///< Index of the previous window's first sample.
  size_t last = 0;   ///< Index one past the previous window's last sample.
};

/// A series: its labels and its samples, sorted by time, one per timestamp.
class Series {
 public:
  /// An empty series with these labels.
  explicit Series(model::Labels labels) : labels_(std::move(labels)) {}
  /// The series' identity.
  const model::Labels& labels() const { return labels_; }
  /// Every sample, oldest first.
  std::span<const Sample> samples() const { return samples_; }
  /// The samples with after < t <= upto: Prometheus 3's left-open window.
  std::span<const Sample> Window(int64_t after, int64_t upto) const;
  /// The same window, searched from `hint` (updated) when it is close: a few
  /// steps forward instead of a binary search over the whole series.
  std::span<const Sample> Window(int64_t after, int64_t upto, WindowHint& hint) const;
  /// True when some sample is a staleness marker (else windows copy as they are).
  bool has_stale() const { return has_stale_; }
  /// True when some sample has a start timestamp (created time); only such
  /// series store them, parallel to samples().
  bool has_start_timestamps() const { return !start_timestamps_.empty(); }
  /// The start timestamps (ms, 0 = unknown) of the samples of `window`, a
  /// span returned by Window(); empty when the series has none.
  std::span<const int64_t> StartTimestamps(std::span<const Sample> window) const;
  /// True when some sample is a native histogram; such samples are kept
  /// apart from the floats (samples() and Window() never show them).
  bool has_histograms() const { return !histograms_.empty(); }
  /// Every histogram sample, oldest first.
  std::span<const HistogramSample> histograms() const { return histograms_; }
  /// The histogram samples with after < t <= upto.
  std::span<const HistogramSample> HistogramWindow(int64_t after, int64_t upto) const;

 private:
  friend class Storage;
  model::Labels labels_;
  std::vector<Sample> samples_;
  std::vector<int64_t> start_timestamps_;  ///< Empty, or one per sample (0 = unknown).
  std::vector<HistogramSample> histograms_;
  std::vector<std::unique_ptr<FloatHistogram>> owned_histograms_;
  int64_t histogram_chunk_end_ = 0;  ///< Where the TSDB would cut the current histogram chunk.
  bool has_stale_ = false;
};

/// A compiled label matcher: `=`, `!=`, `=~`, `!~`; regexes anchored as
/// Prometheus anchors them, with `.` matching newlines. A missing label
/// matches as the empty string.
class Matcher {
 public:
  /// Compiles a matcher; fails only on a regex Go would reject.
  static Result<Matcher> Make(std::string name, promql::MatchOp op, std::string value);
  /// Compiles the matchers of a selector (the name, if given, first as `__name__=`).
  static Result<std::vector<Matcher>> MakeAll(std::string_view metric_name,
                                              const std::vector<promql::LabelMatcher>& matchers);
  /// True when a label value (`""` when absent) satisfies the matcher.
  bool Matches(std::string_view value) const;
  /// True when the label set satisfies the matcher.
  bool Matches(const model::Labels& labels) const { return Matches(labels.Get(name_)); }
  /// The label name.
  const std::string& name() const { return name_; }
  /// The operator.
  promql::MatchOp op() const { return op_; }
  /// The value or regex as written.
  const std::string& value() const { return value_; }

 private:
  std::string name_;
  promql::MatchOp op_ = promql::MatchOp::kEqual;
  std::string value_;
  std::shared_ptr<const re2::RE2> re_;
};

/// The series store: append samples, then select series by matchers.
class Storage {
 public:
  Storage();
  ~Storage();
  Storage(Storage&&) noexcept;
  Storage& operator=(Storage&&) noexcept;

  /// Appends one sample; an existing timestamp with a different value (bitwise) fails, as
  /// upstream's storage rejects it; the same value again is accepted and ignored. Order does not
  /// matter. `st` is the sample's start timestamp in ms (0 = unknown); a series stores start
  /// timestamps only once some sample has a non-zero one.
  Status Append(const model::Labels& labels, int64_t t, double v, int64_t st = 0);
  /// The series with exactly these labels, created without samples when new;
  /// valid until Clear(). With AppendTo, lets a loader that appends many
  /// samples to one series find it once.
  Series& SeriesFor(const model::Labels& labels);
  /// Appends one sample to a series of this store, with Append's rules.
  Status AppendTo(Series& series, int64_t t, double v, int64_t st = 0);
  /// Appends a histogram sample, in time order after the series' last
  /// sample (float or histogram; an equal timestamp fails as a duplicate);
  /// an invalid histogram fails as the TSDB's Validate. Its counter-reset
  /// hint becomes the one the TSDB reads back: `gauge` in a gauge chunk,
  /// `unknown` for the first sample of a chunk, `not_reset` after it.
  Status AppendHistogramTo(Series& series, int64_t t, FloatHistogram h);
  /// True when some series holds histogram samples.
  bool has_histograms() const { return has_histograms_; }
  /// Makes room for `n` samples in `series`: a loader that knows how many
  /// will come allocates each series once.
  static void Reserve(Series& series, size_t n) { series.samples_.reserve(n); }
  /// Releases spare capacity so that each stored sample costs 16 bytes (24 with a start
  /// timestamp).
  void Compact();
  /// Drops every sample (float or histogram) older than `t` from every series;
  /// the series stay, possibly empty. For a caller that knows no query will
  /// read before `t` (a rule-test run whose queries look back a bounded
  /// time): the store then holds a sliding window. Spans and WindowHints
  /// taken before are invalid afterwards.
  void DropBefore(int64_t t);
  /// Drops every series.
  void Clear();

  /// The series matching all `matchers`, in label order.
  std::vector<const Series*> Select(std::span<const Matcher> matchers) const;
  /// Every series, in label order.
  std::span<const Series* const> AllSeries() const { return sorted_; }
  /// The series with exactly these labels, or null.
  const Series* Find(const model::Labels& labels) const;

  /// Number of series.
  size_t SeriesCount() const { return sorted_.size(); }
  /// Number of samples across all series.
  size_t SampleCount() const { return sample_count_; }

 private:
  Series* FindMutable(const model::Labels& labels, uint64_t hash) const;

  std::vector<std::unique_ptr<Series>> owned_;
  std::unordered_multimap<uint64_t, Series*> by_hash_;
  std::vector<const Series*> sorted_;
  /// The series of each metric name ("" for none), in label order: Select's
  /// index for selectors with `__name__="x"`.
  std::unordered_map<std::string, std::vector<const Series*>> by_name_;
  size_t sample_count_ = 0;
  bool has_histograms_ = false;
};

}  // namespace ttam::eval
