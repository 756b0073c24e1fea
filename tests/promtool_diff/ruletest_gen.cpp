#include "ruletest_gen.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <set>
#include <string_view>

#include "gen_rng.h"

namespace ttam::test::ruletestdiff {
namespace {

using test::Rng;

constexpr std::string_view kJobs[] = {"api", "web", "db", "cache"};
// Ranges are 3 mod 5 s: never a window edge on a sample (header comment).
constexpr std::string_view kRanges[] = {"1m3s", "2m3s", "3m8s", "4m13s", "5m3s"};
constexpr int kIntervals[] = {10, 15, 30, 60};
constexpr int kEvaluationIntervals[] = {15, 20, 30, 60};

// Annotation templates: $labels, $value, $externalLabels and Prometheus's
// template functions.
constexpr std::string_view kAnnotations[] = {
    "{{ $labels.instance }} of {{ $labels.job }} is at {{ $value }}",
    "value {{ $value | humanize }}",
    "{{ printf \"%.2f\" $value }} units",
    "job {{ $labels.job | toUpper }}",
    "{{ reReplaceAll \"i([0-9]+)\" \"host-$1\" $labels.instance }} misbehaves",
    "{{ humanizePercentage $value }} of budget",
    "for {{ $value | humanizeDuration }}",
    "{{ title $labels.job }} team",
    "{{ humanize1024 $value }}B",
    "{{ if gt $value 50.0 }}hot{{ else }}mild{{ end }}",
    "total {{ with query \"sum(temperature_celsius)\" }}{{ . | first | value | humanize }}{{ end "
    "}}",
    "in {{ $externalLabels.cluster }} see {{ $externalURL }}",
    "{{ $labels.missing }}/{{ toLower \"ABC\" }}/{{ match \"^a\" $labels.job }}",
    "{{ $value | printf \"%.3e\" }}",
    "{{ range query \"max by (job) (temperature_celsius)\" | sortByLabel \"job\" }}"
    "{{ .Labels.job }}={{ .Value }} {{ end }}",
    "at {{ $value | humanizeTimestamp }}",
    "{{ graphLink \"up\" }} {{ tableLink \"rate(x[5m])\" }}",
    "{{ pathPrefix }} {{ externalURL }}",
    "{{ with query \"up\" }}up{{ else }}no up{{ end }}, {{ 1234567.0 | humanize }}, "
    "{{ 0.5 | humanizePercentage }}",
    "{{ \"a<b>\" | safeHtml }} {{ len $labels }} {{ index $labels \"job\" }}",
};

std::string FormatNumber(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  assert(ec == std::errc());
  return std::string(buf, end);
}

std::string YamlFloat(double v) {
  if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
  if (std::isnan(v)) return ".nan";
  return FormatNumber(v);
}

// A single-quoted YAML scalar.
std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

struct Instance {
  std::string job, instance;
};

// The input series of one test group, `samples` values at `interval` each.
std::vector<std::pair<std::string, std::string>> InputSeries(Rng& rng,
                                                             const std::vector<Instance>& targets,
                                                             const std::vector<std::string>& jobs,
                                                             int samples) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Instance& t : targets) {
    std::string labels = "{job=\"" + t.job + "\",instance=\"" + t.instance + "\"}";
    // A counter far from zero (rate's zero clamp never applies), maybe with a reset.
    int base = rng.Between(2000, 5000), inc = rng.Between(1, 20);
    std::string values;
    if (rng.Chance(25)) {
      int k = rng.Between(samples / 3, 2 * samples / 3);
      values = std::to_string(base) + "+" + std::to_string(inc) + "x" + std::to_string(k - 1) +
               " " + std::to_string(rng.Between(1000, 1500)) + "+" + std::to_string(inc) + "x" +
               std::to_string(samples - k - 1);
    } else {
      values = std::to_string(base) + "+" + std::to_string(inc) + "x" + std::to_string(samples - 1);
    }
    out.emplace_back("http_requests_total" + labels, values);
    // A gauge as a random walk in halves, with a gap or a stale marker now and then.
    double v = rng.Between(70, 120) / 2.0;
    std::string walk;
    int gap = rng.Chance(30) ? rng.Between(2, samples - 3) : -1;
    int stale = rng.Chance(15) ? rng.Between(2, samples - 3) : -1;
    for (int i = 0; i < samples; ++i) {
      if (!walk.empty()) walk += ' ';
      if (i == gap) {
        walk += "_";
      } else if (i == stale && i != gap) {
        walk += "stale";
      } else {
        walk += FormatNumber(v);
      }
      v = std::clamp(v + rng.Between(-6, 6) / 2.0, 0.0, 100.0);
    }
    out.emplace_back("temperature_celsius" + labels, walk);
  }
  for (const std::string& job : jobs) {
    constexpr std::string_view kSlopes[] = {"+0.3", "+0.7", "+1.1", "-0.2", "+2", "-1.5", "+0.1"};
    out.emplace_back("queue_depth{job=\"" + job + "\"}", std::to_string(rng.Between(0, 60)) +
                                                             std::string(rng.Pick(kSlopes)) + "x" +
                                                             std::to_string(samples - 1));
  }
  return out;
}

struct Rules {
  std::string yaml;
  std::vector<std::string> records;     // recorded names
  std::vector<std::string> alertnames;  // distinct, in order of appearance
  std::set<std::string> features;
};

Rules GenerateRules(Rng& rng, std::vector<std::string>& group_names) {
  Rules out;
  out.yaml = "groups:\n";
  int groups = rng.Between(1, 3);
  int n = 0;
  for (int g = 0; g < groups; ++g) {
    std::string group = "group_" + std::to_string(g);
    group_names.push_back(group);
    out.yaml += "  - name: " + group + "\n";
    if (rng.Chance(30)) out.yaml += "    interval: " + std::string(rng.Pick({"30s", "2m"})) + "\n";
    out.yaml += "    rules:\n";
    std::vector<std::string> group_records;
    int rules = rng.Between(2, 5);
    for (int r = 0; r < rules; ++r, ++n) {
      std::string range(rng.Pick(kRanges));
      std::string suffix = std::to_string(n);
      if (rng.Chance(45)) {
        std::string record, expr;
        switch (rng.Below(9)) {
          case 0:
            record = "job:http_requests:rate" + suffix;
            expr = "sum by (job) (rate(http_requests_total[" + range + "]))";
            break;
          case 1:
            record = "instance:http_requests:increase" + suffix;
            expr = "increase(http_requests_total[" + range + "])";
            break;
          case 2:
            record = "job:temperature:avg" + suffix;
            expr = "avg by (job) (temperature_celsius)";
            break;
          case 3:
            record = "instance:temperature:max" + suffix;
            expr = "max_over_time(temperature_celsius[" + range + "])";
            break;
          case 4:
            record = "instance:temperature_fahrenheit" + suffix;
            expr = "temperature_celsius * 1.8 + 32";
            break;
          case 5:
            record = "job:temperature:hot_count" + suffix;
            expr = "count by (job) (temperature_celsius > " + std::to_string(rng.Between(45, 60)) +
                   ")";
            break;
          case 6:
            record = "job:queue:per_request" + suffix;
            expr = "sum by (job) (queue_depth) / sum by (job) (rate(http_requests_total[" + range +
                   "]))";
            break;
          case 7:
            // Not avg_over_time over inexact values: see the header.
            if (rng.Chance(50)) {
              record = "job:queue:min" + suffix;
              expr = "min_over_time(queue_depth[" + range + "])";
            } else {
              record = "instance:temperature:sum" + suffix;
              expr = "sum_over_time(temperature_celsius[" + range + "])";
            }
            break;
          default:
            record = "instance:temperature:deriv" + suffix;
            expr = "deriv(temperature_celsius[" + range + "])";
            break;
        }
        out.yaml += "      - record: " + record + "\n        expr: " + Quote(expr) + "\n";
        if (rng.Chance(25)) out.yaml += "        labels:\n          source: recorded\n";
        group_records.push_back(record);
        out.records.push_back(record);
        continue;
      }
      std::string alert, expr;
      switch (rng.Below(group_records.empty() ? 5 : 6)) {
        case 0:
        case 1:
          alert = "TemperatureHigh" + suffix;
          expr = "temperature_celsius > " + std::to_string(rng.Between(45, 60));
          break;
        case 2:
          alert = "RequestsBusy" + suffix;
          expr = "sum by (job) (rate(http_requests_total[" + range + "])) > " +
                 std::to_string(rng.Between(1, 20) / 10.0).substr(0, 3);
          break;
        case 3:
          alert = "QueueDepth" + suffix;
          expr = "queue_depth " + std::string(rng.Chance(50) ? ">" : "<") + " " +
                 std::to_string(rng.Between(10, 60));
          break;
        case 4:
          alert = "TargetMissing" + suffix;
          expr = "absent(up{job=\"gone\"})";
          break;
        default:
          alert = "Recorded" + suffix;
          expr = rng.Pick(group_records) + " > 0";
          out.features.insert("alert on a recording rule");
          break;
      }
      // Two rules, one name: promtool unions their alerts. A label of its
      // own keeps the rule's ALERTS series apart from the other's.
      bool shared_name = !out.alertnames.empty() && rng.Chance(8);
      if (shared_name) {
        alert = out.alertnames.front();
        out.features.insert("one alertname, several rules");
      }
      out.yaml += "      - alert: " + alert + "\n        expr: " + Quote(expr) + "\n";
      if (rng.Chance(75)) {
        out.yaml += "        for: " + std::string(rng.Pick({"30s", "1m", "2m", "3m"})) + "\n";
        out.features.insert("for");
      }
      if (rng.Chance(30)) {
        out.yaml += "        keep_firing_for: " + std::string(rng.Pick({"30s", "1m", "2m"})) + "\n";
        out.features.insert("keep_firing_for");
      }
      if (shared_name || rng.Chance(80)) {
        out.yaml += "        labels:\n";
        if (shared_name) out.yaml += "          rule: r" + suffix + "\n";
        if (rng.Chance(30)) {
          out.yaml += "          severity: " +
                      Quote("{{ if gt $value 55.0 }}page{{ else }}ticket{{ end }}") + "\n";
          out.features.insert("templated label");
        } else {
          out.yaml += "          severity: " + std::string(rng.Pick({"page", "ticket"})) + "\n";
        }
        if (rng.Chance(30)) out.yaml += "          team: " + Quote("{{ $labels.job }}-team") + "\n";
      }
      if (rng.Chance(90)) {
        out.yaml += "        annotations:\n";
        int annotations = rng.Between(1, 3);
        for (int a = 0; a < annotations; ++a) {
          std::string_view text = rng.Pick(kAnnotations);
          out.yaml += "          a" + std::to_string(a) + ": " + Quote(text) + "\n";
          out.features.insert("annotation: " + std::string(text.substr(0, 40)));
        }
      }
      if (std::find(out.alertnames.begin(), out.alertnames.end(), alert) == out.alertnames.end()) {
        out.alertnames.push_back(alert);
      }
    }
  }
  return out;
}

}  // namespace

std::string ModelDuration(int64_t seconds) {
  assert(seconds >= 0 && seconds < 86400);
  if (seconds == 0) return "0s";
  std::string out;
  if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
  if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "m";
  if (seconds % 60 != 0) out += std::to_string(seconds % 60) + "s";
  return out;
}

GeneratedCase Generate(uint32_t seed, size_t index) {
  Rng rng((static_cast<uint64_t>(seed) << 32) ^ (index * 0x9e3779b97f4a7c15ULL));
  GeneratedCase out;
  std::vector<std::string> group_names;
  Rules rules = GenerateRules(rng, group_names);
  out.rules_yaml = rules.yaml;
  int ev = rng.Pick(kEvaluationIntervals);
  out.test.evaluation_interval = ModelDuration(ev);
  if (group_names.size() > 1 && rng.Chance(50)) {
    for (size_t i = group_names.size(); i > 1; --i) {
      std::swap(group_names[i - 1],
                group_names[static_cast<size_t>(rng.Below(static_cast<int>(i)))]);
    }
    out.test.group_eval_order = group_names;
    out.features.push_back("group_eval_order");
  }
  int test_groups = rng.Chance(25) ? 2 : 1;
  if (rng.Chance(5)) test_groups = 3;
  for (int g = 0; g < test_groups; ++g) {
    TestGroup group;
    group.name = "test_" + std::to_string(g);
    int interval = rng.Pick(kIntervals);
    group.interval = ModelDuration(interval);
    int horizon = 60 * rng.Between(4, 8);  // seconds of input
    std::vector<std::string> jobs;
    for (std::string_view job : kJobs) {
      if (jobs.empty() || rng.Chance(50)) jobs.emplace_back(job);
    }
    std::vector<Instance> targets;
    for (const std::string& job : jobs) {
      int instances = rng.Between(1, 2);
      for (int i = 1; i <= instances; ++i) targets.push_back({job, "i" + std::to_string(i)});
    }
    group.input = InputSeries(rng, targets, jobs, horizon / interval + 1);
    if (rng.Chance(40)) {
      group.external_labels["cluster"] = rng.Chance(50) ? "eu-1" : "us-2";
      group.external_url = "http://prometheus.example:9090/p";
    }
    // Alert tests: each alert name at 2-3 times (any multiple of 5 s), and
    // sometimes a name no rule defines (promtool expects no alerts).
    std::vector<std::string> names = rules.alertnames;
    if (rng.Chance(20)) names.push_back("NoSuchAlert");
    for (const std::string& name : names) {
      std::set<int> times;
      int count = rng.Between(2, 3);
      while (static_cast<int>(times.size()) < count) times.insert(5 * rng.Between(0, horizon / 5));
      for (int t : times) group.alerts.push_back({ModelDuration(t), name, {}});
    }
    // Expression tests at g mod 5 s.
    std::vector<std::string> candidates = rules.records;
    for (const char* e : {"temperature_celsius", "http_requests_total{job=\"api\"}", "ALERTS",
                          "ALERTS{alertstate=\"firing\"}", "count(ALERTS)", "ALERTS_FOR_STATE",
                          "queue_depth offset 1m", "max(temperature_celsius)",
                          "sum by (job) (rate(http_requests_total[2m3s]))",
                          "max_over_time(temperature_celsius[3m8s])",
                          "increase(http_requests_total[1m3s])", "scalar(max(queue_depth))"}) {
      candidates.emplace_back(e);
    }
    std::set<std::pair<std::string, int>> seen;
    int exprs = rng.Between(3, 7);
    for (int i = 0; i < exprs; ++i) {
      std::string expr = rng.Pick(candidates);
      int t = 5 * rng.Between(1, horizon / 5 - 1) + g;
      if (!seen.insert({expr, t}).second) continue;
      group.exprs.push_back({expr, ModelDuration(t), {}});
    }
    out.test.tests.push_back(std::move(group));
  }
  out.features.insert(out.features.end(), rules.features.begin(), rules.features.end());
  if (test_groups > 1) out.features.push_back("several test groups");
  out.features.push_back("evaluation_interval " + out.test.evaluation_interval);
  return out;
}

std::string RenderTestFile(const UnitTestFile& file, const std::string& rule_file) {
  std::string out = "rule_files:\n  - " + Quote(rule_file) + "\n";
  out += "evaluation_interval: " + file.evaluation_interval + "\n";
  if (!file.group_eval_order.empty()) {
    out += "group_eval_order:\n";
    for (const std::string& g : file.group_eval_order) out += "  - " + g + "\n";
  }
  out += "tests:\n";
  for (const TestGroup& g : file.tests) {
    out += "  - name: " + Quote(g.name) + "\n    interval: " + g.interval + "\n";
    if (!g.external_labels.empty()) {
      out += "    external_labels:\n";
      for (const auto& [k, v] : g.external_labels) out += "      " + k + ": " + Quote(v) + "\n";
    }
    if (!g.external_url.empty()) out += "    external_url: " + Quote(g.external_url) + "\n";
    out += "    input_series:\n";
    for (const auto& [series, values] : g.input) {
      out += "      - series: " + Quote(series) + "\n        values: " + Quote(values) + "\n";
    }
    if (!g.alerts.empty()) out += "    alert_rule_test:\n";
    for (const AlertItem& a : g.alerts) {
      out += "      - eval_time: " + a.eval_time + "\n        alertname: " + a.alertname + "\n";
      out += a.exp.empty() ? "        exp_alerts: []\n" : "        exp_alerts:\n";
      for (const ExpAlert& e : a.exp) {
        out += e.labels.empty() ? "          - exp_labels: {}\n" : "          - exp_labels:\n";
        for (const auto& [k, v] : e.labels) out += "              " + k + ": " + Quote(v) + "\n";
        if (e.annotations.empty()) continue;
        out += "            exp_annotations:\n";
        for (const auto& [k, v] : e.annotations) {
          out += "              " + k + ": " + Quote(v) + "\n";
        }
      }
    }
    if (!g.exprs.empty()) out += "    promql_expr_test:\n";
    for (const ExprItem& e : g.exprs) {
      out += "      - expr: " + Quote(e.expr) + "\n        eval_time: " + e.eval_time + "\n";
      out += e.exp.empty() ? "        exp_samples: []\n" : "        exp_samples:\n";
      for (const ExpSample& s : e.exp) {
        out += "          - labels: " + Quote(s.labels) +
               "\n            value: " + YamlFloat(s.value) + "\n";
      }
    }
  }
  return out;
}

std::string Mutate(UnitTestFile& file, int choice, uint32_t seed) {
  Rng rng(seed);
  if (choice == 0) {
    std::vector<ExpSample*> samples;
    for (TestGroup& g : file.tests) {
      for (ExprItem& e : g.exprs) {
        for (ExpSample& s : e.exp) samples.push_back(&s);
      }
    }
    if (samples.empty()) return "";
    ExpSample& s = *rng.Pick(samples);
    double old = s.value;
    s.value = old == 0 ? 1 : (old + 1 == old ? old * 2 : old + 1);
    return "value of " + s.labels + " " + FormatNumber(old) + " -> " + FormatNumber(s.value);
  }
  std::vector<ExpAlert*> alerts;
  for (TestGroup& g : file.tests) {
    for (AlertItem& a : g.alerts) {
      for (ExpAlert& e : a.exp) alerts.push_back(&e);
    }
  }
  if (alerts.empty()) return "";
  ExpAlert& e = *rng.Pick(alerts);
  std::map<std::string, std::string>& map = choice == 1 ? e.labels : e.annotations;
  const char* what = choice == 1 ? "label " : "annotation ";
  if (map.empty()) {
    map["mutant"] = "x";
    return std::string("added ") + what + "mutant=x";
  }
  auto it = map.begin();
  std::advance(it, rng.Below(static_cast<int>(map.size())));
  it->second += "x";
  return what + it->first + " -> " + it->second;
}

}  // namespace ttam::test::ruletestdiff
