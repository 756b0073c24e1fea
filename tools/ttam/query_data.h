#pragma once

// `ttam query --data`: the files a local query reads, loaded into one
// series store. Each is a promqltest file (its `load` blocks, from time 0),
// an exposition with timestamps, or `FILE@TIME`: an exposition taken as a
// scrape at TIME (samples without a timestamp get TIME). In an exposition
// with timestamps, `up` samples mark its targets' scrapes (as `ttam record`
// writes them) and the staleness markers Prometheus would have written are
// added (eval::AddScrapeStalenessMarkers).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "eval/storage.h"
#include "scrape/read_exposition.h"
#include "support/filesystem.h"
#include "support/result.h"

namespace ttam::cli {

/// One `--data` argument.
struct DataSpec {
  std::string path;
  std::optional<int64_t> scrape_time_ms;  ///< from `@TIME`
};

/// Splits `FILE@TIME` (the last `@` whose suffix is a time, when FILE
/// exists or the whole argument does not); an argument without `@TIME` is
/// a path. An Error names a bad time.
Result<DataSpec> ParseDataSpec(const std::string& arg, FileSystem& fs);

/// Loads every spec into `storage`, in order; positioned problems go to
/// `sink`. The `FILE@TIME` expositions are taken as successive scrapes of
/// one target: a series that a later one lacks is marked stale then. An Error is a file that could
/// not be read or had errors (after they were reported).
Status LoadDataFiles(const std::vector<DataSpec>& specs, const scrape::ReadOptions& read,
                     FileSystem& fs, eval::Storage& storage, diag::Sink& sink);

}  // namespace ttam::cli
