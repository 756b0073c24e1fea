// Aggregation operators.

#include "eval/aggregate.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "eval/promqltest.h"
#include "eval/promqltest_run.h"
#include "failures.h"

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

}  // namespace
}  // namespace ttam::eval
