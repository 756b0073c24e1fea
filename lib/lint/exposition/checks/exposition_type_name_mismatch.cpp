#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// Text format only: `# TYPE foo counter` followed by `foo_total` (or
// `foo_created`) samples is OpenMetrics naming. In the text format the TYPE and
// HELP lines name the samples exactly; Go-based consumers (promtool,
// client_golang, the Pushgateway) see an empty counter "foo" and an untyped
// "foo_total" without help. Once per family.
class TypeNameMismatch final : public ExpositionCheck {
 public:
  explicit TypeNameMismatch(bool text) : text_(text) {}

  // Registered for samples even when the format is not known yet: it may be
  // set later (OnFormat), and the interests are read once.
  uint32_t Interests() const override {
    return kCounterSamples | kHistogramSamples | kSummarySamples | kFamilyEnd;
  }

  void OnFormat(expfmt::Format format) override { text_ = format == expfmt::Format::kText; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& /*facts*/,
                Reporter& out) override {
    if (!text_ || reported_ || !event.family.typed) return;
    if (event.suffix != expfmt::Suffix::kTotal && event.suffix != expfmt::Suffix::kCreated) {
      return;
    }
    reported_ = true;
    ReportAtSample(event, out,
                   Subject(event.family) + " is declared without \"" +
                       std::string(expfmt::SuffixText(event.suffix)) +
                       "\" but its sample is named " + Quote(event.name) +
                       "; in the text format TYPE and HELP name the samples exactly (\"# TYPE " +
                       std::string(event.name) + " " +
                       std::string(expfmt::MetricTypeName(event.family.type)) +
                       "\"), only OpenMetrics leaves the suffix out");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_ = false;
  }

 private:
  bool text_;
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeExpositionTypeNameMismatch(const ExpositionOptions& options) {
  return std::make_unique<TypeNameMismatch>(options.format == expfmt::Format::kText);
}

}  // namespace ttam::lint::checks
