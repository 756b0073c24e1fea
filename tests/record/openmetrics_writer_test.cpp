// The OpenMetrics writer's number and time texts, and a round trip through
// ttam's own loader (the `ttam query --data` path), staleness included.
#include "record/openmetrics_writer.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "diag/diagnostic.h"
#include "eval/load_exposition.h"
#include "eval/storage.h"
#include "expfmt/parser.h"

namespace {

using ttam::record::Recording;
using ttam::record::ScrapeBuffer;
using ttam::record::TargetLabeling;

ScrapeBuffer WriterScrape(std::string_view text) {
  ScrapeBuffer buffer;
  ttam::diag::CollectingSink sink;
  ttam::expfmt::ParseString(ttam::expfmt::Format::kText, "t", text, buffer, sink);
  return buffer;
}

}  // namespace

TEST_CASE("record: timestamps as OpenMetrics seconds") {
  struct Case {
    std::string_view name;
    int64_t ms;
    std::string_view want;
  };
  const Case cases[] = {
      {"zero", 0, "0.000"},
      {"millis", 1700000000123, "1700000000.123"},
      {"leading zeros", 1005, "1.005"},
      {"negative", -1500, "-1.500"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(ttam::record::FormatOpenMetricsTimestamp(c.ms) == c.want);
  }
}

TEST_CASE("record: scrape times read back the same by truncation and rounding") {
  // Around 2^39 ms (1987) some milliseconds do not survive Prometheus's
  // truncation; today's (about 1.7e12) happen to.
  int moved = 0;
  for (int64_t ms = 543918130000; ms < 543918132000; ++ms) {
    int64_t exact = ttam::record::ExactOpenMetricsMs(ms);
    CHECK(exact >= ms);
    CHECK(exact <= ms + 2);
    double scaled =
        std::strtod(ttam::record::FormatOpenMetricsTimestamp(exact).c_str(), nullptr) * 1000.0;
    CHECK(static_cast<int64_t>(scaled) == exact);
    CHECK(std::llround(scaled) == exact);
    if (exact != ms) ++moved;
  }
  CHECK(moved > 0);
  CHECK(moved < 1000);
}

TEST_CASE("record: a recording loads into the evaluator's store with staleness from up") {
  Recording r;
  TargetLabeling target;
  target.labels = {{"job", "ttam"}, {"instance", "a:1"}};
  // WriterScrape 1: a and b; scrape 2: only a (b vanished); scrape 3 fails; scrape 4: a and b.
  (void)r.AddScrape(target, 10000, WriterScrape("a 1\nb 1\n"));
  r.AddReport(target, 10000, {.up = true});
  (void)r.AddScrape(target, 20000, WriterScrape("a 2\n"));
  r.AddReport(target, 20000, {.up = true});
  r.AddReport(target, 30000, {.up = false});
  (void)r.AddScrape(target, 40000, WriterScrape("a 4\nb 4\n"));
  r.AddReport(target, 40000, {.up = true});
  std::ostringstream out;
  ttam::record::WriteOpenMetrics(r, out);

  ttam::eval::Storage storage;
  ttam::diag::CollectingSink sink;
  ttam::eval::ExpositionLoader loader(storage, {"rec.om", std::nullopt}, sink);
  ttam::expfmt::ParseString(ttam::expfmt::Format::kOpenMetrics, "rec.om", out.str(), loader, sink);
  CHECK(sink.diagnostics.empty());
  REQUIRE(loader.timestamped_up_series().size() == 1);
  ttam::eval::AddScrapeStalenessMarkers(loader.timestamped_up_series(), storage);

  auto times = [&](std::string_view name) {
    std::string got;
    const auto* s =
        storage.Find(ttam::model::Labels{{"__name__", name}, {"instance", "a:1"}, {"job", "ttam"}});
    REQUIRE(s != nullptr);
    for (const auto& sample : s->samples()) {
      got += std::to_string(sample.t / 1000) + (ttam::eval::IsStaleNaN(sample.v) ? "s " : " ");
    }
    return got;
  };
  CHECK(times("a") == "10 20 30s 40 ");
  CHECK(times("b") == "10 20s 40 ");
  CHECK(times("up") == "10 20 30 40 ");
  CHECK(times("scrape_duration_seconds") == "10 20 30 40 ");
}
