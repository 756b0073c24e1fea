#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// Label names starting with "__" are reserved for Prometheus' own use
// (__name__, __address__, relabelling temporaries); targets must not expose them.
class ReservedLabelName final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFlaggedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if ((facts.label_flags & kLabelReservedPrefix) == 0) return;
    for (const expfmt::Label& label : event.labels) {
      if (!label.name.starts_with("__") || !reported_.First(label.name)) continue;
      ReportAtLabel(event, label, out,
                    "label " + Quote(label.name) + " of " + Subject(event.family) +
                        " starts with \"__\", which Prometheus reserves for internal labels; "
                        "rename it");
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_.Clear();
  }

 private:
  ReportedNames reported_;
};

}  // namespace

CheckPtr MakeExpositionReservedLabelName(const ExpositionOptions& /*options*/) {
  return std::make_unique<ReservedLabelName>();
}

}  // namespace ttam::lint::checks
