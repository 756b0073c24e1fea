#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/diagnostic.h"

namespace ttam::diag {

/// A check id that replaced an older one.
struct RenamedCheck {
  std::string_view id;      ///< the id reported now
  std::string_view old_id;  ///< the id it had before
};

/// Every renamed check: --disable and suppression comments that name the old
/// id (or its group) still reach the new one.
std::span<const RenamedCheck> RenamedChecks();

/// True when `check` is named by `pattern`: the same id, a group glob
/// (`metrics/*`), or `*` for everything; also when `pattern` names the id
/// `check` had before it was renamed (RenamedChecks()).
bool CheckMatches(std::string_view pattern, std::string_view check);

/// Sits between producers and a renderer: drops disabled checks and keeps the
/// summary, which counts every finding that is not disabled, shown or not.
/// Without a limit findings stream through. With `max_findings` (0 = no
/// limit) it keeps the most severe ones (then the first by file, line and
/// column) and forwards them, in that order, on Flush(): a limit never hides
/// an error behind warnings that happened to come first.
class FilterSink : public Sink {
 public:
  FilterSink(Sink& next, std::vector<std::string> disabled, uint64_t max_findings)
      : next_(next), disabled_(std::move(disabled)), max_findings_(max_findings) {}

  void Report(Diagnostic diagnostic) override;

  /// Forwards what a limit held back (nothing to do without one); call once,
  /// before the renderer's trailer.
  void Flush();

  /// True when every check is disabled (`*`): the run checks nothing.
  bool AllDisabled() const;

  /// True when findings of this check would be dropped; lets producers skip work.
  bool IsDisabled(std::string_view check) const;

  const Summary& summary() const { return summary_; }

 private:
  Sink& next_;
  std::vector<std::string> disabled_;
  uint64_t max_findings_;
  /// Candidates under a limit, with their arrival order (a stable tie-break);
  /// trimmed to the best `max_findings_` whenever it holds twice as many.
  std::vector<std::pair<uint64_t, Diagnostic>> held_;
  uint64_t seen_ = 0;
  Summary summary_;
};

}  // namespace ttam::diag
