#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "expfmt/events.h"

namespace ttam::lint {

/// Settings that exposition checks read.
struct ExpositionOptions {
  std::string require_prefix;             ///< --require-prefix; empty = off
  uint64_t max_series_per_metric = 1000;  ///< the guide's "< 1000 combinations"
  int64_t now_ms = 0;  ///< wall clock, for "timestamp in the future"; 0 = skip that check
  /// The input's format, when known; checks about one format only skip otherwise.
  std::optional<expfmt::Format> format;
};

/// Builds diagnostics for one check: fills in path, id and severity.
class Reporter {
 public:
  Reporter(diag::Sink& sink, std::string_view path, std::string_view check, diag::Severity severity)
      : sink_(sink), path_(path), check_(check), severity_(severity) {}

  /// Reports at `line`:`column` with `line_text` shown under the message.
  void Report(uint64_t line, uint32_t column, std::string_view line_text, std::string message,
              uint32_t end_column = 0);

  std::string_view check() const { return check_; }

 private:
  diag::Sink& sink_;
  std::string_view path_;
  std::string_view check_;
  diag::Severity severity_;
};

/// Bits of SampleFacts::label_flags: what some label of the sample looks like.
/// Checks test these first and only look at the labels themselves when a bit is set.
enum LabelFlag : uint32_t {
  kLabelCamelCase = 1u << 0,       ///< a name contains [a-z][A-Z]
  kLabelNotSnakeCase = 1u << 1,    ///< upper case, `__` inside, leading/trailing `_`, other chars
  kLabelNotLegacy = 1u << 2,       ///< a name needs Prometheus 3 UTF-8 names
  kLabelReservedPrefix = 1u << 3,  ///< a name starts with `__`
  kLabelEmptyValue = 1u << 4,      ///< a value is ""
  kLabelLe = 1u << 5,              ///< there is an `le` label
  kLabelQuantile = 1u << 6,        ///< there is a `quantile` label
  kLabelLooksUnbounded = 1u << 7,  ///< an ID-like name (request_id, ...) or a UUID value
};

/// The LabelFlag bits that mean "some label may have a problem"; samples
/// without them skip the checks that ask for ExpositionCheck::kFlaggedSamples.
inline constexpr uint32_t kLabelProblemFlags = kLabelCamelCase | kLabelNotSnakeCase |
                                               kLabelNotLegacy | kLabelReservedPrefix |
                                               kLabelEmptyValue | kLabelLooksUnbounded;

/// What the linter works out once per sample and shares with every check, so
/// that no check hashes or scans the labels again.
struct SampleFacts {
  /// Sample name and label set; label order and empty values do not matter.
  uint64_t series_key = 0;
  /// Label set without `le` (and without the name): a histogram's series group.
  uint64_t group_key = 0;
  /// With ExpositionCheck::kGroupIndex, for samples of histogram families: the
  /// ordinal of group_key among the family's series groups, in order of first
  /// appearance (0, 1, ...). One shared lookup instead of one per check.
  uint32_t group = 0;
  /// The line of the input's first sample (this one's, for the first).
  uint64_t first_sample_line = 0;
  /// LabelFlag bits, or-ed over all labels.
  uint32_t label_flags = 0;
  /// The `le` label, when the sample has one.
  const expfmt::Label* le = nullptr;
  /// `le` as a number; valid only when le_valid (a float that is not NaN).
  double le_value = 0;
  bool le_valid = false;
  /// With ExpositionCheck::kSeriesIndex: the line where the current family
  /// first had series_key, or 0 when this sample is its first (a new series).
  /// One shared table instead of one per check that counts or dedups series.
  uint64_t series_seen_line = 0;
};

/// One exposition check: sees the parse events, reports through its Reporter.
/// Keep only what the check needs to remember (memory must not grow with input
/// size beyond names and series keys).
class ExpositionCheck {
 public:
  /// Which events a check wants; the linter calls only those hooks. The
  /// sample bits narrow OnSample to the samples a check can say something
  /// about (a check still sees each sample at most once), which keeps the
  /// per-sample cost of 30+ checks low.
  enum Interest : uint32_t {
    kMetadata = 1u << 0,
    kSamples = 1u << 1,  ///< every sample
    kFamilyEnd = 1u << 2,
    kEnd = 1u << 3,
    kCounterSamples = 1u << 4,      ///< samples of counter families
    kHistogramSamples = 1u << 5,    ///< samples of histogram and gaugehistogram families
    kSummarySamples = 1u << 6,      ///< samples of summary families
    kFlaggedSamples = 1u << 7,      ///< samples with a kLabelProblemFlags bit set
    kSeriesIndex = 1u << 8,         ///< fill SampleFacts::series_seen_line
    kTimestampedSamples = 1u << 9,  ///< samples with a timestamp
    kEscapedSamples = 1u << 10,     ///< samples whose line may hold an escape (a backslash)
    kHistogramBuckets = 1u << 11,   ///< `_bucket` samples of histogram and gaugehistogram families
    kHistogramCounts = 1u << 12,    ///< `_count` / `_gcount` samples of those families
    kTotalOrCreatedSamples = 1u << 13,  ///< samples named `_total` or `_created` in their family
    kGroupIndex = 1u << 14,             ///< fill SampleFacts::group
    /// samples that have a timestamp when the input's first sample has none, or the reverse
    kTimestampChangeSamples = 1u << 15,
    kAll = kMetadata | kSamples | kFamilyEnd | kEnd,
  };

  virtual ~ExpositionCheck() = default;
  /// The Interest bits of the hooks this check overrides.
  virtual uint32_t Interests() const { return kAll; }
  /// The input's format, once known (after sniffing); before any other event.
  virtual void OnFormat(expfmt::Format /*format*/) {}
  virtual void OnMetadata(const expfmt::MetadataEvent& /*event*/, Reporter& /*out*/) {}
  virtual void OnSample(const expfmt::SampleEvent& /*event*/, const SampleFacts& /*facts*/,
                        Reporter& /*out*/) {}
  virtual void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) {}
  virtual void OnEnd(uint64_t /*lines*/, Reporter& /*out*/) {}
};

/// A registry row: the check's id, default severity, one-line summary, factory
/// and whether it runs by default.
struct ExpositionCheckInfo {
  std::string_view id;
  diag::Severity severity;
  std::string_view summary;
  std::unique_ptr<ExpositionCheck> (*make)(const ExpositionOptions& options);
  /// Off-by-default checks run only when --enable names them (ID, group/*, strict).
  diag::Enablement enablement = diag::Enablement::kOnByDefault;
};

/// Every exposition check, in one table (lib/lint/exposition/registry.cpp).
std::span<const ExpositionCheckInfo> ExpositionChecks();

}  // namespace ttam::lint
