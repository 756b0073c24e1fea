#include <cmath>

#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// A summary's quantile label is a fraction in [0, 1] ("0.99", not "99").
// Once per family.
class QuantileRange final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kSummarySamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if (reported_ || (facts.label_flags & kLabelQuantile) == 0 ||
        event.family.type != expfmt::MetricType::kSummary) {
      return;
    }
    for (const expfmt::Label& label : event.labels) {
      if (label.name != "quantile") continue;
      double q = 0;
      bool number = ParseFloat(label.value, &q) && !std::isnan(q);
      if (number && q >= 0 && q <= 1) return;
      reported_ = true;
      std::string what = number ? " is outside [0, 1]" : " is not a number";
      ReportAtLabelValue(event, label, out,
                         "quantile=" + Quote(label.value) + " of " + Subject(event.family) + what +
                             "; quantiles are fractions such as 0.5, 0.9 or 0.99");
      return;
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_ = false;
  }

 private:
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeSummaryQuantileRange(const ExpositionOptions& /*options*/) {
  return std::make_unique<QuantileRange>();
}

}  // namespace ttam::lint::checks
