#pragma once

// Concurrent scraping of a fleet's targets: each body streams through the
// target's metric_relabel_configs into a consumer the caller picks, and what
// went wrong becomes findings under the caller's check-id prefix.
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "expfmt/events.h"
#include "expfmt/stats.h"
#include "fleet/scrape_stats.h"
#include "fleet/targets.h"
#include "scrape/read_exposition.h"
#include "support/clock.h"
#include "support/result.h"

namespace ttam::fleet {

/// What scraping one target gave.
struct TargetOutcome {
  Result<scrape::ReadSummary> summary = Error{"not scraped"};
  std::vector<diag::Diagnostic> diagnostics;  ///< parse findings of that target
  ScrapeStats stats;                          ///< its samples after metric_relabel_configs
  int64_t started_ms = 0;  ///< when its scrape began (the clock's ms since the epoch)
};

/// Scrapes every target with at most `concurrency` (at least 1) requests at
/// once, one thread and one HttpClient per worker, streaming each body
/// through the target's metric_relabel_configs into consumer_for(i) (called
/// on the worker thread, once per index), and calling progress(done, total)
/// after each target (serialized, from worker threads; may be empty). Each
/// request ends by its target's fetch.timeout. Returns one outcome per
/// target, in target order.
std::vector<TargetOutcome> ScrapeTargets(
    const std::vector<Target>& targets, size_t concurrency, const Clock& clock,
    const std::function<expfmt::Consumer&(size_t index)>& consumer_for,
    const std::function<void(size_t done, size_t total)>& progress);

/// Reports the outcomes, in target order: each target's parse findings, then
/// "<id_prefix>/target-down" for a target that could not be scraped or
/// "<id_prefix>/target-limit" for each scrape limit its scrape breaks. The
/// diagnostics are moved out of `outcomes`.
void ReportOutcomes(const std::vector<Target>& targets, std::vector<TargetOutcome>& outcomes,
                    std::string_view id_prefix, diag::Sink& sink);

}  // namespace ttam::fleet
