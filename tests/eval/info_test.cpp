#include "eval/info.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "promql/parser.h"

namespace ttam::eval {
namespace {

// InfoReferenceTime of info()'s first argument `expr` evaluated at `t_s`
// seconds, with a query from 0 to 1000s; in seconds.
int64_t ReferenceSeconds(std::string_view expr, int64_t t_s) {
  promql::ParseResult parsed = promql::Parse(expr, promql::ParseOptions::All());
  REQUIRE_MESSAGE(parsed.ok(), std::string(expr));
  return InfoReferenceTime(*parsed.expr, t_s * 1000, 0, 1'000'000) / 1000;
}

TEST_CASE("info(): the info series are read at the first selector's reference time") {
  CHECK(ReferenceSeconds("metric", 240) == 240);
  CHECK(ReferenceSeconds("metric offset 2m", 240) == 120);
  CHECK(ReferenceSeconds("metric @ 60", 240) == 60);
  CHECK(ReferenceSeconds("metric @ 60 offset 1m", 240) == 0);
  CHECK(ReferenceSeconds("metric @ end()", 240) == 1000);
  CHECK(ReferenceSeconds("rate(metric[5m] offset 1m)", 240) == 180);
  // The first selector in upstream's walk order decides.
  CHECK(ReferenceSeconds("metric offset 1m + other offset 2m", 240) == 180);
  // Subqueries: their @ and offset, then the selector's own.
  CHECK(ReferenceSeconds("last_over_time(metric[10m:1m] @ 420)", 2400) == 420);
  CHECK(ReferenceSeconds("last_over_time((metric offset 1m)[10m:1m] @ 180)", 2400) == 120);
  CHECK(ReferenceSeconds("last_over_time(metric[5m:1m] offset 6m)", 480) == 120);
  // No selector at all: the evaluation time.
  CHECK(ReferenceSeconds("vector(1)", 240) == 240);
}

TEST_CASE("info(): joins on instance and job, chooses the newest info series") {
  Storage storage;
  model::Labels old_info = {{"__name__", "target_info"}, {"instance", "a"}, {"v", "old"}};
  model::Labels new_info = {{"__name__", "target_info"}, {"instance", "a"}, {"v", "new"}};
  REQUIRE(storage.Append(old_info, 0, 1).ok());
  REQUIRE(storage.Append(new_info, 60'000, 1).ok());
  Vector base = {{{{"__name__", "m"}, {"instance", "a"}}, 120'000, 7},
                 {{{"__name__", "m"}, {"instance", "b"}}, 120'000, 8}};
  Result<Vector> got = EvalInfo(base, storage, {}, false, 120'000, 300'000);
  REQUIRE(got.ok());
  REQUIRE(got->size() == 2);
  CHECK((*got)[0].labels == model::Labels{{"__name__", "m"}, {"instance", "a"}, {"v", "new"}});
  CHECK((*got)[0].v == 7);
  CHECK((*got)[1].labels == base[1].labels);  // No info series: unchanged.
  // At 30s only the old one has a sample.
  got = EvalInfo(base, storage, {}, false, 30'000, 300'000);
  REQUIRE(got.ok());
  CHECK((*got)[0].labels.Get("v") == "old");

  // Two series of one info metric and identity with samples at the same time conflict.
  REQUIRE(storage.Append(old_info, 60'000, 1).ok());
  got = EvalInfo(base, storage, {}, false, 120'000, 300'000);
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().message.starts_with("found duplicate series for info metric"));
}

}  // namespace
}  // namespace ttam::eval
