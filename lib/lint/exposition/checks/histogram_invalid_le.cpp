#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// A bucket whose `le` is missing or not a number (NaN included): Prometheus
// rejects the whole scrape. Once per family.
class InvalidLe final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kHistogramBuckets | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if (reported_ || !IsHistogram(event.family.type) || !IsBucket(event) || facts.le_valid) {
      return;
    }
    reported_ = true;
    std::string subject = "bucket of " + Subject(event.family);
    if (facts.le == nullptr) {
      ReportAtSample(event, out,
                     subject + " has no \"le\" label; every bucket needs le=\"<upper bound>\"");
      return;
    }
    ReportAtLabelValue(event, *facts.le, out,
                       subject + " has le=" + Quote(facts.le->value) +
                           ", which is not a number; use the bucket's upper bound, e.g. "
                           "le=\"0.5\" or le=\"+Inf\"");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_ = false;
  }

 private:
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeHistogramInvalidLe(const ExpositionOptions& /*options*/) {
  return std::make_unique<InvalidLe>();
}

}  // namespace ttam::lint::checks
