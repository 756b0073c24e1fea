#pragma once

// Where `lint-rules` learns metric types beyond its built-in table:
// --metadata FILE|URL (an exposition's TYPE lines, or a Prometheus server's
// /api/v1/metadata JSON) and --scrape-metadata (the --config's targets,
// scraped once).

#include <string>
#include <string_view>

#include "common_options.h"
#include "config/config.h"
#include "lint/rules/metric_types.h"
#include "support/result.h"

namespace ttam::cli {

/// Adds the types `text` declares, with `source` (for messages): a
/// /api/v1/metadata reply (JSON) or an exposition (TYPE lines). An error
/// when it is neither (no TYPE line and not the API's JSON).
Status AddMetadataText(std::string_view text, std::string_view source, lint::MetricTypes& out);

/// Reads `source` (a file, or an http(s) URL; a server's root URL stands
/// for its /api/v1/metadata) and adds its types to `out`.
Status AddMetadataSource(const std::string& source, Io& io, lint::MetricTypes& out);

/// Scrapes every target of `config` once (static and file_sd targets after
/// relabelling) and adds the TYPE lines of their expositions; targets that
/// cannot be scraped get a warning on stderr. Returns how many were read.
size_t AddScrapedMetadata(const config::LoadedConfig& config, Io& io, lint::MetricTypes& out);

}  // namespace ttam::cli
