// `ttam record` from a real prometheus-node-exporter on 127.0.0.1: a few
// scrapes at a short interval, then the file is read by promtool's backfill
// (`tsdb create-blocks-from openmetrics`, exit 0, the same series and
// sample counts) and by `ttam query --data` (the series the file holds, one
// `up` sample per scrape, the scrape times as written).
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "support/process.h"
#include "support/prometheus_server.h"

using ttam::test::kNodeExporterPath;
using ttam::test::kPromtoolPath;
using ttam::test::NodeExporter;
using ttam::test::ProcessResult;
using ttam::test::ReadFile;
using ttam::test::RunProcess;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

// The value of the one sample of a `ttam query --format json` answer.
std::string QueryValue(const std::string& file, const std::string& expr,
                       const std::string& time = "") {
  std::vector<std::string> args = {"query", "--format", "json", "--data", file, expr};
  if (!time.empty()) args.insert(args.end(), {"--time", time});
  ProcessResult r = RunTtam(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto doc = nlohmann::json::parse(r.out);
  auto result = doc["data"]["result"];
  REQUIRE_MESSAGE(result.size() == 1, r.out);
  return result[0]["value"][1].get<std::string>();
}

}  // namespace

TEST_CASE("record from node-exporter: promtool backfills it, ttam query reads it") {
  if (!std::filesystem::exists(kNodeExporterPath) || !std::filesystem::exists(kPromtoolPath)) {
    MESSAGE("SKIPPED: install prometheus-node-exporter and prometheus (.ci/install-deps does)");
    return;
  }
  NodeExporter node;
  node.RequireReady();

  TempDir dir;
  std::string file = dir.path() + "/node.om";
  std::string url = node.metrics_url();
  ProcessResult rec = RunTtam({"record", "--interval", "1s", "--count", "3", "-o", file, url});
  REQUIRE_MESSAGE(rec.exit_code == 0, (rec.out + rec.err));
  std::string text = ReadFile(file);
  REQUIRE(text.ends_with("# EOF\n"));

  // What the file holds, counted from its lines.
  std::set<std::string> series;
  std::set<std::string> times;
  size_t samples = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    size_t ts = line.rfind(' ');
    size_t value = line.rfind(' ', ts - 1);
    series.insert(line.substr(0, value));
    if (line.starts_with("up{")) times.insert(line.substr(ts + 1));
    ++samples;
  }
  CHECK(times.size() == 3);
  CHECK(series.size() > 100);

  // promtool accepts the file, with every series and sample.
  ProcessResult backfill = RunProcess(
      {kPromtoolPath, "tsdb", "create-blocks-from", "openmetrics", file, dir.path() + "/tsdb"});
  REQUIRE_MESSAGE(backfill.exit_code == 0, (backfill.out + backfill.err));
  std::smatch m;
  std::string report = backfill.out;
  REQUIRE_MESSAGE(std::regex_search(report, m, std::regex(R"(\s(\d+)\s+(\d+)\s+(\d+)\s+\d+\s*$)")),
                  report);
  CHECK(m[1].str() == std::to_string(samples));        // NUM SAMPLES
  CHECK(m[3].str() == std::to_string(series.size()));  // NUM SERIES

  // ttam query sees the same series and one up sample per scrape.
  CHECK(QueryValue(file, "count({__name__=~\".+\"})") == std::to_string(series.size()));
  CHECK(QueryValue(file, "count_over_time(up[1m])") == "3");
  CHECK(QueryValue(file, "up") == "1");
  // Every series was in each scrape: all of them at the first scrape's time.
  CHECK(QueryValue(file, "count({__name__=~\".+\"})", *times.begin()) ==
        std::to_string(series.size()));
}
