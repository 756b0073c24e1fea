#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// promlint: "metric names should be written in 'snake_case' not 'camelCase'"
// and the same for label names. A label is reported once per family. Metric
// names that mirror another system's field names (`node_memory_MemFree_bytes`,
// `node_netstat_Tcp_InSegs`) are left alone: the exporter keeps them on purpose,
// and renaming would break every dashboard that uses them.
class CamelCase final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFlaggedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if ((facts.label_flags & kLabelCamelCase) == 0) return;
    for (const expfmt::Label& label : event.labels) {
      if (!ShapeOf(label.name).camel || !reported_.First(label.name)) continue;
      ReportAtLabel(event, label, out,
                    "label " + Quote(label.name) + " of " + Subject(event.family) +
                        " is camelCase; use snake_case (" +
                        Quote(SnakeCaseSpelling(label.name, false)) + ")");
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    reported_.Clear();
    if (!ShapeOf(event.family.name).camel || MirrorsFieldNames(event.family.name)) return;
    ReportAtFamily(event, out,
                   Subject(event.family) + " is camelCase; use snake_case (" +
                       Quote(SnakeCaseSpelling(event.family.name, true)) + ")");
  }

 private:
  ReportedNames reported_;
};

}  // namespace

CheckPtr MakeMetricsCamelCase(const ExpositionOptions& /*options*/) {
  return std::make_unique<CamelCase>();
}

}  // namespace ttam::lint::checks
