#include "cardinality/value_shapes.h"
#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// The guide: "Avoid high-cardinality labels (user IDs, request IDs)". Every
// distinct value is a new series, so an ID label grows without bound even when
// one scrape shows only a few series. Once per family per label. Generic names
// ("id": `os_info{id="debian"}`) need evidence from the value: a UUID, a long
// number or a long hex string, as `ttam cardinality` classifies values.
class UnboundedLabel final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFlaggedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if ((facts.label_flags & kLabelLooksUnbounded) == 0) return;
    for (const expfmt::Label& label : event.labels) {
      bool id_name = IsIdLabelName(label.name);
      cardinality::Shape shape = cardinality::ClassifyValue(label.value);
      bool id_value = shape == cardinality::Shape::kUuid;
      if (id_name && IsGenericIdLabelName(label.name)) {
        id_name = false;
        id_value = id_value || shape == cardinality::Shape::kHexId ||
                   shape == cardinality::Shape::kNumericId;
      }
      if (!id_name && !id_value) continue;
      if (!reported_.First(label.name)) continue;
      std::string why = id_name ? " looks like a per-request or per-user ID"
                                : " has an ID-like value (" +
                                      std::string(cardinality::ShapeName(shape)) + " " +
                                      Quote(label.value) + ")";
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
