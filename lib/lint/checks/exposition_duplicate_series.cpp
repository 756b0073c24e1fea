#include "lint/checks/checks.h"

namespace ttam::lint::checks {
namespace {

// The same sample name and label set twice (label order and empty values do
// not matter). Samples with different explicit timestamps are not duplicates:
// backfill files list one series at many times. Keys are 64-bit hashes, kept
// for the current family only, so memory is bounded by the largest family.
class DuplicateSeries final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    uint64_t key = facts.series_key;
    if (event.has_timestamp) key = Mix64(key ^ static_cast<uint64_t>(event.timestamp_ms));
    bool inserted = false;
    const uint64_t* first_line = seen_.Insert(key, event.line, &inserted);
    if (inserted) return;
    ReportAtSample(event, out,
                   "metric " + Quoted(event.name) + " repeats the series " +
                       RenderLabels(event.labels) + " from line " + std::to_string(*first_line) +
                       "; Prometheus drops the repeated sample, so expose each series once");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    seen_.Clear();
  }

 private:
  KeyMap seen_;
};

}  // namespace

CheckPtr MakeExpositionDuplicateSeries(const ExpositionOptions& /*options*/) {
  return std::make_unique<DuplicateSeries>();
}

}  // namespace ttam::lint::checks
