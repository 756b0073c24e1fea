#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// Some samples carry timestamps and others do not: usually a cache or a
// federation bug. Reported once per exposition.
class MixedTimestamps final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kSamples; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& /*facts*/,
                Reporter& out) override {
    if (done_) return;
    if (first_line_ == 0) {
      first_line_ = event.line;
      first_has_timestamp_ = event.has_timestamp;
      return;
    }
    if (event.has_timestamp == first_has_timestamp_) return;
    done_ = true;
    std::string advice = "; expose timestamps on all samples or on none (usually none)";
    if (event.has_timestamp) {
      out.Report(event.line, event.timestamp_column, event.line_text,
                 "sample of metric " + Quote(event.name) +
                     " has a timestamp but the sample on line " + std::to_string(first_line_) +
                     " has none" + advice);
    } else {
      ReportAtSample(event, out,
                     "sample of metric " + Quote(event.name) +
                         " has no timestamp but the sample on line " + std::to_string(first_line_) +
                         " has one" + advice);
    }
  }

 private:
  bool done_ = false;
  bool first_has_timestamp_ = false;
  uint64_t first_line_ = 0;
};

}  // namespace

CheckPtr MakeExpositionMixedTimestamps(const ExpositionOptions& /*options*/) {
  return std::make_unique<MixedTimestamps>();
}

}  // namespace ttam::lint::checks
