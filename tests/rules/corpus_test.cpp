// Every rule file in the shared corpus (Prometheus's rulefmt testdata and the
// rule files of promtool's testdata), loaded from disk: upstream's file names
// say whether Prometheus rejects it (*.bad.yaml, *.bad.yml, bad-*) or loads it;
// the files whose verdict the name does not give are listed with a reason.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "rules/rule_file.h"

namespace fs = std::filesystem;

namespace {

std::string Read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A rule file: a top-level `groups:` key (promtool's testdata also holds
// configs, unit tests and expositions).
bool IsRuleFile(const std::string& text) {
  return text.rfind("groups:", 0) == 0 || text.find("\ngroups:") != std::string::npos;
}

bool NamedBad(const std::string& name) {
  auto ends = [&](const std::string& suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".bad.yaml") || ends(".bad.yml") || name.rfind("bad-", 0) == 0;
}

struct Special {
  bool valid;                        // what Prometheus does with it
  ttam::rules::LoadOptions options;  // how upstream's test loads it
  const char* reason;
};

ttam::rules::LoadOptions Legacy() {
  ttam::rules::LoadOptions o;
  o.name_validation = ttam::model::NameValidation::kLegacy;
  return o;
}

ttam::rules::LoadOptions AllFeatures() {
  ttam::rules::LoadOptions o;
  o.experimental_functions = true;
  o.syntax = ttam::promql::ParseOptions::All();
  return o;
}

// Files whose verdict is not what their name says, or that need options.
const std::map<std::string, Special> kSpecial = {
    {"legacy_validation_annotation.bad.yaml",
     {false, Legacy(),
      "rejected under metric_name_validation_scheme: legacy (how upstream's test loads it); "
      "Prometheus 3's default UTF-8 scheme accepts it, like utf-8_annotation.good.yaml"}},
    {"bad-rules-error.yml",
     {true, {}, "loads; it fails only when evaluated (many-to-many matching) in a unit test"}},
    {"rules-bad.yml", {false, {}, "rejected: its template reads $label, an undefined variable"}},
    {"rules_extrafields.yml",
     {false,
      {},
      "rejected: unknown group fields; promtool loads it only with --ignore-unknown-fields "
      "(in ttam: --disable rules/unknown-field)"}},
    {"features.yml",
     {true, AllFeatures(),
      "uses the PromQL feature flags; loads when they are enabled (promtool's test enables them)"}},
};

}  // namespace

TEST_CASE("rule files: the corpus loads and fails exactly as in Prometheus") {
  const fs::path corpus = TTAM_CORPUS_DIR;
  const fs::path dirs[] = {corpus / "prometheus/model/rulefmt/testdata",
                           corpus / "prometheus/cmd/promtool/testdata"};
  if (!fs::exists(dirs[0])) {
    MESSAGE("SKIPPED: the corpus is not at " << corpus.string()
                                             << " (a clone without ../shared); nothing checked");
    return;
  }
  std::vector<fs::path> files;
  for (const fs::path& dir : dirs) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".yml" && ext != ".yaml") continue;
      if (IsRuleFile(Read(entry.path()))) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  size_t agree = 0, bad = 0;
  for (const fs::path& file : files) {
    std::string name = file.filename().string();
    bool want_valid = !NamedBad(name);
    ttam::rules::LoadOptions options;
    auto special = kSpecial.find(name);
    if (special != kSpecial.end()) {
      want_valid = special->second.valid;
      options = special->second.options;
      MESSAGE("listed: " << name << ": " << special->second.reason);
    }
    ttam::diag::CollectingSink sink;
    auto loaded =
        ttam::rules::LoadRuleFile(file.string(), Read(file), sink, ttam::RealFileSystem(), options);
    std::string first = sink.diagnostics.empty()
                            ? std::string()
                            : sink.diagnostics[0].message + " [" + sink.diagnostics[0].check + "]";
    CAPTURE(name);
    CAPTURE(first);
    CHECK(loaded.valid == want_valid);
    if (loaded.valid == want_valid) ++agree;
    if (!want_valid) ++bad;
  }
  MESSAGE("rule files in the corpus: " << agree << "/" << files.size() << " agree with Prometheus ("
                                       << bad << " rejected, " << kSpecial.size()
                                       << " listed above)");
  CHECK(files.size() >= 25);
  CHECK(agree == files.size());
}

TEST_CASE("rule files: the corpus files that need options fail without them") {
  const fs::path corpus = TTAM_CORPUS_DIR;
  if (!fs::exists(corpus / "prometheus/model/rulefmt/testdata")) {
    MESSAGE("SKIPPED: the corpus is not at " << corpus.string() << "; nothing checked");
    return;
  }
  for (const char* rel : {"prometheus/cmd/promtool/testdata/features.yml"}) {
    CAPTURE(rel);
    ttam::diag::CollectingSink sink;
    auto loaded = ttam::rules::LoadRuleFile(rel, Read(corpus / rel), sink, ttam::RealFileSystem());
    CHECK_FALSE(loaded.valid);
  }
  // The UTF-8 scheme (Prometheus 3's default) accepts the legacy .bad file.
  ttam::diag::CollectingSink sink;
  auto loaded = ttam::rules::LoadRuleFile(
      "legacy",
      Read(corpus / "prometheus/model/rulefmt/testdata/legacy_validation_annotation.bad.yaml"),
      sink, ttam::RealFileSystem());
  CHECK(loaded.valid);
}
