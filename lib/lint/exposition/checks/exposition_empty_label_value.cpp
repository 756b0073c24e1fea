#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// `x=""` is the same series as no `x` label at all in Prometheus, which
// surprises queries like `{x=""}` and makes series look distinct when they are not.
// Empty by design, and so not reported: `instance=""` (a Pushgateway group pushed
// without an instance, or a recording rule's output on /federate) and the
// optional fields of an info metric (`disk_info{model="",serial=""}`). Once per
// family, at its first sample line with empty values, naming all of them.
class EmptyLabelValue final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFlaggedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if (reported_ || (facts.label_flags & kLabelEmptyValue) == 0) return;
    if (event.family.type == expfmt::MetricType::kInfo || event.family.name.ends_with("_info")) {
      return;
    }
    const expfmt::Label* first = nullptr;
    std::string names;
    size_t count = 0;
    for (const expfmt::Label& label : event.labels) {
      if (!label.value.empty() || label.name == "instance") continue;
      if (first == nullptr) first = &label;
      if (!names.empty()) names += ", ";
      names += Quote(label.name);
      ++count;
    }
    if (first == nullptr) return;
    reported_ = true;
    std::string what = count == 1 ? "label " + names + " of " + Subject(event.family) + " has"
                                  : "labels " + names + " of " + Subject(event.family) + " have";
    ReportAtLabel(event, *first, out,
                  what +
                      " an empty value, which Prometheus treats as no label at all; "
                      "drop the label or give it a value");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_ = false;
  }

 private:
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeExpositionEmptyLabelValue(const ExpositionOptions& /*options*/) {
  return std::make_unique<EmptyLabelValue>();
}

}  // namespace ttam::lint::checks
