// The opinion checks on real files nobody here wrote
// (../shared/corpus/realworld, whose README labels findings real or noise):
// the noise stays silent, by default and under --enable strict where the
// check was narrowed; the real finding still fires when the check is enabled.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"

namespace {

const std::string kRealworld = std::string(TTAM_CORPUS_DIR) + "/realworld/";

// The lines at which `check` reports in `file` (a path under the corpus).
std::vector<int> RealworldFindings(const std::vector<std::string>& args, const std::string& file,
                                   const std::string& check) {
  std::vector<std::string> all = {"--format", "json"};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back(kRealworld + file);
  ttam::test::ProcessResult r = ttam::test::RunTtam(all);
  CAPTURE(r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  std::vector<int> lines;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  for (const auto& d : doc["diagnostics"]) {
    if (d["check"] == check) lines.push_back(d["line"].get<int>());
  }
  return lines;
}

bool RealworldHasLine(const std::vector<int>& lines, int line) {
  for (int l : lines) {
    if (l == line) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("cli: real files: opinion noise stays silent, real findings fire when enabled") {
  if (!std::filesystem::exists(kRealworld)) {
    MESSAGE("skipped: " << kRealworld << " is absent (the corpus lives in ../shared)");
    return;
  }
  const std::vector<std::string> config = {"lint-config", "--disable", "config/missing-file"};
  const std::vector<std::string> strict_config = {"lint-config", "--disable", "config/missing-file",
                                                  "--enable", "strict"};
  // Prometheus's own default timeout, and a 5s interval in a demo stack.
  for (const auto& args : {config, strict_config}) {
    CHECK(RealworldFindings(args, "configs/dockprom/prometheus.yml", "config/timeout-near-interval")
              .empty());
    CHECK(RealworldFindings(args, "configs/jaeger/monitor/prometheus.yml",
                            "config/scrape-interval-range")
              .empty());
  }
  // Watchdog (vector(1)) and an explicit for: 0s; a compatibility file's
  // old names.
  const std::vector<std::string> rules = {"lint-rules"};
  const std::vector<std::string> strict_rules = {"lint-rules", "--enable", "strict"};
  for (const auto& args : {rules, strict_rules}) {
    CHECK(RealworldFindings(args, "rules/kube-prometheus/kubePrometheus-prometheusRule.yaml",
                            "rules/alert-without-for")
              .empty());
    CHECK(!RealworldHasLine(
        RealworldFindings(args, "rules/kube-prometheus/kubernetesControlPlane-prometheusRule.yaml",
                          "rules/alert-without-for"),
        800));
  }
  CHECK(RealworldFindings(rules, "rules/node_exporter/docs/example-16-compatibility-rules.yml",
                          "rules/record-naming")
            .empty());
  // CephOSDDownHigh thresholds a raw gauge ratio without for: real, reported
  // when the check is enabled.
  CHECK(RealworldFindings(rules, "rules/rook/localrules.yaml", "rules/alert-without-for").empty());
  std::vector<int> enabled =
      RealworldFindings({"lint-rules", "--enable", "rules/alert-without-for"},
                        "rules/rook/localrules.yaml", "rules/alert-without-for");
  CAPTURE(enabled.size());
  CHECK(RealworldHasLine(enabled, 90));
}
