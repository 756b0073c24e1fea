#pragma once

// One scrape of one target, held as parsed: an expfmt::Consumer that keeps
// every sample (its name, labels, value and own timestamp, if any) with its
// family's type and metadata, until the Recording takes it. A buffer per
// target lets targets be scraped on several threads while the Recording
// stays single-threaded.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "expfmt/events.h"

namespace ttam::record {

/// A label as stored: name and value.
using LabelPair = std::pair<std::string, std::string>;

/// One sample of a scrape.
struct BufferedSample {
  std::string name;               ///< the sample's name, suffix included
  std::vector<LabelPair> labels;  ///< as exposed, empty values dropped
  double value = 0;
  bool has_timestamp = false;  ///< the target gave a timestamp of its own
  int64_t timestamp_ms = 0;    ///< that timestamp
  std::string family;          ///< the family the parser put it in
  expfmt::MetricType type = expfmt::MetricType::kUntyped;
  expfmt::Suffix suffix = expfmt::Suffix::kNone;
};

/// HELP and UNIT of one family, as exposed.
struct BufferedMetadata {
  std::string help;
  bool has_help = false;
  std::string unit;
  bool has_unit = false;
};

/// Collects one scrape's samples and family metadata. OpenMetrics `_created`
/// samples are skipped (Prometheus 3 reads them as created timestamps, not
/// series), and so are exemplars.
class ScrapeBuffer final : public expfmt::Consumer {
 public:
  void OnFormat(expfmt::Format format) override { format_ = format; }
  void OnSample(const expfmt::SampleEvent& event) override;
  void OnFamilyEnd(const expfmt::FamilyEndEvent& event) override;

  /// The samples, in exposition order.
  const std::vector<BufferedSample>& samples() const { return samples_; }
  /// Metadata by the parser's family name.
  const std::map<std::string, BufferedMetadata>& metadata() const { return metadata_; }

 private:
  expfmt::Format format_ = expfmt::Format::kText;
  std::vector<BufferedSample> samples_;
  std::map<std::string, BufferedMetadata> metadata_;
};

}  // namespace ttam::record
