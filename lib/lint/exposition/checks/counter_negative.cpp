#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// Counters start at 0 and only go up; so do histogram buckets and counts.
// A negative value breaks rate() and increase(). Once per family.
class Negative final : public ExpositionCheck {
 public:
  uint32_t Interests() const override {
    return kCounterSamples | kHistogramBuckets | kHistogramCounts | kFamilyEnd;
  }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& /*facts*/,
                Reporter& out) override {
    if (reported_ || !(event.value < 0)) return;
    expfmt::MetricType type = event.family.type;
    if (type == expfmt::MetricType::kCounter && event.suffix != expfmt::Suffix::kCreated) {
      reported_ = true;
      ReportAtValue(event, out,
                    Subject(event.family) + " has the negative value " +
                        std::string(event.value_text) +
                        "; counters start at 0 and only go up (use a gauge for values that "
                        "can go down)");
    } else if (IsHistogram(type) && (IsBucket(event) || IsCount(event))) {
      reported_ = true;
      ReportAtValue(event, out,
                    Subject(event.family) + " has the negative count " +
                        std::string(event.value_text) + " in " + Quote(event.name) +
                        "; bucket counts and _count count observations and cannot be "
                        "negative");
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_ = false;
  }

 private:
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeCounterNegative(const ExpositionOptions& /*options*/) {
  return std::make_unique<Negative>();
}

}  // namespace ttam::lint::checks
