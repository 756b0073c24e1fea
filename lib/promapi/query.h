#pragma once

// PromQL queries against a Prometheus-compatible server's HTTP API
// (/api/v1/query and /api/v1/query_range), and the API's conventions for
// times, durations and numbers, which `ttam query` also uses for its local
// results so that both print the same.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/value.h"
#include "scrape/fetch.h"
#include "support/result.h"

namespace ttam::promapi {

/// Parses a time as the API's `time`, `start` and `end` parameters do: Unix
/// seconds (a float, rounded to the millisecond) or RFC 3339 (`2026-01-02T03:04:05Z`,
/// `…05.5+02:00`). Returns milliseconds since the epoch.
Result<int64_t> ParseApiTime(std::string_view text);

/// Parses a duration as the API's `step` and `lookback_delta` do: float
/// seconds (`15`, `0.5`) or a Prometheus duration (`15s`, `1m30s`). Milliseconds.
Result<int64_t> ParseApiDuration(std::string_view text);

/// A time as the API writes it (jsonutil.MarshalTimestamp): whole seconds,
/// or seconds with a 3-digit fraction (`1700000000`, `1.500`, `0.001`, `-1.250`).
std::string FormatApiTime(int64_t ms);

/// A sample value as the API writes it inside its quotes (jsonutil.MarshalFloat):
/// Go's shortest 'f' form, or 'e' form when |v| < 1e-6 or >= 1e21 (`1e-07`,
/// `1.5e+21`); `NaN`, `+Inf`, `-Inf`.
std::string FormatApiFloat(double v);

/// The most points a range query may return per series (the API's limit).
inline constexpr int64_t kMaxPointsPerSeries = 11000;

/// Checks a range query's start, end and step as the API does (end not
/// before start, step positive, at most kMaxPointsPerSeries points); the
/// error texts are the API's.
Status CheckRange(int64_t start_ms, int64_t end_ms, int64_t step_ms);

/// One query to send.
struct QueryRequest {
  std::string expr = {};
  bool range = false;                   ///< /api/v1/query_range instead of /api/v1/query
  std::optional<int64_t> time_ms = {};  ///< instant: evaluation time; the server's now when unset
  int64_t start_ms = 0;                 ///< range: first step
  int64_t end_ms = 0;                   ///< range: last step
  int64_t step_ms = 0;                  ///< range: step
  std::optional<int64_t> lookback_ms = {};  ///< sent as lookback_delta when set
};

/// A successful reply: the result and the annotations, as the server wrote them.
struct QueryResponse {
  eval::Value value;
  std::vector<std::string> warnings;
  std::vector<std::string> infos;
};

/// Sends `request` to the server at `base_url` (its root, e.g.
/// "http://127.0.0.1:9090"; a trailing "/" is fine) with a GET. Errors name
/// the server: not reachable, HTTP errors, a reply that is not the API, and
/// the API's own errors as `… rejected the query (bad_data): <error>`.
Result<QueryResponse> RunQuery(const std::string& base_url, const QueryRequest& request,
                               const scrape::FetchOptions& fetch, scrape::HttpClient& client);

/// Parses the body of a /api/v1/query or /api/v1/query_range reply;
/// `where` names its source in errors.
Result<QueryResponse> ParseQueryResponse(std::string_view body, const std::string& where);

}  // namespace ttam::promapi
