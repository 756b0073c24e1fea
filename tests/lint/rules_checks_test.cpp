// rules/*: each rule check on small rule files (and a prometheus.yml for the
// config-aware ones), asserting the exact diagnostics with their spans; then
// suppression comments, the registry and the man page.

#include <doctest/doctest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "config_lint_util.h"
#include "lint/rules/helpers.h"
#include "lint/rules/linter.h"
#include "promql/parser.h"
#include "rules/rule_file.h"
#include "support/checks_page.h"
#include "template/template_check.h"

namespace {

using ttam::diag::Diagnostic;

constexpr std::string_view kTemplateCheck = "rules/template-label-aggregated";

struct RulesCase {
  std::string check;
  std::string name;
  std::string rules;  ///< rules.yml
  std::string want;
  std::string config = "";  ///< prometheus.yml, for config-aware checks
  std::string other = "";   ///< other.yml, checked together with rules.yml
};

// A rule file with one group and one rule: `kind` is "record: name" or
// "alert: name", `extra` more lines of the rule (indented by 8).
std::string File(std::string_view kind, std::string_view expr, std::string_view extra = "") {
  return "groups:\n"
         "  - name: g\n"
         "    rules:\n"
         "      - " +
         std::string(kind) +
         "\n"
         "        expr: " +
         std::string(expr) + "\n" + std::string(extra);
}

// A recording rule in level:metric:operations form with `expr` (line 5, column 15).
std::string Rec(std::string_view expr) { return File("record: job:x:rate5m", expr); }

// An alerting rule with for: 5m.
std::string Alert(std::string_view expr, std::string_view extra = "") {
  return File("alert: A", expr, "        for: 5m\n" + std::string(extra));
}

/// `path:line:col[-end]: severity: message [check]`, then notes.
std::string Render(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
    if (d.end_column != 0) out += "-" + std::to_string(d.end_column);
    out += ": " + std::string(ttam::diag::SeverityName(d.severity)) + ": " + d.message + " [" +
           d.check + "]\n";
    for (const ttam::diag::Note& n : d.notes) {
      out += "  note: " + n.path + ":" + std::to_string(n.line) + ":" + std::to_string(n.column) +
             ": " + n.message + "\n";
    }
  }
  return out;
}

// `$labels.name` references, found textually: a stand-in for
// tmpl::CheckTemplate while it is being written.
std::vector<ttam::tmpl::LabelReference> FakeLabelRefs(std::string_view text) {
  std::vector<ttam::tmpl::LabelReference> refs;
  constexpr std::string_view kPrefix = "$labels.";
  for (size_t at = text.find(kPrefix); at != std::string_view::npos;
       at = text.find(kPrefix, at + 1)) {
    size_t end = at + kPrefix.size();
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) {
      ++end;
    }
    refs.push_back(
        {std::string(text.substr(at + kPrefix.size(), end - at - kPrefix.size())), at, end});
  }
  return refs;
}

struct Run {
  std::string load;  ///< the loaders' diagnostics
  std::string lint;
};

// Loads the case's files and runs its check through LintRules, or, for
// rules/template-label-aggregated, with `finder` when one is given.
Run RunCase(const RulesCase& c, const ttam::lint::checks::LabelRefFinder& finder = {}) {
  ttam::diag::CollectingSink load;
  std::vector<ttam::rules::RuleFile> files;
  files.push_back(ttam::rules::LoadRuleFile("rules.yml", c.rules, load, ttam::RealFileSystem()));
  if (!c.other.empty())
    files.push_back(ttam::rules::LoadRuleFile("other.yml", c.other, load, ttam::RealFileSystem()));
  std::vector<const ttam::rules::RuleFile*> ptrs;
  for (const auto& f : files) ptrs.push_back(&f);
  ttam::test::MemoryFileSystem fs({{"prometheus.yml", c.config}});
  ttam::config::LoadedConfig config;
  if (!c.config.empty()) config = ttam::config::Load("prometheus.yml", c.config, load, fs);
  ttam::lint::RulesLintInput input{ptrs, c.config.empty() ? nullptr : &config};
  ttam::diag::CollectingSink lint;
  if (finder && c.check == kTemplateCheck) {
    auto check = ttam::lint::checks::MakeRulesTemplateLabelAggregatedWith(finder);
    ttam::lint::RulesReporter out(lint, kTemplateCheck, ttam::diag::Severity::kWarning);
    ttam::lint::RunRulesCheck(*check, input, out);
  } else {
    ttam::lint::LintRules(input, lint, [&](std::string_view id) { return id == c.check; });
  }
  return {Render(load.diagnostics), Render(lint.diagnostics)};
}

const std::string kConfig =
    "global:\n"
    "  scrape_interval: 15s\n"
    "scrape_configs:\n"
    "  - job_name: app\n"
    "    scrape_interval: 30s\n"
    "    static_configs: [{targets: ['a:1']}]\n"
    "    metric_relabel_configs:\n"
    "      - source_labels: [__name__]\n"
    "        regex: 'primitive_duration_seconds_bucket|go_.*'\n"
    "        action: drop\n"
    "  - job_name: node\n"
    "    static_configs: [{targets: ['b:1']}]\n"
    "    metric_relabel_configs:\n"
    "      - source_labels: [__name__]\n"
    "        regex: 'go_.*'\n"
    "        action: drop\n";

const std::string kBurnRate =
    "(1 - primitive_error_budget_remaining{primitive_name=\"critical_workflow\"}) / "
    "(time() - primitive_error_budget_remaining{primitive_name=\"critical_workflow\"} * 3600)";

std::vector<RulesCase> Cases() {
  return {
      // rules/duplicate-rule
      {"rules/duplicate-rule", "fires on the same rule written twice",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - record: job:x:rate5m\n"
       "        expr: sum by (job) (rate(x_total[5m]))\n"
       "      - record: job:x:rate5m\n"
       "        expr: sum(rate(x_total[5m])) by (job)\n",
       "rules.yml:6:17-29: warning: recording rule \"job:x:rate5m\" repeats an earlier rule with "
       "the same expression and labels (line 4); remove one of them [rules/duplicate-rule]\n"},
      {"rules/duplicate-rule", "fires on two rules writing the same series (promtool's case)",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - record: route:latency_seconds:p95\n"
       "        expr: histogram_quantile(0.95, sum by (route, le) (rate(lat_bucket[1m])))\n"
       "  - name: h\n"
       "    rules:\n"
       "      - record: route:latency_seconds:p95\n"
       "        expr: histogram_quantile(0.95, sum by (route, le) (rate(lat_bucket[5m])))\n",
       "rules.yml:8:17-42: warning: recording rule \"route:latency_seconds:p95\" writes the same "
       "series as the rule at line 4 (same name and labels, another expression, results that "
       "can have the same labels): the two overwrite each other at every evaluation; rename "
       "one, or give them distinct labels [rules/duplicate-rule]\n"},
      {"rules/duplicate-rule", "quiet when the results are disjoint (where promtool is not)",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - record: route:sql_seconds_bucket:rate5m\n"
       "        expr: sum without (pod) (rate(sql_seconds_bucket{tier=\"api\"}[5m]))\n"
       "      - record: route:sql_seconds_bucket:rate5m\n"
       "        expr: sum without (pod) (rate(sql_seconds_bucket{tier=\"web\"}[5m]))\n"
       "      - record: mode:cpu_seconds:rate1m\n"
       "        expr: sum without (cpu) (rate(cpu_seconds_total{mode!=\"iowait\"}[1m]))\n"
       "      - record: mode:cpu_seconds:rate1m\n"
       "        expr: sum without (cpu) (deriv(cpu_seconds_total{mode=\"iowait\"}[1m]) > 0)\n"
       "      - record: code:requests:increase1h\n"
       "        expr: sum by (code) (increase(requests_total{code=~\"2..\"}[1h]))\n"
       "      - record: code:requests:increase1h\n"
       "        expr: sum by (code) (increase(requests_total{code=~\"3..\"}[1h]))\n"
       "      - record: job:x:rate5m\n"
       "        expr: sum by (job) (rate(x_total[5m]))\n"
       "      - record: job:x:rate5m\n"
       "        expr: sum by (job) (rate(x_total[5m]))\n"
       "        labels: {source: copy}\n",
       ""},

      // rules/rate-non-counter
      {"rules/rate-non-counter", "fires on a gauge of the built-in table (node_exporter)",
       Alert("rate(node_memory_MemFree_bytes[10m]) < 0"),
       "rules.yml:5:20-50: warning: rate() over \"node_memory_MemFree_bytes\", but it is a gauge "
       "(TYPE gauge in node_exporter): rate() reads every decrease as a counter reset, so the "
       "result is wrong; use deriv() or delta() for a gauge [rules/rate-non-counter]\n"},
      {"rules/rate-non-counter", "fires on a gauge of the Go client's process collector",
       Rec("rate(process_resident_memory_bytes[5m])"),
       "rules.yml:5:20-53: warning: rate() over \"process_resident_memory_bytes\", but it is a "
       "gauge (TYPE gauge in client_golang): rate() reads every decrease as a counter reset, so "
       "the result is wrong; use deriv() or delta() for a gauge [rules/rate-non-counter]\n"},
      {"rules/rate-non-counter", "quiet on counters and on names that may be counters",
       Rec("rate(primitive_requests_total[5m]) + rate(primitive_cost_savings[5m]) + "
           "rate(x_seconds_count[5m]) + deriv(process_resident_memory_bytes[5m]) + "
           "rate(node_network_receive_bytes_total[5m])"),
       ""},
      {"rules/rate-non-counter", "quiet on counters exported without _total (unknown types)",
       Rec("rate(db_wal_position_bytes[5m]) + rate(db_txid_current[5m]) + "
           "increase(search_query_time_seconds[5m]) / increase(search_query_count[5m]) + "
           "rate(storage_journal_replay_bytes[30m]) + increase(primitive:error_rate:5m[1h])"),
       ""},
      {"rules/rate-non-counter", "fires on a series an earlier rule records as a rate",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - record: job:errors:rate5m\n"
       "        expr: sum by (job) (rate(errors_total[5m])) / 2\n"
       "      - record: job:errors:sum\n"
       "        expr: sum by (job) (errors_total)\n"
       "      - alert: Errors\n"
       "        expr: increase(job:errors:rate5m[1h]) > 0 or rate(job:errors:sum[5m]) > 1\n"
       "        for: 5m\n",
       "rules.yml:9:24-45: warning: increase() over \"job:errors:rate5m\", but a rule records it "
       "from rate(), so it holds a per-window value already, not a counter: increase() reads "
       "every decrease as a counter reset, so the result is wrong; use the recorded series "
       "directly (avg_over_time() to smooth it) [rules/rate-non-counter]\n"
       "  note: rules.yml:4:17: recorded here\n"},
      {"rules/rate-non-counter", "quiet on a native histogram",
       Rec("histogram_quantile(0.9, sum(rate(http_request_duration_seconds[5m])))"), ""},

      // rules/counter-without-rate
      {"rules/counter-without-rate", "fires on a known counter compared with a threshold",
       Alert("node_network_receive_bytes_total{device=\"eth0\"} > 1e9"),
       "rules.yml:5:15-62: warning: \"node_network_receive_bytes_total\" is a counter (TYPE "
       "counter in node_exporter) used as a raw value: its total since the process started "
       "resets to zero on every restart, so the result follows restarts rather than traffic; "
       "use rate(node_network_receive_bytes_total{device=\"eth0\"}[5m]) or "
       "increase(node_network_receive_bytes_total{device=\"eth0\"}[1h]) instead "
       "[rules/counter-without-rate]\n"},
      {"rules/counter-without-rate", "fires on a summed count of a known histogram",
       Alert("sum by (job) (prometheus_http_request_duration_seconds_count) > 1000"),
       "rules.yml:5:29-75: warning: \"prometheus_http_request_duration_seconds_count\" is a "
       "counter (TYPE histogram in prometheus) used as a raw value: its total since the process "
       "started resets to zero on every restart, so the result follows restarts rather than "
       "traffic; use rate(prometheus_http_request_duration_seconds_count[5m]) or "
       "increase(prometheus_http_request_duration_seconds_count[1h]) instead "
       "[rules/counter-without-rate]\n"},
      {"rules/counter-without-rate", "fires on a lifetime average (type unknown)",
       Alert("sum(read_latency_seconds_sum) / sum(read_latency_seconds_count) > 0.2"),
       "rules.yml:5:19-43: warning: \"read_latency_seconds_sum\" / \"read_latency_seconds_count\" "
       "divides two counters' totals since the process started: the result is the average over "
       "the process's whole life, not over a recent window; use "
       "rate(read_latency_seconds_sum[5m]) / rate(read_latency_seconds_count[5m]) "
       "[rules/counter-without-rate]\n"},
      {"rules/counter-without-rate", "fires on == with a non-zero number (type unknown)",
       Alert("deploy_sync_total{phase=\"Failed\"} == 1"),
       "rules.yml:5:15-48: warning: \"deploy_sync_total\" is a counter compared with == 1: its "
       "total since the process started equals that only until the next event, and again after "
       "a restart; use increase(deploy_sync_total{phase=\"Failed\"}[1h]) > 0 to see events in a "
       "window [rules/counter-without-rate]\n"},
      {"rules/counter-without-rate", "quiet in rate(), absent(), count() and set filters",
       Alert("rate(x_total[5m]) > 1 and on (job) y_total or absent(x_total) or "
             "count(x_total) > 3 or timestamp(x_total) > 0 or pg_stat_activity_count > 10"),
       ""},
      {"rules/counter-without-rate", "quiet on gauges named _total (type unknown or gauge)",
       Alert("100 * volume_used_bytes / volume_capacity_bytes_total > 90 or "
             "pool_pages_total - pool_pages_active > 0 or "
             "sum(queue_pending_requests_total) by (ns) > 50 or "
             "app_migrations_unapplied_total > 0 or container_network_tcp_usage_total == 1"),
       ""},
      {"rules/counter-without-rate", "quiet on a known counter passed on by a recording rule",
       File("record: node_network_receive_bytes_total:labeled",
            "node_network_receive_bytes_total * on(instance) group_left(team) "
            "max by (instance, team) (team_info)"),
       ""},
      {"rules/counter-without-rate", "quiet on a renaming or relabelling recording rule",
       File("record: node_cpu_seconds_total_old",
            "label_replace(node_cpu_seconds_total, \"cpu\", \"$1\", \"cpu\", \"cpu(.+)\")"),
       ""},
      {"rules/counter-without-rate", "quiet on existence tests, uptime and a manual increase",
       Alert("prometheus_http_request_duration_seconds_count > 0 and "
             "histogram_quantile(0.01, sum by (le) "
             "(rate(prometheus_http_request_duration_seconds_bucket[5m]))) < 86400 or "
             "prometheus_http_requests_total == 0 or "
             "prometheus_http_requests_total > bool 0 or server_uptime_seconds_total < 120 or "
             "prometheus_http_requests_total - prometheus_http_requests_total offset 10m >= 1"),
       ""},

      // rules/histogram-quantile-le
      {"rules/histogram-quantile-le", "fires on sum without by (le)",
       Rec("histogram_quantile(0.9, sum(rate(x_seconds_bucket[5m])))"),
       "rules.yml:5:39-70: warning: histogram_quantile() needs the le label of "
       "\"x_seconds_bucket\", but this drops it: the buckets lose their bounds and "
       "histogram_quantile() skips them, so the result is empty; aggregate by le too: sum by "
       "(le) [rules/histogram-quantile-le]\n"},
      {"rules/histogram-quantile-le", "fires on by (...) without le and on without (le)",
       Rec("histogram_quantile(0.9, sum by (job) (rate(x_seconds_bucket[5m]))) + "
           "histogram_quantile(0.5, max without (le, instance) (rate(x_seconds_bucket[5m])))"),
       "rules.yml:5:39-80: warning: histogram_quantile() needs the le label of "
       "\"x_seconds_bucket\", but this drops it: the buckets lose their bounds and "
       "histogram_quantile() skips them, so the result is empty; aggregate by le too: sum by "
       "(le, job) [rules/histogram-quantile-le]\n"
       "rules.yml:5:108-163: warning: histogram_quantile() needs the le label of "
       "\"x_seconds_bucket\", but this drops it: the buckets lose their bounds and "
       "histogram_quantile() skips them, so the result is empty; remove le from without (...): "
       "max without (instance) [rules/histogram-quantile-le]\n"},
      {"rules/histogram-quantile-le", "quiet on the guide's query and on native histograms",
       Rec("histogram_quantile(0.95, sum(rate(primitive_duration_seconds_bucket[5m])) by (le, "
           "primitive_name)) + histogram_quantile(0.9, sum(rate(x_seconds[5m])))"),
       ""},

      // rules/histogram-quantile-rate
      {"rules/histogram-quantile-rate", "fires on raw buckets",
       Rec("histogram_quantile(0.9, sum by (le) (x_seconds_bucket))"),
       "rules.yml:5:52-68: warning: histogram_quantile() over the raw counters of "
       "\"x_seconds_bucket\": they hold every observation since the target started, so the "
       "quantile barely moves and jumps at restarts; use rate(x_seconds_bucket[5m]) inside the "
       "aggregation [rules/histogram-quantile-rate]\n"},
      {"rules/histogram-quantile-rate", "quiet with rate()",
       Rec("histogram_quantile(0.9, sum by (le) (rate(x_seconds_bucket[5m])))"), ""},

      // rules/rate-range-short
      {"rules/rate-range-short", "fires on a range under 4 intervals of the job= job",
       Rec("rate(x_total{job=\"app\"}[1m])"),
       "rules.yml:5:20-42: warning: rate() over [1m] spans fewer than 4 sample intervals (job "
       "\"app\" scrapes every 30s): one missed or late sample leaves too few points and the "
       "series drops out of the result; use a range of at least [2m] "
       "[rules/rate-range-short]\n",
       kConfig},
      {"rules/rate-range-short", "fires under 4 intervals of the fastest job",
       Rec("irate(x_total[45s])"),
       "rules.yml:5:21-33: warning: irate() over [45s] spans fewer than 4 sample intervals (the "
       "fastest job, \"node\", scrapes every 15s): one missed or late sample leaves too few "
       "points and the series drops out of the result; use a range of at least [1m] "
       "[rules/rate-range-short]\n",
       kConfig},
      {"rules/rate-range-short", "fires on a recorded series under 4 evaluation intervals",
       "groups:\n"
       "  - name: fast\n"
       "    interval: 1m\n"
       "    rules:\n"
       "      - record: job:x:sum_total\n"
       "        expr: sum by (job) (x_total)\n"
       "      - record: job:x:rate2m\n"
       "        expr: rate(job:x:sum_total[2m])\n",
       "rules.yml:8:20-39: warning: rate() over [2m] spans fewer than 4 sample intervals (group "
       "\"fast\", which records \"job:x:sum_total\", runs every 1m): one missed or late sample "
       "leaves too few points and the series drops out of the result; use a range of at least "
       "[4m] [rules/rate-range-short]\n",
       kConfig},
      {"rules/rate-range-short", "quiet at 4 intervals", Rec("rate(x_total{job=\"app\"}[2m])"), "",
       kConfig},
      {"rules/rate-range-short", "quiet without a config", Rec("rate(x_total[10s])"), ""},
      {"rules/rate-range-short", "quiet when the config has no job and no scrape_interval",
       Rec("rate(x_total[1m])"), "", "global:\n  evaluation_interval: 30s\n"},
      {"rules/rate-range-short", "fires on an explicit global.scrape_interval without jobs",
       Rec("rate(x_total[1m])"),
       "rules.yml:5:20-31: warning: rate() over [1m] spans fewer than 4 sample intervals "
       "(global.scrape_interval is 30s): one missed or late sample leaves too few points and "
       "the series drops out of the result; use a range of at least [2m] "
       "[rules/rate-range-short]\n",
       "global:\n  scrape_interval: 30s\n"},

      // rules/template-label-aggregated
      {"rules/template-label-aggregated", "fires on a label aggregated away",
       File("alert: PrimitiveSlow",
            "sum by (primitive_name) (rate(primitive_duration_seconds_sum[5m])) > 1",
            "        for: 5m\n"
            "        annotations:\n"
            "          summary: 'slow {{ $labels.primitive_type }} primitives'\n"),
       "rules.yml:8:29-51: warning: annotation \"summary\" uses $labels.primitive_type, but the "
       "expression's result cannot have label \"primitive_type\" (it keeps only "
       "primitive_name): it renders as an empty string; keep primitive_type in the "
       "expression's aggregation or matching, or remove it from the template "
       "[rules/template-label-aggregated]\n"
       "  note: rules.yml:5:15: label \"primitive_type\" is dropped here\n"},
      {"rules/template-label-aggregated", "fires on the rule's own label",
       File("alert: Errors", "sum(rate(errors_total[5m])) > 1",
            "        for: 5m\n"
            "        labels:\n"
            "          severity: page\n"
            "        annotations:\n"
            "          summary: \"{{ $labels.severity }}: errors\"\n"),
       "rules.yml:10:24-40: warning: annotation \"summary\" uses $labels.severity, but the "
       "expression's result cannot have label \"severity\" (it has no labels): it renders as an "
       "empty string; the rule's own labels are not in $labels (it holds the query result's "
       "labels): write the value itself [rules/template-label-aggregated]\n"
       "  note: rules.yml:5:15: label \"severity\" is dropped here\n"},
      {"rules/template-label-aggregated", "fires on on(...) matching",
       File("alert: Ratio", "a_total / on (job) b_total > 1",
            "        for: 5m\n"
            "        annotations:\n"
            "          summary: '{{ $labels.instance }}'\n"),
       "rules.yml:8:24-40: warning: annotation \"summary\" uses $labels.instance, but the "
       "expression's result cannot have label \"instance\" (it keeps only job): it renders as "
       "an empty string; keep instance in the expression's aggregation or matching, or remove "
       "it from the template [rules/template-label-aggregated]\n"
       "  note: rules.yml:5:15: label \"instance\" is dropped here\n"},
      {"rules/template-label-aggregated", "quiet on the guide's alert by (le, primitive_type)",
       File("alert: PrimitiveP99LatencyByType",
            "histogram_quantile(0.99, sum(rate(primitive_duration_seconds_bucket[5m])) by (le, "
            "primitive_type)) > 2",
            "        for: 10m\n"
            "        annotations:\n"
            "          summary: 'p99 latency of {{ $labels.primitive_type }} primitives is "
            "above 2s'\n"),
       ""},
      {"rules/template-label-aggregated", "quiet without aggregation",
       File("alert: Down", "up == 0",
            "        for: 5m\n"
            "        annotations:\n"
            "          summary: '{{ $labels.instance }} is down'\n"),
       ""},

      // rules/record-naming
      {"rules/record-naming", "fires on a name without colons, with a suggestion",
       File("record: primitive_error_rate",
            "sum by (primitive_name) (rate(primitive_requests_total[5m]))"),
       "rules.yml:4:17-37: info: recording rule name \"primitive_error_rate\" has no colons, so "
       "it reads like a scraped metric and may collide with one; name it "
       "level:metric:operations (the labels kept, the metric read, the operations applied), "
       "e.g. \"primitive_name:primitive_requests:rate5m\" [rules/record-naming]\n"},
      {"rules/record-naming", "fires on an empty part in the middle",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - record: job::rate5m\n"
       "        expr: x\n",
       "rules.yml:4:17-28: info: recording rule name \"job::rate5m\" has an empty part between "
       "its colons, so it does not say what it holds; name it level:metric:operations (the "
       "labels kept, the metric read, the operations applied), e.g. "
       "\"job:http_requests:rate5m\" [rules/record-naming]\n"},
      {"rules/record-naming", "quiet on level:metric:operations, the level may be empty",
       File("record: primitive:latency:p95", "x") +
           "      - record: :primitive_requests:rate5m\n"
           "        expr: sum(rate(primitive_requests_total[5m]))\n",
       ""},
      {"rules/record-naming", "quiet on deliberate schemes: 2 parts, 5 parts, an empty last part",
       File("record: service_ops:rate_5m", "x") +
           "      - record: slo:max:events:service_apdex:ratio\n"
           "        expr: x\n"
           "      - record: 'namespace_pod:kube_pod_owner:'\n"
           "        expr: x\n",
       ""},
      {"rules/record-naming", "suggests an empty level when nothing is kept",
       File("record: requests_rate", "sum(rate(primitive_requests_total[5m]))"),
       "rules.yml:4:17-30: info: recording rule name \"requests_rate\" has no colons, so it "
       "reads like a scraped metric and may collide with one; name it level:metric:operations "
       "(the labels kept, the metric read, the operations applied), e.g. "
       "\":primitive_requests:rate5m\" [rules/record-naming]\n"},

      // rules/alert-without-for
      {"rules/alert-without-for", "fires on instantaneous thresholds without for",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - alert: Down\n"
       "        expr: up == 0\n"
       "      - alert: ManyDisksDown\n"
       "        expr: count by (cluster) (disk_up == 0) / count by (cluster) (disk_up) > 0.1\n",
       "rules.yml:4:16-20: info: alert \"Down\" has no for and thresholds an instantaneous value, "
       "so it fires on a single evaluation's result: one spike or missed scrape notifies "
       "someone; add for: (e.g. for: 5m) so the condition must hold for a while first, or for: "
       "0s if firing at once is intended [rules/alert-without-for]\n"
       "rules.yml:6:16-29: info: alert \"ManyDisksDown\" has no for and thresholds an "
       "instantaneous value, so it fires on a single evaluation's result: one spike or missed "
       "scrape notifies someone; add for: (e.g. for: 5m) so the condition must hold for a while "
       "first, or for: 0s if firing at once is intended [rules/alert-without-for]\n"},
      {"rules/alert-without-for", "quiet on for: 0m, watchdogs, windowed and expiry alerts",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - alert: NodeRebooted\n"
       "        expr: node_uptime_seconds < 300\n"
       "        for: 0m\n"
       "      - alert: Rebooted0\n"
       "        expr: node_boot_time_seconds > 0\n"
       "        for: 0\n"
       "      - alert: DeadMansSwitch\n"
       "        expr: vector(1)\n"
       "      - alert: AlwaysUp\n"
       "        expr: count(up) >= 0\n"
       "      - alert: WalCorruption\n"
       "        expr: increase(db_wal_corruptions_total[10m]) > 0\n"
       "      - alert: ErrorRatio\n"
       "        expr: sum(rate(e_total[5m])) / sum(rate(r_total[5m])) > 0.05\n"
       "      - alert: BackupStale\n"
       "        expr: time() - backup_last_success_timestamp_seconds > 86400\n"
       "      - alert: CertExpiresSoon\n"
       "        expr: tls_cert_ttl_seconds < 7 * 86400\n"
       "      - alert: Flapping\n"
       "        expr: rate(up[5m]) * on(job) group_left(team) team_info * 60 > 1\n"
       "      - alert: InfoInhibitor\n"
       "        expr: ALERTS{severity=\"info\"} == 1\n",
       ""},
      {"rules/alert-without-for", "quiet with for and on recording rules",
       Alert("up == 0") + "      - record: job:up:sum\n        expr: sum by (job) (up)\n", ""},

      // rules/plain-regex-matcher
      {"rules/plain-regex-matcher", "fires on =~ and !~ without metacharacters",
       Rec("up{job=~\"api\", env!~'dev\\\\.eu'}"),
       "rules.yml:5:18-28: info: the regex matcher job=~\"api\" has no regex metacharacters, "
       "and PromQL anchors regexes, so it is an exact match in disguise that invites pattern "
       "edits (an unescaped '.' matches any character); write job=\"api\" "
       "[rules/plain-regex-matcher]\n"
       "rules.yml:5:30-45: info: the regex matcher env!~\"dev\\\\.eu\" has no regex "
       "metacharacters, and PromQL anchors regexes, so it is an exact match in disguise that "
       "invites pattern edits (an unescaped '.' matches any character); write env!=\"dev.eu\" "
       "[rules/plain-regex-matcher]\n"},
      {"rules/plain-regex-matcher", "quiet on real regexes",
       Rec("up{job=~\"api|web\", env=~\"prod.*\", zone!~\"eu\\\\d\"}"), ""},
      {"rules/plain-regex-matcher", "quiet on the empty-regex idioms for absent and set labels",
       Rec("up{alertmanager!~\"\", shard=~\"\"}"), ""},

      // rules/duplicate-alert
      {"rules/duplicate-alert", "fires across files on the same name and labels",
       Alert("rate(errors_total[5m]) > 1"),
       "other.yml:4:16-17: info: alert \"A\" is also defined at rules.yml:4 with the same labels, "
       "and both expressions can return series with the same labels: Alertmanager cannot tell "
       "their alerts apart, so they overwrite and resolve each other; rename one, or give them "
       "distinct labels (e.g. severity) [rules/duplicate-alert]\n"
       "  note: rules.yml:4:16: the other definition\n",
       "", Alert("rate(errors_total[5m]) > 2")},
      {"rules/duplicate-alert", "fires when the selectors overlap",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - alert: HeapFillingUp\n"
       "        expr: heap_used_ratio{job=\"broker\"} > 0.8\n"
       "      - alert: HeapFillingUp\n"
       "        expr: heap_used_ratio{job=~\"coordinator|broker\"} > 0.8\n",
       "rules.yml:6:16-29: info: alert \"HeapFillingUp\" is also defined at rules.yml:4 with the "
       "same labels, and both expressions can return series with the same labels: Alertmanager "
       "cannot tell their alerts apart, so they overwrite and resolve each other; rename one, or "
       "give them distinct labels (e.g. severity) [rules/duplicate-alert]\n"
       "  note: rules.yml:4:16: the other definition\n"},
      {"rules/duplicate-alert", "quiet when the results can never carry the same labels",
       "groups:\n"
       "  - name: g\n"
       "    rules:\n"
       "      - alert: ResourceSaturated\n"
       "        expr: saturation:ratio{resource=\"cpu\"} > on(resource) group_left "
       "slo:max:ratio{resource=\"cpu\"}\n"
       "      - alert: ResourceSaturated\n"
       "        expr: saturation:ratio{resource=\"disk\"} > on(resource) group_left "
       "slo:max:ratio{resource=\"disk\"}\n"
       "      - alert: QueryErrors\n"
       "        expr: sum by (handler) (rate(errors_total{handler!=\"/range\"}[5m])) > 1\n"
       "      - alert: QueryErrors\n"
       "        expr: sum by (handler) (rate(errors_total{handler=\"/range\"}[5m])) > 5\n"
       "      - alert: ApiErrorsHigh\n"
       "        expr: sum(rate(api_errors_total[5m])) > 3\n"
       "      - alert: ApiErrorsHigh\n"
       "        expr: sum by (verb) (rate(api_errors_total[5m])) > 10\n"
       "      - alert: ComponentDown\n"
       "        expr: absent(up{component=\"scheduler\"})\n"
       "      - alert: ComponentDown\n"
       "        expr: absent(up{component=\"controller\"})\n",
       ""},
      {"rules/duplicate-alert", "quiet on severity tiers",
       Alert("rate(errors_total[5m]) > 1", "        labels: {severity: warning}\n"), "", "",
       Alert("rate(errors_total[5m]) > 2", "        labels: {severity: page}\n")},

      // rules/impossible-match
      {"rules/impossible-match", "fires when one side of on(l) cannot carry l",
       Alert("(count(count by (release) (os_uname_info)) > 1) * on(instance) "
             "group_left(nodename) os_uname_info"),
       "rules.yml:5:15-112: warning: on(instance) can never match: the left-hand side cannot "
       "carry label \"instance\" while the right-hand side's series do, so no pair ever "
       "matches and the result is always empty; keep \"instance\" on both sides (e.g. by "
       "(instance)) or match on other labels [rules/impossible-match]\n"
       "  note: rules.yml:5:22: label \"instance\" is lost here\n"},
      {"rules/impossible-match", "quiet when both sides keep the label, or neither has it",
       Alert("(a_bytes / b_bytes < 0.1) * on(instance) group_left(nodename) os_uname_info") +
           "      - alert: B\n"
           "        expr: sum(a) > on(instance) sum(b)\n"
           "      - alert: C\n"
           "        expr: sum by (job) (a) / ignoring(instance) sum by (job) (b) > 1\n",
       ""},

      // rules/dropped-series
      {"rules/dropped-series", "fires when the job= job drops the metric",
       Rec("histogram_quantile(0.95, sum by (le) (rate(primitive_duration_seconds_bucket{job="
           "\"app\"}[5m])))"),
       "rules.yml:5:58-102: warning: \"primitive_duration_seconds_bucket\" is removed by "
       "metric_relabel_configs (job \"app\" at prometheus.yml:8): no series of it is ever "
       "stored, so this selector matches nothing and the rule returns no data; stop dropping "
       "\"primitive_duration_seconds_bucket\" or compute the rule from a metric you keep "
       "[rules/dropped-series]\n"
       "  note: prometheus.yml:8:9: job \"app\" removes \"primitive_duration_seconds_bucket\" "
       "here\n",
       kConfig},
      {"rules/dropped-series", "fires when every job drops it", Rec("go_goroutines > 100"),
       "rules.yml:5:15-28: warning: \"go_goroutines\" is removed by metric_relabel_configs (in "
       "every job; first job \"app\" at prometheus.yml:8): no series of it is ever stored, so "
       "this selector matches nothing and the rule returns no data; stop dropping "
       "\"go_goroutines\" or compute the rule from a metric you keep [rules/dropped-series]\n"
       "  note: prometheus.yml:8:9: job \"app\" removes \"go_goroutines\" here\n"
       "  note: prometheus.yml:14:9: job \"node\" removes \"go_goroutines\" here\n",
       kConfig},
      {"rules/dropped-series", "quiet when another job keeps it",
       Rec("sum by (le) (rate(primitive_duration_seconds_bucket[5m])) + "
           "rate(primitive_duration_seconds_bucket{job=\"node\"}[5m]) + up"),
       "", kConfig},

      // rules/time-arithmetic
      {"rules/time-arithmetic", "fires on the guide's burn rate with the right formula",
       File("record: primitive:slo_burn_rate:ratio", kBurnRate),
       "rules.yml:5:93-177: warning: time() (Unix seconds now) minus a value computed from "
       "\"primitive_error_budget_remaining\", which is neither a timestamp nor a duration in "
       "seconds: the result is about time() itself and means nothing; a burn rate is the error "
       "ratio over a window divided by the error budget, "
       "(sum(rate(primitive_requests_total{status=\"failure\"}[1h])) / "
       "sum(rate(primitive_requests_total[1h]))) / (1 - 0.99) for a 99% SLO, where 1 uses up "
       "the budget exactly over the SLO period [rules/time-arithmetic]\n"},
      {"rules/time-arithmetic", "fires on a gauge subtracted from time()",
       Alert("primitive_active_requests - time() > 0"),
       "rules.yml:5:15-49: warning: time() (Unix seconds now) minus a value computed from "
       "\"primitive_active_requests\", which is neither a timestamp nor a duration in seconds: "
       "the result is about time() itself and means nothing; subtract a timestamp (a "
       "*_timestamp_seconds metric or timestamp(x)) to get an age in seconds "
       "[rules/time-arithmetic]\n"},
      {"rules/time-arithmetic", "quiet on timestamps and durations",
       Alert("time() - process_start_time_seconds > 3600 or time() - timestamp(up) > 60 or "
             "time() - node_boot_time_seconds > 0 or time() - 3600 < process_start_time_seconds"),
       ""},
      {"rules/time-arithmetic", "quiet on Unix timestamps named otherwise",
       Alert("(tls_cert_not_after - time()) / 86400 < 14 or time() - job_last_run_at > 3600 or "
             "cert_not_before - time() > 0 or time() - backup_last_success > 86400 or "
             "license_expiry - time() < 86400 or time() - container_last_seen > 60 or "
             "ssl_verified_cert_not_after{chain_no=\"0\"} - time() < 86400 * 7"),
       ""},
  };
}
}  // namespace

TEST_CASE("rule checks: each case reports exactly what it should") {
  for (const RulesCase& c : Cases()) {
    CAPTURE(c.check);
    CAPTURE(c.name);
    Run r = RunCase(c, FakeLabelRefs);
    CHECK(r.load == "");
    CHECK(r.lint == c.want);
  }
}

TEST_CASE("rules/template-label-aggregated with the real template checker") {
  REQUIRE(!ttam::tmpl::CheckTemplate("{{ $labels.a }}").label_refs.empty());
  // The table runs with FakeLabelRefs; the real checker must agree exactly.
  for (const RulesCase& c : Cases()) {
    if (c.check != kTemplateCheck) continue;
    CAPTURE(c.name);
    CHECK(RunCase(c).lint == c.want);
  }
  // References the textual fake does not see.
  RulesCase index{
      std::string(kTemplateCheck), "index $labels",
      File("alert: Errors", "sum by (job) (rate(errors_total[5m])) > 1",
           "        for: 5m\n"
           "        annotations:\n"
           "          summary: '{{ index $labels \"instance\" }} {{ $labels.job }}'\n"),
      "rules.yml:8:24-48: warning: annotation \"summary\" uses $labels.instance, but the "
      "expression's result cannot have label \"instance\" (it keeps only job): it renders "
      "as an empty string; keep instance in the expression's aggregation or matching, or "
      "remove it from the template [rules/template-label-aggregated]\n"
      "  note: rules.yml:5:15: label \"instance\" is dropped here\n"};
  CHECK(RunCase(index).lint == index.want);
}

TEST_CASE("rule checks: suppression comments on the line, above the rule, above the group") {
  const std::string two_alerts =
      "groups:\n"
      "  - name: g\n"
      "    rules:\n"
      "      # ttam: disable=rules/alert-without-for\n"
      "      - alert: Quiet\n"
      "        expr: up == 0\n"
      "      - alert: Loud\n"
      "        expr: up == 0\n";
  RulesCase above_rule{
      "rules/alert-without-for", "above a rule", two_alerts,
      "rules.yml:7:16-20: info: alert \"Loud\" has no for and thresholds an "
      "instantaneous value, so it fires on a single evaluation's result: one spike "
      "or missed scrape notifies someone; add for: (e.g. for: 5m) so the condition "
      "must hold for a while first, or for: 0s if firing at once is intended "
      "[rules/alert-without-for]\n"};
  CHECK(RunCase(above_rule).lint == above_rule.want);

  RulesCase above_group{"rules/alert-without-for", "above a group (by group glob)",
                        "groups:\n"
                        "  # ttam: disable=rules/*\n"
                        "  - name: g\n"
                        "    rules:\n"
                        "      - alert: Quiet\n"
                        "        expr: up == 0\n",
                        ""};
  CHECK(RunCase(above_group).lint == "");

  RulesCase on_line{"rules/plain-regex-matcher", "on the finding's line",
                    "groups:\n"
                    "  - name: g\n"
                    "    rules:\n"
                    "      - record: job:up:sum\n"
                    "        expr: |\n"
                    "          sum by (job) (\n"
                    "            up{job=~\"api\"}  # ttam: disable=rules/plain-regex-matcher\n"
                    "          )\n",
                    ""};
  CHECK(RunCase(on_line).load == "");
  CHECK(RunCase(on_line).lint == "");
  RulesCase without = on_line;  // the same finding, not suppressed
  std::string_view comment = "  # ttam: disable=rules/plain-regex-matcher";
  without.rules.replace(without.rules.find(comment), comment.size(), "");
  CHECK(RunCase(without).lint.starts_with("rules.yml:7:16-26: info: the regex matcher job=~"));
}

TEST_CASE("rule checks: no findings on the guide's sample rules") {
  std::string root = std::string(TTAM_SOURCE_DIR) + "/samples/";
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  RulesCase c{"",
              "samples",
              read(root + "rules/recording_rules.yml"),
              "",
              read(root + "prometheus.yml"),
              read(root + "rules/alerting_rules.yml")};
  ttam::diag::CollectingSink load;
  ttam::rules::RuleFile recording =
      ttam::rules::LoadRuleFile("recording_rules.yml", c.rules, load, ttam::RealFileSystem());
  ttam::rules::RuleFile alerting =
      ttam::rules::LoadRuleFile("alerting_rules.yml", c.other, load, ttam::RealFileSystem());
  std::vector<const ttam::rules::RuleFile*> files{&recording, &alerting};
  ttam::test::MemoryFileSystem fs({{"prometheus.yml", c.config}});
  ttam::config::LoadedConfig config = ttam::config::Load("prometheus.yml", c.config, load, fs);
  ttam::diag::CollectingSink lint;
  ttam::lint::LintRules({files, &config}, lint, {});
  std::string got = Render(lint.diagnostics);
  // Only tta-dev-app drops the latency buckets (config/relabel-drops-used-series
  // says so); other jobs may still provide them, so rules/dropped-series is
  // quiet, and the guide's rules are otherwise sound.
  CHECK(got == "");
}

TEST_CASE("rule checks: every check runs on every expression of the parser's tests") {
  std::ifstream in(std::string(TTAM_SOURCE_DIR) + "/tests/promql/testdata/parse.txt");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  ttam::test::MemoryFileSystem fs;
  ttam::diag::CollectingSink config_sink;
  std::string config_text = kConfig;
  ttam::config::LoadedConfig config =
      ttam::config::Load("prometheus.yml", config_text, config_sink, fs);
  size_t exprs = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find("====\n", start);
    if (end == std::string::npos) end = text.size();
    std::string block = text.substr(start, end - start);
    start = end + 5;
    size_t sep = block.find("----\n");
    if (sep == std::string::npos) continue;
    std::string yaml =
        "groups:\n"
        "  - name: g\n"
        "    rules:\n"
        "      - alert: A\n"
        "        expr: |\n";
    std::istringstream lines(block.substr(0, sep));
    bool any = false;
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("##")) continue;
      yaml += "          " + line + "\n";
      any = any || !line.empty();
    }
    if (!any) continue;
    yaml +=
        "        annotations:\n"
        "          summary: '{{ $labels.a }} {{ $labels.le }}'\n";
    ttam::diag::CollectingSink load;
    ttam::rules::RuleFile file =
        ttam::rules::LoadRuleFile("rules.yml", yaml, load, ttam::RealFileSystem());
    const ttam::rules::RuleFile* files[] = {&file};
    ttam::diag::CollectingSink lint;
    ttam::lint::LintRules({files, &config}, lint, {});
    ++exprs;
  }
  CHECK(exprs > 100);
}

TEST_CASE("rules registry: ids, coverage by the table, man page") {
  std::set<std::string> fires;
  std::set<std::string> quiet;
  for (const RulesCase& c : Cases()) {
    (c.want.find("[" + c.check + "]\n") != std::string::npos ? fires : quiet).insert(c.check);
  }
  std::string page = ttam::test::ReadChecksPage();
  REQUIRE_MESSAGE(!page.empty(), "cannot read man/ttam-checks.7");
  std::set<std::string_view> ids;
  for (const ttam::lint::RulesCheckInfo& info : ttam::lint::RulesChecks()) {
    std::string id(info.id);
    CAPTURE(id);
    CHECK(id.starts_with("rules/"));
    CHECK(ids.insert(info.id).second);
    CHECK(!info.summary.empty());
    CHECK((info.make != nullptr));
    CHECK(fires.count(id) == 1);
    CHECK(quiet.count(id) == 1);
    std::string want = ttam::test::ChecksPageSection(id, info.severity);
    CHECK(page.find(want) != std::string::npos);
  }
  for (const ttam::diag::CheckInfo& info : ttam::lint::RulesValidationChecks()) {
    CAPTURE(info.id);
    CHECK(ids.insert(info.id).second);
    CHECK(page.find(ttam::test::ChecksPageSection(info.id)) != std::string::npos);
  }
}
