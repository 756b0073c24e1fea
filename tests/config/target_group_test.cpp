// Target groups: static_configs and file_sd files (JSON or YAML), with
// positions.
#include "config/target_group.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "config/config.h"
#include "support/memory_fs.h"

using ttam::config::ParseFileSd;
using ttam::testing::MemoryFileSystem;
using ttam::testing::Render;

namespace {

struct TargetGroupCase {
  std::string_view name, path, input, want;
  size_t targets;
};

// clang-format off
const TargetGroupCase kTargetGroupCases[] = {
    {"json: targets and labels", "/sd/a.json",
     R"([{"targets": ["a:9100", "b:9100"], "labels": {"env": "prod"}}])", "", 2},
    {"json: syntax error with position", "/sd/a.json",
     "[{\"targets\": [\"a:9100\"],}]",
     R"x(/sd/a.json:1:25: error: invalid JSON: syntax error while parsing object key - unexpected '}'; expected string literal [config/file])x", 0},
    {"json: unknown field", "/sd/a.json",
     R"([{"targats": ["a:9100"]}])",
     R"x(/sd/a.json:1:3: error: unknown field "targats" in [0]; did you mean "targets"? [config/unknown-field])x", 0},
    {"json: repeated keys are allowed, as in Go", "/sd/a.json",
     R"([{"targets": ["a:1"], "targets": ["b:2"]}])", "", 1},
    {"yaml: a list of groups", "/sd/a.yml",
     "- targets: [a:9100]\n  labels:\n    job: node\n- targets:\n    - b:9100\n", "", 2},
    {"yaml: not a list", "/sd/a.yml", "targets: [a:9100]\n",
     R"x(/sd/a.yml:1:1: error: a file_sd file must be a list of target groups ({targets: [...], labels: {...}}), got a mapping [config/type])x", 0},
    {"yaml: invalid label name", "/sd/a.yml",
     "- targets: [a:9100]\n  labels:\n    \"\": x\n",
     R"x(/sd/a.yml:3:5: error: [0].labels: "" is not a valid label name: label names must be non-empty, valid UTF-8 [config/value])x", 1},
    {"yaml: empty group", "/sd/a.yml", "- targets: [a:9100]\n-\n",
     R"x(/sd/a.yml:3:1: error: [1]: empty target group: remove it or fill it in [config/value])x", 1},
};
// clang-format on

}  // namespace

TEST_CASE("file_sd: target groups from JSON and YAML") {
  for (const TargetGroupCase& c : kTargetGroupCases) {
    CAPTURE(c.name);
    MemoryFileSystem fs;
    ttam::diag::CollectingSink sink;
    auto parsed = ParseFileSd(std::string(c.path), std::string(c.input), sink, fs);
    CHECK(Render(sink.diagnostics, "") == c.want);
    CHECK(parsed.valid == c.want.empty());
    CHECK(parsed.targets.size() == c.targets);
  }
}

TEST_CASE("file_sd: targets carry their group's labels and positions") {
  MemoryFileSystem fs;
  ttam::diag::CollectingSink sink;
  auto parsed =
      ParseFileSd("/sd/a.yml", "- labels:\n    job: node\n  targets:\n    - a:9100\n", sink, fs);
  REQUIRE(parsed.targets.size() == 1);
  const auto& t = parsed.targets[0];
  CHECK(t.address == "a:9100");
  CHECK(t.labels.at("job") == "node");
  CHECK(t.origin.path == "[0].targets[0]");
  CHECK(t.origin.node->mark.line == 4);
  CHECK(t.origin.doc == parsed.doc.get());
}

TEST_CASE("static_configs: !!binary label names are decoded and checked") {
  MemoryFileSystem fs;
  ttam::diag::CollectingSink sink;
  auto loaded = ttam::config::Load("/etc/prometheus/prometheus.yml", R"(scrape_configs:
  - job_name: j
    static_configs:
      - targets: [a:1]
        labels:
          !!binary "/w==": bar
          !!binary "Zm9v": bar
)",
                                   sink, fs);
  CHECK(
      Render(sink.diagnostics) ==
      R"(6:11: error: scrape_configs[0].static_configs[0].labels: "\xff" is not a valid label name: label names must be non-empty, valid UTF-8 [config/value])");
  CHECK_FALSE(loaded.valid);
}
