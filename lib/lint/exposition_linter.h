#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "expfmt/events.h"
#include "lint/exposition_check.h"

namespace ttam::lint {

/// Runs the enabled exposition checks over a stream of parse events.
/// Use it as the parser's consumer (or chain it behind another consumer).
class ExpositionLinter : public expfmt::Consumer {
 public:
  /// `enabled` says which check ids to run (e.g. not those --disable'd).
  ExpositionLinter(std::string path, const ExpositionOptions& options, diag::Sink& sink,
                   const std::function<bool(std::string_view id)>& enabled);
  ~ExpositionLinter() override;

  void OnMetadata(const expfmt::MetadataEvent& event) override;
  void OnSample(const expfmt::SampleEvent& event) override;
  void OnFamilyEnd(const expfmt::FamilyEndEvent& event) override;
  void OnEnd(uint64_t lines) override;

 private:
  struct Active {
    std::unique_ptr<ExpositionCheck> check;
    Reporter reporter;
  };
  std::string path_;
  std::vector<Active> active_;
};

}  // namespace ttam::lint
