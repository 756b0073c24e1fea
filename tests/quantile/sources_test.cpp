// tools/ttam/sources.h with an injected clock and waiter: a URL scraped twice
// is two snapshots exactly --window apart on the fixed clock (no real
// waiting), with the target's labels; files give the evaluation time and
// span; one snapshot is flagged; bad combinations are errors.
#include "../../tools/ttam/sources.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "support/clock.h"
#include "support/filesystem.h"
#include "support/fixture_server.h"
#include "support/process.h"

namespace {

using ttam::cli::Io;
using ttam::cli::OpenSource;
using ttam::cli::SourceFlags;

constexpr int64_t kT0 = 1767366000000;

struct Fixture {
  std::istringstream in;
  std::ostringstream out, err;
  ttam::FixedClock clock{kT0};
  Io io{.in = in, .out = out, .err = err, .fs = ttam::RealFileSystem(), .clock = clock};
  ttam::diag::CollectingSink sink;
  int64_t waited = -1;
  ttam::cli::Waiter wait = [this](int64_t ms) {
    waited = ms;
    clock.Set(clock.NowMs() + ms);
  };
};

TEST_CASE("a URL is two snapshots --window apart on the clock, with instance and job") {
  ttam::test::FixtureServer server(
      {{.path = "/metrics", .body = "# TYPE x counter\nx_total{job=\"own\"} 5\n"}});
  Fixture f;
  SourceFlags flags;
  flags.sources = {server.Url("/metrics")};
  auto source = OpenSource(flags, 30000, f.io, f.wait, "quantile", f.sink);
  REQUIRE(source);
  CHECK(f.waited == 30000);
  CHECK(server.Requests().size() == 2);
  CHECK(source->time_ms == kT0 + 30000);
  CHECK(source->span_ms == 30000);
  CHECK(!source->single_snapshot);
  auto v = source->backend->Instant("count_over_time(x_total[1m])", source->time_ms);
  REQUIRE(v);
  REQUIRE(v->vector.size() == 1);
  CHECK(v->vector[0].v == 2);
  // The exposition's own job label is kept as exported_job.
  CHECK(v->vector[0].labels.ToString() == "{exported_job=\"own\", instance=\"127.0.0.1:" +
                                              std::to_string(server.port()) + "\", job=\"ttam\"}");
  CHECK(f.err.str() == "");  // no countdown: the injected waiter draws nothing
}

TEST_CASE("files: the newest sample is the evaluation time; one snapshot is flagged") {
  ttam::test::TempDir dir;
  std::string a = dir.Write("a.prom", "x_bucket{le=\"+Inf\"} 1\n");
  std::string b = dir.Write("b.prom", "x_bucket{le=\"+Inf\"} 3\n");
  Fixture f;
  SourceFlags flags;
  flags.sources = {a + "@1767366000", b + "@1767366045"};
  auto two = OpenSource(flags, 30000, f.io, f.wait, "quantile", f.sink);
  REQUIRE(two);
  CHECK(f.waited == -1);
  CHECK(two->time_ms == 1767366045000);
  CHECK(two->span_ms == 45000);
  CHECK(!two->single_snapshot);
  auto v = two->backend->Instant("increase(x_bucket[45s1ms])", two->time_ms);
  REQUIRE(v);
  REQUIRE(v->vector.size() == 1);
  CHECK(v->vector[0].v > 2);

  flags.sources = {a + "@1767366000"};
  auto one = OpenSource(flags, 30000, f.io, f.wait, "quantile", f.sink);
  REQUIRE(one);
  CHECK(one->single_snapshot);
  CHECK(one->span_ms == 0);
  CHECK(one->time_ms == 1767366000000);
}

TEST_CASE("source combinations that cannot work are errors") {
  Fixture f;
  SourceFlags flags;
  auto none = OpenSource(flags, 30000, f.io, f.wait, "quantile", f.sink);
  REQUIRE(!none);
  CHECK(none.error().message.starts_with("no data:"));
  flags.prometheus = "http://127.0.0.1:1";
  flags.sources = {"x.prom"};
  auto both = OpenSource(flags, 30000, f.io, f.wait, "quantile", f.sink);
  REQUIRE(!both);
  CHECK(both.error().message.starts_with("--prometheus cannot be combined"));
  flags.prometheus.clear();
  flags.sources = {"x.prom", "http://127.0.0.1:1/m"};
  auto mixed = OpenSource(flags, 30000, f.io, f.wait, "quantile", f.sink);
  REQUIRE(!mixed);
  CHECK(mixed.error().message == "scrape URLs or read files, not both in one run");
}

TEST_CASE("--prometheus: evaluated at the clock's now, in whole seconds") {
  Fixture f;
  f.clock.Set(kT0 + 1234);
  SourceFlags flags;
  flags.prometheus = "http://127.0.0.1:1";
  auto source = OpenSource(flags, 30000, f.io, f.wait, "quantile", f.sink);
  REQUIRE(source);
  CHECK(source->time_ms == kT0 + 1000);
  CHECK(!source->span_ms);
  CHECK(!source->single_snapshot);
}

}  // namespace
