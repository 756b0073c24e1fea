#include "slo/slo_spec.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using ttam::slo::ParseSpecFile;
using ttam::slo::SloSpec;
using ttam::slo::SpecFile;
using ttam::slo::SpecFormat;

struct Parsed {
  ttam::Result<SpecFile> result = ttam::Error{"not parsed"};
  std::vector<ttam::diag::Diagnostic> diagnostics;

  std::string Rendered() const {
    std::string out;
    for (const auto& d : diagnostics) {
      out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
             std::string(ttam::diag::SeverityName(d.severity)) + ": " + d.message + " [" + d.check +
             "]\n";
    }
    return out;
  }
};

Parsed ParseText(std::string_view text) {
  ttam::diag::CollectingSink sink;
  Parsed p;
  p.result = ParseSpecFile(text, "spec.yml", sink);
  p.diagnostics = std::move(sink.diagnostics);
  return p;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::filesystem::path kTestdata =
    std::filesystem::path(TTAM_SOURCE_DIR) / "tests/slo/testdata";

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

TEST_CASE("ttam format: selectors, latency, defaults and alerting") {
  Parsed p = ParseText(R"(slos:
  - name: checkout-availability
    description: Checkout requests that succeed.
    objective: 99.9
    by: [route, method]
    labels: {team: web}
    sli:
      errors: http_requests_total{job="checkout",code=~"5.."}
      total: http_requests_total{job="checkout"}
    alerting:
      labels: {owner: web}
      annotations: {summary: too many errors}
      page: {factors: [10, 5], labels: {severity: critical}}
      ticket: {disable: true}
  - name: checkout-latency
    objective: 99
    period: 28d
    by: [route]
    sli:
      latency:
        histogram: http_request_duration_seconds_bucket
        threshold: 1
        selector: '{job="checkout", method!="OPTIONS"}'
    alerting: {name: CheckoutSlow}
  - name: templates
    service: shop
    objective: 95.5
    sli:
      error_query: sum(rate(x_errors_total[{{ .window }}]))
      total_query: |
        sum(rate(x_total[{{.window}}]))
  - name: ratio
    objective: 99
    sli:
      error_ratio_query: 1 - avg(avg_over_time(x_ok_ratio[{{.window}}]))
)");
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  CHECK(p.diagnostics.empty());
  const SpecFile& file = p.result.value();
  CHECK(file.format == SpecFormat::kTtam);
  REQUIRE(file.slos.size() == 4);

  const SloSpec& a = file.slos[0];
  CHECK(a.format == SpecFormat::kTtam);
  CHECK(a.name == "checkout-availability");
  CHECK(a.slo_name == "checkout-availability");
  CHECK(a.service.empty());
  CHECK(a.description == "Checkout requests that succeed.");
  CHECK(a.objective == 99.9 / 100);
  CHECK(a.period_ms == 30 * kDayMs);
  CHECK(a.by == std::vector<std::string>{"route", "method"});
  CHECK(
      a.sli.error_query ==
      R"(sum by (route, method) (rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}])))");
  CHECK(a.sli.total_query ==
        R"(sum by (route, method) (rate(http_requests_total{job="checkout"}[{{.window}}])))");
  CHECK(a.sli.error_ratio_query.empty());
  CHECK(a.sli.position.line == 8);
  CHECK(a.sli.position.column == 7);
  CHECK(a.labels == std::map<std::string, std::string>{{"team", "web"}});
  CHECK(a.alert_name == "CheckoutAvailabilityBurnRate");
  CHECK(a.alert_labels == std::map<std::string, std::string>{{"owner", "web"}});
  CHECK(a.alert_annotations == std::map<std::string, std::string>{{"summary", "too many errors"}});
  CHECK(a.page.factors[0] == 10);
  CHECK(a.page.factors[1] == 5);
  CHECK(!a.page.disable);
  CHECK(a.page.labels == std::map<std::string, std::string>{{"severity", "critical"}});
  CHECK(a.ticket.disable);
  CHECK(a.ticket.factors[0] == 0);
  CHECK(a.position.line == 2);
  CHECK(a.position.column == 5);

  const SloSpec& l = file.slos[1];
  CHECK(l.objective == 0.99);
  CHECK(l.period_ms == 28 * kDayMs);
  CHECK(
      l.sli.total_query ==
      R"(sum by (route) (rate(http_request_duration_seconds_count{job="checkout", method!="OPTIONS"}[{{.window}}])))");
  CHECK(
      l.sli.error_query ==
      R"(sum by (route) (rate(http_request_duration_seconds_count{job="checkout", method!="OPTIONS"}[{{.window}}])))"
      R"( - sum by (route) (rate(http_request_duration_seconds_bucket{job="checkout", method!="OPTIONS",le="1.0"}[{{.window}}])))");
  CHECK(l.sli.latency_histogram == "http_request_duration_seconds");
  CHECK(l.sli.latency_threshold == 1.0);
  CHECK(l.alert_name == "CheckoutSlow");

  const SloSpec& t = file.slos[2];
  CHECK(t.service == "shop");
  CHECK(t.objective == 95.5 / 100);
  CHECK(t.sli.error_query == "sum(rate(x_errors_total[{{.window}}]))");
  CHECK(t.sli.total_query == "sum(rate(x_total[{{.window}}]))");
  CHECK(t.alert_name == "TemplatesBurnRate");

  const SloSpec& r = file.slos[3];
  CHECK(r.sli.error_query.empty());
  CHECK(r.sli.total_query.empty());
  CHECK(r.sli.error_ratio_query == "1 - avg(avg_over_time(x_ok_ratio[{{.window}}]))");
}

TEST_CASE("ttam latency SLI: le written as Prometheus 3 normalises it, no selector") {
  struct Case {
    std::string_view threshold, le;
  };
  const Case cases[] = {{"0.25", "0.25"},   {"1", "1.0"},       {"2.5", "2.5"},  {"10", "10.0"},
                        {"0.005", "0.005"}, {"1e-05", "1e-05"}, {"120", "120.0"}};
  for (const Case& c : cases) {
    CAPTURE(c.threshold);
    Parsed p = ParseText(std::string("slos:\n  - name: x\n    objective: 99\n    sli:\n"
                                     "      latency: {histogram: h_seconds, threshold: ") +
                         std::string(c.threshold) + "}\n");
    CAPTURE(p.Rendered());
    REQUIRE(p.result.ok());
    const SloSpec& s = p.result.value().slos[0];
    CHECK(s.sli.total_query == "sum(rate(h_seconds_count[{{.window}}]))");
    CHECK(s.sli.error_query ==
          "sum(rate(h_seconds_count[{{.window}}])) - sum(rate(h_seconds_bucket{le=\"" +
              std::string(c.le) + "\"}[{{.window}}]))");
  }
}

TEST_CASE("sloth: getting-started example") {
  Parsed p = ParseText(ReadFile(kTestdata / "sloth-getting-started.yml"));
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  CHECK(p.diagnostics.empty());
  const SpecFile& file = p.result.value();
  CHECK(file.format == SpecFormat::kSloth);
  REQUIRE(file.slos.size() == 1);
  const SloSpec& s = file.slos[0];
  CHECK(s.format == SpecFormat::kSloth);
  CHECK(s.name == "myservice-requests-availability");
  CHECK(s.slo_name == "requests-availability");
  CHECK(s.service == "myservice");
  CHECK(s.description == "Common SLO based on availability for HTTP request responses.");
  CHECK(s.objective == 99.9 / 100);
  CHECK(s.period_ms == 30 * kDayMs);
  CHECK(s.by.empty());
  CHECK(
      s.sli.error_query ==
      R"q(sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}])))q");
  CHECK(s.sli.total_query ==
        R"(sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}])))");
  CHECK(s.labels == std::map<std::string, std::string>{
                        {"owner", "myteam"}, {"repo", "myorg/myservice"}, {"tier", "2"}});
  CHECK(s.alert_name == "MyServiceHighErrorRate");
  CHECK(s.alert_labels == std::map<std::string, std::string>{{"category", "availability"}});
  CHECK(s.alert_annotations ==
        std::map<std::string, std::string>{
            {"summary", "High error rate on 'myservice' requests responses"}});
  CHECK(s.page.labels ==
        std::map<std::string, std::string>{{"severity", "pageteam"}, {"routing_key", "myteam"}});
  CHECK(s.ticket.labels == std::map<std::string, std::string>{{"severity", "slack"},
                                                              {"slack_channel", "#alerts-myteam"}});
  CHECK(s.page.factors[0] == 0);  // sloth specs use the defaults
  CHECK(s.position.line == 10);
  CHECK(s.position.column == 5);
}

TEST_CASE("sloth: raw SLI, SLO labels over service labels, disabled tier, default alert name") {
  Parsed p = ParseText(R"(version: prometheus/v1
service: svc
labels: {a: service, b: service}
slos:
  - name: raw
    objective: 99.5
    labels: {b: slo}
    sli:
      raw:
        error_ratio_query: |
          1 - avg_over_time(x_ok[{{.window}}])
    alerting:
      ticket_alert: {disable: true}
)");
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  const SloSpec& s = p.result.value().slos[0];
  CHECK(s.name == "svc-raw");
  CHECK(s.sli.error_ratio_query == "1 - avg_over_time(x_ok[{{.window}}])");
  CHECK(s.labels == std::map<std::string, std::string>{{"a", "service"}, {"b", "slo"}});
  CHECK(s.ticket.disable);
  CHECK(!s.page.disable);
  CHECK(s.alert_name == "SvcRawBurnRate");
}

TEST_CASE("sloth: home-wifi and raw-home-wifi examples") {
  Parsed wifi = ParseText(ReadFile(kTestdata / "sloth-home-wifi.yml"));
  CAPTURE(wifi.Rendered());
  REQUIRE(wifi.result.ok());
  REQUIRE(wifi.result.value().slos.size() == 2);
  const SloSpec& good = wifi.result.value().slos[0];
  CHECK(good.name == "home-wifi-good-wifi-client-satisfaction");
  CHECK(good.objective == 0.95);
  CHECK(good.sli.error_query ==
        "sum_over_time((count(unifipoller_client_satisfaction_ratio < "
        "0.75))[{{.window}}:]) OR on() vector(0)");
  CHECK(wifi.result.value().slos[1].objective == 99.9 / 100);

  Parsed raw = ParseText(ReadFile(kTestdata / "sloth-raw-home-wifi.yml"));
  CAPTURE(raw.Rendered());
  REQUIRE(raw.result.ok());
  const SloSpec& r = raw.result.value().slos[0];
  CHECK(r.name == "home-wifi-wifi-client-satisfaction");
  CHECK(r.sli.error_ratio_query ==
        "1 - (\n  sum(sum_over_time(unifipoller_client_satisfaction_ratio[{{.window}}]))\n  /\n"
        "  sum(count_over_time(unifipoller_client_satisfaction_ratio[{{.window}}]))\n)");
  CHECK(r.sli.error_query.empty());
}

TEST_CASE("OpenSLO: a stream with a referenced SLI, a DataSource, and several objectives") {
  Parsed p = ParseText(ReadFile(kTestdata / "openslo-primitives.yml"));
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  CHECK(p.diagnostics.empty());
  const SpecFile& file = p.result.value();
  CHECK(file.format == SpecFormat::kOpenSlo);
  REQUIRE(file.slos.size() == 3);

  const SloSpec& a = file.slos[0];
  CHECK(a.format == SpecFormat::kOpenSlo);
  CHECK(a.name == "primitive-availability");
  CHECK(a.service == "tta");
  CHECK(a.description == "Primitive executions that do not fail.");
  CHECK(a.objective == 0.999);
  CHECK(a.period_ms == 28 * kDayMs);
  CHECK(a.sli.error_query ==
        R"(sum(rate(primitive_requests_total{status="failure"}[{{.window}}])))");
  CHECK(a.sli.total_query == "sum(rate(primitive_requests_total[{{.window}}]))");
  CHECK(a.sli.position.line == 25);  // the SLI object's spec
  CHECK(a.position.line == 38);      // the SLO object
  CHECK(a.alert_name == "PrimitiveAvailabilityBurnRate");

  const SloSpec& l0 = file.slos[1];
  const SloSpec& l1 = file.slos[2];
  CHECK(l0.name == "primitive-latency-0");
  CHECK(l1.name == "primitive-latency-1");
  CHECK(l0.objective == 0.99);
  CHECK(l1.objective == 99.9 / 100);
  CHECK(l0.period_ms == 28 * kDayMs);
  CHECK(l0.sli.total_query == "sum(rate(primitive_duration_seconds_count[{{.window}}]))");
  CHECK(
      l0.sli.error_query ==
      R"(sum(rate(primitive_duration_seconds_count[{{.window}}])) - sum(rate(primitive_duration_seconds_bucket{le="0.1"}[{{.window}}])))");
  CHECK(l1.sli.error_query == l0.sli.error_query);
  CHECK(l0.position.line == 82);  // several objectives: each its own
  CHECK(l1.position.line == 84);
}

TEST_CASE("OpenSLO: a list of objects in one document, good/total templates, raw ratios") {
  Parsed p = ParseText(R"(- apiVersion: openslo/v1
  kind: SLO
  metadata: {name: web}
  spec:
    service: web
    indicator:
      metadata: {name: web-ok}
      spec:
        ratioMetric:
          counter: true
          good:
            metricSource: {type: Prometheus, spec: {query: 'sum(rate(ok_total[{{.window}}])) + sum(rate(redirect_total[{{.window}}]))'}}
          total:
            metricSource: {type: Prometheus, spec: {query: 'sum(rate(all_total[{{.window}}]))'}}
    objectives: [{targetPercent: 99.5}]
- apiVersion: openslo/v1
  kind: SLO
  metadata: {name: raw-success}
  spec:
    indicator:
      spec:
        ratioMetric:
          rawType: success
          raw:
            metricSource: {type: Prometheus, spec: {query: 'avg(avg_over_time(ok_ratio[{{.window}}]))'}}
    objectives: [{target: 0.9}]
- apiVersion: openslo/v1
  kind: SLO
  metadata: {name: raw-failure}
  spec:
    indicator:
      spec:
        ratioMetric:
          rawType: failure
          raw:
            metricSource: {type: Prometheus, spec: {query: 'avg(avg_over_time(bad_ratio[{{.window}}]))'}}
    objectives: [{target: 0.9}]
)");
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  const SpecFile& file = p.result.value();
  REQUIRE(file.slos.size() == 3);
  CHECK(file.slos[0].objective == 0.995);
  CHECK(file.slos[0].period_ms == 30 * kDayMs);
  CHECK(file.slos[0].sli.error_query ==
        "sum(rate(all_total[{{.window}}])) - (sum(rate(ok_total[{{.window}}])) + "
        "sum(rate(redirect_total[{{.window}}])))");
  CHECK(file.slos[1].sli.error_ratio_query == "1 - avg(avg_over_time(ok_ratio[{{.window}}]))");
  CHECK(file.slos[2].sli.error_ratio_query == "avg(avg_over_time(bad_ratio[{{.window}}]))");
}

TEST_CASE("bad specs: positioned errors that say what to do") {
  struct Case {
    std::string_view name;
    std::string_view input;
    uint32_t line;
    uint32_t column;
    std::string_view fragment;
  };
  const Case cases[] = {
      {"empty file", "# nothing\n", 1, 1, "the SLO spec is empty"},
      {"unknown format", "groups: []\n", 1, 1,
       "this file has neither `slos`, `version` nor `apiVersion`; an SLO spec is ttam's own "
       "format (`slos:` at the top), sloth's (`version: prometheus/v1`) or OpenSLO"},
      {"not a mapping", "- 1\n", 1, 1, "this is a list; an SLO spec is"},
      {"unknown sloth version", "version: prometheus/v2\n", 1, 10,
       "unknown spec version \"prometheus/v2\""},
      {"old OpenSLO", "apiVersion: openslo/v1alpha\nkind: SLO\n", 1, 13,
       "OpenSLO openslo/v1alpha is not supported"},
      {"yaml syntax", "slos: [\n", 2, 1, "YAML syntax error"},
      {"no slos", "slos: []\n", 1, 7, "no SLO: list at least one under `slos:`"},
      {"unknown top field",
       "slos:\n  - name: x\n    objective: 99\n    sli: {errors: a, total: b}\nextra: 1\n", 5, 1,
       "unknown field \"extra\" (known: slos)"},
      {"unknown slo field",
       "slos:\n  - name: x\n    objective: 99\n    objectiv: 1\n    sli: {errors: a, total: b}\n",
       4, 5, "unknown field \"objectiv\" in slos[0] (known: name, description, service, objective"},
      {"objective 100", "slos:\n  - name: x\n    objective: 100\n    sli: {errors: a, total: b}\n",
       3, 16, "100% leaves no error budget"},
      {"objective 0", "slos:\n  - name: x\n    objective: 0\n    sli: {errors: a, total: b}\n", 3,
       16, "between 0 and 100 (exclusive)"},
      {"objective fraction is fine but quoted is not",
       "slos:\n  - name: x\n    objective: '99'\n    sli: {errors: a, total: b}\n", 3, 16,
       "expected a number"},
      {"missing objective", "slos:\n  - name: x\n    sli: {errors: a, total: b}\n", 2, 5,
       "objective is required"},
      {"bad period",
       "slos:\n  - name: x\n    objective: 99\n    period: 30days\n    sli: {errors: a, total: "
       "b}\n",
       4, 13, "slos[0].period"},
      {"bad name", "slos:\n  - name: a b\n    objective: 99\n    sli: {errors: a, total: b}\n", 2,
       11, "invalid SLO name \"a b\""},
      {"duplicate names",
       "slos:\n  - name: x\n    objective: 99\n    sli: {errors: a, total: b}\n  - name: x\n    "
       "objective: 99\n    sli: {errors: a, total: b}\n",
       5, 5, "duplicate SLO name \"x\" (first at line 2)"},
      {"missing sli", "slos:\n  - name: x\n    objective: 99\n", 2, 5, "sli is required: one of"},
      {"two sli shapes",
       "slos:\n  - name: x\n    objective: 99\n    sli: {errors: a, total: b, error_ratio_query: "
       "c}\n",
       4, 10, "the SLI mixes several shapes"},
      {"errors without total", "slos:\n  - name: x\n    objective: 99\n    sli: {errors: a}\n", 4,
       10, "total is required with errors"},
      {"errors not a selector",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      errors: sum(a)\n      total: b\n", 5,
       15,
       "expected a plain series selector such as x_total{code=~\"5..\"}, got \"sum(a)\"; for any "
       "other query, give error_query and total_query templates"},
      {"errors given as a template",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      errors: sum(rate(a[{{.window}}]))\n "
       "     total: b\n",
       5, 15,
       "errors takes a series selector, and ttam adds the rate and the window; for a query "
       "template"},
      {"errors with a range",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      errors: a[5m]\n      total: b\n", 5,
       15, "expected a selector without a range (ttam adds [{{.window}}] itself)"},
      {"selector syntax error",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      errors: a{code=}\n      total: b\n",
       5, 22, "invalid series selector"},
      {"template without window",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      error_query: sum(rate(a[5m]))\n     "
       " "
       "total_query: sum(rate(b[{{.window}}]))\n",
       5, 20, "error_query has no {{.window}}"},
      {"template syntax error positioned in the scalar",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      error_query: "
       "sum(rate(a[{{.window}}])) +\n      "
       "total_query: sum(rate(b[{{.window}}]))\n",
       5, 47, "invalid PromQL in error_query (with {{.window}} as 5m): unexpected end of input"},
      {"template syntax error after the placeholder, in a block scalar",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      error_query: |\n        "
       "sum(rate(a[{{.window}}])) by (\n      total_query: sum(rate(b[{{.window}}]))\n",
       6, 38, "invalid PromQL in error_query"},  // at the unclosed '(' after the placeholder
      {"placeholder glued to a unit (found by the slo_spec fuzzer: [5ms] for 5m, [1hs] for 1h)",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      error_query: "
       "sum(rate(a[{{.window}}s]))\n      total_query: sum(rate(b[{{.window}}]))\n",
       5, 31, "{{.window}} stands for a whole duration"},
      {"placeholder after a digit",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      error_query: "
       "sum(rate(a[{{.window}}]))\n      total_query: sum(rate(b[1{{ .window }}]))\n",
       6, 32, "{{.window}} stands for a whole duration"},
      {"template of the wrong type",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      error_query: a[{{.window}}]\n      "
       "total_query: sum(rate(b[{{.window}}]))\n",
       5, 20, "error_query must return an instant vector, not a range vector"},
      {"template check error",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      error_query: rate(a[{{.window}}], "
       "1)\n      "
       "total_query: sum(rate(b[{{.window}}]))\n",
       5, 20, "invalid PromQL in error_query"},
      {"latency without threshold",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      latency: {histogram: h}\n", 5, 16,
       "threshold is required"},
      {"latency negative threshold",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      latency: {histogram: h, threshold: "
       "-1}\n",
       5, 42, "the threshold must be a positive number of seconds"},
      {"latency histogram _count",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      latency: {histogram: h_count, "
       "threshold: 1}\n",
       5, 28, "give the histogram's family name"},
      {"latency selector with a name",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      latency: {histogram: h, threshold: "
       "1, "
       "selector: 'h{a=\"b\"}'}\n",
       5, 55, "give only label matchers"},
      {"latency selector on le",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      latency: {histogram: h, threshold: "
       "1, "
       "selector: '{le=\"1\"}'}\n",
       5, 55, "must not match on \"le\""},
      {"unknown latency field",
       "slos:\n  - name: x\n    objective: 99\n    sli:\n      latency: {histogram: h, threshold: "
       "1, le: 1}\n",
       5, 45,
       "unknown field \"le\" in slos[0].sli.latency (known: histogram, threshold, selector)"},
      {"bad by label",
       "slos:\n  - name: x\n    objective: 99\n    by: [a-b]\n    sli: {errors: a, total: b}\n", 4,
       9, "invalid label name \"a-b\""},
      {"reserved label",
       "slos:\n  - name: x\n    objective: 99\n    labels: {sloth_severity: x}\n    sli: {errors: "
       "a, total: b}\n",
       4, 14, "label \"sloth_severity\" is set by the generated rules"},
      {"bad factors",
       "slos:\n  - name: x\n    objective: 99\n    sli: {errors: a, total: b}\n    alerting: "
       "{page: {factors: [14.4]}}\n",
       5, 32, "factors must be a list of two burn-rate factors"},
      {"negative factor",
       "slos:\n  - name: x\n    objective: 99\n    sli: {errors: a, total: b}\n    alerting: "
       "{page: {factors: [14.4, -6]}}\n",
       5, 39, "a burn-rate factor must be a positive number"},
      {"unknown tier field",
       "slos:\n  - name: x\n    objective: 99\n    sli: {errors: a, total: b}\n    alerting: "
       "{page: {for: 5m}}\n",
       5, 23,
       "unknown field \"for\" in slos[0].alerting.page (known: disable, labels, annotations, "
       "factors)"},
      {"a second document in a ttam file",
       "slos:\n  - name: x\n    objective: 99\n    sli: {errors: a, total: b}\n---\nslos: []\n", 6,
       1, "a ttam spec file is one YAML document"},
      // sloth
      {"sloth plugin SLI",
       "version: prometheus/v1\nservice: s\nslos:\n  - name: x\n    objective: 99\n    sli:\n      "
       "plugin: {id: foo}\n",
       7, 15, "sloth SLI plugins are not supported: use events or raw"},
      {"sloth query without window",
       "version: prometheus/v1\nservice: s\nslos:\n  - name: x\n    objective: 99\n    sli:\n      "
       "events:\n        error_query: sum(rate(a[5m]))\n        total_query: "
       "sum(rate(b[{{.window}}]))\n",
       8, 22, "error_query has no {{.window}}"},
      {"sloth query syntax error",
       "version: prometheus/v1\nservice: s\nslos:\n  - name: x\n    objective: 99\n    sli:\n      "
       "events:\n        error_query: sum(rate(a[{{.window}}])))\n        total_query: "
       "sum(rate(b[{{.window}}]))\n",
       8, 47, "invalid PromQL in error_query"},
      {"sloth missing service",
       "version: prometheus/v1\nslos:\n  - name: x\n    objective: 99\n    sli: {raw: "
       "{error_ratio_query: "
       "'a[{{.window}}:]'}}\n",
       1, 1, "\"service\" is required"},
      {"sloth objective 100",
       "version: prometheus/v1\nservice: s\nslos:\n  - name: x\n    objective: 100\n    sli: {raw: "
       "{error_ratio_query: 'avg_over_time(a[{{.window}}])'}}\n",
       5, 16, "100% leaves no error budget"},
      {"sloth unknown field",
       "version: prometheus/v1\nservice: s\nslos:\n  - name: x\n    objective: 99\n    sli: {raw: "
       "{error_ratio_query: 'avg_over_time(a[{{.window}}])'}}\n    alerting: {page_alert: {for: "
       "5m}}\n",
       7, 29, "unknown field \"for\" in slos[0].alerting.page_alert"},
      {"sloth slo plugins",
       "version: prometheus/v1\nservice: s\nslo_plugins: {chain: []}\nslos: []\n", 3, 14,
       "sloth SLO plugins are not supported"},
      // OpenSLO
      {"OpenSLO calendar window",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  timeWindow:\n    - "
       "duration: 1M\n"
       "      calendar: {startTime: 2022-01-01 12:00:00, timeZone: UTC}\n  objectives: [{target: "
       "0.9}]\n",
       7, 17, "only rolling time windows are supported"},
      {"OpenSLO month window",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  timeWindow:\n    - "
       "duration: 1M\n"
       "      isRolling: true\n  objectives: [{target: 0.9}]\n",
       6, 17, "months, quarters and years have no fixed length"},
      {"OpenSLO not Prometheus",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    spec:\n   "
       "   "
       "ratioMetric:\n        bad: {metricSource: {type: Datadog, spec: {query: 'x'}}}\n        "
       "total: {metricSource: {type: Datadog, spec: {query: 'y'}}}\n  objectives: [{target: "
       "0.9}]\n",
       8, 36, "only Prometheus metric sources are supported, not \"Datadog\""},
      {"OpenSLO gauge query without window",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    spec:\n   "
       "   "
       "ratioMetric:\n        bad: {metricSource: {type: Prometheus, spec: {query: 'x'}}}\n        "
       "total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(y[{{.window}}]))'}}}\n  "
       "objectives: [{target: 0.9}]\n",
       8, 62, "this query has no {{.window}}"},
      {"OpenSLO counter query that is not a selector",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    spec:\n   "
       "   "
       "ratioMetric:\n        counter: true\n        bad: {metricSource: {type: Prometheus, spec: "
       "{query: 'sum(x)'}}}\n        total: {metricSource: {type: Prometheus, spec: {query: "
       "'y'}}}\n  "
       "objectives: [{target: 0.9}]\n",
       9, 62, "with counter: true, give a series selector"},
      {"OpenSLO good and bad",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    spec:\n   "
       "   "
       "ratioMetric:\n        counter: true\n        bad: {metricSource: {type: Prometheus, spec: "
       "{query: x}}}\n        good: {metricSource: {type: Prometheus, spec: {query: x}}}\n        "
       "total: {metricSource: {type: Prometheus, spec: {query: 'y'}}}\n  objectives: [{target: "
       "0.9}]\n",
       8, 9, "give total with exactly one of bad and good"},
      {"OpenSLO missing SLI reference",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicatorRef: nope\n  "
       "objectives: [{target: 0.9}]\n",
       5, 17, "no `kind: SLI` object named \"nope\""},
      {"OpenSLO inline indicator without a spec (found by the slo_spec fuzzer)",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    "
       "metadata: {name: x}\n  objectives: [{target: 0.9}]\n",
       6, 5, "the SLI needs a spec with a ratioMetric"},
      {"OpenSLO SLI object without a spec",
       "apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: s}\n---\napiVersion: openslo/v1\n"
       "kind: SLO\nmetadata: {name: a}\nspec:\n  indicatorRef: s\n  objectives: [{target: "
       "0.9}]\n",
       1, 1, "the SLI needs a spec with a ratioMetric"},
      {"OpenSLO target 1",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    spec:\n   "
       "   "
       "ratioMetric: {counter: true, bad: {metricSource: {type: Prometheus, spec: {query: x}}}, "
       "total: "
       "{metricSource: {type: Prometheus, spec: {query: y}}}}\n  objectives: [{target: 1}]\n",
       8, 25, "target must be a fraction between 0 and 1"},
      {"OpenSLO timeslices",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  budgetingMethod: "
       "Timeslices\n  "
       "indicatorRef: s\n  objectives: [{target: 0.9}]\n",
       5, 20, "only budgetingMethod: Occurrences is supported"},
      {"OpenSLO threshold metric",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    spec:\n   "
       "   "
       "thresholdMetric: {metricSource: {type: Prometheus, spec: {query: x}}}\n  objectives: "
       "[{target: 0.9}]\n",
       7, 24, "thresholdMetric SLIs are not supported"},
      {"OpenSLO unknown spec field",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicatorRef: s\n  "
       "objectivs: []\n",
       6, 3,
       "unknown field \"objectivs\" in spec (known: description, service, budgetingMethod, "
       "alertPolicies, timeWindow, indicator, indicatorRef, objectives)"},
      {"OpenSLO no SLO", "apiVersion: openslo/v1\nkind: Service\nmetadata: {name: a}\n", 1, 1,
       "the file holds no SLO"},
      {"OpenSLO duplicate names across documents",
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    spec:\n   "
       "   "
       "ratioMetric: {counter: true, bad: {metricSource: {type: Prometheus, spec: {query: x}}}, "
       "total: "
       "{metricSource: {type: Prometheus, spec: {query: y}}}}\n  objectives: [{target: 0.9}]\n---\n"
       "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  indicator:\n    spec:\n   "
       "   "
       "ratioMetric: {counter: true, bad: {metricSource: {type: Prometheus, spec: {query: x}}}, "
       "total: "
       "{metricSource: {type: Prometheus, spec: {query: y}}}}\n  objectives: [{target: 0.9}]\n",
       10, 1, "duplicate SLO name \"a\" (first at line 1)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Parsed p = ParseText(c.input);
    CAPTURE(p.Rendered());
    CHECK(!p.result.ok());
    bool found = false;
    for (const auto& d : p.diagnostics) {
      if (d.line == c.line && d.column == c.column && d.severity == ttam::diag::Severity::kError &&
          d.message.find(c.fragment) != std::string::npos) {
        found = true;
      }
    }
    CHECK(found);
    for (const auto& d : p.diagnostics) {
      CHECK(d.check == ttam::slo::kSpecCheck);
    }
  }
}

TEST_CASE("malformed specs are errors with positions, never crashes") {
  const std::string_view inputs[] = {
      "slos: [1]\n",
      "slos: [[]]\n",
      "slos: {a: 1}\n",
      "slos:\n  - name: [x]\n    objective: {}\n    sli: 1\n",
      "slos:\n  - sli: {latency: 1}\n",
      "slos:\n  - sli: {latency: {histogram: [], threshold: x, selector: {}}}\n",
      "slos:\n  - name: x\n    objective: 99\n    sli: {latency: {histogram: h, threshold: 1, "
      "selector: '{}'}}\n",
      "slos:\n  - alerting: {page: 1, ticket: {factors: 1}}\n",
      "slos:\n  - name: x\n    objective: 99\n    sli: {errors: '', total: '  '}\n",
      "slos:\n  - name: x\n    objective: 99\n    sli: {error_query: '', total_query: 1}\n",
      "version: prometheus/v1\nservice: [s]\nslos: [1, {sli: {events: 1, raw: 2}}]\n",
      "version: prometheus/v1\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli: "
      "{events: {error_query: [], total_query: {}}}\n",
      "apiVersion: openslo/v1\nkind: SLO\nmetadata: 1\n",
      "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: 1\n",
      "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {timeWindow: [~], objectives: "
      "[1, ~], indicator: 1}\n",
      "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {timeWindow: 5, indicator: "
      "{spec: {ratioMetric: {raw: 1, rawType: x}}}, objectives: [{}]}\n",
      "- apiVersion: openslo/v1\n  kind: SLO\n- 1\n",
      "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {indicator: {spec: "
      "{ratioMetric: {counter: true, bad: {metricSource: {spec: 5}}, total: {metricSource: 1}}}}, "
      "objectives: [{target: 0.9}]}\n",
      "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {indicatorRef: s, objectives: "
      "[{target: 0.9}]}\n---\napiVersion: openslo/v1\nkind: SLI\nmetadata: {name: s}\nspec: 3\n",
      "{{",
      "\t",
      "--- |\n  text\n",
      "slos: !!binary aGVsbG8=\n",
      "slos:\n  - name: x\n    name: y\n",
  };
  for (std::string_view input : inputs) {
    CAPTURE(input);
    Parsed p = ParseText(input);
    CAPTURE(p.Rendered());
    CHECK(!p.result.ok());
    bool error = false;
    for (const auto& d : p.diagnostics) {
      CHECK(d.line >= 1);
      CHECK(d.column >= 1);
      CHECK(d.check == ttam::slo::kSpecCheck);
      error = error || d.severity == ttam::diag::Severity::kError;
    }
    CHECK(error);
  }
}

TEST_CASE("document markers and CRLF line endings around a single document") {
  Parsed p = ParseText(
      "# leading comment\r\n---\r\nslos:\r\n  - name: x\r\n    objective: 99.5\r\n    sli:\r\n"
      "      errors: a_total{code=\"500\"}\r\n      total: a_total\r\n...\r\n");
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  CHECK(p.diagnostics.empty());
  REQUIRE(p.result.value().slos.size() == 1);
  CHECK(p.result.value().slos[0].position.line == 4);
  CHECK(p.result.value().slos[0].sli.error_query ==
        "sum(rate(a_total{code=\"500\"}[{{.window}}]))");
}

TEST_CASE("sloth fields that only decorate sloth's output are ignored with a warning") {
  Parsed p = ParseText(R"(version: prometheus/v1
service: s
slos:
  - name: x
    objective: 99
    infoLabels: {a: b}
    sli: {raw: {error_ratio_query: 'avg_over_time(a[{{.window}}])'}}
)");
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  REQUIRE(p.diagnostics.size() == 1);
  CHECK(p.diagnostics[0].severity == ttam::diag::Severity::kWarning);
  CHECK(p.diagnostics[0].line == 6);
}

TEST_CASE("a tier that can never fire with the objective is a warning") {
  Parsed p = ParseText(R"(slos:
  - name: x
    objective: 90
    sli: {errors: a, total: b}
    alerting: {ticket: {factors: [2, 1]}}
  - name: y
    objective: 90
    sli: {errors: a, total: b}
    alerting: {page: {disable: true}, ticket: {factors: [20, 1]}}
  - name: z
    objective: 90
    sli: {errors: a, total: b}
    alerting: {page: {factors: [9, 6]}}
)");
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  CHECK(p.Rendered() ==
        "3:16: warning: slos[0].objective: with this objective the page alert's burn-rate factor "
        "14.4 needs an error ratio above 1.44, so it can never fire; lower "
        "alerting.<tier>.factors or set alerting.<tier>.disable: true [slo/spec]\n"
        "7:16: warning: slos[1].objective: with this objective the ticket alert's burn-rate "
        "factor 20 needs an error ratio above 2, so it can never fire; lower "
        "alerting.<tier>.factors or set alerting.<tier>.disable: true [slo/spec]\n");
}

TEST_CASE("every spec in tests/slo/testdata and samples/slo.yml parses cleanly") {
  std::vector<std::filesystem::path> files;
  // Spec files sit at the top of testdata/; other fixtures go in subdirectories.
  for (const auto& entry : std::filesystem::directory_iterator(kTestdata)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  files.push_back(std::filesystem::path(TTAM_SOURCE_DIR) / "samples/slo.yml");
  CHECK(files.size() >= 5);
  for (const auto& path : files) {
    CAPTURE(path.string());
    Parsed p = ParseText(ReadFile(path));
    CAPTURE(p.Rendered());
    CHECK(p.result.ok());
    CHECK(p.diagnostics.empty());
    if (p.result.ok()) CHECK(!p.result.value().slos.empty());
  }
}

TEST_CASE("samples/slo.yml: the guide's metrics") {
  Parsed p = ParseText(ReadFile(std::filesystem::path(TTAM_SOURCE_DIR) / "samples/slo.yml"));
  CAPTURE(p.Rendered());
  REQUIRE(p.result.ok());
  const auto& slos = p.result.value().slos;
  REQUIRE(slos.size() == 2);
  CHECK(
      slos[0].sli.error_query ==
      R"(sum by (primitive_name) (rate(primitive_requests_total{status="failure"}[{{.window}}])))");
  CHECK(slos[0].sli.total_query ==
        "sum by (primitive_name) (rate(primitive_requests_total[{{.window}}]))");
  CHECK(slos[1].sli.error_query ==
        "sum by (primitive_name) (rate(primitive_duration_seconds_count[{{.window}}])) - sum by "
        "(primitive_name) (rate(primitive_duration_seconds_bucket{le=\"0.1\"}[{{.window}}]))");
  CHECK(slos[1].alert_name == "PrimitiveLatencyBurnRate");
  CHECK_FALSE(slos[1].ticket.disable);
  CHECK(slos[1].ticket.labels.at("severity") == "warning");
}

TEST_CASE("ExpandWindow replaces every placeholder") {
  CHECK(ttam::slo::ExpandWindow("a[{{.window}}] / b[{{.window}}]", "1h") == "a[1h] / b[1h]");
  CHECK(ttam::slo::ExpandWindow("no placeholder", "1h") == "no placeholder");
}

}  // namespace
