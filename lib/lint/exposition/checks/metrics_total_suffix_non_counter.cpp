#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// promlint: `non-counter metrics should not have "_total" suffix`; untyped and
// unknown families are exempt, as in promlint.
class TotalSuffixNonCounter final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    expfmt::MetricType type = event.family.type;
    if (IsUntyped(type) || type == expfmt::MetricType::kCounter) return;
    if (!event.family.name.ends_with("_total")) return;
    ReportAtFamily(event, out,
                   Subject(event.family) +
                       " ends in \"_total\", which is reserved for counters; drop the suffix, "
                       "or make it a counter if it only ever goes up");
  }
};

}  // namespace

CheckPtr MakeMetricsTotalSuffixNonCounter(const ExpositionOptions& /*options*/) {
  return std::make_unique<TotalSuffixNonCounter>();
}

}  // namespace ttam::lint::checks
