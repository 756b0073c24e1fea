#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// promlint: `non-histogram metrics should not have "_bucket" suffix` and the
// same for "_count"/"_sum" on anything but histograms and summaries. Applies to
// the family name of typed families; untyped families are exempt because
// without a TYPE line every histogram sample is its own untyped family.
class ReservedSuffix final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    expfmt::MetricType type = event.family.type;
    if (IsUntyped(type) || IsHistogram(type)) return;
    std::string_view name = event.family.name;
    if (name.ends_with("_bucket")) {
      ReportAtFamily(event, out,
                     Subject(event.family) +
                         " ends in \"_bucket\", which is reserved for histogram buckets; "
                         "rename it");
      return;
    }
    if (type == expfmt::MetricType::kSummary) return;
    for (std::string_view suffix : {std::string_view("_count"), std::string_view("_sum")}) {
      if (!name.ends_with(suffix)) continue;
      ReportAtFamily(
          event, out,
          Subject(event.family) + " ends in \"" + std::string(suffix) +
              "\", which is reserved for histograms and summaries; rename it "
              "(a counter of events would be " +
              Quote(std::string(name.substr(0, name.size() - suffix.size())) + "_total") + ")");
    }
  }
};

}  // namespace

CheckPtr MakeMetricsReservedSuffix(const ExpositionOptions& /*options*/) {
  return std::make_unique<ReservedSuffix>();
}

}  // namespace ttam::lint::checks
