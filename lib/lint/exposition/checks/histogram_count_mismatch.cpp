#include <cmath>

#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

struct Totals {
  bool has_inf = false;
  bool has_count = false;
  bool checked = false;
  double inf = 0;
  double count = 0;
  void Reset() { has_inf = has_count = checked = false; }
};

// The le="+Inf" bucket and _count both count every observation, so they must
// be equal; a difference means they were read at different moments. Reported
// at whichever of the two comes second; once per family.
class CountMismatch final : public ExpositionCheck {
 public:
  uint32_t Interests() const override {
    return kHistogramBuckets | kHistogramCounts | kGroupIndex | kFamilyEnd;
  }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if (!IsHistogram(event.family.type)) return;
    bool is_inf =
        IsBucket(event) && facts.le_valid && std::isinf(facts.le_value) && facts.le_value > 0;
    if (!is_inf && !IsCount(event)) return;
    bool created = false;
    Totals& t = groups_.Get(facts.group, &created);
    if (is_inf) {
      t.has_inf = true;
      t.inf = event.value;
    } else {
      t.has_count = true;
      t.count = event.value;
    }
    if (!t.has_inf || !t.has_count || t.checked) return;
    t.checked = true;
    if (reported_ || t.inf == t.count || std::isnan(t.inf) || std::isnan(t.count)) return;
    reported_ = true;
    std::string count_name(event.family.name);
    count_name += expfmt::SuffixText(event.family.type == expfmt::MetricType::kGaugeHistogram
                                         ? expfmt::Suffix::kGCount
                                         : expfmt::Suffix::kCount);
    ReportAtSample(event, out,
                   Subject(event.family) + " counts " + FormatNumber(t.count) + " in " +
                       Quote(count_name) + " but " + FormatNumber(t.inf) +
                       " in its le=\"+Inf\" bucket for the series " +
                       RenderLabels(event.labels, "le") +
                       "; both count every observation, so take them from one snapshot");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    groups_.Clear();
    reported_ = false;
  }

 private:
  GroupTable<Totals> groups_;
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeHistogramCountMismatch(const ExpositionOptions& /*options*/) {
  return std::make_unique<CountMismatch>();
}

}  // namespace ttam::lint::checks
