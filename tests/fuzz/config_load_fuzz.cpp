// libFuzzer target for prometheus.yml: config::Load on arbitrary bytes, with
// the files a config may name (rule files, scrape_config_files, file_sd,
// credentials) in an in-memory file system, must neither crash nor trip a
// sanitizer, and a config it calls valid must not have reported an error;
// then every config lint runs on what loaded (models of invalid configs may
// be partial: the lints must cope).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "diag/diagnostic.h"
#include "lint/config/linter.h"
#include "support/memory_fs.h"

namespace {

class CountingSink : public ttam::diag::Sink {
 public:
  void Report(ttam::diag::Diagnostic d) override {
    ++count;
    if (d.severity == ttam::diag::Severity::kError) ++errors;
  }
  size_t count = 0;
  size_t errors = 0;
};

// What the seeds' relative paths resolve to next to /etc/prometheus/prometheus.yml.
ttam::testing::MemoryFileSystem Files() {
  ttam::testing::MemoryFileSystem fs;
  fs.dirs.insert("/etc/prometheus/rules");
  fs.files["/etc/prometheus/rules/a.yml"] =
      "groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) "
      "(up)\n";
  fs.files["/etc/prometheus/rules/b.yml"] = "groups: []\n";
  fs.files["/etc/prometheus/jobs/a.yml"] =
      "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n";
  fs.files["/etc/prometheus/targets/a.json"] =
      "[{\"targets\": [\"a:1\"], \"labels\": {\"x\": \"y\"}}]";
  fs.files["/etc/prometheus/targets/b.yml"] = "- targets: ['b:1']\n";
  fs.files["/etc/prometheus/pw"] = "secret\n";
  fs.files["/etc/prometheus/token"] = "token\n";
  return fs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ttam::testing::MemoryFileSystem fs = Files();
  CountingSink sink;
  ttam::config::LoadedConfig loaded =
      ttam::config::Load("/etc/prometheus/prometheus.yml", std::move(text), sink, fs);
  if (loaded.valid && sink.errors > 0) std::abort();
  std::vector<ttam::lint::LoadedRuleFile> rule_files;
  ttam::lint::LintConfig({loaded, rule_files}, sink, [](std::string_view) { return true; });
  return 0;
}
