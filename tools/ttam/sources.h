#pragma once

// Where `quantile` (and later `burn-rate`) get their numbers: the command
// line's sources turned into something that answers instant PromQL queries
// at a time. A source is local data evaluated by lib/eval (`--data FILE`,
// `FILE@TIME` snapshots, URLs scraped twice `--window` apart) or a
// Prometheus-compatible server (`--prometheus URL`), which gets the very
// same queries. `--config prometheus.yml` scrapes the fleet twice, one
// target at a time.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common_options.h"
#include "diag/diagnostic.h"
#include "eval/value.h"
#include "fetch_flags.h"
#include "support/result.h"

namespace ttam::cli {

/// The source flags as given.
struct SourceFlags {
  std::vector<std::string> sources;  ///< positional: FILE, FILE@TIME or http(s) URL
  std::vector<std::string> data;     ///< --data FILE[@TIME] (repeatable)
  std::string prometheus;            ///< --prometheus URL
  std::string window;                ///< --window D ("" = the command's default)
  std::string config;                ///< --config prometheus.yml: its targets, scraped twice
  std::string job;  ///< --job: the `job` label of scraped URLs ("" = ttam); with --config, a job
  FetchFlags fetch;
};

/// Registers SOURCE..., --data, --prometheus, --config, --window, --job and the fetch
/// flags on `app`; `window_help` says what --window means to the command.
void AddSourceFlags(CLI::App& app, SourceFlags& flags, const std::string& window_help);

/// One instant query's answer: the result as a vector (a scalar becomes one
/// sample without labels) and the annotations, as upstream's texts.
struct InstantAnswer {
  eval::Vector vector;
  std::vector<std::string> warnings;
  std::vector<std::string> infos;
};

/// Evaluates PromQL at a time: locally, or on a server.
class QueryBackend {
 public:
  virtual ~QueryBackend() = default;
  /// Evaluates `expr` as an instant query at `t_ms`. An Error is a query
  /// that could not run (syntax, type, server unreachable): a bug of the
  /// caller's or a broken server, never "no data" (that is an empty vector).
  virtual Result<InstantAnswer> Instant(const std::string& expr, int64_t t_ms) = 0;
};

/// An opened source.
struct Source {
  std::unique_ptr<QueryBackend> backend;
  /// When to evaluate: the newest sample of local data (the last
  /// snapshot's time), or the clock's now (whole seconds) for a server.
  int64_t time_ms = 0;
  /// Local data: from the oldest to the newest sample (0 for one snapshot);
  /// nullopt for a server, whose history is unknown.
  std::optional<int64_t> span_ms;
  /// Only one snapshot (every series has at most one sample): no rates;
  /// counters are totals since each process started.
  bool single_snapshot = false;
  /// What was read, for the output: "2 snapshots of http://…", "data.txt", …
  std::string description;
};

/// Sleeps `ms` between the two scrapes of a URL source; the real one shows
/// a countdown on a terminal, tests pass one that returns at once.
using Waiter = std::function<void(int64_t ms)>;

/// The real waiter: sleeps, drawing `waiting Ns for the second scrape` on
/// stderr each second when it is a terminal.
Waiter SleepingWaiter(Io& io);

/// The --window flag in ms, when given; an Error names a bad duration.
Result<std::optional<int64_t>> ParseWindowFlag(const SourceFlags& flags);

/// Opens the sources: loads files, scrapes URLs or a config's targets twice
/// (`scrape_window_ms` apart, waiting through `wait`), or connects to a
/// server. Problems in files are positioned findings on `sink`; the fleet's
/// are `<id_prefix>/target-down`, `/target-limit`, `/target-config` and
/// `/unresolved-discovery` (lib/fleet). An Error means nothing can be
/// queried (after reporting).
Result<Source> OpenSource(const SourceFlags& flags, int64_t scrape_window_ms, Io& io,
                          const Waiter& wait, std::string_view id_prefix, diag::Sink& sink);

/// The checks a source's files may report (the loader's and the parser's),
/// for SARIF; the fleet's ids are the caller's to list.
std::vector<diag::CheckInfo> SourceChecks();

}  // namespace ttam::cli
