#pragma once

#include <cstddef>
#include <string>

#include "cardinality/report.h"
#include "scrape/fetch.h"
#include "support/result.h"

namespace ttam::promapi {

/// Measures series per metric family and distinct values per label from a
/// running Prometheus through its HTTP API (`base_url` is the server's root,
/// e.g. "http://127.0.0.1:9090"; a trailing "/" is fine):
///   - GET /api/v1/status/tsdb checks that it is a Prometheus TSDB;
///   - one instant query `count by (__name__) ({__name__=~".+"})` counts the
///     current series of every sample name (exact, one request);
///   - GET /api/v1/metadata gives family types and folds sample names into
///     their families (a histogram's _bucket, _sum and _count, a summary's
///     _sum and _count, a counter's _total / _created), as an exposition
///     is counted; names without metadata stay as they are ("unknown");
///   - GET /api/v1/labels, then per label `count(count by (L) ({L!=""}))`
///     for the exact number of distinct values and
///     `topk(top, count by (L) ({L!=""}))` for the top values (with top 0:
///     one `count by (L) ({L!=""})` giving every value).
/// total_series is the sum over metrics (the series with a sample in the
/// last lookback window, as the queries see them). `top` limits the metric
/// and label lists and the top values (0 = all); suspects are left empty.
/// Errors name the URL: not reachable, HTTP errors, a reply that is not
/// Prometheus's API (HTML, JSON of another shape), malformed JSON, and
/// status "error" with Prometheus's errorType and error text.
Result<cardinality::Measurement> MeasureServer(const std::string& base_url,
                                               const scrape::FetchOptions& fetch,
                                               scrape::HttpClient& client, size_t top);

}  // namespace ttam::promapi
