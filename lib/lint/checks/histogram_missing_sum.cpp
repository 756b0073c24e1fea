#include "lint/checks/checks.h"

namespace ttam::lint::checks {
namespace {

struct Presence {
  GroupOrigin origin;
  bool present = false;
  void Reset() { present = false; }
};

// Without _sum nobody can compute an average; histograms should expose it.
// Reported once per family, at the first series group that lacks it.
class MissingSum final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kHistogramSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& /*out*/) override {
    if (!IsHistogramPart(event)) return;
    bool created = false;
    Presence& group = groups_.Get(facts.group_key, &created);
    if (created) group.origin.Set(event);
    if (IsSum(event)) group.present = true;
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    const Presence* first = nullptr;
    size_t missing = 0;
    for (const Presence& g : groups_.groups()) {
      if (g.present) continue;
      if (first == nullptr) first = &g;
      ++missing;
    }
    if (first != nullptr) {
      std::string sample(event.family.name);
      sample += expfmt::SuffixText(event.family.type == expfmt::MetricType::kGaugeHistogram
                                       ? expfmt::Suffix::kGSum
                                       : expfmt::Suffix::kSum);
      std::string others =
          missing > 1 ? " (and " + std::to_string(missing - 1) + " other series)" : "";
      first->origin.Report(out, Subject(event.family) + " has no " + Quoted(sample) +
                                    " sample for the series " + first->origin.labels + others +
                                    "; expose the sum of observations so that averages (rate(_sum) "
                                    "/ rate(_count)) can be computed");
    }
    groups_.Clear();
  }

 private:
  GroupTable<Presence> groups_;
};

}  // namespace

CheckPtr MakeHistogramMissingSum(const ExpositionOptions& /*options*/) {
  return std::make_unique<MissingSum>();
}

}  // namespace ttam::lint::checks
