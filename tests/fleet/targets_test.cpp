#include "fleet/targets.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "fleet/scrape_targets.h"
#include "support/clock.h"
#include "support/fixture_server.h"
#include "support/memory_fs.h"

namespace ttam::fleet {
namespace {

using test::Behaviour;
using test::FixtureServer;
using test::Route;

constexpr char kPath[] = "/etc/prometheus/prometheus.yml";

struct Loaded {
  config::LoadedConfig config;
  std::vector<Target> targets;
  std::vector<diag::Diagnostic> findings;  ///< from TargetsFromConfig only
};

Loaded Targets(const std::string& yml, testing::MemoryFileSystem& fs, const std::string& job = "",
               bool require_valid = true, std::string_view id_prefix = "cardinality") {
  Loaded out;
  diag::CollectingSink load_sink;
  out.config = config::Load(kPath, yml, load_sink, fs);
  INFO(testing::Render(load_sink.diagnostics));
  if (require_valid) REQUIRE(out.config.valid);
  diag::CollectingSink sink;
  out.targets = TargetsFromConfig(out.config, job, fs, id_prefix, sink);
  out.findings = std::move(sink.diagnostics);
  return out;
}

Loaded Targets(const std::string& yml, const std::string& job = "") {
  testing::MemoryFileSystem fs;
  return Targets(yml, fs, job);
}

std::vector<std::string> Urls(const std::vector<Target>& targets) {
  std::vector<std::string> out;
  for (const Target& t : targets) out.push_back(t.url);
  return out;
}

TEST_CASE("static targets get the job's scheme, path, params and timeout") {
  auto got = Targets(R"(global:
  scrape_interval: 30s
  scrape_timeout: 5s
scrape_configs:
  - job_name: a
    static_configs:
      - targets: ["h1:9100", "h2:9100"]
        labels: {env: prod}
  - job_name: b
    scheme: https
    metrics_path: /probe
    scrape_timeout: 3s
    params:
      module: [http_2xx]
      target: ["x y&z"]
    static_configs:
      - targets: ["h3:443"]
)");
  CHECK(got.findings.empty());
  CHECK(Urls(got.targets) ==
        std::vector<std::string>{"http://h1:9100/metrics", "http://h2:9100/metrics",
                                 "https://h3:443/probe?module=http_2xx&target=x+y%26z"});
  REQUIRE(got.targets.size() == 3);
  CHECK(got.targets[0].job == "a");
  CHECK(got.targets[0].fetch.timeout == std::chrono::milliseconds(5000));
  CHECK(got.targets[2].fetch.timeout == std::chrono::milliseconds(3000));
  CHECK(got.targets[0].labels ==
        std::map<std::string, std::string>{{"env", "prod"}, {"instance", "h1:9100"}, {"job", "a"}});
  CHECK(got.targets[0].origin.node != nullptr);
}

TEST_CASE("relabel_configs: keep, drop, address rewrite, __param_ and __scheme__") {
  auto got = Targets(R"(scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    params: {module: [http_2xx]}
    static_configs:
      - targets: ["https://example.org", "http://drop.me", "https://other.org"]
    relabel_configs:
      - source_labels: [__address__]
        regex: http://drop.*
        action: drop
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:9115
      - source_labels: [instance]
        regex: https://other.org
        target_label: __scheme__
        replacement: https
  - job_name: kept
    static_configs:
      - targets: ["a:1", "b:2"]
        labels: {keep: "yes"}
      - targets: ["c:3"]
    relabel_configs:
      - source_labels: [keep]
        regex: "yes"
        action: keep
      - source_labels: [__address__]
        regex: (.*):1
        target_label: __metrics_path__
        replacement: /custom
      - target_label: keep
        replacement: ""
      - source_labels: [__address__]
        regex: b:2
        target_label: instance
        replacement: ""
)");
  CHECK(got.findings.empty());
  CHECK(Urls(got.targets) ==
        std::vector<std::string>{
            "http://127.0.0.1:9115/probe?module=http_2xx&target=https%3A%2F%2Fexample.org",
            "https://127.0.0.1:9115/probe?module=http_2xx&target=https%3A%2F%2Fother.org",
            "http://a:1/custom", "http://b:2/metrics"});
  REQUIRE(got.targets.size() == 4);
  CHECK(got.targets[0].labels.at("instance") == "https://example.org");
  CHECK(got.targets[0].labels.count("__param_target") == 0);
  // An emptied label is gone; an emptied instance falls back to the address.
  CHECK(got.targets[3].labels ==
        std::map<std::string, std::string>{{"instance", "b:2"}, {"job", "kept"}});
}

TEST_CASE("a relabelled timeout above the interval skips the target with a finding") {
  auto got = Targets(R"(scrape_configs:
  - job_name: a
    scrape_interval: 10s
    static_configs:
      - targets: ["a:1", "b:2"]
    relabel_configs:
      - source_labels: [__address__]
        regex: b:2
        target_label: __scrape_timeout__
        replacement: 1m
)");
  CHECK(Urls(got.targets) == std::vector<std::string>{"http://a:1/metrics"});
  REQUIRE(got.findings.size() == 1);
  CHECK(got.findings[0].check == "cardinality/target-config");
  CHECK(got.findings[0].message.find("__scrape_timeout__ 1m is greater than") != std::string::npos);
}

TEST_CASE("file_sd targets in JSON and YAML get __meta_filepath") {
  testing::MemoryFileSystem fs;
  fs.files["/etc/prometheus/sd/a.json"] =
      R"([{"targets": ["j1:1", "j2:2"], "labels": {"team": "x"}}])";
  fs.files["/etc/prometheus/sd/b.yml"] = "- targets: [y1:3]\n";
  auto got = Targets(R"(scrape_configs:
  - job_name: f
    file_sd_configs:
      - files: [sd/*.json, sd/*.yml]
    relabel_configs:
      - source_labels: [__meta_filepath]
        target_label: from
)",
                     fs);
  CHECK(got.findings.empty());
  CHECK(Urls(got.targets) == std::vector<std::string>{"http://j1:1/metrics", "http://j2:2/metrics",
                                                      "http://y1:3/metrics"});
  REQUIRE(got.targets.size() == 3);
  CHECK(got.targets[0].labels.at("team") == "x");
  CHECK(got.targets[0].labels.at("from") == "/etc/prometheus/sd/a.json");
  CHECK(got.targets[2].origin.path == "/etc/prometheus/sd/b.yml");
}

TEST_CASE("auth and TLS: basic_auth with password_file, authorization, bearer_token_file") {
  testing::MemoryFileSystem fs;
  fs.files["/etc/prometheus/pw"] = "s3cret\n";
  fs.files["/etc/prometheus/token"] = " tok \n";
  fs.files["/etc/prometheus/ca.pem"] = "PEM";
  auto got = Targets(R"(scrape_configs:
  - job_name: basic
    basic_auth: {username: u, password_file: pw}
    tls_config: {ca_file: ca.pem, insecure_skip_verify: true}
    static_configs: [{targets: ["a:1"]}]
  - job_name: authz
    authorization: {credentials: abc}
    static_configs: [{targets: ["b:1"]}]
  - job_name: custom
    authorization: {type: Token, credentials_file: token}
    static_configs: [{targets: ["c:1"]}]
  - job_name: bearer
    bearer_token_file: token
    static_configs: [{targets: ["d:1"]}]
)",
                     fs);
  CHECK(got.findings.empty());
  REQUIRE(got.targets.size() == 4);
  REQUIRE(got.targets[0].fetch.basic_auth.has_value());
  CHECK(got.targets[0].fetch.basic_auth->username == "u");
  CHECK(got.targets[0].fetch.basic_auth->password == "s3cret");
  CHECK(got.targets[0].fetch.ca_file == "/etc/prometheus/ca.pem");
  CHECK(got.targets[0].fetch.insecure);
  CHECK(got.targets[1].fetch.bearer_token == std::optional<std::string>("abc"));
  CHECK(!got.targets[2].fetch.bearer_token.has_value());
  CHECK(got.targets[2].fetch.headers ==
        std::vector<std::pair<std::string, std::string>>{{"Authorization", "Token tok"}});
  CHECK(got.targets[3].fetch.bearer_token == std::optional<std::string>("tok"));
  CHECK(!got.targets[3].fetch.insecure);
}

TEST_CASE("bad input: an unreadable credentials file, a malformed file_sd file") {
  testing::MemoryFileSystem fs;
  fs.dirs.insert("/etc/prometheus/pwdir");  // passes the loader's stat, cannot be read
  fs.files["/etc/prometheus/sd/bad.json"] = R"([{"targets": ["ok:1"]}, {"targets": 5}])";
  auto got = Targets(R"(scrape_configs:
  - job_name: secret
    basic_auth: {username: u, password_file: pwdir}
    static_configs: [{targets: ["a:1"]}]
  - job_name: sd
    file_sd_configs: [{files: [sd/bad.json]}]
)",
                     fs, "", /*require_valid=*/false);
  CHECK(got.targets.empty());
  REQUIRE(got.findings.size() >= 2);
  CHECK(got.findings[0].check == "cardinality/target-config");
  CHECK(got.findings[0].message.find("job secret: cannot read password_file "
                                     "/etc/prometheus/pwdir: ") == 0);
  // The whole file is ignored, as Prometheus's file SD does (ok:1 too).
  CHECK(got.findings[1].path == "/etc/prometheus/sd/bad.json");
  CHECK(got.findings[1].severity == diag::Severity::kError);
}

TEST_CASE("limits inherit the global ones; a job's own value wins") {
  auto got = Targets(R"(global:
  sample_limit: 100
  label_limit: 30
  label_value_length_limit: 200
scrape_configs:
  - job_name: inherits
    static_configs: [{targets: ["a:1"]}]
  - job_name: own
    sample_limit: 5
    label_name_length_limit: 50
    body_size_limit: 1KB
    static_configs: [{targets: ["b:1"]}]
)");
  REQUIRE(got.targets.size() == 2);
  CHECK(got.targets[0].limits.sample_limit == 100);
  CHECK(got.targets[0].limits.label_limit == 30);
  CHECK(got.targets[0].limits.label_name_length_limit == 0);
  CHECK(got.targets[0].limits.label_value_length_limit == 200);
  CHECK(got.targets[1].limits.sample_limit == 5);
  CHECK(got.targets[1].limits.label_limit == 30);
  CHECK(got.targets[1].limits.label_name_length_limit == 50);
  CHECK(got.targets[1].fetch.max_bytes == 1024);
}

TEST_CASE("job filter and unresolvable service discovery") {
  const std::string yml = R"(scrape_configs:
  - job_name: a
    static_configs: [{targets: ["a:1"]}]
  - job_name: k8s
    kubernetes_sd_configs: [{role: pod}]
    static_configs: [{targets: ["k:1"]}]
)";
  auto only_a = Targets(yml, "a");
  CHECK(Urls(only_a.targets) == std::vector<std::string>{"http://a:1/metrics"});
  CHECK(only_a.findings.empty());
  auto none = Targets(yml, "missing");
  CHECK(none.targets.empty());
  auto all = Targets(yml);
  CHECK(Urls(all.targets) == std::vector<std::string>{"http://a:1/metrics", "http://k:1/metrics"});
  REQUIRE(all.findings.size() == 1);
  CHECK(all.findings[0].check == "cardinality/unresolved-discovery");
  CHECK(all.findings[0].severity == diag::Severity::kInfo);
  CHECK(all.findings[0].message.find("kubernetes_sd_configs") != std::string::npos);
  CHECK(all.findings[0].line == 4);
}

TEST_CASE("scrape_protocols become the Accept header") {
  CHECK(AcceptHeader({"OpenMetricsText1.0.0", "PrometheusText0.0.4"}, "underscores") ==
        "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,"
        "text/plain;version=0.0.4;q=0.5,*/*;q=0.4");
  CHECK(AcceptHeader({"PrometheusProto"}, "") == std::string(scrape::kPrometheusAccept));
  auto got = Targets(R"(scrape_configs:
  - job_name: a
    scrape_protocols: [PrometheusText0.0.4]
    static_configs: [{targets: ["a:1"]}]
)");
  REQUIRE(got.targets.size() == 1);
  CHECK(got.targets[0].fetch.accept == "text/plain;version=0.0.4;q=0.6,*/*;q=0.5");
}

// Counts samples; one per target index.
struct SampleCounter : expfmt::Consumer {
  void OnSample(const expfmt::SampleEvent&) override { ++samples; }
  uint64_t samples = 0;
};

Target At(const std::string& url, int timeout_ms = 3000) {
  Target t;
  t.job = "j";
  t.url = url;
  t.fetch.timeout = std::chrono::milliseconds(timeout_ms);
  return t;
}

void RunConcurrent(size_t concurrency) {
  FixtureServer server({
      {.path = "/one", .body = "a 1\nb{x=\"1\"} 2\n"},
      {.path = "/two", .body = "c 1\n", .gzip = true},
      {.path = "/stall", .behaviour = Behaviour::kStallAfterHeaders},
      {.path = "/bad", .body = "a{ 1\n"},
  });
  std::vector<Target> targets;
  for (int i = 0; i < 10; ++i) targets.push_back(At(server.Url(i % 2 ? "/two" : "/one")));
  targets.push_back(At("http://127.0.0.1:1/metrics"));  // refused
  targets.push_back(At(server.Url("/stall"), 500));
  targets.push_back(At(server.Url("/bad")));
  std::deque<SampleCounter> consumers(targets.size());
  std::atomic<int> asked{0};
  std::mutex m;
  std::vector<size_t> done_calls;
  size_t max_total = 0;
  auto start = std::chrono::steady_clock::now();
  FixedClock clock(1700000000000);
  auto outcomes = ScrapeTargets(
      targets, concurrency, clock,
      [&](size_t i) -> expfmt::Consumer& {
        ++asked;
        return consumers[i];
      },
      [&](size_t done, size_t total) {
        std::lock_guard<std::mutex> lock(m);
        done_calls.push_back(done);
        max_total = std::max(max_total, total);
      });
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(took < std::chrono::seconds(10));
  REQUIRE(outcomes.size() == targets.size());
  for (int i = 0; i < 10; ++i) {
    CAPTURE(i);
    REQUIRE(outcomes[i].summary.ok());
    CHECK(consumers[i].samples == (i % 2 ? 1u : 2u));
    CHECK(outcomes[i].diagnostics.empty());
  }
  CHECK(!outcomes[10].summary.ok());
  REQUIRE(!outcomes[11].summary.ok());
  CHECK(outcomes[11].summary.error().message.find("") != std::string::npos);
  CHECK(outcomes[12].summary.ok());
  CHECK(!outcomes[12].diagnostics.empty());
  CHECK(asked == static_cast<int>(targets.size()));
  std::vector<size_t> want;
  for (size_t i = 1; i <= targets.size(); ++i) want.push_back(i);
  CHECK(done_calls == want);
  CHECK(max_total == targets.size());
}

TEST_CASE("ScrapeTargets with concurrency 2") { RunConcurrent(2); }
TEST_CASE("ScrapeTargets with concurrency 16") { RunConcurrent(16); }

TEST_CASE("config to scrape: path, params, auth and Accept reach the target") {
  FixtureServer server({{.path = "/m", .body = "a 1\nb 2\n"}});
  auto got = Targets(R"(scrape_configs:
  - job_name: e2e
    metrics_path: /m
    params: {x: ["1"]}
    basic_auth: {username: u, password: p}
    scrape_protocols: [PrometheusText0.0.4]
    static_configs: [{targets: ["127.0.0.1:)" +
                     std::to_string(server.port()) + R"("]}]
)");
  REQUIRE(got.targets.size() == 1);
  SampleCounter c;
  FixedClock clock(0);
  auto outcomes =
      ScrapeTargets(got.targets, 4, clock, [&](size_t) -> expfmt::Consumer& { return c; }, {});
  REQUIRE(outcomes.size() == 1);
  REQUIRE(outcomes[0].summary.ok());
  CHECK(c.samples == 2);
  auto request = server.LastRequest();
  REQUIRE(request.has_value());
  CHECK(request->target == "/m?x=1");
  CHECK(request->Header("Authorization") == "Basic dTpw");
  CHECK(request->Header("Accept") == "text/plain;version=0.0.4;q=0.6,*/*;q=0.5");
}

TEST_CASE("ScrapeTargets with no targets and concurrency 0") {
  FixedClock clock(0);
  auto outcomes =
      ScrapeTargets({}, 0, clock, [](size_t) -> expfmt::Consumer& { std::abort(); }, {});
  CHECK(outcomes.empty());
  FixtureServer server({{.path = "/m", .body = "a 1\n"}});
  SampleCounter c;
  auto one = ScrapeTargets({At(server.Url("/m"))}, 0, clock,
                           [&](size_t) -> expfmt::Consumer& { return c; }, {});
  REQUIRE(one.size() == 1);
  CHECK(one[0].summary.ok());
  CHECK(c.samples == 1);
}

TEST_CASE("the caller's prefix names the target findings") {
  testing::MemoryFileSystem fs;
  auto got = Targets(R"(scrape_configs:
  - job_name: a
    scrape_interval: 10s
    static_configs:
      - targets: ["a:1"]
    relabel_configs:
      - target_label: __scrape_timeout__
        replacement: 1m
  - job_name: k8s
    kubernetes_sd_configs: [{role: pod}]
)",
                     fs, "", /*require_valid=*/true, "record");
  CHECK(got.targets.empty());
  REQUIRE(got.findings.size() == 2);
  CHECK(got.findings[0].check == "record/target-config");
  CHECK(got.findings[1].check == "record/unresolved-discovery");
}

TEST_CASE("a scrape starts at the clock's time") {
  FixtureServer server({{.path = "/m", .body = "a 1\n"}});
  FixedClock clock(1700000000123);
  std::deque<SampleCounter> consumers(2);
  auto outcomes = ScrapeTargets({At(server.Url("/m")), At(server.Url("/m"))}, 2, clock,
                                [&](size_t i) -> expfmt::Consumer& { return consumers[i]; }, {});
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0].started_ms == 1700000000123);
  CHECK(outcomes[1].started_ms == 1700000000123);
}

// Keeps the names of the samples it sees.
struct NameRecorder : expfmt::Consumer {
  void OnSample(const expfmt::SampleEvent& e) override { names.emplace_back(e.name); }
  std::vector<std::string> names;
};

TEST_CASE("metric_relabel_configs apply before the consumer and the scrape limits") {
  FixtureServer server({{.path = "/m", .body = "keep_me 1\ndrop_me 2\nold_name 3\n"}});
  auto got = Targets(R"(scrape_configs:
  - job_name: j
    metrics_path: /m
    sample_limit: 1
    static_configs: [{targets: ["127.0.0.1:)" +
                     std::to_string(server.port()) + R"("]}]
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: drop_me
        action: drop
      - source_labels: [__name__]
        regex: old_(.*)
        target_label: __name__
        replacement: new_$1
)");
  REQUIRE(got.targets.size() == 1);
  NameRecorder names;
  FixedClock clock(0);
  auto outcomes =
      ScrapeTargets(got.targets, 1, clock, [&](size_t) -> expfmt::Consumer& { return names; }, {});
  REQUIRE(outcomes.size() == 1);
  REQUIRE(outcomes[0].summary.ok());
  CHECK(names.names == std::vector<std::string>{"keep_me", "new_name"});
  CHECK(outcomes[0].stats.samples == 2);
  diag::CollectingSink sink;
  ReportOutcomes(got.targets, outcomes, "record", sink);
  REQUIRE(sink.diagnostics.size() == 1);
  CHECK(sink.diagnostics[0].check == "record/target-limit");
  CHECK(sink.diagnostics[0].message.find("exposes 2 samples, over sample_limit 1") !=
        std::string::npos);
}

TEST_CASE("ReportOutcomes: parse findings, then target-down under the caller's prefix") {
  FixtureServer server({{.path = "/bad", .body = "a{ 1\n"}});
  std::vector<Target> targets = {At(server.Url("/bad")), At("http://127.0.0.1:1/metrics")};
  std::deque<SampleCounter> consumers(2);
  FixedClock clock(0);
  auto outcomes = ScrapeTargets(targets, 2, clock,
                                [&](size_t i) -> expfmt::Consumer& { return consumers[i]; }, {});
  REQUIRE(outcomes.size() == 2);
  REQUIRE(outcomes[0].summary.ok());
  REQUIRE(!outcomes[0].diagnostics.empty());
  diag::CollectingSink sink;
  ReportOutcomes(targets, outcomes, "cardinality", sink);
  REQUIRE(sink.diagnostics.size() >= 2);
  CHECK(sink.diagnostics.front().check.rfind("exposition/", 0) == 0);
  const diag::Diagnostic& down = sink.diagnostics.back();
  CHECK(down.check == "cardinality/target-down");
  CHECK(down.path == "http://127.0.0.1:1/metrics");
  CHECK(down.message.find("job j: target http://127.0.0.1:1/metrics could not be scraped: ") == 0);
  CHECK(outcomes[0].diagnostics.empty());  // moved into the sink
}

}  // namespace
}  // namespace ttam::fleet
