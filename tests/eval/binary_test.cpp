// Binary and unary operators, run through the promqltest runner.

#include <doctest/doctest.h>

#include <string>

#include "eval/promqltest.h"
#include "eval/promqltest_run.h"
#include "failures.h"

namespace ttam::eval {
namespace {

using test::Failures;

TEST_CASE("scalar and vector-scalar operators as Go computes them") {
  CHECK(Failures(R"(load 1m
  m{i="a"} 4
  m{i="b"} -3

eval instant at 0 7 % -3
  1

eval instant at 0 -7 % 3
  -1

eval instant at 0 1 / 0
  +Inf

eval instant at 0 0 / 0
  NaN

eval instant at 0 2 ^ 0.5
  1.4142135623730951

eval instant at 0 1 atan2 -1
  2.356194490092248

eval instant at 0 1 < bool 2
  1

eval instant at 0 m * 2
  {i="a"} 8
  {i="b"} -6

eval instant at 0 0 < m
  m{i="a"} 4

eval instant at 0 m > bool 0
  {i="a"} 1
  {i="b"} 0

eval instant at 0 m == NaN

eval instant at 0 -m
  {i="a"} -4
  {i="b"} 3

eval instant at 0 +m
  m{i="a"} 4
  m{i="b"} -3
)") == "");
}

TEST_CASE("vector matching, group modifiers and set operators") {
  CHECK(Failures(R"(load 1m
  a{i="1", j="x"} 10
  a{i="2", j="y"} 20
  b{i="1"} 2
  b{i="2"} 4
  c{i="1", k="p"} 1
  c{i="1", k="q"} 3

eval instant at 0 a / ignoring(j) b
  {i="1"} 5
  {i="2"} 5

eval instant at 0 a / on(i) b
  {i="1"} 5
  {i="2"} 5

eval instant at 0 a > on(i) b
  {i="1"} 10
  {i="2"} 20

eval instant at 0 a > ignoring(j) b
  a{i="1"} 10
  a{i="2"} 20

eval instant at 0 c * on(i) group_left(j) a
  {i="1", j="x", k="p"} 10
  {i="1", j="x", k="q"} 30

eval instant at 0 a * on(i) group_right(j) c
  {i="1", j="x", k="p"} 10
  {i="1", j="x", k="q"} 30

eval instant at 0 a and on(i) c
  a{i="1", j="x"} 10

eval instant at 0 a unless on(i) c
  a{i="2", j="y"} 20

eval instant at 0 b or on(i) c
  b{i="1"} 2
  b{i="2"} 4

eval instant at 0 a * on(i) c
  expect fail msg: found duplicate series for the match group {i="1"} on the right hand-side of the operation: [{__name__="c", i="1", k="p"}, {__name__="c", i="1", k="q"}];many-to-many matching not allowed: matching labels must be unique on one side

eval instant at 0 c * on(i) a
  expect fail msg: multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)

eval instant at 0 c * on(i) group_left b
  {i="1", k="p"} 2
  {i="1", k="q"} 6

eval instant at 0 c * ignoring(k) group_left b
  {i="1", k="p"} 2
  {i="1", k="q"} 6

eval instant at 0 c + on(i) group_left(k) a
  expect fail msg: multiple matches for labels: grouping labels must ensure unique matches

eval range from 0 to 2m step 1m a - on(i) b
  {i="1"} 8 8 8
  {i="2"} 16 16 16
)") == "");
}

TEST_CASE("name dropping is immediate: same labels after dropping fail") {
  CHECK(Failures(R"(load 1m
  x{i="1"} 1
  y{i="1"} 2

eval instant at 0 {i="1"} * 2
  expect fail msg: vector cannot contain metrics with the same labelset

eval instant at 0 {i="1"} > 0
  x{i="1"} 1
  y{i="1"} 2
)") == "");
}

}  // namespace
}  // namespace ttam::eval
