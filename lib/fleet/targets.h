#pragma once

// prometheus.yml -> the targets Prometheus would scrape: static_configs and
// file_sd_configs after relabel_configs, each with its job's fetch settings,
// scrape limits and metric_relabel_configs.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/relabel.h"
#include "config/scrape_limits.h"
#include "diag/diagnostic.h"
#include "scrape/fetch.h"
#include "support/filesystem.h"

namespace ttam::fleet {

/// One target Prometheus would scrape.
struct Target {
  std::string job;
  std::string url;              ///< scheme://address/metrics_path?params (may carry no credentials)
  scrape::FetchOptions fetch;   ///< the job's timeout, Accept, auth, TLS and body_size_limit
  config::ScrapeLimits limits;  ///< the job's, after inheriting the global ones; 0 = none
  /// The job's metric_relabel_configs, owned by the LoadedConfig; null or
  /// empty: samples are kept as scraped.
  const std::vector<config::RelabelConfig>* metric_relabel_configs = nullptr;
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
/// offline: one info finding "<id_prefix>/unresolved-discovery" per such job.
/// Unreadable credential files, unreadable or invalid file_sd files (skipped
/// whole, as Prometheus does) and invalid relabelled timeouts are reported
/// (error, "<id_prefix>/target-config") and the job, file or target is
/// skipped. oauth2 is not supported (a warning; the targets are scraped
/// without credentials). `config` should have loaded valid: the rules of an
/// invalid one are applied as they were read. The targets point into
/// `config`, which must outlive them.
std::vector<Target> TargetsFromConfig(const config::LoadedConfig& config, const std::string& job,
                                      FileSystem& fs, std::string_view id_prefix, diag::Sink& sink);

/// The Accept header Prometheus sends for `protocols` (scrape_protocols
/// names) and `escaping` (metric_name_escaping), with q-values as upstream
/// computes them; PrometheusProto is left out (ttam reads only the text
/// formats). Returns scrape::kPrometheusAccept when nothing usable is left.
std::string AcceptHeader(const std::vector<std::string>& protocols, const std::string& escaping);

}  // namespace ttam::fleet
