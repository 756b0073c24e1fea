#include "record/checks.h"

namespace ttam::record {

std::span<const diag::CheckInfo> RecordChecks() {
  static constexpr diag::CheckInfo kChecks[] = {
      {"record/scrape-failed", diag::Severity::kWarning,
       "a target that failed some scrapes: the recording has a gap there, `up` 0 and staleness"},
      {"record/dropped-samples", diag::Severity::kWarning,
       "samples with the target's own timestamps at or before the series' previous sample"},
      {"record/unresolved-discovery", diag::Severity::kInfo,
       "a job whose targets come from service discovery ttam cannot resolve offline"},
      {"record/target-config", diag::Severity::kError,
       "a job's target settings ttam cannot use (unreadable secret or file_sd file, bad timeout)"},
  };
  return kChecks;
}

}  // namespace ttam::record
