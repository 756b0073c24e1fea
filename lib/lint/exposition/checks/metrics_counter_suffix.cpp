#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// promlint: `counter metrics should have "_total" suffix`. Looks at the sample
// names, not the family name: an OpenMetrics counter family "x" with samples
// "x_total" is correct.
class CounterSuffix final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kCounterSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& /*facts*/,
                Reporter& /*out*/) override {
    if (decided_ || event.family.type != expfmt::MetricType::kCounter) return;
    if (event.suffix == expfmt::Suffix::kCreated) return;
    decided_ = true;
    missing_ = !event.name.ends_with("_total");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    if (missing_) {
      std::string name(event.family.name);
      ReportAtFamily(event, out,
                     "counter " + Quote(name) +
                         " has samples without the \"_total\" suffix; name the counter " +
                         Quote(name + "_total"));
    }
    decided_ = false;
    missing_ = false;
  }

 private:
  bool decided_ = false;
  bool missing_ = false;
};

}  // namespace

CheckPtr MakeMetricsCounterSuffix(const ExpositionOptions& /*options*/) {
  return std::make_unique<CounterSuffix>();
}

}  // namespace ttam::lint::checks
