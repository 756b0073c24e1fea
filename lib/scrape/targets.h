#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "diag/diagnostic.h"
#include "expfmt/events.h"
#include "scrape/fetch.h"
#include "scrape/read_exposition.h"
#include "support/filesystem.h"
#include "support/result.h"

namespace ttam::scrape {

/// A job's per-scrape limits (after inheriting the global ones); 0 = none.
using ScrapeLimits = config::ScrapeLimits;

/// One target Prometheus would scrape.
struct Target {
  std::string job;
  std::string url;     ///< scheme://address/metrics_path?params (may carry no credentials)
  FetchOptions fetch;  ///< the job's timeout, Accept, auth, TLS and body_size_limit
  ScrapeLimits limits;
  /// The target's labels after relabelling, without `__`-prefixed ones; job
  /// and instance always set.
  std::map<std::string, std::string> labels;
  /// The static_configs entry; for file_sd targets only `path` (the file) is set.
  config::Origin origin;
};

/// Every target Prometheus would scrape from static_configs and file_sd_configs
/// of the job named `job` (empty: every job), after relabel_configs as the
/// scrape manager applies them (defaults for job, __scheme__,
/// __metrics_path__, __param_<name>, __scrape_interval__ and
/// __scrape_timeout__ first; dropped targets and targets left without an
/// __address__ are skipped). Other service discovery cannot be resolved
/// offline: one info finding "cardinality/unresolved-discovery" per such job.
/// Unreadable credential files, unreadable or invalid file_sd files (skipped
/// whole, as Prometheus does) and invalid relabelled timeouts are reported
/// (error, "cardinality/target-config") and the job, file or target is
/// skipped. oauth2 is not supported (a warning; the targets are scraped
/// without credentials). `config` should have loaded valid: the rules of an
/// invalid one are applied as they were read.
std::vector<Target> TargetsFromConfig(const config::LoadedConfig& config, const std::string& job,
                                      FileSystem& fs, diag::Sink& sink);

/// The Accept header Prometheus sends for `protocols` (scrape_protocols
/// names) and `escaping` (metric_name_escaping), with q-values as upstream
/// computes them; PrometheusProto is left out (ttam reads only the text
/// formats). Returns kPrometheusAccept when nothing usable is left.
std::string AcceptHeader(const std::vector<std::string>& protocols, const std::string& escaping);

/// What scraping one target gave.
struct TargetOutcome {
  Result<ReadSummary> summary = Error{"not scraped"};
  std::vector<diag::Diagnostic> diagnostics;  ///< parse findings of that target
};

/// Scrapes every target with at most `concurrency` (at least 1) requests at
/// once, one thread and one HttpClient per worker, streaming each body into
/// consumer_for(i) (called on the worker thread, once per index), and calling
/// progress(done, total) after each target (serialized, from worker threads;
/// may be empty). Each request ends by its target's fetch.timeout. Returns one
/// outcome per target, in target order.
std::vector<TargetOutcome> ScrapeTargets(
    const std::vector<Target>& targets, size_t concurrency,
    const std::function<expfmt::Consumer&(size_t index)>& consumer_for,
    const std::function<void(size_t done, size_t total)>& progress);

}  // namespace ttam::scrape
