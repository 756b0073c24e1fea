#pragma once

// Loads Prometheus text and OpenMetrics expositions into the series store,
// as an expfmt::Consumer: feed the parser's events to an ExpositionLoader
// (lib/scrape streams files and URLs through the parser; tests use
// expfmt::ParseString). A sample's own timestamp wins (expfmt normalises
// OpenMetrics' seconds and the text format's milliseconds to ms); a sample
// without one is taken at the scrape time, when one is given. Labels with
// empty values are dropped, as Prometheus drops them; exemplars are ignored,
// and so are OpenMetrics `_created` lines, which Prometheus 3 reads as
// created timestamps rather than series. As Prometheus 3's parsers do, the
// `le` of a histogram's and the `quantile` of a summary's samples are
// rewritten in OpenMetrics' float form (`le="1"` is stored as `le="1.0"`).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "eval/storage.h"
#include "expfmt/events.h"
#include "model/labels.h"

namespace ttam::eval {

/// The check id of the loader's own findings (a sample without a timestamp,
/// a second value at a timestamp).
inline constexpr std::string_view kDataCheck = "query/data";

/// The loader's check, for SARIF's rule table.
diag::CheckInfo DataCheckInfo();

/// A histogram's `le` or a summary's `quantile` value as Prometheus 3 stores
/// it (Go's shortest %g, ".0" added to an integer: "1" -> "1.0", "0.50" ->
/// "0.5", "1e3" -> "1000.0", "+inf" -> "+Inf"); nullopt when the label is
/// none of those, is not a number, or is already in that form.
std::optional<std::string> NormalizedFloatLabel(expfmt::MetricType type, std::string_view name,
                                                std::string_view value);

/// How an ExpositionLoader stores what it is given.
struct ExpositionLoadOptions {
  /// The file's name, for diagnostics.
  std::string path;
  /// The time (ms) of samples written without a timestamp, as if the
  /// exposition was scraped then; nullopt makes such a sample an error.
  std::optional<int64_t> scrape_time_ms;
};

/// Appends every sample of an exposition to a Storage. Problems are
/// positioned findings (`query/data`) on the sink; the first sample without
/// a timestamp is reported, the others counted in one more finding at the end.
class ExpositionLoader final : public expfmt::Consumer {
 public:
  /// Loads into `storage`, reporting to `sink`; both must outlive the loader.
  ExpositionLoader(Storage& storage, ExpositionLoadOptions options, diag::Sink& sink);

  void OnFormat(expfmt::Format format) override;
  void OnSample(const expfmt::SampleEvent& event) override;
  void OnEnd(uint64_t lines) override;

  /// Samples stored (or already present with the same value).
  uint64_t samples() const { return samples_; }
  /// Errors reported: samples that could not be stored.
  uint64_t errors() const { return errors_; }
  /// The series that got samples at the scrape time (no timestamp of their
  /// own), in first-seen order: the ones Prometheus's scrape loop would mark
  /// stale when a later scrape lacks them (see AddStalenessMarkers).
  const std::vector<model::Labels>& scraped_series() const { return scraped_series_; }
  /// The `up` series that got samples with timestamps of their own, in
  /// first-seen order: a recording's scrapes (see AddScrapeStalenessMarkers).
  const std::vector<const Series*>& timestamped_up_series() const { return up_series_; }

 private:
  Series& SeriesOf(const expfmt::SampleEvent& event);
  void Fail(const expfmt::SampleEvent& event, uint32_t column, std::string message);
  void NoteScraped(const model::Labels& labels);

  Storage& storage_;
  ExpositionLoadOptions options_;
  diag::Sink& sink_;
  expfmt::Format format_ = expfmt::Format::kText;
  // A series seen before: its labels as written the first time (name, then
  // each non-empty label as `name 0xff value 0xff`), compared with a new
  // sample's before its labels are sorted, so that a file that repeats a
  // series writes it the same way costs no sort and no allocation.
  struct Known {
    std::string written;
    Series* series = nullptr;
  };
  static std::string Written(const expfmt::SampleEvent& event);
  static bool SameAsWritten(const expfmt::SampleEvent& event, std::string_view written);
  // By the parser's series hash; a hash shared by two label sets holds both.
  std::unordered_map<uint64_t, std::vector<Known>> known_;
  std::vector<std::pair<std::string_view, std::string_view>> scratch_;
  uint64_t samples_ = 0;
  uint64_t errors_ = 0;
  uint64_t untimed_ = 0;  // samples without a timestamp and no scrape time
  std::vector<model::Labels> scraped_series_;
  std::unordered_map<uint64_t, std::vector<size_t>> scraped_by_hash_;  // into scraped_series_
  std::vector<const Series*> up_series_;
};

/// One exposition loaded with a scrape time, and the series it had.
struct Snapshot {
  int64_t time_ms = 0;
  std::vector<model::Labels> series;
};

/// Models the scrape loop's staleness across snapshots of one target: in
/// time order, a series of one snapshot that the next one lacks gets a
/// StaleNaN at the next snapshot's time (unless it already has a sample then).
void AddStalenessMarkers(std::vector<Snapshot> snapshots, Storage& storage);

/// Models the scrape loop's staleness in a recording with timestamps (what
/// `ttam record` writes): each sample of an `up` series is one scrape of the
/// target whose labels are that series' labels without the name. A series
/// carrying all of those labels that has a sample at one of the target's
/// scrape times and none at its next one (a failed scrape, or a series the
/// target stopped exposing) gets a StaleNaN at that next scrape's time.
void AddScrapeStalenessMarkers(const std::vector<const Series*>& up_series, Storage& storage);

/// What a data file holds, from its first bytes.
enum class DataKind {
  kExposition,  ///< Prometheus text or OpenMetrics
  kPromqlTest,  ///< promqltest `load` blocks
};

/// Tells a promqltest file (its first line that is neither blank nor a
/// comment is `load <duration>`, `load_with_nhcb <duration>`, `clear` or
/// `eval…`) from an exposition (anything else).
DataKind SniffDataKind(std::string_view head);

/// The newest sample time in `storage` (ms), or nullopt when it is empty.
std::optional<int64_t> NewestSampleTime(const Storage& storage);

}  // namespace ttam::eval
