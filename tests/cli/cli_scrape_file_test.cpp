// `ttam scrape` on files and stdin, through the built binary: exit codes,
// output formats, and bad input (clear error, no crash, no hang, bounded memory).
#include <doctest/doctest.h>
#include <zlib.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "support/cli_helpers.h"
#include "support/process.h"

using ttam::test::CheckIds;
using ttam::test::ProcessResult;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

const std::string kSampleExposition =
    std::string(TTAM_SOURCE_DIR) + "/samples/primitive_metrics.prom";

const char* kClean =
    "# HELP app_requests_total Requests served.\n"
    "# TYPE app_requests_total counter\n"
    "app_requests_total{code=\"200\"} 10\n"
    "# HELP app_queue_length Jobs waiting.\n"
    "# TYPE app_queue_length gauge\n"
    "app_queue_length 3\n";

std::string Gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

TEST_CASE("cli: scrape --check on the guide's sample finds the planted problems") {
  ProcessResult r = RunTtam({"scrape", "--check", "--format", "json", "--require-prefix",
                             "primitive_", kSampleExposition});
  CHECK(r.exit_code == 1);
  auto doc = nlohmann::json::parse(r.out);
  auto ids = CheckIds(doc);
  for (const char* want :
       {"histogram/non-cumulative", "histogram/count-mismatch", "metrics/counter-suffix",
        "metrics/non-base-unit", "metrics/missing-help", "metrics/camel-case",
        "metrics/require-prefix"}) {
    CAPTURE(want);
    CHECK(ids.count(want) == 1);
  }
  // Every finding is located and names a check.
  for (const auto& d : doc["diagnostics"]) {
    CHECK(d["file"] == kSampleExposition);
    CHECK(d["line"].get<int>() > 0);
    CHECK(d["column"].get<int>() > 0);
    CHECK(!d["message"].get<std::string>().empty());
  }
  CHECK(doc["summary"]["errors"].get<int>() >= 2);
  CHECK(doc["scrape"]["families"] == 9);
}

// The text output itself is tests/cli/scrape/text_caret.txt.
TEST_CASE("cli: text output is coloured only when asked to") {
  TempDir dir;
  std::string path = dir.Write("c.prom", "# HELP c Things.\n# TYPE c counter\nc 1\n");
  ProcessResult r = RunTtam({"scrape", "--check", "--fail-on", "warning", path});
  CHECK(r.out.find("\x1b[") == std::string::npos);  // not a terminal: no colour
  // Colour can be forced.
  ProcessResult coloured = RunTtam({"scrape", "--check", "--color", "always", path});
  CHECK(coloured.out.find("\x1b[") != std::string::npos);
}

// Exit codes, --fail-on and --disable: tests/cli/scrape/exit_*.txt, disable_*.txt.
TEST_CASE("cli: --max-findings limits the findings shown") {
  ProcessResult limited =
      RunTtam({"scrape", "--check", "--format", "json", "--max-findings", "1", kSampleExposition});
  auto doc = nlohmann::json::parse(limited.out);
  CHECK(doc["diagnostics"].size() == 1);
}

TEST_CASE("cli: without --check, a summary; with --format json, every family and sample") {
  TempDir dir;
  std::string path = dir.Write("clean.prom", kClean);
  ProcessResult text = RunTtam({"scrape", path});
  CHECK(text.exit_code == 0);
  CHECK(text.out.rfind(path + ": 2 families, 2 series, 2 samples, " +
                           std::to_string(std::strlen(kClean)) + " B (text), ",
                       0) == 0);

  ProcessResult json = RunTtam({"scrape", "--format", "json", path});
  CHECK(json.exit_code == 0);
  auto doc = nlohmann::json::parse(json.out);
  const auto& scrape = doc["scrape"];
  CHECK(scrape["format"] == "text");
  CHECK(scrape["samples"] == 2);
  REQUIRE(scrape["metric_families"].size() == 2);
  const auto& family = scrape["metric_families"][0];
  CHECK(family["name"] == "app_requests_total");
  CHECK(family["type"] == "counter");
  CHECK(family["help"] == "Requests served.");
  CHECK(family["samples"][0]["labels"]["code"] == "200");
  CHECK(family["samples"][0]["value"] == "10");
  CHECK(doc["diagnostics"].empty());
  CHECK(doc["summary"]["errors"] == 0);
}

TEST_CASE("cli: stdin, gzip files and OpenMetrics sniffing") {
  ProcessResult r = RunTtam({"scrape", "--format", "json", "-"}, kClean);
  CHECK(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out)["scrape"]["target"] == "<stdin>");

  TempDir dir;
  std::string gz = dir.Write("m.prom.gz", Gzip(kClean));
  ProcessResult zipped = RunTtam({"scrape", "--format", "json", gz});
  CHECK(zipped.exit_code == 0);
  CHECK(nlohmann::json::parse(zipped.out)["scrape"]["samples"] == 2);

  std::string om = dir.Write("m.txt", "# TYPE a counter\n# HELP a A.\na_total 1\n# EOF\n");
  ProcessResult sniffed = RunTtam({"scrape", "--format", "json", om});
  CHECK(sniffed.exit_code == 0);
  CHECK(nlohmann::json::parse(sniffed.out)["scrape"]["format"] == "openmetrics");
  ProcessResult forced = RunTtam({"scrape", "--input-format", "openmetrics", "--format", "json",
                                  dir.Write("no-eof.txt", "a 1\n")});
  CHECK(forced.exit_code == 1);
  CHECK(CheckIds(nlohmann::json::parse(forced.out)).count("exposition/missing-eof") == 1);
}

// --format github: tests/cli/scrape/github.txt.
TEST_CASE("cli: sarif format") {
  TempDir dir;
  std::string path = dir.Write("c.prom", "# HELP c Things.\n# TYPE c counter\nc 1\n");
  ProcessResult sarif = RunTtam({"scrape", "--check", "--format", "sarif", path});
  auto doc = nlohmann::json::parse(sarif.out);
  CHECK(doc["version"] == "2.1.0");
  const auto& run = doc["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "ttam");
  CHECK(run["results"][0]["ruleId"] == "metrics/counter-suffix");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1);
}

TEST_CASE("cli: bad input gives a clear error, never a crash or a hang") {
  TempDir dir;
  // Empty input, a missing file, a directory and usage errors:
  // tests/cli/scrape/{empty_input,missing_file,directory,usage_*}.txt.
  SUBCASE("binary garbage: bounded findings, exit 1") {
    std::mt19937 rng(42);
    std::string garbage(2 << 20, '\0');
    for (auto& c : garbage) c = static_cast<char>(rng());
    ProcessResult r =
        RunTtam({"scrape", "--check", "--format", "json", dir.Write("garbage.bin", garbage)});
    CHECK(r.exit_code == 1);
    CHECK(r.signal == 0);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["diagnostics"].size() <= 1001);
    CHECK(doc["summary"]["errors"].get<int>() > 0);
  }
  SUBCASE("a 100 MB single line: skipped with one error, memory stays small") {
    std::string path = dir.path() + "/long.prom";
    {
      FILE* f = fopen(path.c_str(), "wb");
      std::string block(1 << 20, 'a');
      for (int i = 0; i < 100; ++i) fwrite(block.data(), 1, block.size(), f);
      fputs(" 1\nafter_line 2\n", f);
      fclose(f);
    }
    ProcessResult r = ttam::test::RunTtamMeasured({"scrape", "--check", "--format", "json", path});
    CHECK(r.exit_code == 1);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(CheckIds(doc).count("exposition/line-too-long") == 1);
    CHECK(doc["scrape"]["samples"] == 1);  // the line after it still parses
    CHECK(r.max_rss_kb > 0);
    CHECK(r.max_rss_kb < 64 * 1024);
    MESSAGE("peak memory for a 100 MB line: " << r.max_rss_kb / 1024 << " MiB");
  }
  SUBCASE("invalid UTF-8") {
    ProcessResult r =
        RunTtam({"scrape", "--check", dir.Write("bad.prom", "a{x=\"\xc3\x28\"} 1\n")});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("invalid UTF-8") != std::string::npos);
  }
  SUBCASE("truncated gzip") {
    std::string gz = Gzip(std::string(kClean) + kClean);
    ProcessResult r = RunTtam({"scrape", dir.Write("cut.gz", gz.substr(0, gz.size() / 2))});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("ttam: error: ") == 0);
    CHECK(r.err.find("gzip") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("cli: --version and --help") {
  ProcessResult v = RunTtam({"--version"});
  CHECK(v.exit_code == 0);
  CHECK(v.out.rfind("ttam ", 0) == 0);
  ProcessResult h = RunTtam({"scrape", "--help"});
  CHECK(h.exit_code == 0);
  CHECK(h.out.find("--require-prefix") != std::string::npos);
}
