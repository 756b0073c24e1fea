#include "lint/exposition/helpers.h"
#include "model/names.h"

namespace ttam::lint::checks {
namespace {

// Names outside [a-zA-Z_:][a-zA-Z0-9_:]* (metrics) or [a-zA-Z_][a-zA-Z0-9_]*
// (labels) are valid only with Prometheus 3's UTF-8 names; promtool 2.x, older
// servers and many client tools reject them, and PromQL needs them quoted
// (`{"0region"="eu"}`, `{"primitive-latency-p95"}`).
class Utf8Name final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFlaggedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if ((facts.label_flags & kLabelNotLegacy) == 0) return;
    for (const expfmt::Label& label : event.labels) {
      if (model::IsValidLegacyLabelName(label.name) || !reported_.First(label.name)) continue;
      ReportAtLabel(event, label, out,
                    "label " + Quote(label.name) + " of " + Subject(event.family) +
                        " is valid only with Prometheus 3 UTF-8 names: PromQL must quote it and "
                        "older servers and tools reject it; prefer [a-zA-Z0-9_] (" +
                        Quote(SnakeCaseSpelling(label.name, false)) + ")");
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    reported_.Clear();
    if (model::IsValidLegacyMetricName(event.family.name)) return;
    ReportAtFamily(event, out,
                   Subject(event.family) +
                       " is valid only with Prometheus 3 UTF-8 names: PromQL must quote it and "
                       "older servers and tools reject it; prefer [a-zA-Z0-9_:] (" +
                       Quote(SnakeCaseSpelling(event.family.name, true)) + ")");
  }

 private:
  ReportedNames reported_;
};

}  // namespace

CheckPtr MakeExpositionUtf8Name(const ExpositionOptions& /*options*/) {
  return std::make_unique<Utf8Name>();
}

}  // namespace ttam::lint::checks
