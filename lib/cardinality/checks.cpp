#include "cardinality/checks.h"

namespace ttam::cardinality {

std::span<const diag::CheckInfo> CardinalityChecks() {
  static constexpr diag::CheckInfo kChecks[] = {
      {"cardinality/series-per-metric", diag::Severity::kError,
       "a metric family with more series than its budget"},
      {"cardinality/label-values", diag::Severity::kError,
       "a label name with more distinct values than --max-label-values"},
      {"cardinality/total-series", diag::Severity::kError,
       "more series in total than --max-total-series"},
      {"cardinality/unbounded-label", diag::Severity::kWarning,
       "a label whose values look like ids, timestamps or addresses"},
      {"cardinality/target-limit", diag::Severity::kError,
       "a target whose scrape Prometheus would reject for its scrape limits"},
      {"cardinality/growth", diag::Severity::kError,
       "a metric (or the total) that grew more than --max-growth since the baseline"},
      {"cardinality/limits-file", diag::Severity::kError, "an error in a --limits file"},
      {"cardinality/target-down", diag::Severity::kError, "a target that could not be scraped"},
      {"cardinality/unresolved-discovery", diag::Severity::kInfo,
       "a job whose targets come from service discovery ttam cannot resolve offline"},
      {"cardinality/target-config", diag::Severity::kError,
       "a job's target settings ttam cannot use (unreadable secret or file_sd file, bad timeout)"},
  };
  return kChecks;
}

}  // namespace ttam::cardinality
