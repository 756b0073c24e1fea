// Table tests for config::Load: each rule has a case that loads and one
// that does not, with the exact rendered findings.
#include "config/config.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "config/schema.h"
#include "support/memory_fs.h"

using ttam::config::Load;
using ttam::testing::MemoryFileSystem;
using ttam::testing::Render;

namespace {

constexpr const char* kPath = "/etc/prometheus/prometheus.yml";

MemoryFileSystem Files() {
  MemoryFileSystem fs;
  fs.files["/etc/prometheus/rules/a.yml"] = "groups: []\n";
  fs.files["/etc/prometheus/rules/b.yml"] = "groups: []\n";
  fs.files["/etc/prometheus/pw"] = "secret\n";
  fs.files["/etc/prometheus/jobs/a.yml"] = "scrape_configs:\n  - job_name: a\n";
  fs.files["/etc/prometheus/jobs/b.yml"] =
      "global:\n  scrape_interval: 1m\nscrape_configs:\n  - job_name: b\n    scrape_timeout: 2m\n";
  return fs;
}

struct Case {
  std::string_view name, input, want;
  bool valid;
};

// clang-format off
const Case kCases[] = {
    {"empty file loads",
     "",
     "",
     true},
    {"global: scrape_timeout greater than scrape_interval",
     R"(global:
  scrape_interval: 10s
  scrape_timeout: 20s
)",
     R"(3:19: error: global.scrape_timeout: global scrape_timeout (20s) is greater than scrape_interval (10s): lower the timeout or raise the interval [config/value])",
     false},
    {"global: timeout defaults below a short interval",
     R"(global:
  scrape_interval: 5s
scrape_configs:
  - job_name: a
)",
     "",
     true},
    {"global: bad duration",
     R"(global:
  scrape_interval: 1.5m
)",
     R"(2:20: error: global.scrape_interval: invalid duration "1.5m": use an integer and a unit, e.g. 10s, 1m30s, 500ms (units: ms, s, m, h, d, w, y) [config/value])",
     false},
    {"global: external label names follow the validation scheme",
     R"(global:
  metric_name_validation_scheme: legacy
  external_labels:
    "dotted.name": x
)",
     R"(4:5: error: global.external_labels: "dotted.name" is not a valid label name: with metric_name_validation_scheme: legacy, label names must match [a-zA-Z_][a-zA-Z0-9_]* [config/value])",
     false},
    {"global: utf8 external label names are fine",
     R"(global:
  external_labels:
    "dotted.name": x
)",
     "",
     true},
    {"global: unknown validation scheme",
     R"(global:
  metric_name_validation_scheme: UTF8
)",
     R"(2:34: error: global.metric_name_validation_scheme: unknown metric name validation scheme "UTF8"; use utf8 or legacy [config/value])",
     false},
    {"global: scrape_protocols empty, duplicate, unknown",
     R"(global:
  scrape_protocols: []
)",
     R"(2:21: error: global.scrape_protocols: scrape_protocols cannot be empty in global: list at least one of OpenMetricsText0.0.1, OpenMetricsText1.0.0, PrometheusProto, PrometheusText0.0.4, PrometheusText1.0.0, or remove the field for the default [config/value])",
     false},
    {"global: scrape_protocols duplicate",
     R"(global:
  scrape_protocols: [PrometheusProto, prometheusproto]
)",
     R"(2:39: error: global.scrape_protocols[1]: protocol "prometheusproto" is listed twice in global: remove the repeat [config/duplicate])",
     false},
    {"global: unknown field with did-you-mean",
     R"(global:
  scrape_intervall: 10s
)",
     R"(2:3: error: unknown field "scrape_intervall" in global; did you mean "scrape_interval"? [config/unknown-field])",
     false},
    {"global: a size needs a unit",
     R"(global:
  body_size_limit: 1000
)",
     R"(2:20: error: global.body_size_limit: size "1000" has no unit: write e.g. 1000B or 1000MB (units B, KB, MB, GB, TB, PB, EB are powers of 1024) [config/value])",
     false},
    {"global: size with unit and zero",
     R"(global:
  body_size_limit: 10MB
scrape_configs:
  - job_name: a
    body_size_limit: 0
)",
     "",
     true},
    {"global: sample_limit cannot be negative",
     R"(global:
  sample_limit: -1
)",
     R"(2:17: error: global.sample_limit: must be at least 0, got -1 [config/value])",
     false},
    {"runtime: gogc must be an integer",
     R"(runtime:
  gogc: lots
)",
     R"(2:9: error: runtime.gogc: expected a whole number, got "lots" [config/type])",
     false},
    {"rule_files: a * only in the last element",
     R"(rule_files:
  - rules/*/x.yml
)",
     R"(2:5: error: rule_files[0]: invalid rule file path "rules/*/x.yml": a * may only appear in the last path element (e.g. rules/*.yml) [config/value])",
     false},
    {"rule_files: a missing explicit file",
     R"(rule_files:
  - missing.yml
)",
     R"(2:5: error: rule_files[0]: rule file "missing.yml" does not exist (looked for /etc/prometheus/missing.yml): fix the path or remove the entry [config/missing-file])",
     false},
    {"rule_files: globs match files relative to the config",
     R"(rule_files:
  - rules/*.yml
  - rules/a.yml
)",
     "",
     true},
    {"scrape: job_name required",
     R"(scrape_configs:
  - scrape_interval: 10s
)",
     R"(2:5: error: scrape_configs[0].job_name: "job_name" is required and must not be empty [config/required])",
     false},
    {"scrape: job_name unique",
     R"(scrape_configs:
  - job_name: node
  - job_name: node
)",
     R"(3:15: error: scrape_configs[1].job_name: job name "node" is already used at line 2; every scrape config needs its own job_name [config/duplicate])",
     false},
    {"scrape: timeout greater than interval inherited from global",
     R"(global:
  scrape_interval: 5s
scrape_configs:
  - job_name: node
    scrape_timeout: 6s
)",
     R"(5:21: error: scrape_configs[0].scrape_timeout: scrape_timeout (6s) is greater than scrape_interval (5s, from global) for job "node": lower the timeout or raise the interval [config/value])",
     false},
    {"scrape: timeout equal to interval is fine",
     R"(scrape_configs:
  - job_name: node
    scrape_interval: 15s
    scrape_timeout: 15s
)",
     "",
     true},
    {"scrape: fallback protocol is case-sensitive",
     R"(scrape_configs:
  - job_name: node
    fallback_scrape_protocol: prometheustext0.0.4
)",
     R"(3:31: error: scrape_configs[0].fallback_scrape_protocol: unknown scrape protocol "prometheustext0.0.4" for job "node"; use one of OpenMetricsText0.0.1, OpenMetricsText1.0.0, PrometheusProto, PrometheusText0.0.4, PrometheusText1.0.0 (case-sensitive) [config/value])",
     false},
    {"scrape: params values are lists",
     R"(scrape_configs:
  - job_name: node
    params:
      module: http_2xx
)",
     R"(4:15: error: scrape_configs[0].params.module: expected a list of values, e.g. [http_2xx], got a scalar [config/type])",
     false},
    {"scrape: params",
     R"(scrape_configs:
  - job_name: node
    params:
      module: [http_2xx]
)",
     "",
     true},
    {"scrape: escaping allow-utf-8 with legacy validation",
     R"(scrape_configs:
  - job_name: node
    metric_name_validation_scheme: legacy
    metric_name_escaping_scheme: allow-utf-8
)",
     R"(4:34: error: scrape_configs[0].metric_name_escaping_scheme: metric_name_escaping_scheme allow-utf-8 requests UTF-8 names, but metric_name_validation_scheme is legacy: use escaping underscores, dots or values, or validation utf8 [config/conflict])",
     false},
    {"scrape: unknown escaping scheme",
     R"(scrape_configs:
  - job_name: node
    metric_name_escaping_scheme: dashes
)",
     R"(3:34: error: scrape_configs[0].metric_name_escaping_scheme: unknown metric name escaping scheme "dashes"; use one of allow-utf-8, underscores, dots, values [config/value])",
     false},
    {"scrape: unknown global escaping is reported once",
     R"(global:
  metric_name_escaping_scheme: dashes
scrape_configs:
  - job_name: a
  - job_name: b
)",
     R"(2:32: error: global.metric_name_escaping_scheme: unknown metric name escaping scheme "dashes"; use one of allow-utf-8, underscores, dots, values [config/value])",
     false},
    {"scrape: a target with a scheme",
     R"(scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["http://host:9100/metrics"]
)",
     R"(4:19: error: scrape_configs[0].static_configs[0].targets[0]: "http://host:9100/metrics" is not a valid target address: write host:port only; put the scheme in `scheme` and the path in `metrics_path`, or rewrite __address__ with relabel_configs [config/value])",
     false},
    {"scrape: a target rewritten by relabeling is checked after relabeling",
     R"(scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - target_label: __address__
        replacement: blackbox:9115
    static_configs:
      - targets: ["https://example.com/health"]
)",
     "",
     true},
    {"scrape: relabeling that keeps the URL in __address__",
     R"(scrape_configs:
  - job_name: blackbox
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
    static_configs:
      - targets: ["https://example.com"]
)",
     R"(7:19: error: scrape_configs[0].static_configs[0].targets[0]: target "https://example.com" has __address__ "https://example.com" after relabel_configs, which is not a valid host:port: put the scheme in `scheme` and the path in `metrics_path`, or rewrite __address__ [config/value])",
     false},
    {"scrape: a dropped target is not checked",
     R"(scrape_configs:
  - job_name: sharded
    relabel_configs:
      - source_labels: [__address__]
        modulus: 4
        target_label: __tmp_hash
        action: hashmod
      - source_labels: [__tmp_hash]
        regex: "9"
        action: keep
    static_configs:
      - targets: ["http://a/"]
)",
     "",
     true},
    {"scrape: static target group labels",
     R"(scrape_configs:
  - job_name: node
    static_configs:
      - targets: [a:9100]
        labels:
          "": x
)",
     R"(6:11: error: scrape_configs[0].static_configs[0].labels: "" is not a valid label name: label names must be non-empty, valid UTF-8 [config/value])",
     false},
    {"scrape: unknown field in a target group",
     R"(scrape_configs:
  - job_name: node
    static_configs:
      - targets: [a:9100]
        label: {a: b}
)",
     R"(5:9: error: unknown field "label" in scrape_configs[0].static_configs[0]; did you mean "labels"? [config/unknown-field])",
     false},
    {"alerting: api_version v1",
     R"(alerting:
  alertmanagers:
    - api_version: v1
)",
     R"(3:20: error: alerting.alertmanagers[0].api_version: Alertmanager api_version "v1" is not supported by Prometheus 3: use v2 (the default) or remove the field [config/value])",
     false},
    {"alerting: sigv4 with basic_auth",
     R"(alerting:
  alertmanagers:
    - sigv4:
        region: us-east-1
      basic_auth:
        username: u
        password_file: /etc/prometheus/pw
)",
     R"(4:9: error: alerting.alertmanagers[0].sigv4: sigv4 cannot be combined with basic_auth: configure at most one of basic_auth, authorization, oauth2 and sigv4 [config/conflict])",
     false},
    {"alerting: a URL as an alertmanager target",
     R"(alerting:
  alertmanagers:
    - static_configs:
        - targets: ["http://am:9093"]
)",
     R"(4:21: error: alerting.alertmanagers[0].static_configs[0].targets[0]: "http://am:9093" is not a valid target address: write host:port only; put the scheme in `scheme` and the path in `metrics_path`, or rewrite __address__ with relabel_configs [config/value])",
     false},
    {"remote_write: url required and parsed as Go does",
     R"(remote_write:
  - name: a
  - url: "http://host:port/x"
  - url: localhost:9090
)",
     R"(2:5: error: remote_write[0].url: url is required for remote_write: the endpoint's URL, e.g. http://receiver:9090/api/v1/write [config/required]
3:10: error: remote_write[1].url: invalid URL "http://host:port/x": invalid port "port" after host [config/value])",
     false},
    {"remote_write: reserved headers",
     R"(remote_write:
  - url: http://r/push
    headers:
      Content-Type: x
      X-Scope-OrgID: tenant
)",
     R"(4:7: error: remote_write[0].headers: "Content-Type" is a reserved header that Prometheus sets itself: remove it [config/value])",
     false},
    {"remote_write: queue limits",
     R"(remote_write:
  - url: http://r/push
    queue_config:
      min_shards: 5
      max_shards: 2
      capacity: -1
)",
     R"(6:17: error: remote_write[0].queue_config.capacity: capacity must be greater than 0, got -1: remove it for the default [config/value]
4:19: error: remote_write[0].queue_config.min_shards: min_shards (5) is greater than max_shards (2): lower min_shards or raise max_shards [config/value])",
     false},
    {"remote_write: only one auth method",
     R"(remote_write:
  - url: http://r/push
    sigv4:
      region: eu-west-1
    azuread:
      managed_identity:
        client_id: 00000000-0000-0000-0000-000000000000
)",
     R"(6:7: error: remote_write[0].azuread: at most one of basic_auth, authorization, oauth2, sigv4, azuread and google_iam may be configured; this one sets sigv4, azuread: keep one [config/conflict])",
     false},
    {"remote_write: sigv4 keys go together",
     R"(remote_write:
  - url: http://r/push
    sigv4:
      access_key: AKIA
)",
     R"(4:19: error: remote_write[0].sigv4.access_key: access_key and secret_key must be set together: add the missing one or remove both (to use the default AWS credential chain) [config/required])",
     false},
    {"remote_write: azuread needs one method",
     R"(remote_write:
  - url: http://r/push
    azuread:
      cloud: AzurePublic
)",
     R"(4:7: error: remote_write[0].azuread: no authentication method: add exactly one of managed_identity, workload_identity, oauth, sdk and certificate [config/required])",
     false},
    {"remote_write: names must be unique, empty names may repeat",
     R"(remote_write:
  - url: http://a/push
  - url: http://b/push
  - url: http://c/push
    name: x
  - url: http://d/push
    name: x
)",
     R"(7:11: error: remote_write[3].name: remote_write name "x" is already used at line 5: names must be unique [config/duplicate])",
     false},
    {"remote_read: required_matchers and unknown field",
     R"(remote_read:
  - url: http://r/read
    required_matchers:
      job: x
    read_recent: true
    filter_external_label: false
)",
     R"(6:5: error: unknown field "filter_external_label" in remote_read[0]; did you mean "filter_external_labels"? [config/unknown-field])",
     false},
    {"storage: retention and exemplars",
     R"(storage:
  tsdb:
    out_of_order_time_window: 10m
    retention:
      time: 15d
      size: 512MB
      percentage: 50
  exemplars:
    max_exemplars: 100
)",
     "",
     true},
    {"storage: bad retention percentage and chunk encoding",
     R"(storage:
  tsdb:
    retention:
      percentage: 100.5
    chunk_encoding:
      floats: gorilla
)",
     R"(4:19: error: storage.tsdb.retention.percentage: retention percentage must be between 0 and 100, got 100.5 [config/value]
6:15: error: storage.tsdb.chunk_encoding.floats: unknown float chunk encoding "gorilla"; use xor or xor2 (lower case) [config/value])",
     false},
    {"tracing: client_type enum",
     R"(tracing:
  endpoint: localhost:4317
  client_type: thrift
)",
     R"(3:16: error: tracing.client_type: unknown value "thrift"; use one of grpc, http [config/value])",
     false},
    {"tracing: an empty tracing section needs an endpoint",
     R"(tracing: {}
)",
     R"(1:10: error: tracing.endpoint: tracing needs an endpoint to send spans to, e.g. endpoint: localhost:4317 (or remove the tracing section) [config/required])",
     false},
    {"tracing: a null tracing section is fine",
     R"(tracing:
)",
     "",
     true},
    {"otlp: promote_all conflicts with a list",
     R"(otlp:
  promote_all_resource_attributes: true
  promote_resource_attributes: [service.name]
)",
     R"(3:32: error: otlp.promote_resource_attributes: promote_resource_attributes cannot be set together with promote_all_resource_attributes: true; remove one of them [config/conflict])",
     false},
    {"otlp: translation strategy needs utf8",
     R"(global:
  metric_name_validation_scheme: legacy
otlp:
  translation_strategy: NoTranslation
)",
     R"(4:25: error: otlp.translation_strategy: OTLP translation strategy "NoTranslation" keeps UTF-8 names, which global metric_name_validation_scheme: legacy forbids: use UnderscoreEscapingWithSuffixes or UnderscoreEscapingWithoutSuffixes, or utf8 validation [config/conflict])",
     false},
    {"top level: unknown section with did-you-mean",
     R"(scrape_config:
  - job_name: a
)",
     R"(1:1: error: unknown field "scrape_config" at the top level; did you mean "scrape_configs"? [config/unknown-field])",
     false},
    {"scrape_config_files: included files hold only scrape_configs",
     R"(scrape_config_files:
  - jobs/*.yml
)",
     R"(/etc/prometheus/jobs/b.yml:5:21: error: scrape_configs[0].scrape_timeout: scrape_timeout (2m) is greater than scrape_interval (1m, from global) for job "b": lower the timeout or raise the interval [config/value]
/etc/prometheus/jobs/b.yml:1:1: error: unknown field "global" in a scrape config file: files named by scrape_config_files may only contain scrape_configs (global settings belong in /etc/prometheus/prometheus.yml) [config/unknown-field])",
     false},
    {"scrape_config_files: job names unique across files",
     R"(scrape_config_files:
  - jobs/a.yml
scrape_configs:
  - job_name: a
)",
     R"(/etc/prometheus/jobs/a.yml:2:15: error: scrape_configs[0].job_name: job name "a" is already used at /etc/prometheus/prometheus.yml:4; every scrape config needs its own job_name [config/duplicate])",
     false},
};
// clang-format on

}  // namespace

TEST_CASE("config: every rule reports exactly what is wrong, where, and how to fix it") {
  for (const Case& c : kCases) {
    CAPTURE(c.name);
    MemoryFileSystem fs = Files();
    ttam::diag::CollectingSink sink;
    auto loaded = Load(kPath, std::string(c.input), sink, fs);
    CHECK(Render(sink.diagnostics) == c.want);
    CHECK(loaded.valid == c.valid);
  }
}

TEST_CASE("config: scrape configs inherit from global with Prometheus's defaults") {
  MemoryFileSystem fs = Files();
  ttam::diag::CollectingSink sink;
  auto loaded = Load(kPath, R"(global:
  scrape_interval: 5s
  sample_limit: 100
  scrape_native_histograms: true
scrape_configs:
  - job_name: a
  - job_name: b
    scrape_interval: 30s
    sample_limit: 7
    scrape_protocols: [PrometheusText0.0.4]
)",
                     sink, fs);
  REQUIRE(loaded.valid);
  const auto& c = loaded.config;
  REQUIRE(c.scrape_configs.size() == 2);
  const auto& a = c.scrape_configs[0];
  CHECK(a.scrape_interval_ms == 5000);
  CHECK(a.scrape_timeout_ms == 5000);  // min(global default 10s, interval)
  CHECK(a.limits.sample_limit == 100);
  CHECK(a.metrics_path == "/metrics");
  CHECK(a.scheme == "http");
  CHECK(a.honor_timestamps);
  CHECK(a.enable_compression);
  CHECK(a.metric_name_escaping == "allow-utf-8");
  // Native histograms put the protobuf format first.
  CHECK(a.scrape_protocols.front() == "PrometheusProto");
  const auto& b = c.scrape_configs[1];
  CHECK(b.scrape_interval_ms == 30000);
  CHECK(b.scrape_timeout_ms == 5000);  // global's effective timeout
  CHECK(b.limits.sample_limit == 7);
  CHECK(b.scrape_protocols == std::vector<std::string>{"PrometheusText0.0.4"});
  CHECK(b.origin.path == "scrape_configs[1]");
  CHECK(b.origin.node->mark.line == 7);
}

TEST_CASE("config: rule_files are resolved, listed and handed to the rule-file checker") {
  MemoryFileSystem fs = Files();
  ttam::diag::CollectingSink sink;
  std::vector<std::string> checked;
  ttam::config::LoadOptions options;
  options.check_rule_file = [&](const std::string& file, ttam::FileSystem& f, ttam::diag::Sink& s) {
    checked.push_back(file);
    CHECK(f.IsFile(file));
    if (file.ends_with("b.yml")) {
      s.Report(ttam::diag::Diagnostic{
          file, 1, 1, 0, ttam::diag::Severity::kError, "rules/x", "bad rule", "", {}});
    }
  };
  auto loaded = Load(kPath, "rule_files:\n  - rules/*.yml\n  - /etc/prometheus/rules/a.yml\n", sink,
                     fs, options);
  REQUIRE(loaded.config.rule_files.size() == 2);
  CHECK(loaded.config.rule_files[0].pattern == "rules/*.yml");
  CHECK(loaded.config.rule_files[0].files ==
        std::vector<std::string>{"/etc/prometheus/rules/a.yml", "/etc/prometheus/rules/b.yml"});
  CHECK(checked == std::vector<std::string>{"/etc/prometheus/rules/a.yml",
                                            "/etc/prometheus/rules/b.yml",
                                            "/etc/prometheus/rules/a.yml"});
  // The checker's findings make the config invalid, as promtool's would.
  CHECK_FALSE(loaded.valid);
}

TEST_CASE("config: agent mode rejects alerting, rule_files and remote_read") {
  MemoryFileSystem fs = Files();
  ttam::diag::CollectingSink sink;
  ttam::config::LoadOptions options;
  options.agent_mode = true;
  auto loaded = Load(kPath, R"(rule_files: [rules/a.yml]
remote_read:
  - url: http://r/read
remote_write:
  - url: http://w/write
)",
                     sink, fs, options);
  CHECK_FALSE(loaded.valid);
  CHECK(Render(sink.diagnostics) ==
        "1:13: error: rule_files: rule_files is not allowed in agent mode (an agent evaluates no "
        "rules): remove it or run Prometheus as a server [config/value]\n"
        "3:3: error: remote_read: remote_read is not allowed in agent mode (an agent answers no "
        "queries): remove it or run Prometheus as a server [config/value]");
}

TEST_CASE("config: bad input gives diagnostics, not crashes") {
  MemoryFileSystem fs = Files();
  for (std::string_view input :
       {std::string_view("scrape_configs: [\n"), std::string_view("- a\n- b\n"),
        std::string_view("\x01\x02\xff\xfe binary"), std::string_view("scrape_configs: 5\n"),
        std::string_view("global: [1, 2]\n"), std::string_view("scrape_configs:\n  - [a]\n")}) {
    CAPTURE(input);
    ttam::diag::CollectingSink sink;
    auto loaded = Load(kPath, std::string(input), sink, fs);
    CHECK_FALSE(loaded.valid);
    CHECK_FALSE(sink.diagnostics.empty());
  }
}

TEST_CASE("config: the schema reader reports under the config ids") {
  const ttam::yaml::SchemaIds ids = ttam::config::ReaderIds();
  CHECK(ids.unknown_field == ttam::config::kUnknownField);
  CHECK(ids.type == ttam::config::kType);
  CHECK(ids.value == ttam::config::kValue);
  CHECK(ids.required == ttam::config::kRequired);
}
