// promtool's --debug dump of a test group's store (debug_dump.h).

#include "ruletest/debug_dump.h"

#include <doctest/doctest.h>

#include <string>

namespace ttam::ruletest {
namespace {

model::Labels Metric(const std::string& name, const std::string& job) {
  model::LabelsBuilder b;
  b.Set(model::kMetricName, name);
  if (!job.empty()) b.Set("job", job);
  return b.Build();
}

TEST_CASE("debug dump: every series over (start, start + eval + 1s], as Matrix.String()") {
  eval::Storage storage;
  for (int i = 0; i <= 3; ++i) {
    REQUIRE(storage.Append(Metric("up", "b"), i * 60000, i).ok());
    REQUIRE(storage.Append(Metric("up", "a"), i * 60000, 0.5 * i).ok());
  }
  REQUIRE(storage.Append(Metric("rec", ""), 60000, 1e21).ok());
  eval::EngineOptions engine;
  engine.lookback_ms = 5 * 60 * 1000;
  // At 2m, the window is (0, 2m1s]: the samples at 0 are out (left-open),
  // those at 3m are later.
  CHECK(DebugDump(storage, engine, 0, 120000) ==
        "DEBUG: Dump of all data (input_series and rules) at 2m1s:\n"
        "{__name__=\"rec\"} =>\n1000000000000000000000 @[60000]\n"
        "{__name__=\"up\", job=\"a\"} =>\n0.5 @[60000]\n1 @[120000]\n"
        "{__name__=\"up\", job=\"b\"} =>\n1 @[60000]\n2 @[120000]\n");
  // A fractional eval time rounds up to the next whole second; the start moves the window.
  CHECK(DebugDump(storage, engine, 60000, 119500)
            .starts_with("DEBUG: Dump of all data (input_series and rules) at 2m0s:\n"
                         "{__name__=\"up\", job=\"a\"} =>\n1 @[120000]\n1.5 @[180000]\n"));
  // An empty store: the header, then Println of an empty matrix.
  CHECK(DebugDump(eval::Storage(), engine, 0, 0) ==
        "DEBUG: Dump of all data (input_series and rules) at 1s:\n\n");
}

TEST_CASE("debug dump: a store with native histograms cannot be dumped, and says so") {
  eval::Storage storage;
  eval::FloatHistogram h;
  h.count = 1;
  REQUIRE(storage.AppendHistogramTo(storage.SeriesFor(Metric("h", "")), 1000, h).ok());
  std::string dump = DebugDump(storage, eval::EngineOptions{}, 0, 5000);
  CHECK(
      dump.starts_with("DEBUG: Failed query exec, expr: \"{__name__=~\\\".+\\\"}[6s]\", err: "
                       "native histograms: "));
}

}  // namespace
}  // namespace ttam::ruletest
