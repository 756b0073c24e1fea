// metrics/*: promtool (promlint) parity and the setup guide's naming rules.

#include <doctest/doctest.h>

#include "check_cases.h"

using ttam::expfmt::Format;
using ttam::test::CheckCase;

namespace {

const CheckCase kCases[] = {
    {"metrics/missing-help", "fires without HELP", Format::kText,
     "# TYPE a_bytes gauge\n"
     "a_bytes 1\n",
     "1:8: warning: gauge \"a_bytes\" has no help text; add a \"# HELP a_bytes <what it "
     "measures>\" line before its samples [metrics/missing-help]\n"},
    {"metrics/missing-help", "quiet with HELP", Format::kText,
     "# HELP a_bytes Size.\n"
     "# TYPE a_bytes gauge\n"
     "a_bytes 1\n",
     ""},
    {"metrics/missing-help", "quiet on samples after metadata that names another family",
     Format::kText,
     "# HELP cache_hits_total_total Cache hits.\n"
     "# TYPE cache_hits_total_total counter\n"
     "cache_hits_total{volume=\"1\"} 42\n",
     ""},
    {"metrics/missing-help", "quiet on /federate's TYPE untyped lines", Format::kText,
     "# TYPE api_latency_seconds_count untyped\n"
     "api_latency_seconds_count{job=\"api\",instance=\"a\"} 10 1700000000000\n"
     "# TYPE up untyped\n"
     "up{job=\"api\",instance=\"a\"} 1 1700000000000\n",
     ""},
    {"metrics/missing-help", "a split family needs HELP once", Format::kText,
     "# HELP a Thing.\n"
     "a 1\n"
     "# HELP b Other.\n"
     "b 1\n"
     "a 2\n",
     ""},
    {"metrics/non-base-unit", "fires on milliseconds", Format::kText,
     "# HELP req_milliseconds x\n"
     "# TYPE req_milliseconds gauge\n"
     "req_milliseconds 1\n",
     "1:8: warning: gauge \"req_milliseconds\" uses the unit \"milliseconds\"; use the base "
     "unit \"seconds\" instead (\"req_seconds\", with the values converted) "
     "[metrics/non-base-unit]\n"},
    {"metrics/non-base-unit", "fires on a prefixed base unit", Format::kText,
     "# HELP disk_kilobytes x\n"
     "# TYPE disk_kilobytes gauge\n"
     "disk_kilobytes 1\n",
     "1:8: warning: gauge \"disk_kilobytes\" uses the unit \"kilobytes\"; use the base unit "
     "\"bytes\" instead (\"disk_bytes\", with the values converted) [metrics/non-base-unit]\n"},
    {"metrics/non-base-unit", "quiet on base units and look-alikes", Format::kText,
     "# HELP req_seconds x\n"
     "# TYPE req_seconds gauge\n"
     "req_seconds 1\n"
     "# HELP thermometers x\n"
     "# TYPE thermometers gauge\n"
     "thermometers 1\n",
     ""},
    {"metrics/counter-suffix", "fires on a text counter without _total", Format::kText,
     "# HELP requests x\n"
     "# TYPE requests counter\n"
     "requests 1\n",
     "1:8: warning: counter \"requests\" has samples without the \"_total\" suffix; name the "
     "counter \"requests_total\" [metrics/counter-suffix]\n"},
    {"metrics/counter-suffix", "quiet on a text counter with _total", Format::kText,
     "# HELP requests_total x\n"
     "# TYPE requests_total counter\n"
     "requests_total 1\n",
     ""},
    {"metrics/counter-suffix", "quiet on an OpenMetrics counter", Format::kOpenMetrics,
     "# TYPE requests counter\n"
     "# HELP requests x\n"
     "requests_total 1\n"
     "requests_created 1700000000\n"
     "# EOF\n",
     ""},
    {"metrics/total-suffix-non-counter", "fires on a gauge ending in _total", Format::kText,
     "# HELP queue_total x\n"
     "# TYPE queue_total gauge\n"
     "queue_total 1\n",
     "1:8: warning: gauge \"queue_total\" ends in \"_total\", which is reserved for counters; "
     "drop the suffix, or make it a counter if it only ever goes up "
     "[metrics/total-suffix-non-counter]\n"},
    {"metrics/total-suffix-non-counter", "quiet on counters and untyped", Format::kText,
     "# HELP a_total x\n"
     "# TYPE a_total counter\n"
     "a_total 1\n"
     "b_total 1\n",
     ""},
    {"metrics/reserved-suffix", "fires on _bucket, _count and _sum", Format::kText,
     "# HELP x_bucket x\n"
     "# TYPE x_bucket gauge\n"
     "x_bucket 1\n"
     "# HELP y_count x\n"
     "# TYPE y_count gauge\n"
     "y_count 1\n"
     "# HELP z_sum x\n"
     "# TYPE z_sum counter\n"
     "z_sum 1\n",
     "1:8: warning: gauge \"x_bucket\" ends in \"_bucket\", which is reserved for histogram "
     "buckets; rename it [metrics/reserved-suffix]\n"
     "4:8: warning: gauge \"y_count\" ends in \"_count\", which is reserved for histograms "
     "and summaries; rename it (a counter of events would be \"y_total\") "
     "[metrics/reserved-suffix]\n"
     "7:8: warning: counter \"z_sum\" ends in \"_sum\", which is reserved for histograms and "
     "summaries; rename it (a counter of events would be \"z_total\") "
     "[metrics/reserved-suffix]\n"},
    {"metrics/reserved-suffix", "quiet on summaries and untyped", Format::kText,
     "# HELP rpc_count x\n"
     "# TYPE rpc_count summary\n"
     "rpc_count_sum 1\n"
     "rpc_count_count 1\n"
     "other_count 1\n",
     ""},
    {"metrics/reserved-label", "fires on le and quantile outside their types", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{le=\"1\"} 1\n"
     "a{le=\"2\"} 1\n"
     "# HELP b_total x\n"
     "# TYPE b_total counter\n"
     "b_total{quantile=\"0.5\"} 1\n",
     "3:3: warning: gauge \"a\" has an \"le\" label, which is reserved for histogram bucket "
     "bounds; rename the label [metrics/reserved-label]\n"
     "7:9: warning: counter \"b_total\" has a \"quantile\" label, which is reserved for "
     "summary quantiles; rename the label [metrics/reserved-label]\n"},
    {"metrics/reserved-label", "quiet in histograms, summaries and untyped", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"+Inf\"} 1\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 1\n"
     "# HELP s x\n"
     "# TYPE s summary\n"
     "s{quantile=\"0.5\"} 1\n"
     "u{le=\"1\"} 1\n",
     ""},
    {"metrics/type-in-name", "fires on type names as words", Format::kText,
     "# HELP requests_counter_total x\n"
     "# TYPE requests_counter_total counter\n"
     "requests_counter_total 1\n"
     "# HELP foo_gauge_histogram x\n"
     "# TYPE foo_gauge_histogram gauge\n"
     "foo_gauge_histogram 1\n",
     "1:8: warning: counter \"requests_counter_total\" has a metric type in its name "
     "(\"counter\"); remove it: the TYPE line already says what it is [metrics/type-in-name]\n"
     "4:8: warning: gauge \"foo_gauge_histogram\" has a metric type in its name (\"gauge\", "
     "\"histogram\", \"gauge_histogram\"); remove it: the TYPE line already says what it is "
     "[metrics/type-in-name]\n"},
    {"metrics/type-in-name", "quiet when the type is only part of a word", Format::kText,
     "# HELP gauges_seen x\n"
     "# TYPE gauges_seen gauge\n"
     "gauges_seen 1\n",
     ""},
    {"metrics/colon-in-name", "fires on colons", Format::kText,
     "# HELP job:requests:rate5m x\n"
     "# TYPE job:requests:rate5m gauge\n"
     "job:requests:rate5m 1\n",
     "1:8: warning: gauge \"job:requests:rate5m\" contains ':', which is reserved for "
     "recording rules; exporters should use '_' (\"job_requests_rate5m\") "
     "[metrics/colon-in-name]\n"},
    {"metrics/colon-in-name", "quiet without colons", Format::kText,
     "# HELP job_requests x\n"
     "# TYPE job_requests gauge\n"
     "job_requests{instance=\"a:9090\"} 1\n",
     ""},
    {"metrics/camel-case", "fires on camelCase names and labels, once per label", Format::kText,
     "# HELP requestCount x\n"
     "# TYPE requestCount gauge\n"
     "requestCount{statusCode=\"200\"} 1\n"
     "requestCount{statusCode=\"500\"} 1\n",
     "1:8: warning: gauge \"requestCount\" is camelCase; use snake_case (\"request_count\") "
     "[metrics/camel-case]\n"
     "3:14: warning: label \"statusCode\" of gauge \"requestCount\" is camelCase; use "
     "snake_case (\"status_code\") [metrics/camel-case]\n"},
    {"metrics/camel-case", "quiet on snake_case and all-caps words", Format::kText,
     "# HELP HTTP_requests x\n"
     "# TYPE HTTP_requests gauge\n"
     "HTTP_requests{code=\"200\"} 1\n"
     "# HELP node_memory_MemFree_bytes Mirrors /proc/meminfo.\n"
     "# TYPE node_memory_MemFree_bytes gauge\n"
     "node_memory_MemFree_bytes 1\n"
     "# HELP node_netstat_Tcp_InSegs Mirrors /proc/net/snmp.\n"
     "# TYPE node_netstat_Tcp_InSegs untyped\n"
     "node_netstat_Tcp_InSegs 1\n",
     ""},
    {"metrics/unit-abbreviation", "fires on abbreviated units", Format::kText,
     "# HELP latency_ms x\n"
     "# TYPE latency_ms gauge\n"
     "latency_ms 1\n"
     "# HELP cache_kb_used x\n"
     "# TYPE cache_kb_used gauge\n"
     "cache_kb_used 1\n",
     "1:8: warning: gauge \"latency_ms\" uses an abbreviated unit (\"ms\"); spell the unit "
     "out as a base unit (\"seconds\") [metrics/unit-abbreviation]\n"
     "4:8: warning: gauge \"cache_kb_used\" uses an abbreviated unit (\"kb\"); spell the unit "
     "out as a base unit (\"bytes\") [metrics/unit-abbreviation]\n"},
    {"metrics/unit-abbreviation", "quiet on spelled-out units and look-alikes", Format::kText,
     "# HELP latency_seconds x\n"
     "# TYPE latency_seconds gauge\n"
     "latency_seconds 1\n"
     "# HELP msgs_total x\n"
     "# TYPE msgs_total counter\n"
     "msgs_total 1\n",
     ""},
    {"metrics/missing-unit", "fires on histograms, summaries and time/size names without a unit",
     Format::kText,
     "# HELP request_duration Latency.\n"
     "# TYPE request_duration histogram\n"
     "request_duration_bucket{le=\"+Inf\"} 1\n"
     "request_duration_sum 1\n"
     "request_duration_count 1\n"
     "# HELP queue_delay x\n"
     "# TYPE queue_delay gauge\n"
     "queue_delay 1\n"
     "# HELP cpu_time_total x\n"
     "# TYPE cpu_time_total counter\n"
     "cpu_time_total 1\n"
     "# HELP container_memory_usage x\n"
     "# TYPE container_memory_usage gauge\n"
     "container_memory_usage 1\n"
     "# HELP tsdb_head_min_time x\n"
     "# TYPE tsdb_head_min_time gauge\n"
     "tsdb_head_min_time 1.7e12\n",
     "1:8: info: histogram \"request_duration\" measures time but its name has no unit; end "
     "the name with the base unit, e.g. \"request_duration_seconds\" [metrics/missing-unit]\n"
     "6:8: info: gauge \"queue_delay\" measures time but its name has no unit; end the name "
     "with the base unit, e.g. \"queue_delay_seconds\" [metrics/missing-unit]\n"
     "9:8: info: counter \"cpu_time_total\" measures time but its name has no unit; put the "
     "base unit before \"_total\", e.g. \"cpu_time_seconds_total\" [metrics/missing-unit]\n"
     "12:8: info: gauge \"container_memory_usage\" measures a size but its name has no unit; "
     "end the name with the base unit, e.g. \"container_memory_usage_bytes\" "
     "[metrics/missing-unit]\n"
     "15:8: info: gauge \"tsdb_head_min_time\" measures time but its name has no unit; end "
     "the name with the base unit, e.g. \"tsdb_head_min_time_seconds\" for Unix seconds, or "
     "\"tsdb_head_min_time_milliseconds\" when it holds milliseconds [metrics/missing-unit]\n"},
    {"metrics/missing-unit", "quiet with units, on counts, and on event counters", Format::kText,
     "# HELP request_duration_seconds Latency.\n"
     "# TYPE request_duration_seconds histogram\n"
     "request_duration_seconds_bucket{le=\"+Inf\"} 1\n"
     "request_duration_seconds_sum 1\n"
     "request_duration_seconds_count 1\n"
     "# HELP chunk_samples x\n"
     "# TYPE chunk_samples histogram\n"
     "chunk_samples_bucket{le=\"+Inf\"} 1\n"
     "chunk_samples_sum 1\n"
     "chunk_samples_count 1\n"
     "# HELP queue_length x\n"
     "# TYPE queue_length gauge\n"
     "queue_length 1\n"
     "# HELP timeouts_total x\n"
     "# TYPE timeouts_total counter\n"
     "timeouts_total 1\n"
     "# HELP body_size_limit_exceeded_total x\n"
     "# TYPE body_size_limit_exceeded_total counter\n"
     "body_size_limit_exceeded_total 1\n"
     "# HELP memory_used_bytes x\n"
     "# TYPE memory_used_bytes gauge\n"
     "memory_used_bytes 1\n"
     "# HELP batch x\n"
     "# TYPE batch summary\n"
     "batch_sum 1\n"
     "batch_count 1\n"
     "# HELP mail_recipients_per_message A count of things.\n"
     "# TYPE mail_recipients_per_message histogram\n"
     "mail_recipients_per_message_bucket{le=\"5\"} 9\n"
     "mail_recipients_per_message_bucket{le=\"+Inf\"} 9\n"
     "mail_recipients_per_message_sum 20\n"
     "mail_recipients_per_message_count 9\n",
     ""},
    {"metrics/snake-case", "fires on upper case, double and edge underscores", Format::kText,
     "# HELP HTTP_Requests_total x\n"
     "# TYPE HTTP_Requests_total counter\n"
     "HTTP_Requests_total{Code=\"200\"} 1\n"
     "# HELP requests__total x\n"
     "# TYPE requests__total counter\n"
     "requests__total{_path=\"/\"} 1\n",
     "1:8: warning: counter \"HTTP_Requests_total\" is not snake_case (upper-case letters); "
     "use lower-case words joined by single underscores (\"http_requests_total\") "
     "[metrics/snake-case]\n"
     "3:21: warning: label \"Code\" of counter \"HTTP_Requests_total\" is not snake_case "
     "(upper-case letters); use lower-case words joined by single underscores (\"code\") "
     "[metrics/snake-case]\n"
     "4:8: warning: counter \"requests__total\" is not snake_case (a double underscore); use "
     "lower-case words joined by single underscores (\"requests_total\") "
     "[metrics/snake-case]\n"
     "6:17: warning: label \"_path\" of counter \"requests__total\" is not snake_case (a "
     "leading or trailing underscore); use lower-case words joined by single underscores "
     "(\"path\") [metrics/snake-case]\n"},
    {"metrics/snake-case", "quiet on snake_case; leaves camelCase and __ labels to their checks",
     Format::kText,
     "# HELP http_requests_total x\n"
     "# TYPE http_requests_total counter\n"
     "http_requests_total{code=\"200\",statusCode=\"x\",__meta=\"y\"} 1\n"
     "# HELP node_memory_Inactive_file_bytes Mirrors /proc/meminfo.\n"
     "# TYPE node_memory_Inactive_file_bytes gauge\n"
     "node_memory_Inactive_file_bytes 1.2e9\n"
     "# HELP node_sockstat_UDP_inuse Mirrors /proc/net/sockstat.\n"
     "# TYPE node_sockstat_UDP_inuse gauge\n"
     "node_sockstat_UDP_inuse 4\n"
     "# HELP \"my.metric\" Left to exposition/utf8-name.\n"
     "# TYPE \"my.metric\" gauge\n"
     "{\"my.metric\",\"0region\"=\"eu\"} 1\n",
     ""},
    {"metrics/unbounded-label", "fires on ID labels and UUID values, once per label", Format::kText,
     "# HELP jobs_total x\n"
     "# TYPE jobs_total counter\n"
     "jobs_total{request_id=\"1\"} 1\n"
     "jobs_total{request_id=\"2\"} 1\n"
     "jobs_total{request_id=\"3\",owner=\"4f7d2c1e-9b1a-4d55-8a0e-2f1c3b4d5e6f\"} 1\n"
     "# HELP mempool_allocs_total x\n"
     "# TYPE mempool_allocs_total counter\n"
     "mempool_allocs_total{id=\"8412907731\"} 12\n",
     "3:12: warning: label \"request_id\" of counter \"jobs_total\" looks like a per-request "
     "or per-user ID; every new value creates a new series, so drop it (put IDs in logs, "
     "traces or exemplars) [metrics/unbounded-label]\n"
     "5:27: warning: label \"owner\" of counter \"jobs_total\" has an ID-like value (UUID "
     "\"4f7d2c1e-9b1a-4d55-8a0e-2f1c3b4d5e6f\"); every new value creates a new series, so "
     "drop it (put IDs in logs, traces or exemplars) [metrics/unbounded-label]\n"
     "8:22: warning: label \"id\" of counter \"mempool_allocs_total\" has an ID-like value "
     "(numeric id \"8412907731\"); every new value creates a new series, so drop it (put IDs "
     "in logs, traces or exemplars) [metrics/unbounded-label]\n"},
    {"metrics/unbounded-label", "quiet on bounded labels", Format::kText,
     "# HELP jobs_total x\n"
     "# TYPE jobs_total counter\n"
     "jobs_total{method=\"GET\",handler=\"/\",code=\"200\"} 1\n"
     "# HELP os_info x\n"
     "# TYPE os_info gauge\n"
     "os_info{id=\"ubuntu\",version_id=\"24.04\"} 1\n"
     "# HELP lock_waits_total x\n"
     "# TYPE lock_waits_total counter\n"
     "lock_waits_total{id=\"busyobj\"} 0\n"
     "mempool_allocs_total{id=\"sess0\"} 12\n",
     ""},
};

const CheckCase kOptionCases[] = {
    {"metrics/require-prefix", "require-prefix fires", Format::kText,
     "# HELP workflow_errors_total x\n"
     "# TYPE workflow_errors_total counter\n"
     "workflow_errors_total 1\n",
     "1:8: warning: counter \"workflow_errors_total\" does not start with the required prefix "
     "\"primitive_\"; rename it (\"primitive_workflow_errors_total\") "
     "[metrics/require-prefix]\n",
     "primitive_", 1000, 0},
    {"metrics/require-prefix", "require-prefix quiet", Format::kText,
     "# HELP primitive_errors_total x\n"
     "# TYPE primitive_errors_total counter\n"
     "primitive_errors_total 1\n",
     "", "primitive_", 1000, 0},
    {"metrics/require-prefix", "require-prefix off by default", Format::kText,
     "# HELP workflow_errors_total x\n"
     "# TYPE workflow_errors_total counter\n"
     "workflow_errors_total 1\n",
     "", "", 1000, 0},
    {"metrics/high-cardinality", "high-cardinality fires", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{id=\"1\"} 1\n"
     "a{id=\"2\"} 1\n"
     "a{id=\"3\"} 1\n",
     "1:8: warning: gauge \"a\" has 3 series, more than the limit of 2; drop labels with "
     "unbounded values (user or request IDs, URLs) or map them to a small fixed set "
     "[metrics/high-cardinality]\n",
     "", 2, 0},
    {"metrics/high-cardinality", "high-cardinality counts buckets", Format::kText,
     "# HELP h_seconds x\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"+Inf\"} 1\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 1\n",
     "1:8: warning: histogram \"h_seconds\" has 3 series (each bucket, quantile, _sum and "
     "_count is a series), more than the limit of 2; drop labels with unbounded values (user "
     "or request IDs, URLs) or map them to a small fixed set [metrics/high-cardinality]\n",
     "", 2, 0},
    {"metrics/high-cardinality", "high-cardinality quiet at the limit, duplicates count once",
     Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{id=\"1\"} 1\n"
     "a{id=\"2\"} 1\n"
     "a{id=\"2\"} 1\n",
     "", "", 2, 0},
};

}  // namespace

namespace ttam::test {

std::span<const CheckCase> MetricsCases() { return kCases; }
std::span<const CheckCase> MetricsOptionCases() { return kOptionCases; }

}  // namespace ttam::test

TEST_CASE("metrics checks") { ttam::test::CheckCases(kCases); }

TEST_CASE("metrics checks that read options") { ttam::test::CheckCases(kOptionCases); }
