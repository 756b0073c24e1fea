#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ttam::expfmt {

/// The two text formats ttam reads.
enum class Format { kText, kOpenMetrics };

/// "text" (Prometheus text 0.0.4) or "openmetrics" (OpenMetrics 1.0 text).
std::string_view FormatName(Format format);

/// Every metric type of the text format and of OpenMetrics.
enum class MetricType {
  kCounter,
  kGauge,
  kHistogram,
  kSummary,
  kUntyped,  ///< text format; also the type of a family without a TYPE line
  kInfo,
  kStateset,
  kGaugeHistogram,
  kUnknown,  ///< OpenMetrics' name for untyped
};

/// The lower-case name used in TYPE lines ("gaugehistogram", ...).
std::string_view MetricTypeName(MetricType type);

/// Parses a TYPE line's type for `format`; false when the format does not know it.
bool ParseMetricType(std::string_view text, Format format, MetricType* out);

/// What a sample name adds to its family name.
enum class Suffix { kNone, kTotal, kCreated, kBucket, kCount, kSum, kGCount, kGSum, kInfo };

/// "", "_total", "_created", "_bucket", ...
std::string_view SuffixText(Suffix suffix);

/// A label as written, with escapes already resolved.
struct Label {
  std::string_view name;
  std::string_view value;
  uint32_t name_column = 0;   ///< 1-based byte column of the name in the line
  uint32_t value_column = 0;  ///< 1-based byte column of the opening quote
};

/// An OpenMetrics exemplar (`# {trace_id="a"} 0.5 1700000000.1`).
struct Exemplar {
  std::span<const Label> labels;
  double value = 0;
  bool has_timestamp = false;
  double timestamp_seconds = 0;
  uint32_t column = 0;  ///< column of the '#' that starts it
};

/// The family a sample or metadata line belongs to, as the parser resolved it.
struct FamilyRef {
  std::string_view name;
  MetricType type = MetricType::kUntyped;
  bool typed = false;  ///< a TYPE line declared the type
};

/// A HELP, TYPE or UNIT line.
struct MetadataEvent {
  enum class Kind { kHelp, kType, kUnit };
  Kind kind = Kind::kHelp;
  std::string_view name;  ///< the metric name the line is about
  std::string_view text;  ///< HELP text (unescaped), UNIT value, or TYPE's type word
  MetricType type = MetricType::kUntyped;  ///< for kType
  uint64_t line = 0;
  uint32_t name_column = 0;
  std::string_view line_text;
  /// The line of the first sample of the family the line is about; 0 while
  /// the family has none yet (metadata after samples is late).
  uint64_t first_sample_line = 0;
};

/// One sample line. All views stay valid only during the callback.
struct SampleEvent {
  std::string_view name;          ///< full sample name, suffix included
  std::span<const Label> labels;  ///< in written order; never contains __name__
  double value = 0;
  std::string_view value_text;
  bool has_timestamp = false;
  int64_t timestamp_ms = 0;  ///< normalised to milliseconds in both formats
  const Exemplar* exemplar = nullptr;
  /// Identity hashes, computed once by the parser (see series_key.h): label
  /// order does not matter, and a label with an empty value counts as absent.
  uint64_t labels_hash = 0;  ///< the label set, without the name
  uint64_t le_hash = 0;      ///< the `le` label's share of labels_hash; 0 without one
  uint64_t series_hash = 0;  ///< name and label set
  FamilyRef family;
  Suffix suffix = Suffix::kNone;
  uint64_t line = 0;
  uint32_t column = 1;        ///< column of the metric name
  uint32_t value_column = 0;  ///< column of the value
  uint32_t timestamp_column = 0;
  std::string_view line_text;
  /// False when line_text has no backslash, so no escape: checks about
  /// escapes can skip the line without scanning it.
  bool line_has_backslash = true;
};

/// A family after its last line: everything known about it.
struct FamilyEndEvent {
  FamilyRef family;
  std::string_view help;
  bool has_help = false;
  std::string_view unit;
  bool has_unit = false;
  uint64_t first_line = 0;   ///< where the family started (metadata or sample)
  uint32_t name_column = 1;  ///< column of the family's name on first_line
  std::string_view first_line_text;
  uint64_t samples = 0;
};

/// Receives parse events in input order. Families are reported contiguously:
/// a family "ends" when a line about another family starts.
class Consumer {
 public:
  virtual ~Consumer() = default;
  /// Once, before any other event: the format the input is parsed as.
  virtual void OnFormat(Format /*format*/) {}
  virtual void OnMetadata(const MetadataEvent& /*event*/) {}
  virtual void OnSample(const SampleEvent& /*event*/) {}
  virtual void OnFamilyEnd(const FamilyEndEvent& /*event*/) {}
  /// After the last byte; `lines` is the number of lines read.
  virtual void OnEnd(uint64_t /*lines*/) {}
};

}  // namespace ttam::expfmt
