// Differential test against `promtool check config` (Debian's promtool 2.42):
// the same verdict (loads / is refused) on configs whose features exist in
// both versions. Inputs: tests/promtool_diff/testdata/configs/*.{good,bad}.yml, written
// for this test, and the corpus's config/testdata and cmd/promtool/testdata
// *.good.yml / *.bad.yml. The file name is the ground truth: ttam must agree
// with it everywhere. promtool 2.42 disagrees with some corpus names (features
// added after 2.42, and SD plugins Debian leaves out, e.g. kubernetes_sd_configs
// is an unknown field there); those files are counted and listed, not failed.
// Files where ttam and promtool 2.42 differ by design are in kDeliberate.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/process.h"
#include "support/promtool.h"

namespace fs = std::filesystem;
using ttam::test::ProcessResult;

namespace {

struct Deliberate {
  std::string_view file;
  std::string_view reason;
};
const Deliberate kDeliberate[] = {
    {"testdata/configs/utf8_target_label.good.yml",
     "Prometheus 3 accepts UTF-8 label names such as \"service.name\" (metric_name_validation_"
     "scheme defaults to utf8); promtool 2.42 rejects them"},
};

// Corpus files that are not compared at all, with why.
const Deliberate kSkipped[] = {
    {"prometheus/cmd/promtool/testdata/prometheus-config.rules.good.yml",
     "a rule file for promtool check rules, not a config"},
};

// upstream's config/testdata names TLS, token, kubeconfig and rule files that
// the corpus copy leaves out (Prometheus's loader never opens them; ttam and
// promtool do). Such a file is skipped when missing files are ttam's only errors.
constexpr std::string_view kConfigTestdata = "prometheus/config/testdata/";

bool OnlyMissingFiles(const std::string& json_out) {
  nlohmann::json doc = nlohmann::json::parse(json_out, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return false;
  bool any = false;
  for (const auto& d : doc["diagnostics"]) {
    if (d["severity"] != "error") continue;
    if (d["check"] != "config/missing-file") return false;
    any = true;
  }
  return any;
}

struct Input {
  std::string path;   ///< absolute
  std::string label;  ///< for messages and kDeliberate
  bool good = false;  ///< the file name's verdict
  bool corpus = false;
};

bool HasVerdict(const std::string& name, bool* good) {
  if (name.ends_with(".good.yml")) {
    *good = true;
    return true;
  }
  if (name.ends_with(".bad.yml")) {
    *good = false;
    return true;
  }
  return false;
}

std::vector<Input> Inputs() {
  std::vector<Input> inputs;
  auto add = [&](const fs::path& dir, const std::string& label_dir, bool corpus) {
    if (!fs::is_directory(dir)) return;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::string name = entry.path().filename().string();
      bool good = false;
      if (!HasVerdict(name, &good)) continue;
      inputs.push_back({entry.path().string(), label_dir + "/" + name, good, corpus});
    }
  };
  add(fs::path(TTAM_SOURCE_DIR) / "tests/promtool_diff/testdata/configs", "testdata/configs",
      false);
  fs::path corpus(TTAM_CORPUS_DIR);
  add(corpus / "prometheus/config/testdata", "prometheus/config/testdata", true);
  add(corpus / "prometheus/cmd/promtool/testdata", "prometheus/cmd/promtool/testdata", true);
  std::sort(inputs.begin(), inputs.end(),
            [](const Input& a, const Input& b) { return a.label < b.label; });
  return inputs;
}

const Deliberate* FindDeliberate(std::string_view label) {
  for (const Deliberate& d : kDeliberate) {
    if (d.file == label) return &d;
  }
  return nullptr;
}

// promtool's reason: its FAILED line, with the next line when it ends in ':'.
std::string FirstLine(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("FAILED") != std::string::npos || line.find("error") != std::string::npos) {
      std::string next;
      if (line.ends_with(":") && std::getline(in, next)) line += " " + next;
      return line;
    }
  }
  return text.substr(0, text.find('\n'));
}

}  // namespace

TEST_CASE("differential: ttam lint-config and promtool check config agree on verdicts") {
  std::string promtool = ttam::test::FindPromtool();
  if (promtool.empty()) {
    MESSAGE(ttam::test::kPromtoolMissing);
    return;
  }
  if (!fs::is_directory(TTAM_CORPUS_DIR)) {
    MESSAGE("SKIPPED the corpus: "
            << TTAM_CORPUS_DIR
            << " not found; only tests/promtool_diff/testdata/configs is compared");
  }

  size_t compared = 0;        // files where promtool's verdict is the file name's
  size_t agree_promtool = 0;  // ... and ttam's verdict is the same
  size_t agree_names = 0;     // ttam's verdict is the file name's (all files)
  size_t total = 0;
  std::vector<std::string> promtool_differs;  // promtool 2.42 vs the file name
  std::vector<std::string> deliberate;
  std::vector<std::string> skipped;

  for (const Input& input : Inputs()) {
    CAPTURE(input.label);
    if (const Deliberate* d = [&]() -> const Deliberate* {
          for (const Deliberate& s : kSkipped) {
            if (s.file == input.label) return &s;
          }
          return nullptr;
        }()) {
      skipped.push_back(input.label + ": " + std::string(d->reason));
      continue;
    }
    ProcessResult t = ttam::test::RunTtam({"lint-config", "--format", "json", input.path});
    CAPTURE(t.out);
    CAPTURE(t.err);
    CHECK_MESSAGE((t.exit_code == 0 || t.exit_code == 1),
                  "ttam lint-config could not run: exit " << t.exit_code);
    bool ttam_good = t.exit_code == 0;
    if (input.corpus && input.good && input.label.starts_with(kConfigTestdata) &&
        OnlyMissingFiles(t.out)) {
      skipped.push_back(input.label +
                        ": names files the corpus copy leaves out (only config/missing-file)");
      continue;
    }

    if (const Deliberate* d = FindDeliberate(input.label)) {
      deliberate.push_back(input.label + ": " + std::string(d->reason));
      CHECK(ttam_good == input.good);
      continue;
    }
    ++total;
    CHECK_MESSAGE(ttam_good == input.good,
                  "ttam says " << std::string(ttam_good ? "good" : "bad") << ", the file name says "
                               << std::string(input.good ? "good" : "bad"));
    agree_names += ttam_good == input.good ? 1 : 0;

    ProcessResult p = ttam::test::RunProcess({promtool, "check", "config", input.path});
    bool promtool_good = p.exit_code == 0;
    if (promtool_good != input.good) {
      // promtool 2.42 lacks the feature (or the SD plugin); the file name wins.
      CHECK_MESSAGE(input.corpus, "promtool disagrees with a config written for this test: "
                                      << FirstLine(p.out + p.err));
      promtool_differs.push_back(input.label +
                                 " (promtool 2.42: " + (promtool_good ? "good" : "bad") + ": " +
                                 FirstLine(p.out + p.err) + ")");
      continue;
    }
    ++compared;
    agree_promtool += ttam_good == promtool_good ? 1 : 0;
  }

  MESSAGE("lint-config vs promtool 2.42: "
          << agree_promtool << "/" << compared
          << " same verdict where promtool agrees with the file "
             "name; ttam agrees with the file name on "
          << agree_names << "/" << total << "; " << promtool_differs.size()
          << " files where promtool 2.42 disagrees with the "
             "file name (not compared); "
          << deliberate.size() << " deliberate differences; " << skipped.size() << " skipped");
  for (const std::string& d : deliberate) MESSAGE("deliberate difference: " << d);
  for (const std::string& d : skipped) MESSAGE("skipped: " << d);
  std::ostringstream list;
  for (const std::string& d : promtool_differs) list << "\n  " << d;
  MESSAGE("promtool 2.42 disagrees with the file name on:" << list.str());
  CHECK(total > 0);
}
