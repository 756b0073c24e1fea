#pragma once

#include <string>
#include <string_view>

#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {

/// Shared by histogram/missing-sum and histogram/missing-count: every series
/// group of a histogram family must have one sample with a given suffix
/// (`_sum` / `_count`, or `_gsum` / `_gcount` for gauge histograms).
/// Reported once per family, at the first series group that lacks it.
class MissingHistogramPart final : public ExpositionCheck {
 public:
  /// `classic` and `gauge` are the suffixes for histograms and gauge
  /// histograms; `advice` ends the message and says what to expose.
  MissingHistogramPart(expfmt::Suffix classic, expfmt::Suffix gauge, std::string_view advice)
      : classic_(classic), gauge_(gauge), advice_(advice) {}

  uint32_t Interests() const override { return kHistogramSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& /*out*/) override {
    if (!IsHistogramPart(event)) return;
    bool created = false;
    Presence& group = groups_.Get(facts.group_key, &created);
    if (created) group.origin.Set(event);
    if (event.suffix == classic_ || event.suffix == gauge_) group.present = true;
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
      bool gauge = event.family.type == expfmt::MetricType::kGaugeHistogram;
      std::string sample(event.family.name);
      sample += expfmt::SuffixText(gauge ? gauge_ : classic_);
      std::string others =
          missing > 1 ? " (and " + std::to_string(missing - 1) + " other series)" : "";
      first->origin.Report(out, Subject(event.family) + " has no " + Quote(sample) +
                                    " sample for the series " + first->origin.labels + others +
                                    "; " + std::string(advice_));
    }
    groups_.Clear();
  }

 private:
  struct Presence {
    GroupOrigin origin;
    bool present = false;
    void Reset() { present = false; }
  };
  expfmt::Suffix classic_;
  expfmt::Suffix gauge_;
  std::string_view advice_;
  GroupTable<Presence> groups_;
};

}  // namespace ttam::lint::checks
