#include "expfmt/stats.h"

namespace ttam::expfmt {

void StatsConsumer::OnSample(const SampleEvent& event) {
  ++samples_;
  if (count_series_) series_.Insert(event.series_hash);
}

void StatsConsumer::OnFamilyEnd(const FamilyEndEvent& /*event*/) { ++families_; }

}  // namespace ttam::expfmt
