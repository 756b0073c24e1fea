#include <cmath>

#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// A counter that is NaN: rate() and increase() over it are NaN too, and the
// next real value looks like a reset. Once per family.
class Nan final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kCounterSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& /*facts*/,
                Reporter& out) override {
    if (reported_ || !std::isnan(event.value)) return;
    if (event.family.type != expfmt::MetricType::kCounter ||
        event.suffix == expfmt::Suffix::kCreated) {
      return;
    }
    reported_ = true;
    ReportAtValue(event, out,
                  Subject(event.family) +
                      " has the value NaN; expose a number (0 if nothing was counted yet) so "
                      "that rate() and increase() work");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_ = false;
  }

 private:
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeCounterNan(const ExpositionOptions& /*options*/) { return std::make_unique<Nan>(); }

}  // namespace ttam::lint::checks
