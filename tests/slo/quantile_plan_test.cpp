#include "slo/quantile_plan.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using ttam::slo::Bucket;
using ttam::slo::QueryShape;

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST_CASE("queries are pinned with @ and group by le plus the group labels") {
  QueryShape shape{.family = "http_request_duration_seconds",
                   .by = {"handler", "method"},
                   .time_ms = 1767366030000,
                   .window_ms = 31000};
  CHECK(ttam::slo::BucketsQuery(shape) ==
        "sum by (le, handler, method) (rate(http_request_duration_seconds_bucket[31s] @ "
        "1767366030))");
  CHECK(ttam::slo::QuantileQuery(0.95, shape) ==
        "histogram_quantile(0.95, sum by (le, handler, method) "
        "(rate(http_request_duration_seconds_bucket[31s] @ 1767366030)))");
  CHECK(ttam::slo::FractionQuery(0.25, shape) ==
        "histogram_fraction(-Inf, 0.25, sum by (le, handler, method) "
        "(rate(http_request_duration_seconds_bucket[31s] @ 1767366030)))");
  CHECK(ttam::slo::RateQuery(shape) ==
        "sum by (handler, method) (rate(http_request_duration_seconds_count[31s] @ 1767366030))");
  CHECK(ttam::slo::MeanQuery(shape) ==
        "sum by (handler, method) (rate(http_request_duration_seconds_sum[31s] @ 1767366030)) / "
        "sum by (handler, method) (rate(http_request_duration_seconds_count[31s] @ 1767366030))");
  CHECK(ttam::slo::ResetsQuery("x_count", shape) == "resets(x_count[31s] @ 1767366030) > 0");
  CHECK(ttam::slo::SampleCountQuery("x_bucket", shape) ==
        "count_over_time(x_bucket[31s] @ 1767366030)");
}

TEST_CASE("without a window: cumulative totals at the snapshot") {
  QueryShape shape{.family = "x", .by = {}, .time_ms = 1500, .window_ms = std::nullopt};
  CHECK(ttam::slo::BucketsQuery(shape) == "sum by (le) (x_bucket @ 1.5)");
  CHECK(ttam::slo::MeanQuery(shape) == "sum (x_sum @ 1.5) / sum (x_count @ 1.5)");
  CHECK(ttam::slo::SummaryQuantilesQuery(shape) == "x{quantile!=\"\"} @ 1.5");
  CHECK(ttam::slo::SummaryMeanQuery(shape) == "x_sum @ 1.5 / x_count @ 1.5");
  CHECK(ttam::slo::SummaryRateQuery(shape) == "x_count @ 1.5");
}

TEST_CASE("a summary's rate and mean are per series, never summed") {
  QueryShape shape{.family = "gc", .by = {"a"}, .time_ms = 60000, .window_ms = 30000};
  CHECK(ttam::slo::SummaryRateQuery(shape) == "rate(gc_count[30s] @ 60)");
  CHECK(ttam::slo::SummaryMeanQuery(shape) == "rate(gc_sum[30s] @ 60) / rate(gc_count[30s] @ 60)");
}

TEST_CASE("names PromQL cannot write bare are quoted") {
  QueryShape shape{.family = "app.latency", .by = {"http.route"}, .time_ms = 0, .window_ms = 60000};
  CHECK(ttam::slo::BucketsQuery(shape) ==
        "sum by (le, \"http.route\") (rate({\"app.latency_bucket\"}[1m] @ 0))");
}

TEST_CASE("default grouping: every label but le, quantile, instance and job") {
  CHECK(ttam::slo::DefaultGroupLabels({"le", "job", "instance", "method", "__name__", "code",
                                       "method"}) == std::vector<std::string>{"code", "method"});
}

TEST_CASE("AtSeconds writes milliseconds only when there are some") {
  CHECK(ttam::slo::AtSeconds(1767366030000) == "1767366030");
  CHECK(ttam::slo::AtSeconds(1250) == "1.25");
  CHECK(ttam::slo::AtSeconds(1001) == "1.001");
  CHECK(ttam::slo::AtSeconds(-500) == "-0.5");
}

TEST_CASE("ParseQuantiles accepts 0..1 only") {
  auto ok = ttam::slo::ParseQuantiles({"0.5", "0.99", "1", "0"});
  REQUIRE(ok);
  CHECK(*ok == std::vector<double>{0.5, 0.99, 1, 0});
  CHECK(!ttam::slo::ParseQuantiles({"95"}));
  CHECK(!ttam::slo::ParseQuantiles({"NaN"}));
  CHECK(!ttam::slo::ParseQuantiles({"-0.1"}));
  CHECK(!ttam::slo::ParseQuantiles({}));
  CHECK(ttam::slo::QuantileLabel(0.95) == "p95");
  CHECK(ttam::slo::QuantileLabel(0.5) == "p50");
  CHECK(ttam::slo::QuantileLabel(0.999) == "p99.9");
}

TEST_CASE("RankInInfBucket: the rank beyond every finite bucket") {
  std::vector<Bucket> b{{0.1, 50}, {1, 80}, {kInf, 100}};
  CHECK(!ttam::slo::RankInInfBucket(0.5, b));
  CHECK(!ttam::slo::RankInInfBucket(0.8, b));  // rank 80 is in the le=1 bucket
  CHECK(ttam::slo::RankInInfBucket(0.81, b));
  CHECK(ttam::slo::RankInInfBucket(0.99, b));
  CHECK(*ttam::slo::HighestFiniteBound(b) == 1);
  // Unsorted input, a non-monotonic bucket fixed as upstream fixes it.
  std::vector<Bucket> u{{kInf, 100}, {1, 70}, {0.1, 90}};
  CHECK(!ttam::slo::RankInInfBucket(0.85, u));
  CHECK(ttam::slo::RankInInfBucket(0.95, u));
  // No observations, no +Inf bucket: never.
  CHECK(!ttam::slo::RankInInfBucket(0.99, {{0.1, 0}, {kInf, 0}}));
  CHECK(!ttam::slo::RankInInfBucket(0.99, {{0.1, 1}, {1, 2}}));
}

}  // namespace
