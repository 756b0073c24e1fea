#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "expfmt/events.h"

namespace ttam::lint {

/// Settings that exposition checks read.
struct ExpositionOptions {
  std::string require_prefix;              ///< --require-prefix; empty = off
  uint64_t max_series_per_metric = 1000;   ///< the guide's "< 1000 combinations"
  int64_t now_ms = 0;  ///< wall clock, for "timestamp in the future"; 0 = skip that check
};

/// Builds diagnostics for one check: fills in path, id and severity.
class Reporter {
 public:
  Reporter(diag::Sink& sink, std::string_view path, std::string_view check,
           diag::Severity severity)
      : sink_(sink), path_(path), check_(check), severity_(severity) {}

  /// Reports at `line`:`column` with `line_text` shown under the message.
  void Report(uint64_t line, uint32_t column, std::string_view line_text, std::string message,
              uint32_t end_column = 0);

  std::string_view check() const { return check_; }

 private:
  diag::Sink& sink_;
  std::string_view path_;
  std::string_view check_;
  diag::Severity severity_;
};

/// One exposition check: sees the parse events, reports through its Reporter.
/// Keep only what the check needs to remember (memory must not grow with input
/// size beyond names and series keys).
class ExpositionCheck {
 public:
  virtual ~ExpositionCheck() = default;
  virtual void OnMetadata(const expfmt::MetadataEvent& /*event*/, Reporter& /*out*/) {}
  virtual void OnSample(const expfmt::SampleEvent& /*event*/, Reporter& /*out*/) {}
  virtual void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) {}
  virtual void OnEnd(uint64_t /*lines*/, Reporter& /*out*/) {}
};

/// A registry row: the check's id, default severity, one-line summary, factory.
struct ExpositionCheckInfo {
  std::string_view id;
  diag::Severity severity;
  std::string_view summary;
  std::unique_ptr<ExpositionCheck> (*make)(const ExpositionOptions& options);
};

/// Every exposition check, in one table (lib/lint/exposition_registry.cpp).
std::span<const ExpositionCheckInfo> ExpositionChecks();

}  // namespace ttam::lint
