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

  uint32_t Interests() const override {
    return kHistogramSamples | kGroupIndex | kFamilyEnd | kEnd;
  }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& /*out*/) override {
    if (!IsHistogramPart(event)) return;
    bool created = false;
    Presence& group = groups_.Get(facts.group, &created);
    if (created) group.origin.Set(event);
    if (event.suffix == classic_ || event.suffix == gauge_) group.present = true;
  }

  // A finding waits for the families that follow: the official Python client
  // writes a gauge histogram in the text format as `# TYPE x histogram` with
  // only buckets, then the gauges `x_gcount` and `x_gsum`, and Prometheus
  // ingests that. The finding is dropped when the matching gauge follows.
  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    if (pending_) {
      std::string_view name = event.family.name;
      bool gauge_part = name.size() > pending_family_.size() && name.starts_with(pending_family_) &&
                        (name.substr(pending_family_.size()) == "_gcount" ||
                         name.substr(pending_family_.size()) == "_gsum");
      if (gauge_part && name.substr(pending_family_.size()) == expfmt::SuffixText(gauge_)) {
        pending_ = false;
      } else if (!gauge_part) {
        Flush(out);
      }
      if (gauge_part) {
        groups_.Clear();
        return;
      }
    }
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
      pending_origin_ = first->origin;
      pending_message_ = Subject(event.family) + " has no " + Quote(sample) +
                         " sample for the series " + first->origin.Labels() + others + "; " +
                         std::string(advice_);
      pending_family_.assign(event.family.name);
      pending_ = !gauge && event.family.typed;
      if (!pending_) pending_origin_.Report(out, std::move(pending_message_));
    }
    groups_.Clear();
  }

  void OnEnd(uint64_t /*lines*/, Reporter& out) override { Flush(out); }

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
  bool pending_ = false;  ///< a finding waits for the families that follow
  GroupOrigin pending_origin_;
  std::string pending_message_;
  std::string pending_family_;

  void Flush(Reporter& out) {
    if (!pending_) return;
    pending_ = false;
    pending_origin_.Report(out, std::move(pending_message_));
  }
};

}  // namespace ttam::lint::checks
