#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// The guide: "Avoid high-cardinality labels (user IDs, request IDs)". Every
// distinct value is a new series, so an ID label grows without bound even when
// one scrape shows only a few series. Once per family per label.
class UnboundedLabel final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFlaggedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if ((facts.label_flags & kLabelLooksUnbounded) == 0) return;
    for (const expfmt::Label& label : event.labels) {
      bool id_name = IsIdLabelName(label.name);
      if (!id_name && !IsUuid(label.value)) continue;
      if (!reported_.First(label.name)) continue;
      std::string why = id_name ? " looks like a per-request or per-user ID"
                                : " has a UUID value (" + std::string(label.value) + ")";
      ReportAtLabel(event, label, out,
                    "label " + Quote(label.name) + " of " + Subject(event.family) + why +
                        "; every new value creates a new series, so drop it (put IDs in logs, "
                        "traces or exemplars)");
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_.Clear();
  }

 private:
  ReportedNames reported_;
};

}  // namespace

CheckPtr MakeMetricsUnboundedLabel(const ExpositionOptions& /*options*/) {
  return std::make_unique<UnboundedLabel>();
}

}  // namespace ttam::lint::checks
