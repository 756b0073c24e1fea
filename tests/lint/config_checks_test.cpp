// config/*: each check on small prometheus.yml files (and rule files for the
// cross-file checks), asserting the exact diagnostics; then the registry:
// ids, coverage by this table, and the man page.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "config/schema.h"
#include "config_lint_util.h"
#include "lint/config/check.h"
#include "support/checks_page.h"

namespace {

struct ConfigCase {
  std::string_view check;
  std::string_view name;
  std::string_view config;
  std::string_view want;
  std::string_view rules = "";  ///< rules.yml, when the config names it
};

const ConfigCase kConfigCases[] = {
    // config/scrape-interval-range
    {"config/scrape-interval-range", "fires on an extreme job and global",
     "global:\n"
     "  scrape_interval: 5m\n"
     "scrape_configs:\n"
     "  - job_name: fast\n"
     "    scrape_interval: 1s\n"
     "    scrape_timeout: 500ms\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     "prometheus.yml:2:20: info: global.scrape_interval is 5m, outside 5s to 2m; past 2m, one "
     "missed scrape makes series go stale (5m lookback) and rate() over 5m windows unreliable; "
     "scrape every 2m or faster [config/scrape-interval-range]\n"
     "prometheus.yml:5:22: info: job \"fast\" scrapes every 1s, outside 5s to 2m; scraping "
     "faster than every 5s multiplies the load on targets and the samples stored; scrape every "
     "5s or slower unless the data needs it [config/scrape-interval-range]\n"},
    {"config/scrape-interval-range", "quiet on 5s demos, 1m defaults and 2m",
     "global:\n"
     "  scrape_interval: 5s\n"
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    scrape_interval: 1m\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "  - job_name: b\n"
     "    scrape_interval: 2m\n"
     "    static_configs: [{targets: ['b:1']}]\n",
     ""},
    {"config/scrape-interval-range", "quiet on Prometheus's default",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     ""},
    {"config/scrape-interval-range", "suppressed by a comment above",
     "global:\n"
     "  # ttam: disable=config/scrape-interval-range\n"
     "  scrape_interval: 3m\n",
     ""},
    {"config/scrape-interval-range", "suppressed by a group on the line",
     "global:\n"
     "  scrape_interval: 3m  # ttam: disable=config/honor-labels,config/*\n",
     ""},
    // config/timeout-near-interval
    {"config/timeout-near-interval", "fires on a job's written timeout",
     "global:\n"
     "  scrape_interval: 15s\n"
     "scrape_configs:\n"
     "  - job_name: app\n"
     "    static_configs: [{targets: ['localhost:5000']}]\n"
     "    scrape_interval: 10s\n"
     "    scrape_timeout: 10s\n",
     "prometheus.yml:7:21: warning: job \"app\": scrape_timeout 10s is 100% of scrape_interval "
     "10s; a target that slows down keeps the scrape running until the next one is due, and a "
     "timeout leaves a gap; set scrape_timeout to at most 8s (80% of the interval) "
     "[config/timeout-near-interval]\n"},
    {"config/timeout-near-interval", "quiet on Prometheus's default timeout",
     "global:\n"
     "  scrape_interval: 5s\n"
     "scrape_configs:\n"
     "  - job_name: app\n"
     "    static_configs: [{targets: ['app:8080']}]\n"
     "  - job_name: b\n"
     "    scrape_interval: 10s\n"
     "    static_configs: [{targets: ['b:1']}]\n",
     ""},
    {"config/timeout-near-interval", "fires once at global for jobs that inherit both",
     "global:\n"
     "  scrape_interval: 20s\n"
     "  scrape_timeout: 18s\n"
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "  - job_name: b\n"
     "    static_configs: [{targets: ['b:1']}]\n",
     "prometheus.yml:3:19: warning: global.scrape_timeout is 18s, 90% of global.scrape_interval "
     "20s; a target that slows down keeps the scrape running until the next one is due, and a "
     "timeout leaves a gap; set scrape_timeout to at most 16s (80% of the interval) "
     "[config/timeout-near-interval]\n"},
    {"config/timeout-near-interval", "quiet at 80% and below",
     "global:\n"
     "  scrape_interval: 15s\n"
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    scrape_interval: 10s\n"
     "    scrape_timeout: 8s\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "  - job_name: b\n"
     "    static_configs: [{targets: ['b:1']}]\n",
     ""},
    // config/useless-gzip-param
    {"config/useless-gzip-param", "fires on the guide's compression param",
     "scrape_configs:\n"
     "  - job_name: tta-dev\n"
     "    params:\n"
     "      compression: ['gzip']\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     "prometheus.yml:4:7: warning: job \"tta-dev\": params.compression: [gzip] only adds "
     "\"?compression=gzip\" to the scrape URL and does not compress anything; Prometheus already "
     "asks for gzip (Accept-Encoding: gzip) unless enable_compression is false, so remove the "
     "parameter [config/useless-gzip-param]\n"},
    {"config/useless-gzip-param", "quiet on other params",
     "scrape_configs:\n"
     "  - job_name: blackbox\n"
     "    params:\n"
     "      module: [http_2xx]\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     ""},
    // config/retention-advice
    {"config/retention-advice", "fires on time without size",
     "storage:\n"
     "  tsdb:\n"
     "    retention:\n"
     "      time: 30d\n",
     "prometheus.yml:4:7: info: storage.tsdb.retention sets time (30d) but no size limit, so a "
     "cardinality spike can fill the disk before old blocks expire; add retention.size (the "
     "setup guide uses 100GB) [config/retention-advice]\n"},
    {"config/retention-advice", "fires on size without time",
     "storage:\n"
     "  tsdb:\n"
     "    retention:\n"
     "      size: 100GB\n",
     "prometheus.yml:4:7: info: storage.tsdb.retention sets size (100GB) but no time limit, "
     "so data is kept for as long as it fits; add retention.time (the setup guide uses 30d) "
     "[config/retention-advice]\n"},
    {"config/retention-advice", "quiet with both, and without retention",
     "storage:\n"
     "  tsdb:\n"
     "    retention:\n"
     "      time: 30d\n"
     "      size: 100GB\n",
     ""},
    // config/relabel-drops-used-series
    {"config/relabel-drops-used-series", "fires on the guide's bucket drop and p95 rule",
     "rule_files: [rules.yml]\n"
     "scrape_configs:\n"
     "  - job_name: tta-dev-app\n"
     "    static_configs: [{targets: ['localhost:5000']}]\n"
     "    metric_relabel_configs:\n"
     "      - source_labels: [__name__]\n"
     "        regex: 'primitive_duration_seconds_bucket'\n"
     "        action: drop\n",
     "prometheus.yml:7:16: warning: scrape_configs[0].metric_relabel_configs[0]: job "
     "\"tta-dev-app\" drops every \"primitive_duration_seconds_bucket\" series, but recording "
     "rule \"primitive:latency:p95\" at rules.yml:5 selects it and gets no data from this job; "
     "stop dropping \"primitive_duration_seconds_bucket\" or compute the rule from a metric you "
     "keep [config/relabel-drops-used-series]\n"
     "  note: rules.yml:5:15: recording rule \"primitive:latency:p95\" selects "
     "\"primitive_duration_seconds_bucket\" here\n",
     "groups:\n"
     "  - name: g\n"
     "    rules:\n"
     "      - record: primitive:latency:p95\n"
     "        expr: histogram_quantile(0.95, sum(rate(primitive_duration_seconds_bucket[5m])) by "
     "(le))\n"
     "      - alert: Slow\n"
     "        expr: primitive:latency:p95 > 1\n"},
    {"config/relabel-drops-used-series", "fires on a keep that leaves a used metric out",
     "rule_files: [rules.yml]\n"
     "scrape_configs:\n"
     "  - job_name: app\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    metric_relabel_configs:\n"
     "      - source_labels: [__name__]\n"
     "        regex: 'primitive_requests_total|up'\n"
     "        action: keep\n",
     "prometheus.yml:7:16: warning: scrape_configs[0].metric_relabel_configs[0]: job \"app\" "
     "keeps only series that match \"primitive_requests_total|up\", which drops every "
     "\"primitive_slo_compliance\" series, but alerting rule \"SloBreach\" at rules.yml:5 selects "
     "it and gets no data from this job; stop dropping \"primitive_slo_compliance\" or compute "
     "the rule from a metric you keep [config/relabel-drops-used-series]\n"
     "  note: rules.yml:5:15: alerting rule \"SloBreach\" selects \"primitive_slo_compliance\" "
     "here\n",
     "groups:\n"
     "  - name: g\n"
     "    rules:\n"
     "      - alert: SloBreach\n"
     "        expr: primitive_slo_compliance < 0.99\n"
     "      - alert: Errors\n"
     "        expr: rate(primitive_requests_total[5m]) > 1\n"},
    {"config/relabel-drops-used-series", "quiet when the dropped metric is unused or renamed first",
     "rule_files: [rules.yml]\n"
     "scrape_configs:\n"
     "  - job_name: app\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    metric_relabel_configs:\n"
     "      - source_labels: [__name__]\n"
     "        regex: 'go_gc_.*'\n"
     "        action: drop\n"
     "  - job_name: renamed\n"
     "    static_configs: [{targets: ['b:1']}]\n"
     "    metric_relabel_configs:\n"
     "      - source_labels: [__name__]\n"
     "        regex: 'old_(.*)'\n"
     "        target_label: __name__\n"
     "      - source_labels: [__name__]\n"
     "        regex: 'primitive_duration_seconds_bucket'\n"
     "        action: drop\n",
     "",
     "groups:\n"
     "  - name: g\n"
     "    rules:\n"
     "      - record: p95\n"
     "        expr: histogram_quantile(0.95, rate(primitive_duration_seconds_bucket[5m]))\n"},
    {"config/relabel-drops-used-series", "quiet on series Prometheus adds after relabelling",
     "rule_files: [rules.yml]\n"
     "scrape_configs:\n"
     "  - job_name: app\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    metric_relabel_configs:\n"
     "      - source_labels: [__name__]\n"
     "        regex: 'primitive_.*'\n"
     "        action: keep\n",
     "",
     "groups:\n"
     "  - name: g\n"
     "    rules:\n"
     "      - alert: Down\n"
     "        expr: up == 0 or scrape_samples_post_metric_relabeling > 1000\n"
     "      - alert: Slow\n"
     "        expr: sum by (le) (rate(primitive_duration_seconds_bucket[5m])) > 1\n"},
    // config/rule-files-no-match
    {"config/rule-files-no-match", "fires on a glob without a match",
     "rule_files:\n"
     "  - 'rules/*.yml'\n",
     "prometheus.yml:2:5: warning: rule_files[0]: the pattern \"rules/*.yml\" matches no file, so "
     "Prometheus loads no rules from it; fix the pattern (relative paths are resolved against "
     "the config file's directory) or remove the entry [config/rule-files-no-match]\n"},
    {"config/rule-files-no-match", "quiet when the glob matches",
     "rule_files:\n"
     "  - 'r*.yml'\n",
     "", "groups: []\n"},
    // config/duplicate-target
    {"config/duplicate-target", "fires on the same endpoint in two jobs",
     "scrape_configs:\n"
     "  - job_name: tta-dev-app\n"
     "    static_configs: [{targets: ['localhost:5000']}]\n"
     "  - job_name: tta-dev\n"
     "    static_configs:\n"
     "      - targets: ['localhost:5000']\n",
     "prometheus.yml:6:19: warning: job \"tta-dev\" scrapes \"http://localhost:5000/metrics\", "
     "which job \"tta-dev-app\" at prometheus.yml:3 already scrapes; its series are stored twice "
     "under two job labels and sums over both count them twice, so scrape it in one job only "
     "[config/duplicate-target]\n"
     "  note: prometheus.yml:3:33: job \"tta-dev-app\" scrapes it here\n"},
    {"config/duplicate-target", "quiet on other paths, params and rewritten addresses",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['h:9115']}]\n"
     "  - job_name: b\n"
     "    metrics_path: /probe\n"
     "    static_configs: [{targets: ['h:9115']}]\n"
     "  - job_name: c\n"
     "    params: {module: [x]}\n"
     "    static_configs: [{targets: ['h:9115']}]\n"
     "  - job_name: d\n"
     "    static_configs: [{targets: ['h:9115']}]\n"
     "    relabel_configs:\n"
     "      - source_labels: [__address__]\n"
     "        target_label: __param_target\n",
     ""},
    // config/duplicate-relabel
    {"config/duplicate-relabel", "fires on a repeated rule",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    metric_relabel_configs:\n"
     "      - source_labels: [__name__]\n"
     "        regex: 'go_.*'\n"
     "        action: drop\n"
     "      - target_label: env\n"
     "        replacement: prod\n"
     "      - source_labels: [__name__]\n"
     "        regex: 'go_.*'\n"
     "        action: drop\n",
     "prometheus.yml:10:9: warning: scrape_configs[0].metric_relabel_configs[2] repeats "
     "metric_relabel_configs[0] (line 5) exactly and nothing in between changes what it reads, "
     "so it does nothing; remove it [config/duplicate-relabel]\n"
     "  note: prometheus.yml:5:9: first here\n"},
    {"config/duplicate-relabel", "fires on a label overwritten before it is read",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    relabel_configs:\n"
     "      - target_label: env\n"
     "        replacement: staging\n"
     "      - source_labels: [__address__]\n"
     "        regex: '(.*):.*'\n"
     "        target_label: host\n"
     "      - target_label: env\n"
     "        replacement: production\n",
     "prometheus.yml:5:9: warning: scrape_configs[0].relabel_configs[0] sets \"env\", but "
     "relabel_configs[2] (line 10) always overwrites it before anything reads it, so this rule "
     "has no effect; remove one of the two [config/duplicate-relabel]\n"
     "  note: prometheus.yml:10:9: overwritten here\n"},
    {"config/duplicate-relabel", "quiet when a rule in between reads or changes the label",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    relabel_configs:\n"
     "      - target_label: env\n"
     "        replacement: staging\n"
     "      - source_labels: [env]\n"
     "        target_label: stage\n"
     "      - target_label: env\n"
     "        replacement: production\n"
     "      - source_labels: [x]\n"
     "        regex: '(.*)y'\n"
     "        target_label: x\n"
     "      - source_labels: [x]\n"
     "        regex: '(.*)y'\n"
     "        target_label: x\n"
     "      - source_labels: [b]\n"
     "        regex: 'v'\n"
     "        action: keep\n"
     "      - source_labels: [a]\n"
     "        target_label: b\n"
     "      - source_labels: [b]\n"
     "        regex: 'v'\n"
     "        action: keep\n",
     ""},
    // config/relabel-plain-regex
    {"config/relabel-plain-regex", "fires on redundant anchors",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    relabel_configs:\n"
     "      - source_labels: [env]\n"
     "        regex: '^prod$'\n"
     "        action: keep\n",
     "prometheus.yml:6:16: info: scrape_configs[0].relabel_configs[0].regex \"^prod$\": "
     "Prometheus anchors relabel regexes at both ends already, so '^' and '$' are redundant; "
     "write \"prod\" [config/relabel-plain-regex]\n"},
    {"config/relabel-plain-regex", "fires on unescaped dots in a literal",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    relabel_configs:\n"
     "      - source_labels: [__address__]\n"
     "        regex: app1.example.com:5000\n"
     "        action: drop\n",
     "prometheus.yml:6:16: info: scrape_configs[0].relabel_configs[0].regex "
     "\"app1.example.com:5000\" looks like a literal, but each '.' matches any character; "
     "escape the dots (\"app1\\\\.example\\\\.com:5000\") to match exactly "
     "[config/relabel-plain-regex]\n"},
    {"config/relabel-plain-regex", "fires (warning) on a regex that can never match",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    relabel_configs:\n"
     "      - source_labels: [env]\n"
     "        regex: 'prod$suffix'\n"
     "        action: keep\n",
     "prometheus.yml:6:16: warning: scrape_configs[0].relabel_configs[0].regex \"prod$suffix\" "
     "can never match: its '$' at offset 4 requires characters after the end of the value, so "
     "the rule drops everything; remove the anchor (or escape it as \\$) "
     "[config/relabel-plain-regex]\n"},
    {"config/relabel-plain-regex", "quiet on ordinary regexes",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    relabel_configs:\n"
     "      - source_labels: [env]\n"
     "        regex: 'prod|staging'\n"
     "        action: keep\n"
     "      - source_labels: [__address__]\n"
     "        regex: '(.*):\\d+'\n"
     "        target_label: host\n"
     "      - source_labels: [x]\n"
     "        regex: 'a$|^b'\n"
     "        action: drop\n"
     "      - source_labels: [x]\n"
     "        regex: 'app1\\.example\\.com'\n"
     "        action: drop\n"
     "      - source_labels: [x]\n"
     "        regex: 'primitive_.*'\n"
     "        action: drop\n",
     ""},
    // config/honor-labels
    {"config/honor-labels", "fires on honor_labels: true",
     "scrape_configs:\n"
     "  - job_name: tta-dev\n"
     "    honor_labels: true\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     "prometheus.yml:3:19: info: job \"tta-dev\" sets honor_labels: true, so labels the target "
     "exposes (job, instance, ...) replace the ones Prometheus attaches and a target can pose as "
     "another; remove it unless the target is a federation endpoint or a Pushgateway (then add "
     "\"# ttam: disable=config/honor-labels\") [config/honor-labels]\n"},
    {"config/honor-labels", "quiet on Pushgateway and federation jobs",
     "scrape_configs:\n"
     "  - job_name: pushgateway\n"
     "    honor_labels: true\n"
     "    static_configs: [{targets: ['pg.internal:80']}]\n"
     "  - job_name: batch\n"
     "    honor_labels: true\n"
     "    static_configs: [{targets: ['10.0.0.7:9091', 'pushgateway-1:80']}]\n"
     "  - job_name: global\n"
     "    honor_labels: true\n"
     "    metrics_path: /federate\n"
     "    static_configs: [{targets: ['dc1:9090']}]\n",
     ""},
    {"config/honor-labels", "quiet on false and when suppressed",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    honor_labels: false\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "  - job_name: federate\n"
     "    honor_labels: true  # ttam: disable=config/honor-labels\n"
     "    static_configs: [{targets: ['b:1']}]\n",
     ""},
    // config/drops-job-or-instance
    {"config/drops-job-or-instance", "fires on labeldrop and labelkeep",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    metric_relabel_configs:\n"
     "      - regex: 'instance|pod'\n"
     "        action: labeldrop\n"
     "      - regex: '__name__|job|le'\n"
     "        action: labelkeep\n",
     "prometheus.yml:5:16: warning: scrape_configs[0].metric_relabel_configs[0]: labeldrop "
     "\"instance|pod\" removes \"instance\"; series from different targets collide "
     "(duplicate-sample errors, lost data) and nothing says which target they came from; narrow "
     "the regex so that it does not match them [config/drops-job-or-instance]\n"
     "prometheus.yml:7:16: warning: scrape_configs[0].metric_relabel_configs[1]: labelkeep "
     "\"__name__|job|le\" removes \"instance\"; series from different targets collide "
     "(duplicate-sample errors, lost data) and nothing says which target they came from; add "
     "them to the regex (e.g. \"job|instance|...\") [config/drops-job-or-instance]\n"},
    {"config/drops-job-or-instance", "quiet on other labels and on instance in relabel_configs",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    relabel_configs:\n"
     "      - regex: 'instance'\n"
     "        action: labeldrop\n"
     "    metric_relabel_configs:\n"
     "      - regex: 'pod|container'\n"
     "        action: labeldrop\n",
     ""},
    {"config/drops-job-or-instance", "reads Go's (?<name>) groups as the loader does",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "    metric_relabel_configs:\n"
     "      - regex: '(?<keep>__name__|job|instance|le)'\n"
     "        action: labelkeep\n"
     "      - regex: '(?<gone>instance)'\n"
     "        action: labeldrop\n",
     "prometheus.yml:7:16: warning: scrape_configs[0].metric_relabel_configs[1]: labeldrop "
     "\"(?<gone>instance)\" removes \"instance\"; series from different targets collide "
     "(duplicate-sample errors, lost data) and nothing says which target they came from; narrow "
     "the regex so that it does not match them [config/drops-job-or-instance]\n"},
    // config/plaintext-secret
    {"config/plaintext-secret", "fires on an inline password, source line masked",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    basic_auth:\n"
     "      username: prom\n"
     "      password: hunter2\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     "prometheus.yml:5:17: warning: scrape_configs[0].basic_auth.password: the value of "
     "password is written in the config, where everyone who can read the file (or its copies in "
     "git and CI "
     "logs) can read it; move it to a file readable only by Prometheus and use password_file "
     "[config/plaintext-secret]\n"},
    {"config/plaintext-secret", "quiet on documentation placeholders",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    basic_auth: {username: prom, password: \"<replace with the API password>\"}\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "  - job_name: b\n"
     "    basic_auth: {username: prom, password: password}\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "  - job_name: d\n"
     "    authorization: {credentials: XXXXXXXX}\n"
     "    static_configs: [{targets: ['a:1']}]\n"
     "  - job_name: c\n"
     "    oauth2: {client_id: x, client_secret: 11111111-1111-1111-1111-111111111111, "
     "token_url: 'https://a/t'}\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     ""},
    {"config/plaintext-secret", "quiet with password_file",
     "scrape_configs:\n"
     "  - job_name: a\n"
     "    basic_auth:\n"
     "      username: prom\n"
     "      password_file: prometheus.yml\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     ""},
    // config/no-sample-limit
    {"config/no-sample-limit", "fires on service discovery without a limit",
     "scrape_configs:\n"
     "  - job_name: tta-dev-ec2\n"
     "    ec2_sd_configs:\n"
     "      - region: us-west-2\n"
     "        port: 5000\n",
     "prometheus.yml:2:15: warning: job \"tta-dev-ec2\" discovers its targets (ec2_sd_configs) but "
     "sets no sample_limit, so one target that starts exposing a high-cardinality metric can add "
     "millions of series and exhaust Prometheus's memory; set sample_limit (or "
     "global.sample_limit) above what a healthy target exposes, e.g. 10000 "
     "[config/no-sample-limit]\n"},
    {"config/no-sample-limit", "quiet with a limit, and for static targets",
     "global:\n"
     "  sample_limit: 50000\n"
     "scrape_configs:\n"
     "  - job_name: ec2\n"
     "    ec2_sd_configs:\n"
     "      - region: us-west-2\n"
     "  - job_name: static\n"
     "    static_configs: [{targets: ['a:1']}]\n",
     ""},
};

}  // namespace

TEST_CASE("config checks: each case loads cleanly and reports exactly what it should") {
  for (const ConfigCase& c : kConfigCases) {
    CAPTURE(c.check);
    CAPTURE(c.name);
    std::map<std::string, std::string> files{{"prometheus.yml", std::string(c.config)}};
    if (!c.rules.empty()) files["rules.yml"] = std::string(c.rules);
    ttam::test::ConfigLintResult r = ttam::test::LintConfigFiles(c.check, files);
    CHECK(r.load == "");
    CHECK(r.lint == c.want);
  }
}

TEST_CASE("config checks: the guide's sample shows the guide's problems") {
  std::string root = std::string(TTAM_SOURCE_DIR) + "/samples/";
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  std::map<std::string, std::string> files{
      {"prometheus.yml", read(root + "prometheus.yml")},
      {"rules/recording_rules.yml", read(root + "rules/recording_rules.yml")},
      {"rules/alerting_rules.yml", read(root + "rules/alerting_rules.yml")}};
  ttam::test::ConfigLintResult r = ttam::test::LintConfigFiles("", files);
  CHECK(r.load == "");
  for (const char* want : {"[config/useless-gzip-param]", "[config/relabel-drops-used-series]",
                           "[config/honor-labels]", "[config/no-sample-limit]"}) {
    CAPTURE(want);
    CHECK(r.lint.find(want) != std::string::npos);
  }
  CHECK(r.lint.find("primitive:latency:p95") != std::string::npos);
}

TEST_CASE("config registry: ids are unique config/<kebab>; every check fires and stays quiet") {
  std::set<std::string_view> ids;
  std::set<std::string_view> fires;
  std::set<std::string_view> quiet;
  for (const ConfigCase& c : kConfigCases) {
    std::string tag = "[" + std::string(c.check) + "]\n";
    (c.want.find(tag) != std::string_view::npos ? fires : quiet).insert(c.check);
  }
  for (const ttam::lint::ConfigCheckInfo& info : ttam::lint::ConfigChecks()) {
    CAPTURE(info.id);
    CHECK(info.id.starts_with("config/"));
    CHECK(ttam::test::IsKebab(info.id.substr(7)));
    CHECK(ids.insert(info.id).second);
    CHECK(!info.summary.empty());
    CHECK((info.make != nullptr));
    CHECK(fires.count(info.id) == 1);
    CHECK(quiet.count(info.id) == 1);
  }
  for (const ttam::diag::CheckInfo& info : ttam::lint::ConfigValidationChecks()) {
    CAPTURE(info.id);
    CHECK(ids.insert(info.id).second);
  }
}

TEST_CASE("config registry: every id has a man page section stating its default severity") {
  std::string page = ttam::test::ReadChecksPage();
  REQUIRE_MESSAGE(!page.empty(), "cannot read man/ttam-checks.7");
  for (const ttam::lint::ConfigCheckInfo& info : ttam::lint::ConfigChecks()) {
    CAPTURE(info.id);
    std::string want = ttam::test::ChecksPageSection(std::string(info.id), info.severity);
    CHECK(page.find(want) != std::string::npos);
  }
  for (const ttam::diag::CheckInfo& info : ttam::lint::ConfigValidationChecks()) {
    CAPTURE(info.id);
    CHECK(page.find(ttam::test::ChecksPageSection(info.id)) != std::string::npos);
  }
}

TEST_CASE("suppression comments: on the line, in the comment block above, by id or group") {
  auto doc_text = std::string(
      "a: 1  # ttam: disable=config/x\n"
      "# ttam: disable=config/y, config/z\n"
      "# another comment\n"
      "b: 2\n"
      "\n"
      "c: 3\n"
      "d: '# ttam: disable=config/w'\n");
  ttam::diag::CollectingSink sink;
  auto doc = ttam::yaml::Parse("x.yml", doc_text, sink);
  REQUIRE(doc != nullptr);
  using ttam::lint::IsSuppressed;
  CHECK(IsSuppressed(*doc, 1, "config/x"));
  CHECK_FALSE(IsSuppressed(*doc, 1, "config/y"));
  CHECK(IsSuppressed(*doc, 4, "config/y"));
  CHECK(IsSuppressed(*doc, 4, "config/z"));
  CHECK_FALSE(IsSuppressed(*doc, 6, "config/y"));  // a blank line ends the block
  CHECK_FALSE(IsSuppressed(*doc, 7, "config/w"));  // inside a string, not a comment
}
