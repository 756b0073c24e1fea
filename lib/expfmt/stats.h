#pragma once

#include <cstdint>

#include "expfmt/events.h"
#include "support/hash.h"

namespace ttam::expfmt {

/// Counts families, distinct series and samples of an exposition as it streams.
class StatsConsumer : public Consumer {
 public:
  /// Counting distinct series costs a hash set entry per series; callers
  /// that never show the number can turn it off.
  explicit StatsConsumer(bool count_series = true) : count_series_(count_series) {}
  void OnSample(const SampleEvent& event) override;
  void OnFamilyEnd(const FamilyEndEvent& event) override;

  uint64_t families() const { return families_; }
  uint64_t series() const { return series_.size(); }
  uint64_t samples() const { return samples_; }

 private:
  bool count_series_;
  uint64_t families_ = 0;
  uint64_t samples_ = 0;
  HashSet64 series_;
};

/// Forwards every event to several consumers, in order.
class TeeConsumer : public Consumer {
 public:
  void Add(Consumer& consumer) { consumers_[count_++] = &consumer; }
  void OnFormat(Format format) override {
    for (size_t i = 0; i < count_; ++i) consumers_[i]->OnFormat(format);
  }
  void OnMetadata(const MetadataEvent& e) override {
    for (size_t i = 0; i < count_; ++i) consumers_[i]->OnMetadata(e);
  }
  void OnSample(const SampleEvent& e) override {
    for (size_t i = 0; i < count_; ++i) consumers_[i]->OnSample(e);
  }
  void OnFamilyEnd(const FamilyEndEvent& e) override {
    for (size_t i = 0; i < count_; ++i) consumers_[i]->OnFamilyEnd(e);
  }
  void OnEnd(uint64_t lines) override {
    for (size_t i = 0; i < count_; ++i) consumers_[i]->OnEnd(lines);
  }

 private:
  Consumer* consumers_[8] = {};
  size_t count_ = 0;
};

}  // namespace ttam::expfmt
