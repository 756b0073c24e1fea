// Every Prometheus config in the shared corpus, loaded from disk: upstream's
// file names say whether Prometheus accepts it (*.good.yml) or rejects it
// (*.bad.yml); the few other configs are checked against what upstream's
// own tests expect of them.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/schema.h"

namespace fs = std::filesystem;
using ttam::config::Load;
using ttam::config::LoadOptions;

namespace {

enum class Expect { kValid, kInvalid };

struct Verdict {
  bool valid = false;
  std::string errors;  // the first error findings, for the failure message
};

/// Drops config/missing-file findings: Prometheus's config loader never
/// opens TLS, secret or SD files (promtool's check does; see below).
class Sink : public ttam::diag::Sink {
 public:
  explicit Sink(bool ignore_missing_files) : ignore_missing_files_(ignore_missing_files) {}
  void Report(ttam::diag::Diagnostic d) override {
    if (d.severity != ttam::diag::Severity::kError) return;
    if (ignore_missing_files_ && d.check == ttam::config::kMissingFile) return;
    ++errors;
    if (errors <= 3) {
      text += d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
              d.message + " [" + d.check + "]\n";
    }
  }
  int errors = 0;
  std::string text;

 private:
  bool ignore_missing_files_;
};

Verdict LoadVerdict(const fs::path& file, bool ignore_missing_files, bool agent_mode) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  Sink sink(ignore_missing_files);
  LoadOptions options;
  options.agent_mode = agent_mode;
  auto loaded = Load(file.string(), ss.str(), sink, ttam::RealFileSystem(), options);
  // `valid` counts every error; the corpus verdict leaves out the ignored ids.
  return Verdict{sink.errors == 0 && !loaded.documents.empty(), sink.text};
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct CorpusCase {
  std::string name;
  bool agent_mode = false;
  Expect expect = Expect::kValid;
  std::string why;  // where the expectation comes from, when not the file name
};

std::vector<std::string> SortedFiles(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("corpus: every upstream config gets Prometheus's verdict") {
  const fs::path corpus = fs::path(TTAM_CORPUS_DIR) / "prometheus";
  const fs::path config_dir = corpus / "config" / "testdata";
  const fs::path promtool_dir = corpus / "cmd" / "promtool" / "testdata";
  if (!fs::is_directory(config_dir) || !fs::is_directory(promtool_dir)) {
    MESSAGE("SKIPPED: corpus not found at " << corpus.string());
    return;
  }

  // Configs whose names say neither good nor bad: upstream's config_test.go
  // loads them and states the outcome.
  const std::vector<CorpusCase> config_named = {
      {"agent_mode.with_alert_manager.yml", true, Expect::kInvalid, "TestAgentMode"},
      {"agent_mode.with_alert_relabels.yml", true, Expect::kInvalid, "TestAgentMode"},
      {"agent_mode.with_remote_reads.yml", true, Expect::kInvalid, "TestAgentMode"},
      {"agent_mode.with_rule_files.yml", true, Expect::kInvalid, "TestAgentMode"},
      {"agent_mode.without_remote_writes.yml", true, Expect::kValid, "TestAgentMode"},
      {"agent_mode.good.yml", true, Expect::kValid, "TestAgentMode"},
      {"agent_mode.with_alert_manager.yml", false, Expect::kValid, "server mode"},
      {"agent_mode.with_alert_relabels.yml", false, Expect::kValid, "server mode"},
      {"agent_mode.with_remote_reads.yml", false, Expect::kValid, "server mode"},
      {"agent_mode.with_rule_files.yml", false, Expect::kValid, "server mode"},
      {"agent_mode.without_remote_writes.yml", false, Expect::kValid, "server mode"},
      {"config_with_deprecated_am_api_config.yml", false, Expect::kInvalid,
       "api_version v1 is gone in Prometheus 3"},
      {"otlp_allow_utf8.incompatible.yml", false, Expect::kInvalid, "TestOTLPAllowUTF8"},
      {"otlp_no_translation.incompatible.yml", false, Expect::kInvalid, "TestOTLPAllowUTF8"},
      {"otlp_empty.yml", false, Expect::kValid, "TestOTLPAllowUTF8"},
      {"scrape_config_default_validation_mode.yml", false, Expect::kValid,
       "TestScrapeConfigNameValidationSettings"},
      {"scrape_config_global_validation_mode.yml", false, Expect::kValid,
       "TestScrapeConfigNameValidationSettings"},
      {"scrape_config_local_global_validation_mode.yml", false, Expect::kValid,
       "TestScrapeConfigNameValidationSettings"},
      {"scrape_config_local_infer_escaping.yml", false, Expect::kValid,
       "TestScrapeConfigNameValidationSettings"},
      {"scrape_config_local_validation_mode.yml", false, Expect::kValid,
       "TestScrapeConfigNameValidationSettings"},
  };
  // promtool's own tests (TestCheckConfigSyntax) for configs without a verdict
  // in their name: promtool checks that rule and TLS files exist.
  const std::vector<CorpusCase> promtool_named = {
      {"config_with_rule_files.yml", false, Expect::kInvalid, "rule file does not exist"},
      {"config_with_service_discovery_files.yml", false, Expect::kValid,
       "missing file_sd files are only a warning"},
      {"config_with_tls_files.yml", false, Expect::kInvalid, "TLS files do not exist"},
      {"prometheus-config.lint.yml", false, Expect::kValid, "lint input; loads"},
      {"prometheus-config.lint.too_long_scrape_interval.yml", false, Expect::kValid,
       "lint input; loads"},
  };

  int checked = 0;
  int agree = 0;
  std::vector<std::string> skipped;
  std::vector<std::string> disagreements;

  auto check = [&](const fs::path& dir, const CorpusCase& c, bool ignore_missing_files) {
    Verdict v = LoadVerdict(dir / c.name, ignore_missing_files, c.agent_mode);
    ++checked;
    bool want_valid = c.expect == Expect::kValid;
    if (v.valid == want_valid) {
      ++agree;
    } else {
      disagreements.push_back((dir / c.name).string() + (c.agent_mode ? " (agent mode)" : "") +
                              ": want " + (want_valid ? "valid" : "invalid") +
                              (c.why.empty() ? "" : " (" + c.why + ")") + ", got " +
                              (v.valid ? "valid" : "invalid\n" + v.errors));
    }
  };

  // Prometheus's loader never opens TLS or secret files, so upstream's
  // config/testdata names files that are not there: config/missing-file is
  // ignored for this folder (and only for it).
  for (const std::string& name : SortedFiles(config_dir)) {
    if (EndsWith(name, ".good.yml")) {
      check(config_dir, CorpusCase{name, false, Expect::kValid, ""}, true);
    } else if (EndsWith(name, ".bad.yml")) {
      check(config_dir, CorpusCase{name, false, Expect::kInvalid, ""}, true);
    } else {
      bool listed = false;
      for (const CorpusCase& c : config_named) {
        if (c.name != name) continue;
        check(config_dir, c, true);
        listed = true;
      }
      if (!listed) skipped.push_back("config/testdata/" + name + ": not a config (a rule file)");
    }
  }
  skipped.push_back(
      "config/testdata/scrape_configs/*: fragments included by scrape_config_files, checked "
      "through scrape_config_files_glob.good.yml");

  // promtool checks the files a config names, so here missing files count.
  for (const std::string& name : SortedFiles(promtool_dir)) {
    bool is_config = EndsWith(name, ".good.yml") || EndsWith(name, ".bad.yml");
    if (name == "prometheus-config.rules.good.yml") {
      skipped.push_back("cmd/promtool/testdata/" + name +
                        ": a rule file for promtool check rules, not a config");
      continue;
    }
    if (is_config) {
      check(promtool_dir,
            CorpusCase{name, false, EndsWith(name, ".good.yml") ? Expect::kValid : Expect::kInvalid,
                       ""},
            false);
      continue;
    }
    bool listed = false;
    for (const CorpusCase& c : promtool_named) {
      if (c.name != name) continue;
      check(promtool_dir, c, false);
      listed = true;
    }
    if (!listed) {
      skipped.push_back("cmd/promtool/testdata/" + name +
                        ": not a Prometheus config (rules, rule tests, expositions or SD files)");
    }
  }

  std::string skip_list;
  for (const auto& s : skipped) skip_list += "  skip " + s + "\n";
  MESSAGE("corpus: " << agree << "/" << checked << " configs agree with Prometheus; "
                     << skipped.size() << " files skipped:\n"
                     << skip_list);
  for (const auto& d : disagreements) FAIL_CHECK(d);
  CHECK(agree == checked);
}
