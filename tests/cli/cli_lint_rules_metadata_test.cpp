// `ttam lint-rules --metadata URL` and `--scrape-metadata` against servers on
// 127.0.0.1 (the file forms are golden cases in tests/cli/lint-rules/).
#include <doctest/doctest.h>

#include <string>

#include "support/fixture_server.h"
#include "support/process.h"

using ttam::test::FixtureServer;
using ttam::test::ProcessResult;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

const std::string kQueueRules =
    "groups:\n"
    "  - name: app\n"
    "    rules:\n"
    "      - alert: QueueGrowing\n"
    "        expr: rate(app_queue_depth[5m]) > 1\n"
    "        for: 5m\n";

const std::string kQueueExposition =
    "# HELP app_queue_depth Jobs waiting.\n"
    "# TYPE app_queue_depth gauge\n"
    "app_queue_depth 3\n";

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("cli: lint-rules --metadata URL: a server's root stands for /api/v1/metadata") {
  FixtureServer server({{.path = "/api/v1/metadata",
                         .content_type = "application/json",
                         .body = R"({"status":"success","data":{"app_queue_depth":)"
                                 R"([{"type":"gauge","help":"","unit":""}]}})"}});
  TempDir dir;
  std::string rules = dir.Write("r.yml", kQueueRules);
  std::string root = server.Url("");
  ProcessResult r = RunTtam({"lint-rules", "--metadata", root, rules});
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(Has(r.out, "rate() over \"app_queue_depth\", but it is a gauge (TYPE gauge in --metadata " +
                       root + ")"));
  // Without it the type is unknown and the check stays silent.
  ProcessResult plain = RunTtam({"lint-rules", rules});
  CHECK_FALSE(Has(plain.out, "rules/rate-non-counter"));
}

TEST_CASE("cli: lint-rules --metadata URL of an exposition; an unreachable one fails") {
  FixtureServer server({{.path = "/metrics", .body = kQueueExposition}});
  TempDir dir;
  std::string rules = dir.Write("r.yml", kQueueRules);
  ProcessResult r = RunTtam({"lint-rules", "--metadata", server.Url("/metrics"), rules});
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(Has(r.out, "[rules/rate-non-counter]"));

  ProcessResult missing = RunTtam({"lint-rules", "--metadata", server.Url("/nope"), rules});
  CHECK(missing.exit_code == 2);
  CHECK(Has(missing.err, "ttam: error: --metadata: " + server.Url("/nope")));
}

TEST_CASE("cli: lint-rules --scrape-metadata reads the config's targets") {
  FixtureServer server({{.path = "/metrics", .body = kQueueExposition}});
  TempDir dir;
  std::string rules = dir.Write("r.yml", kQueueRules);
  std::string address = "127.0.0.1:" + std::to_string(server.port());
  std::string config = dir.Write("prometheus.yml",
                                 "scrape_configs:\n"
                                 "  - job_name: app\n"
                                 "    static_configs: [{targets: ['" +
                                     address +
                                     "']}]\n"
                                     "  - job_name: gone\n"
                                     "    static_configs: [{targets: ['127.0.0.1:1']}]\n");
  ProcessResult r = RunTtam({"lint-rules", "--config", config, "--scrape-metadata", rules});
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(Has(r.out, "(TYPE gauge in target http://" + address + "/metrics)"));
  // A target that cannot be scraped is named; the run goes on.
  CHECK(Has(r.err, "ttam: warning: --scrape-metadata: http://127.0.0.1:1/metrics: "));
}
