#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// The guide: "Keep label cardinality low (< 1000 combinations)". Counts the
// distinct series of each family by their 64-bit keys; every histogram bucket,
// _sum and _count is a series of its own, as in Prometheus' storage.
class HighCardinality final : public ExpositionCheck {
 public:
  explicit HighCardinality(uint64_t limit) : limit_(limit) {}

  uint32_t Interests() const override {
    return limit_ == 0 ? 0u : static_cast<uint32_t>(kSamples | kSeriesIndex | kFamilyEnd);
  }

  void OnSample(const expfmt::SampleEvent& /*event*/, const SampleFacts& facts,
                Reporter& /*out*/) override {
    if (facts.series_seen_line == 0) ++series_;
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    uint64_t count = series_;
    series_ = 0;
    if (count <= limit_) return;
    std::string what =
        IsHistogram(event.family.type) || event.family.type == expfmt::MetricType::kSummary
            ? " (each bucket, quantile, _sum and _count is a series)"
            : "";
    ReportAtFamily(event, out,
                   Subject(event.family) + " has " + std::to_string(count) + " series" + what +
                       ", more than the limit of " + std::to_string(limit_) +
                       "; drop labels with unbounded values (user or request IDs, URLs) or "
                       "map them to a small fixed set");
  }

 private:
  uint64_t limit_;
  uint64_t series_ = 0;  ///< distinct series of the current family
};

}  // namespace

CheckPtr MakeMetricsHighCardinality(const ExpositionOptions& options) {
  return std::make_unique<HighCardinality>(options.max_series_per_metric);
}

}  // namespace ttam::lint::checks
