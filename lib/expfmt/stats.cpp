#include "expfmt/stats.h"

#include "expfmt/series_key.h"

namespace ttam::expfmt {

void StatsConsumer::OnSample(const SampleEvent& event) {
  ++samples_;
  series_.Insert(SeriesHash(event.name, event.labels));
}

void StatsConsumer::OnFamilyEnd(const FamilyEndEvent& /*event*/) { ++families_; }

}  // namespace ttam::expfmt
