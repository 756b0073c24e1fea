// Aggregation operators.

#include "eval/aggregate.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "eval/engine.h"
#include "eval/labels_hash.h"
#include "eval/plan.h"
#include "eval/promqltest.h"
#include "eval/promqltest_run.h"
#include "failures.h"
#include "promql/parser.h"
#include "support/xxhash.h"

namespace ttam::eval {
namespace {

using test::Failures;

TEST_CASE("Kahan-Neumaier summation recovers what plain addition loses") {
  double sum = 1e100, c = 0;
  KahanInc(1, sum, c);
  KahanInc(-1e100, sum, c);
  CHECK(sum + c == 1);
  sum = 1e308;
  c = 5;
  KahanInc(1e308, sum, c);
  CHECK(std::isinf(sum));
  CHECK(c == 0);
}

TEST_CASE("aggregations with by and without") {
  CHECK(Failures(R"(load 1m
  m{job="a", i="1"} 1
  m{job="a", i="2"} 3
  m{job="b", i="1"} NaN
  m{job="b", i="2"} 5
  big{i="1"} 1e308
  big{i="2"} 1e308

eval instant at 0 sum(m{job="a"})
  {} 4

eval instant at 0 sum by (job) (m)
  {job="a"} 4
  {job="b"} NaN

eval instant at 0 avg without (i) (m)
  {job="a"} 2
  {job="b"} NaN

eval instant at 0 max by (job) (m)
  {job="a"} 3
  {job="b"} 5

eval instant at 0 min by (job) (m)
  {job="a"} 1
  {job="b"} 5

eval instant at 0 count by (i) (m)
  {i="1"} 2
  {i="2"} 2

eval instant at 0 group by (job) (m)
  {job="a"} 1
  {job="b"} 1

eval instant at 0 stddev by (job) (m)
  {job="a"} 1
  {job="b"} NaN

eval instant at 0 stdvar(m{job="a"})
  {} 1

eval instant at 0 sum by (__name__) (m{job="a"})
  m 4

eval instant at 0 avg(big)
  {} 1e308

eval range from 0 to 1m step 1m sum(m{job="a"})
  {} 4 4
)") == "");
}

// The annotations of `query` at time 0 over one series m{i="a"} 1, each as
// "<text> @<begin>-<end>".
std::vector<std::string> AggregateNotes(const std::string& query) {
  Storage s;
  REQUIRE(s.Append(model::Labels{{"__name__", "m"}, {"i", "a"}}, 0, 1).ok());
  auto parsed = promql::Parse(query);
  REQUIRE(parsed.ok());
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  Annotations notes;
  Result<Value> got = EvalInstant(s, *plan, 0, EngineOptions{}, &notes);
  REQUIRE_MESSAGE(got.ok(), (got.ok() ? "" : got.error().message));
  std::vector<std::string> out;
  for (const Annotation& a : notes) {
    out.push_back(a.text + " @" + std::to_string(a.span.begin) + "-" + std::to_string(a.span.end));
  }
  return out;
}

TEST_CASE("quantile and limit_ratio warn about their parameter, at the parameter") {
  using Notes = std::vector<std::string>;
  CHECK(AggregateNotes("quantile(1.5, m)") ==
        Notes{"PromQL warning: quantile value should be between 0 and 1, got 1.5 @9-12"});
  CHECK(AggregateNotes("quantile without (i) ((NaN), m)") ==
        Notes{"PromQL warning: quantile value should be between 0 and 1, got NaN @23-26"});
  CHECK(AggregateNotes("quantile(1, m)").empty());
  CHECK(AggregateNotes("limit_ratio(1.1, m)") ==
        Notes{"PromQL warning: ratio value should be between -1 and 1, got 1.1, capping to 1 "
              "@12-15"});
  CHECK(AggregateNotes("limit_ratio(-1.1, m)") ==
        Notes{"PromQL warning: ratio value should be between -1 and 1, got -1.1, capping to -1 "
              "@12-16"});
  CHECK(AggregateNotes("limit_ratio(-1, m)").empty());
}

TEST_CASE("topk and bottomk keep NaN last and labels whole") {
  CHECK(Failures(R"(load 1m
  m{i="a"} NaN
  m{i="b"} 1
  m{i="c"} NaN
  m{i="d"} 4

eval instant at 0 topk(2, m)
  expect ordered
  m{i="d"} 4
  m{i="b"} 1

eval instant at 0 bottomk(3, m)
  expect ordered
  m{i="b"} 1
  m{i="d"} 4
  m{i="a"} NaN

eval instant at 0 count(topk(3, m) and on(i) m != m)
  {} 1
)") == "");
}

TEST_CASE("count_values rejects a label name that is not valid UTF-8") {
  Storage s;
  auto parsed = promql::Parse(R"(count_values("a\xc5z", m))");
  REQUIRE(parsed.ok());
  Result<Plan> plan = Plan::Bind(*parsed.expr);
  REQUIRE(plan.ok());
  Result<Value> got = EvalInstant(s, *plan, 0);
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().message == R"(invalid label name "a\xc5z")");
}

TEST_CASE("limit_ratio hashes label sets as upstream's default labels build does") {
  CHECK(Xxh64("") == 0xEF46DB3751D8E999ULL);
  // The same XXH64 as model's slice-style Labels::Hash, over its encoding,
  // for inputs below and above the 32-byte stripe.
  for (const model::Labels& l :
       {model::Labels{{"a", "b"}}, model::Labels{{"__name__", "http_requests_total"},
                                                 {"instance", "localhost:9090"},
                                                 {"job", "prometheus"}}}) {
    std::string slice;
    for (const model::Label& x : l) slice += x.name + "\xff" + x.value + "\xff";
    CHECK(Xxh64(slice) == l.Hash());
  }
  // stringlabels: each name and value after its length.
  CHECK(UpstreamLabelsHash(model::Labels{{"a", "b"}}) == Xxh64(std::string("\x01"
                                                                           "a"
                                                                           "\x01"
                                                                           "b")));
  std::string long_value(300, 'v');
  CHECK(UpstreamLabelsHash(model::Labels{{"a", long_value}}) ==
        Xxh64(std::string("\x01"
                          "a"
                          "\xff\x2c\x01\x00",
                          6) +
              long_value));
}

}  // namespace
}  // namespace ttam::eval
