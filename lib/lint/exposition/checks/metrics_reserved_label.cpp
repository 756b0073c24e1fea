#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// promlint: `non-histogram metrics should not have "le" label` and
// `non-summary metrics should not have "quantile" label`. Gauge histograms count
// as histograms; untyped families are exempt, as in promlint.
class ReservedLabel final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    expfmt::MetricType type = event.family.type;
    // Every histogram bucket has an `le`: decide from the flags and the type
    // before looking at any label.
    bool misplaced_le = (facts.label_flags & kLabelLe) != 0 && !IsHistogram(type);
    bool misplaced_quantile =
        (facts.label_flags & kLabelQuantile) != 0 && type != expfmt::MetricType::kSummary;
    if ((!misplaced_le && !misplaced_quantile) || IsUntyped(type)) return;
    for (const expfmt::Label& label : event.labels) {
      if (label.name == "le" && !IsHistogram(type) && !le_reported_) {
        le_reported_ = true;
        ReportAtLabel(event, label, out,
                      Subject(event.family) +
                          " has an \"le\" label, which is reserved for histogram bucket "
                          "bounds; rename the label");
      } else if (label.name == "quantile" && type != expfmt::MetricType::kSummary &&
                 !quantile_reported_) {
        quantile_reported_ = true;
        ReportAtLabel(event, label, out,
                      Subject(event.family) +
                          " has a \"quantile\" label, which is reserved for summary "
                          "quantiles; rename the label");
      }
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    le_reported_ = false;
    quantile_reported_ = false;
  }

 private:
  bool le_reported_ = false;
  bool quantile_reported_ = false;
};

}  // namespace

CheckPtr MakeMetricsReservedLabel(const ExpositionOptions& /*options*/) {
  return std::make_unique<ReservedLabel>();
}

}  // namespace ttam::lint::checks
