#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// Some samples carry timestamps and others do not: usually a cache or a
// federation bug. Reported once per exposition.
class MixedTimestamps final : public ExpositionCheck {
 public:
  // Only the samples unlike the first one (which the linter remembers).
  uint32_t Interests() const override { return kTimestampChangeSamples; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if (done_) return;
    done_ = true;
    const std::string first_line = std::to_string(facts.first_sample_line);
    std::string advice = "; expose timestamps on all samples or on none (usually none)";
    if (event.has_timestamp) {
      out.Report(event.line, event.timestamp_column, event.line_text,
                 "sample of metric " + Quote(event.name) +
                     " has a timestamp but the sample on line " + first_line + " has none" +
                     advice);
    } else {
      ReportAtSample(event, out,
                     "sample of metric " + Quote(event.name) +
                         " has no timestamp but the sample on line " + first_line + " has one" +
                         advice);
    }
  }

 private:
  bool done_ = false;
};

}  // namespace

CheckPtr MakeExpositionMixedTimestamps(const ExpositionOptions& /*options*/) {
  return std::make_unique<MixedTimestamps>();
}

}  // namespace ttam::lint::checks
