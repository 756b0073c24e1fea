#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

struct LastBucket {
  bool has = false;
  double le = 0;
  double count = 0;
  void Reset() { has = false; }
};

// Bucket counts are cumulative: a bucket counts every observation at or below
// its bound, so it can never be lower than the bucket before it. Compares each
// bucket with the previous one in exposition order when the bounds ascend
// (misordered bounds are histogram/le-order). Once per family.
class NonCumulative final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kHistogramBuckets | kGroupIndex | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if (!facts.le_valid || !IsBucket(event) || !IsHistogram(event.family.type)) return;
    bool created = false;
    LastBucket& last = groups_.Get(facts.group, &created);
    if (last.has && facts.le_value <= last.le) return;
    if (last.has && event.value < last.count && !reported_) {
      reported_ = true;
      ReportAtValue(event, out,
                    "bucket le=" + Quote(facts.le->value) + " of " + Subject(event.family) +
                        " counts " + std::string(event.value_text) + ", fewer than the " +
                        FormatNumber(last.count) + " of bucket le=" + Quote(FormatNumber(last.le)) +
                        " before it in the series " + RenderLabels(event.labels, "le") +
                        "; buckets are cumulative (each counts every observation at or "
                        "below its bound)");
    }
    last.has = true;
    last.le = facts.le_value;
    last.count = event.value;
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    groups_.Clear();
    reported_ = false;
  }

 private:
  GroupTable<LastBucket> groups_;
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeHistogramNonCumulative(const ExpositionOptions& /*options*/) {
  return std::make_unique<NonCumulative>();
}

}  // namespace ttam::lint::checks
