#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// `x=""` is the same series as no `x` label at all in Prometheus, which
// surprises queries like `{x=""}` and makes series look distinct when they are not.
class EmptyLabelValue final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFlaggedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if ((facts.label_flags & kLabelEmptyValue) == 0) return;
    for (const expfmt::Label& label : event.labels) {
      if (!label.value.empty() || !reported_.First(label.name)) continue;
      ReportAtLabel(event, label, out,
                    "label " + Quote(label.name) + " of " + Subject(event.family) +
                        " has an empty value, which Prometheus treats as no label at all; "
                        "drop the label or give it a value");
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_.Clear();
  }

 private:
  ReportedNames reported_;
};

}  // namespace

CheckPtr MakeExpositionEmptyLabelValue(const ExpositionOptions& /*options*/) {
  return std::make_unique<EmptyLabelValue>();
}

}  // namespace ttam::lint::checks
