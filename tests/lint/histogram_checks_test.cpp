// histogram/*, summary/* and counter/*: the values of histograms, summaries and counters.

#include <doctest/doctest.h>

#include "check_cases.h"

using ttam::expfmt::Format;
using ttam::test::CheckCase;

namespace {

const CheckCase kHistogramCases[] = {
    {"histogram/invalid-le", "fires on a non-number le", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"fast\"} 1\n"
     "h_seconds_bucket{le=\"+Inf\"} 1\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 1\n",
     "3:21: error: bucket of histogram \"h_seconds\" has le=\"fast\", which is not a number; "
     "use the bucket's upper bound, e.g. le=\"0.5\" or le=\"+Inf\" [histogram/invalid-le]\n"},
    {"histogram/invalid-le", "fires on a bucket without le", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{x=\"1\"} 1\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 1\n",
     "3:1: error: bucket of histogram \"h_seconds\" has no \"le\" label; every bucket needs "
     "le=\"<upper bound>\" [histogram/invalid-le]\n"},
    {"histogram/invalid-le", "quiet on numbers and infinities", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"1e-3\"} 1\n"
     "h_seconds_bucket{le=\"0.5\"} 1\n"
     "h_seconds_bucket{le=\"+Inf\"} 1\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 1\n",
     ""},
    {"histogram/le-order", "fires on descending bounds", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"1\"} 1\n"
     "h_seconds_bucket{le=\"0.5\"} 1\n"
     "h_seconds_bucket{le=\"+Inf\"} 1\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 1\n",
     "4:21: error: bucket le=\"0.5\" of histogram \"h_seconds\" comes after le=\"1\" in the "
     "series {}; list each bound once, in increasing order [histogram/le-order]\n"},
    {"histogram/le-order", "fires on a repeated bound", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"1\"} 1\n"
     "h_seconds_bucket{le=\"1.0\"} 1\n"
     "h_seconds_bucket{le=\"+Inf\"} 1\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 1\n",
     "4:21: error: bucket le=\"1.0\" of histogram \"h_seconds\" repeats the bound of the "
     "bucket before it in the series {}; list each bound once, in increasing order "
     "[histogram/le-order]\n"},
    {"histogram/le-order", "quiet on ascending bounds per series", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{x=\"a\",le=\"1\"} 1\n"
     "h_seconds_bucket{x=\"a\",le=\"+Inf\"} 1\n"
     "h_seconds_bucket{x=\"b\",le=\"0.5\"} 1\n"
     "h_seconds_bucket{x=\"b\",le=\"+Inf\"} 1\n",
     ""},
    {"histogram/missing-inf-bucket", "fires on series without +Inf", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{x=\"a\",le=\"1\"} 1\n"
     "h_seconds_sum{x=\"a\"} 1\n"
     "h_seconds_count{x=\"a\"} 1\n"
     "h_seconds_bucket{x=\"b\",le=\"1\"} 1\n"
     "h_seconds_sum{x=\"b\"} 1\n"
     "h_seconds_count{x=\"b\"} 1\n",
     "3:1: error: histogram \"h_seconds\" has no le=\"+Inf\" bucket in the series {x=\"a\"} "
     "(and 1 other series); add it: the +Inf bucket counts every observation "
     "[histogram/missing-inf-bucket]\n"},
    {"histogram/missing-inf-bucket", "quiet with +Inf", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"1\"} 1\n"
     "h_seconds_bucket{le=\"+Inf\"} 1\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 1\n",
     ""},
    {"histogram/non-cumulative", "fires on a decreasing count", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"1\"} 5\n"
     "h_seconds_bucket{le=\"2\"} 3\n"
     "h_seconds_bucket{le=\"+Inf\"} 5\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 5\n",
     "4:26: error: bucket le=\"2\" of histogram \"h_seconds\" counts 3, fewer than the 5 of "
     "bucket le=\"1\" before it in the series {}; buckets are cumulative (each counts every "
     "observation at or below its bound) [histogram/non-cumulative]\n"},
    {"histogram/non-cumulative", "quiet on cumulative counts", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"1\"} 3\n"
     "h_seconds_bucket{le=\"2\"} 3\n"
     "h_seconds_bucket{le=\"+Inf\"} 5\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 5\n",
     ""},
    {"histogram/count-mismatch", "fires when +Inf and _count differ", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"+Inf\"} 5\n"
     "h_seconds_sum 1\n"
     "h_seconds_count 4\n",
     "5:1: error: histogram \"h_seconds\" counts 4 in \"h_seconds_count\" but 5 in its "
     "le=\"+Inf\" bucket for the series {}; both count every observation, so take them from "
     "one snapshot [histogram/count-mismatch]\n"},
    {"histogram/count-mismatch", "fires on a gauge histogram's _gcount", Format::kOpenMetrics,
     "# TYPE g_bytes gaugehistogram\n"
     "g_bytes_bucket{le=\"+Inf\"} 5\n"
     "g_bytes_gcount 6\n"
     "g_bytes_gsum 1\n"
     "# EOF\n",
     "3:1: error: gaugehistogram \"g_bytes\" counts 6 in \"g_bytes_gcount\" but 5 in its "
     "le=\"+Inf\" bucket for the series {}; both count every observation, so take them from "
     "one snapshot [histogram/count-mismatch]\n"},
    {"histogram/count-mismatch", "quiet when equal", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_count 5\n"
     "h_seconds_bucket{le=\"+Inf\"} 5\n"
     "h_seconds_sum 1\n",
     ""},
    {"histogram/missing-sum", "fires on series without _sum", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"+Inf\"} 5\n"
     "h_seconds_count 5\n",
     "3:1: warning: histogram \"h_seconds\" has no \"h_seconds_sum\" sample for the series "
     "{}; expose the sum of observations so that averages (rate(_sum) / rate(_count)) can be "
     "computed [histogram/missing-sum]\n"},
    {"histogram/missing-sum", "quiet with _sum and _gsum", Format::kOpenMetrics,
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"+Inf\"} 5\n"
     "h_seconds_count 5\n"
     "h_seconds_sum 1\n"
     "# TYPE g_bytes gaugehistogram\n"
     "g_bytes_bucket{le=\"+Inf\"} 5\n"
     "g_bytes_gcount 5\n"
     "g_bytes_gsum 1\n"
     "# EOF\n",
     ""},
    {"histogram/missing-sum", "quiet on the Python client's text-format gauge histogram",
     Format::kText,
     "# HELP job_wait_seconds x\n"
     "# TYPE job_wait_seconds histogram\n"
     "job_wait_seconds_bucket{le=\"1.0\"} 3\n"
     "job_wait_seconds_bucket{le=\"+Inf\"} 4\n"
     "# HELP job_wait_seconds_gcount x\n"
     "# TYPE job_wait_seconds_gcount gauge\n"
     "job_wait_seconds_gcount 4\n"
     "# HELP job_wait_seconds_gsum x\n"
     "# TYPE job_wait_seconds_gsum gauge\n"
     "job_wait_seconds_gsum 2.5\n",
     ""},
    {"histogram/missing-count", "quiet on the Python client's text-format gauge histogram",
     Format::kText,
     "# HELP job_wait_seconds x\n"
     "# TYPE job_wait_seconds histogram\n"
     "job_wait_seconds_bucket{le=\"1.0\"} 3\n"
     "job_wait_seconds_bucket{le=\"+Inf\"} 4\n"
     "# HELP job_wait_seconds_gcount x\n"
     "# TYPE job_wait_seconds_gcount gauge\n"
     "job_wait_seconds_gcount 4\n"
     "# HELP job_wait_seconds_gsum x\n"
     "# TYPE job_wait_seconds_gsum gauge\n"
     "job_wait_seconds_gsum 2.5\n",
     ""},
    {"histogram/missing-count", "fires on a histogram followed by another family", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"+Inf\"} 5\n"
     "# HELP h_seconds_gsum x\n"
     "# TYPE h_seconds_gsum gauge\n"
     "h_seconds_gsum 2.5\n"
     "# HELP other x\n"
     "# TYPE other gauge\n"
     "other 1\n",
     "3:1: error: histogram \"h_seconds\" has no \"h_seconds_count\" sample for the series "
     "{}; expose the number of observations (equal to the +Inf bucket) "
     "[histogram/missing-count]\n"},
    {"histogram/missing-count", "fires on series without _count", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{x=\"a\",le=\"+Inf\"} 5\n"
     "h_seconds_sum{x=\"a\"} 1\n",
     "3:1: error: histogram \"h_seconds\" has no \"h_seconds_count\" sample for the series "
     "{x=\"a\"}; expose the number of observations (equal to the +Inf bucket) "
     "[histogram/missing-count]\n"},
    {"histogram/missing-count", "quiet with _count", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{x=\"a\",le=\"+Inf\"} 5\n"
     "h_seconds_sum{x=\"a\"} 1\n"
     "h_seconds_count{x=\"a\"} 5\n",
     ""},
    {"summary/quantile-range", "fires on a quantile above 1", Format::kText,
     "# HELP s_seconds x\n"
     "# TYPE s_seconds summary\n"
     "s_seconds{quantile=\"99\"} 1\n"
     "s_seconds_sum 1\n"
     "s_seconds_count 1\n",
     "3:20: error: quantile=\"99\" of summary \"s_seconds\" is outside [0, 1]; quantiles are "
     "fractions such as 0.5, 0.9 or 0.99 [summary/quantile-range]\n"},
    {"summary/quantile-range", "fires on a quantile that is not a number", Format::kText,
     "# HELP s_seconds x\n"
     "# TYPE s_seconds summary\n"
     "s_seconds{quantile=\"p99\"} 1\n",
     "3:20: error: quantile=\"p99\" of summary \"s_seconds\" is not a number; quantiles are "
     "fractions such as 0.5, 0.9 or 0.99 [summary/quantile-range]\n"},
    {"summary/quantile-range", "quiet on fractions", Format::kText,
     "# HELP s_seconds x\n"
     "# TYPE s_seconds summary\n"
     "s_seconds{quantile=\"0\"} 1\n"
     "s_seconds{quantile=\"0.99\"} 1\n"
     "s_seconds{quantile=\"1\"} 1\n",
     ""},
    {"counter/negative", "fires on a negative counter, once per family", Format::kText,
     "# HELP a_total x\n"
     "# TYPE a_total counter\n"
     "a_total{x=\"1\"} -1\n"
     "a_total{x=\"2\"} -2\n",
     "3:16: error: counter \"a_total\" has the negative value -1; counters start at 0 and "
     "only go up (use a gauge for values that can go down) [counter/negative]\n"},
    {"counter/negative", "fires on a negative bucket", Format::kText,
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"+Inf\"} -1\n"
     "h_seconds_sum -3\n"
     "h_seconds_count -1\n",
     "3:29: error: histogram \"h_seconds\" has the negative count -1 in \"h_seconds_bucket\"; "
     "bucket counts and _count count observations and cannot be negative [counter/negative]\n"},
    {"counter/negative", "quiet on gauges and histogram sums", Format::kText,
     "# HELP g x\n"
     "# TYPE g gauge\n"
     "g -1\n"
     "# HELP h_seconds Latency.\n"
     "# TYPE h_seconds histogram\n"
     "h_seconds_bucket{le=\"+Inf\"} 1\n"
     "h_seconds_sum -3\n"
     "h_seconds_count 1\n",
     ""},
    {"counter/nan", "fires on a NaN counter", Format::kText,
     "# HELP a_total x\n"
     "# TYPE a_total counter\n"
     "a_total NaN\n",
     "3:9: warning: counter \"a_total\" has the value NaN; expose a number (0 if nothing was "
     "counted yet) so that rate() and increase() work [counter/nan]\n"},
    {"counter/nan", "quiet on NaN gauges", Format::kText,
     "# HELP g x\n"
     "# TYPE g gauge\n"
     "g NaN\n",
     ""},
};

}  // namespace

namespace ttam::test {

std::span<const CheckCase> HistogramCases() { return kHistogramCases; }

}  // namespace ttam::test

TEST_CASE("histogram, summary and counter checks") { ttam::test::CheckCases(kHistogramCases); }
