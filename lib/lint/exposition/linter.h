#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "expfmt/events.h"
#include "lint/exposition/check.h"

namespace ttam::lint {

class SeriesIndex;
namespace checks {
class KeyMap;
}  // namespace checks

/// Runs the enabled exposition checks over a stream of parse events.
/// Use it as the parser's consumer (or chain it behind another consumer).
class ExpositionLinter : public expfmt::Consumer {
 public:
  /// `enabled` says which check ids run (the command line's --enable and
  /// --disable); without it, the checks that are on by default.
  ExpositionLinter(std::string path, const ExpositionOptions& options, diag::Sink& sink,
                   const std::function<bool(std::string_view id)>& enabled);
  ~ExpositionLinter() override;
  ExpositionLinter(const ExpositionLinter&) = delete;
  ExpositionLinter& operator=(const ExpositionLinter&) = delete;

  /// How many checks run.
  size_t active_checks() const { return active_.size(); }

  /// Tells the checks the input's format when it was not known at construction
  /// (ExpositionOptions::format), e.g. after sniffing; call before parsing.
  void SetFormat(expfmt::Format format);

  void OnFormat(expfmt::Format format) override { SetFormat(format); }
  void OnMetadata(const expfmt::MetadataEvent& event) override;
  void OnSample(const expfmt::SampleEvent& event) override;
  void OnFamilyEnd(const expfmt::FamilyEndEvent& event) override;
  void OnEnd(uint64_t lines) override;

 private:
  struct Active {
    std::unique_ptr<ExpositionCheck> check;
    Reporter reporter;
  };
  /// Holds the current family's findings so that they leave sorted by position
  /// (name checks report at family end, label checks as samples arrive).
  class FamilyBuffer : public diag::Sink {
   public:
    explicit FamilyBuffer(diag::Sink& out) : out_(out) {}
    void Report(diag::Diagnostic diagnostic) override;
    void Flush();

   private:
    diag::Sink& out_;
    std::vector<diag::Diagnostic> pending_;
  };

  void ComputeFacts(const expfmt::SampleEvent& event, SampleFacts* facts);
  /// Sets facts->le_value and le_valid from the `le` label's text.
  void ParseLe(std::string_view text, SampleFacts* facts);

  /// Parsed `le` texts of up to 8 bytes (ParseLe), direct-mapped.
  struct LeCacheSlot {
    uint64_t raw = 0;  ///< the text's bytes, zero-padded
    uint8_t size = 0;  ///< the text's length; 0: empty slot
    bool valid = false;
    double value = 0;
  };
  std::array<LeCacheSlot, 64> le_cache_{};

  std::string path_;
  FamilyBuffer buffer_;
  /// The previous sample's label names and their name flags: consecutive
  /// samples nearly always repeat them, and a compare is cheaper than a scan.
  std::vector<std::string> cached_names_;
  std::vector<uint32_t> cached_name_flags_;
  std::vector<Active> active_;
  // The active checks that want each kind of event (see ExpositionCheck::Interests).
  std::vector<Active*> on_metadata_;
  /// Indexed by SampleList(): the family's type kind, whether a label is
  /// flagged, whether the sample has a timestamp, whether its line has a
  /// backslash, its kind of suffix, and whether it has a timestamp unlike the
  /// input's first sample.
  static constexpr uint32_t kSampleLists = 256;
  uint64_t first_sample_line_ = 0;
  bool first_has_timestamp_ = false;
  std::vector<Active*> on_sample_[kSampleLists];
  std::vector<Active*> on_family_end_;
  std::vector<Active*> on_end_;
  /// The current family's series (key -> first line), when a check wants
  /// SampleFacts::series_seen_line.
  std::unique_ptr<SeriesIndex> family_series_;
  /// The current family's series groups (group key -> ordinal), when a check
  /// wants SampleFacts::group; the previous sample's group answers first.
  std::unique_ptr<checks::KeyMap> family_groups_;
  uint64_t last_group_key_ = 0;
  uint32_t last_group_ = 0;
};

}  // namespace ttam::lint
