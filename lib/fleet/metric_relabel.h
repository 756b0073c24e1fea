#pragma once

// A job's metric_relabel_configs applied to parsed samples, as Prometheus
// applies them after a scrape and before storing (and before sample_limit):
// dropped samples vanish, rewritten ones go on with their new name and
// labels. Sits between the parser and another consumer.
#include <cstdint>
#include <vector>

#include "config/relabel.h"
#include "expfmt/events.h"

namespace ttam::fleet {

class MetricRelabelConsumer final : public expfmt::Consumer {
 public:
  /// `rules` must be valid (as config::Load left them) and outlive this.
  MetricRelabelConsumer(const std::vector<config::RelabelConfig>& rules, expfmt::Consumer& next);

  void OnFormat(expfmt::Format format) override { next_.OnFormat(format); }
  void OnMetadata(const expfmt::MetadataEvent& event) override { next_.OnMetadata(event); }
  void OnSample(const expfmt::SampleEvent& event) override;
  void OnFamilyEnd(const expfmt::FamilyEndEvent& event) override { next_.OnFamilyEnd(event); }
  void OnEnd(uint64_t lines) override { next_.OnEnd(lines); }

 private:
  config::Relabeler relabeler_;
  expfmt::Consumer& next_;
};

}  // namespace ttam::fleet
