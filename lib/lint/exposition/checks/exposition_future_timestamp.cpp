#include "lint/exposition/helpers.h"
#include "support/units.h"

namespace ttam::lint::checks {
namespace {

constexpr int64_t kSlackMs = 10 * 60 * 1000;

// A timestamp more than 10 minutes after now: a wrong clock or wrong units
// (seconds where milliseconds are expected gives dates in 1970; microseconds
// give dates far in the future). Once per family; off when now is unknown.
class FutureTimestamp final : public ExpositionCheck {
 public:
  explicit FutureTimestamp(int64_t now_ms) : now_ms_(now_ms) {}

  uint32_t Interests() const override {
    return now_ms_ == 0 ? 0u : static_cast<uint32_t>(kTimestampedSamples | kFamilyEnd);
  }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& /*facts*/,
                Reporter& out) override {
    if (reported_ || !event.has_timestamp || event.timestamp_ms <= now_ms_ + kSlackMs) return;
    reported_ = true;
    out.Report(event.line, event.timestamp_column, event.line_text,
               "sample of metric " + Quote(event.name) + " has a timestamp " +
                   FormatDuration(event.timestamp_ms - now_ms_, 2) +
                   " in the future; fix the exporter's clock or units (milliseconds in the "
                   "text format, seconds in OpenMetrics), or drop the timestamp");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_ = false;
  }

 private:
  int64_t now_ms_;
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeExpositionFutureTimestamp(const ExpositionOptions& options) {
  return std::make_unique<FutureTimestamp>(options.now_ms);
}

}  // namespace ttam::lint::checks
