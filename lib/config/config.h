#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/scrape_limits.h"
#include "diag/diagnostic.h"
#include "model/names.h"
#include "support/filesystem.h"
#include "yaml/document.h"

namespace ttam::config {

/// Where something was written: the document and the node, for lints that
/// report on the loaded model.
struct Origin {
  const yaml::Document* doc = nullptr;
  const yaml::Node* node = nullptr;
  std::string path;  ///< field path, e.g. "scrape_configs[2].relabel_configs[0]"
};

/// How metric and label names are validated (`metric_name_validation_scheme`).
using model::NameValidation;

/// One relabel rule, with Prometheus's defaults filled in.
struct RelabelConfig {
  std::vector<std::string> source_labels;
  std::string separator = ";";
  std::string regex = "(.*)";  ///< as written (unanchored); Prometheus anchors it
  bool regex_set = false;      ///< the config wrote a regex
  uint64_t modulus = 0;
  std::string target_label;
  std::string replacement = "$1";
  std::string action = "replace";
  Origin origin;
};

/// A static target (`static_configs[i].targets[j]`) with its group labels.
struct StaticTarget {
  std::string address;
  std::map<std::string, std::string> labels;
  Origin origin;
};

/// The global section, defaults applied.
struct GlobalConfig {
  int64_t scrape_interval_ms = 60000;
  int64_t scrape_timeout_ms = 10000;
  int64_t evaluation_interval_ms = 60000;
  std::map<std::string, std::string> external_labels;
  ScrapeLimits limits;  ///< sample_limit, label_limit, label name/value length limits
  uint64_t target_limit = 0;
  uint64_t body_size_limit = 0;
  uint64_t keep_dropped_targets = 0;
  int64_t rule_query_offset_ms = 0;
  std::string query_log_file;
  std::string scrape_failure_log_file;
  std::vector<std::string> scrape_protocols;  ///< empty: Prometheus's default list
  bool scrape_native_histograms = false;
  bool convert_classic_histograms_to_nhcb = false;
  bool always_scrape_classic_histograms = false;
  bool extra_scrape_metrics = false;
  NameValidation metric_name_validation = NameValidation::kUtf8;
  std::string metric_name_escaping;  ///< as written; empty when unset
  Origin origin;
};

/// The parts of a section's HTTP client config (prometheus/common's
/// HTTPClientConfig) that a client needs to reach a target. Kept as written
/// by ReadHttpClientConfig; *_file paths are resolved against the config file
/// (their content is read when the client is built, not when loading).
struct HttpSettings {
  bool has_basic_auth = false;  ///< basic_auth was written
  std::string username;
  std::string username_file;
  std::string password;
  std::string password_file;
  /// authorization (or bearer_token[_file], which Prometheus maps to it).
  bool has_authorization = false;
  std::string authorization_type = "Bearer";  ///< as written; "Bearer" when unset
  std::string credentials;
  std::string credentials_file;
  bool has_oauth2 = false;  ///< oauth2 was written (needs a token exchange)
  std::string ca_file;
  bool insecure_skip_verify = false;
};

/// One scrape_configs entry, defaults and global inheritance applied.
struct ScrapeConfig {
  std::string job_name;
  int64_t scrape_interval_ms = 0;
  int64_t scrape_timeout_ms = 0;
  std::string metrics_path = "/metrics";
  std::string scheme = "http";
  std::map<std::string, std::vector<std::string>> params;
  bool honor_labels = false;
  bool honor_timestamps = true;
  ScrapeLimits limits;  ///< sample_limit, label_limit, label name/value length limits
  uint64_t target_limit = 0;
  uint64_t body_size_limit = 0;
  uint64_t keep_dropped_targets = 0;
  bool track_timestamps_staleness = false;
  bool enable_compression = true;
  bool scrape_native_histograms = false;
  bool convert_classic_histograms_to_nhcb = false;
  bool always_scrape_classic_histograms = false;
  bool extra_scrape_metrics = false;
  std::vector<std::string> scrape_protocols;  ///< after defaults and inheritance
  std::string fallback_scrape_protocol;
  NameValidation metric_name_validation = NameValidation::kUtf8;
  std::string metric_name_escaping;  ///< after inheritance: allow-utf-8, underscores, dots, values
  std::string scrape_failure_log_file;
  /// The file that defined it (the main config or a scrape_config_files file).
  std::string source_file;
  std::vector<RelabelConfig> relabel_configs;
  std::vector<RelabelConfig> metric_relabel_configs;
  std::vector<StaticTarget> static_targets;
  std::vector<std::string> file_sd_files;  ///< resolved paths (globs expanded)
  std::vector<std::string> discovery;  ///< names of SD sections used, e.g. "kubernetes_sd_configs"
  /// Credentials written inline (not *_file): field paths, for the lint.
  std::vector<Origin> plaintext_secrets;
  HttpSettings http;  ///< authentication and TLS, for scraping the targets
  Origin origin;
};

/// A rule_files entry: the pattern as written and the files it matched.
struct RuleFileRef {
  std::string pattern;
  std::vector<std::string> files;  ///< resolved, sorted
  Origin origin;
};

/// The parts of a loaded prometheus.yml that lints and later subcommands use.
/// Validation covers every section; the model keeps what is read later.
struct Config {
  std::string path;
  GlobalConfig global;
  std::vector<RuleFileRef> rule_files;
  std::vector<ScrapeConfig> scrape_configs;
  std::vector<RelabelConfig> alert_relabel_configs;
  std::vector<std::vector<RelabelConfig>> write_relabel_configs;  ///< per remote_write
  int64_t tsdb_retention_time_ms = 0;  ///< storage.tsdb.retention (if set)
  uint64_t tsdb_retention_size = 0;
  double tsdb_retention_percentage = 0;          ///< storage.tsdb.retention.percentage (if set)
  std::vector<std::string> scrape_config_files;  ///< resolved files the patterns matched
  std::vector<StaticTarget> alertmanager_targets;
  std::vector<std::string> remote_write_urls;
  /// Credentials written inline outside scrape configs (alertmanagers,
  /// remote_write, remote_read): field paths, for the lint.
  std::vector<Origin> plaintext_secrets;
};

/// Checks one file that a rule_files pattern matched: the seam where the rule
/// loader plugs in. It reads the file through `fs` and reports to `sink`.
using RuleFileChecker =
    std::function<void(const std::string& file, FileSystem& fs, diag::Sink& sink)>;

/// How to load: what Prometheus's command line would change.
struct LoadOptions {
  /// Called once for every file that a rule_files pattern matches, in order;
  /// unset: the files are only listed in Config::rule_files.
  RuleFileChecker check_rule_file;
  /// `--agent`: alerting, rule_files and remote_read are not allowed.
  bool agent_mode = false;
};

/// A loaded config and every document it owns (the main file and the
/// scrape_config_files it includes); Origins point into these.
struct LoadedConfig {
  std::vector<std::unique_ptr<yaml::Document>> documents;
  Config config;
  bool valid = false;  ///< no error was reported: Prometheus would load it
};

/// Validates `text` (the content of `path`) exactly as Prometheus 3 loads a
/// config, reporting every problem to `sink`, and returns the model. Files the
/// config names are read through `fs`, relative to `path`.
LoadedConfig Load(const std::string& path, std::string text, diag::Sink& sink, FileSystem& fs);
/// The same with options (rule-file checker, agent mode).
LoadedConfig Load(const std::string& path, std::string text, diag::Sink& sink, FileSystem& fs,
                  const LoadOptions& options);

}  // namespace ttam::config
