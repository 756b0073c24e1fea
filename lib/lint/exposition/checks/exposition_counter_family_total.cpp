#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// OpenMetrics only: a counter family's samples are its name plus "_total" (and
// "_created"), so a family named "x_total" needs samples "x_total_total". The
// reference parser rejects a counter family whose name ends in "_total" and
// with it the whole exposition, so Prometheus ingests nothing from the target.
class CounterFamilyTotal final : public ExpositionCheck {
 public:
  explicit CounterFamilyTotal(bool openmetrics) : openmetrics_(openmetrics) {}

  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFormat(expfmt::Format format) override {
    openmetrics_ = format == expfmt::Format::kOpenMetrics;
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    std::string_view name = event.family.name;
    if (!openmetrics_ || event.family.type != expfmt::MetricType::kCounter || !event.family.typed ||
        name.size() <= 6 || !name.ends_with("_total")) {
      return;
    }
    std::string base(name.substr(0, name.size() - 6));
    ReportAtFamily(event, out,
                   "OpenMetrics counter family " + Quote(name) +
                       " ends in \"_total\", which its samples add (they must be named " +
                       Quote(std::string(name) + "_total") +
                       "); OpenMetrics parsers reject the exposition, so declare the family as " +
                       Quote(base) + " (\"# TYPE " + base + " counter\") and keep the samples " +
                       Quote(std::string(name)));
  }

 private:
  bool openmetrics_;
};

}  // namespace

CheckPtr MakeExpositionCounterFamilyTotal(const ExpositionOptions& options) {
  return std::make_unique<CounterFamilyTotal>(options.format == expfmt::Format::kOpenMetrics);
}

}  // namespace ttam::lint::checks
