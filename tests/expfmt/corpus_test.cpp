// Ground truth: Prometheus's own test expositions must parse without a
// single syntax error. Reads ../shared/corpus; skips visibly without it.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "diag/diagnostic.h"
#include "expfmt/parser.h"

namespace fs = std::filesystem;

namespace {

// Files in the searched folders that are not expositions, with the reason.
const std::map<std::string, std::string> kSkips = {
    {"dump-series-1.prom", "JSON lines (output of promtool tsdb dump --format seriesjson)"},
    {"dump-series-2.prom", "JSON lines (output of promtool tsdb dump --format seriesjson)"},
    {"dump-series-3.prom", "JSON lines (output of promtool tsdb dump --format seriesjson)"},
};

class CountingConsumer : public ttam::expfmt::Consumer {
 public:
  void OnSample(const ttam::expfmt::SampleEvent&) override { ++samples; }
  uint64_t samples = 0;
};

}  // namespace

TEST_CASE("corpus: every Prometheus test exposition parses") {
  fs::path corpus = fs::path(TTAM_CORPUS_DIR) / "prometheus";
  if (!fs::exists(corpus)) {
    MESSAGE("SKIPPED: corpus not found at " << corpus.string()
                                            << " (it sits beside the project in CI only)");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpus / "model/textparse/testdata")) {
    files.push_back(e.path());
  }
  for (const auto& e : fs::directory_iterator(corpus / "cmd/promtool/testdata")) {
    if (e.path().extension() == ".prom") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  uint64_t parsed = 0, samples = 0, skipped = 0;
  for (const auto& path : files) {
    std::string name = path.filename().string();
    if (auto it = kSkips.find(name); it != kSkips.end()) {
      MESSAGE("skip " << name << ": " << it->second);
      ++skipped;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    auto format = ttam::expfmt::SniffFormat(
        text.substr(0, 65536), text.size() > 4096 ? text.substr(text.size() - 4096) : text);
    ttam::diag::CollectingSink sink;
    CountingConsumer consumer;
    ttam::expfmt::ParseString(format, path.string(), text, consumer, sink);
    CAPTURE(name);
    for (const auto& d : sink.diagnostics) {
      FAIL_CHECK(d.path << ":" << d.line << ":" << d.column << ": " << d.message);
    }
    CHECK(consumer.samples > 0);
    ++parsed;
    samples += consumer.samples;
  }
  MESSAGE("corpus expositions: " << parsed << " files parsed, " << samples << " samples, "
                                 << skipped << " skipped (listed above)");
  CHECK(parsed >= 10);
}
