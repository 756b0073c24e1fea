#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace ttam::diag {

/// True when `check` is named by `pattern`: the same id, a group glob
/// (`metrics/*`), or `*` for everything.
bool CheckMatches(std::string_view pattern, std::string_view check);

/// Sits between producers and a renderer: drops disabled checks, stops
/// forwarding after `max_findings` (0 = no limit) and keeps the summary, which
/// counts every finding that is not disabled, shown or not.
class FilterSink : public Sink {
 public:
  FilterSink(Sink& next, std::vector<std::string> disabled, uint64_t max_findings)
      : next_(next), disabled_(std::move(disabled)), max_findings_(max_findings) {}

  void Report(Diagnostic diagnostic) override;

  /// True when findings of this check would be dropped; lets producers skip work.
  bool IsDisabled(std::string_view check) const;

  const Summary& summary() const { return summary_; }

 private:
  Sink& next_;
  std::vector<std::string> disabled_;
  uint64_t max_findings_;
  uint64_t forwarded_ = 0;
  Summary summary_;
};

}  // namespace ttam::diag
