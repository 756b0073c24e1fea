#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

struct LastBound {
  bool has = false;
  double le = 0;
  void Reset() { has = false; }
};

// Buckets of a series group must come in increasing order of `le`, each bound
// once: consumers read them in order. Once per family.
class LeOrder final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kHistogramBuckets | kGroupIndex | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if (!facts.le_valid || !IsBucket(event) || !IsHistogram(event.family.type)) return;
    bool created = false;
    LastBound& last = groups_.Get(facts.group, &created);
    if (last.has && facts.le_value <= last.le && !reported_) {
      reported_ = true;
      std::string bound = "le=" + Quote(facts.le->value);
      std::string what = facts.le_value == last.le
                             ? " repeats the bound of the bucket before it"
                             : " comes after le=" + Quote(FormatNumber(last.le));
      ReportAtLabelValue(event, *facts.le, out,
                         "bucket " + bound + " of " + Subject(event.family) + what +
                             " in the series " + RenderLabels(event.labels, "le") +
                             "; list each bound once, in increasing order");
    }
    last.has = true;
    last.le = facts.le_value;
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    groups_.Clear();
    reported_ = false;
  }

 private:
  GroupTable<LastBound> groups_;
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeHistogramLeOrder(const ExpositionOptions& /*options*/) {
  return std::make_unique<LeOrder>();
}

}  // namespace ttam::lint::checks
