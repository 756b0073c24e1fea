#include <cmath>

#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

struct InfState {
  GroupOrigin origin;
  bool has_inf = false;
  void Reset() { has_inf = false; }
};

// Every series group needs an le="+Inf" bucket: it is the total count, and
// histogram_quantile() returns NaN without it. Reported once per family, at the
// first series group that lacks it, with the number of others.
class MissingInfBucket final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kHistogramSamples | kGroupIndex | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& /*out*/) override {
    if (!IsHistogramPart(event)) return;
    bool created = false;
    InfState& group = groups_.Get(facts.group, &created);
    if (created) group.origin.Set(event);
    if (IsBucket(event) && facts.le_valid && std::isinf(facts.le_value) && facts.le_value > 0) {
      group.has_inf = true;
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    const InfState* first = nullptr;
    size_t missing = 0;
    for (const InfState& g : groups_.groups()) {
      if (g.has_inf) continue;
      if (first == nullptr) first = &g;
      ++missing;
    }
    if (first != nullptr) {
      std::string others =
          missing > 1 ? " (and " + std::to_string(missing - 1) + " other series)" : "";
      first->origin.Report(out, Subject(event.family) +
                                    " has no le=\"+Inf\" bucket in the series " +
                                    first->origin.Labels() + others +
                                    "; add it: the +Inf bucket counts every observation");
    }
    groups_.Clear();
  }

 private:
  GroupTable<InfState> groups_;
};

}  // namespace

CheckPtr MakeHistogramMissingInfBucket(const ExpositionOptions& /*options*/) {
  return std::make_unique<MissingInfBucket>();
}

}  // namespace ttam::lint::checks
