#include "slo/slo_rules.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "promql/parser.h"
#include "slo/slo_test_specs.h"
#include "support/text.h"
#include "yaml/document.h"

namespace {

using ttam::slo::GenerateRules;
using ttam::slo::GenerateTests;
using ttam::slo::SpecFile;
namespace specs = ttam::slo::test_specs;

// The text from `from` to the next list item or comment at the same
// indentation.
std::string Section(const std::string& text, const std::string& from) {
  size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "no `" << from << "` in\n" << text);
  size_t line_start = text.rfind('\n', at) + 1;
  std::string indent = text.substr(line_start, at - line_start);
  indent = indent.substr(0, indent.find_first_not_of(' '));
  size_t end = std::min(text.find("\n" + indent + "- ", at), text.find("\n" + indent + "#", at));
  return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

}  // namespace

TEST_CASE("slo rules: sloth's names, labels and the period ratio from errors and total") {
  SpecFile file = specs::SlothGettingStarted();
  std::string rules = GenerateRules(file);
  CHECK(rules.find("  - name: sloth-slo-sli-recordings-myservice-requests-availability\n") !=
        std::string::npos);
  CHECK(rules.find("  - name: sloth-slo-meta-recordings-myservice-requests-availability\n") !=
        std::string::npos);
  CHECK(rules.find("  - name: sloth-slo-alerts-myservice-requests-availability\n") !=
        std::string::npos);
  // Every window of sloth's, in its order, then the period.
  size_t last = 0;
  for (const char* w : {"5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"}) {
    size_t at = rules.find(std::string("record: slo:sli_error:ratio_rate") + w + "\n");
    CAPTURE(w);
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
  CHECK(Section(rules, "record: slo:sli_error:ratio_rate5m") ==
        "record: slo:sli_error:ratio_rate5m\n"
        "        expr: |\n"
        "          ((sum(rate(http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|"
        "429)\"}[5m]))) or (sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[5m]"
        "))) * 0) / (sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[5m])))\n"
        "        labels:\n"
        "          owner: myteam\n"
        "          repo: myorg/myservice\n"
        "          sloth_id: myservice-requests-availability\n"
        "          sloth_service: myservice\n"
        "          sloth_slo: requests-availability\n"
        "          sloth_window: 5m\n"
        "          tier: \"2\"");
  // The period: the same error-over-total query, with 30d as the range.
  std::string period = Section(rules, "record: slo:sli_error:ratio_rate30d");
  CHECK(
      period.find("[30d]))) * 0) / (sum(rate(http_request_duration_seconds_count{job=\"myservice\"}"
                  "[30d])))") != std::string::npos);
  CHECK(period.find("sum_over_time") == std::string::npos);
  CHECK(period.find("sloth_window: 30d") != std::string::npos);
  CHECK(Section(rules, "record: slo:objective:ratio").find("expr: vector(0.999)") !=
        std::string::npos);
  CHECK(Section(rules, "record: slo:error_budget:ratio").find("expr: vector(0.001)") !=
        std::string::npos);
  CHECK(Section(rules, "record: slo:time_period:days").find("expr: vector(30)") !=
        std::string::npos);
  std::string info = Section(rules, "record: sloth_slo_info");
  CHECK(info.find("sloth_objective: \"99.9\"") != std::string::npos);
  CHECK(info.find("sloth_spec: prometheus/v1") != std::string::npos);
}

TEST_CASE("slo rules: page and ticket alerts with sloth_severity, guard, labels, annotations") {
  SpecFile file = specs::SlothGettingStarted();
  std::string rules = GenerateRules(file);
  std::string page = Section(rules, "alert: MyServiceHighErrorRate");
  CHECK(
      page ==
      "alert: MyServiceHighErrorRate\n"
      "        expr: |\n"
      "          (\n"
      "              (slo:sli_error:ratio_rate5m{sloth_id=\"myservice-requests-availability\"} > "
      "(14.4 * 0.001))\n"
      "              and ignoring (sloth_window)\n"
      "              (slo:sli_error:ratio_rate1h{sloth_id=\"myservice-requests-availability\"} > "
      "(14.4 * 0.001))\n"
      "              and ignoring (owner, repo, sloth_id, sloth_service, sloth_slo, "
      "sloth_window, tier)\n"
      "              ((sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[5m]))) * "
      "300 >= 100)\n"
      "          )\n"
      "          or ignoring (sloth_window)\n"
      "          (\n"
      "              (slo:sli_error:ratio_rate30m{sloth_id=\"myservice-requests-availability\"} > "
      "(6 * 0.001))\n"
      "              and ignoring (sloth_window)\n"
      "              (slo:sli_error:ratio_rate6h{sloth_id=\"myservice-requests-availability\"} > "
      "(6 * 0.001))\n"
      "              and ignoring (owner, repo, sloth_id, sloth_service, sloth_slo, "
      "sloth_window, tier)\n"
      "              ((sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[30m]))) * "
      "1800 >= 100)\n"
      "          )\n"
      "        labels:\n"
      "          category: availability\n"
      "          routing_key: myteam\n"
      "          severity: pageteam\n"
      "          sloth_severity: page\n"
      "        annotations:\n"
      "          summary: \"High error rate on 'myservice' requests responses\"\n"
      "          title: \"(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error "
      "budget burn rate is too fast.\"");
  size_t ticket_at =
      rules.find("alert: MyServiceHighErrorRate", rules.find("sloth_severity: page"));
  REQUIRE(ticket_at != std::string::npos);
  std::string ticket = rules.substr(ticket_at);
  CHECK(ticket.find("ratio_rate2h{sloth_id=\"myservice-requests-availability\"} > (3 * 0.001)") !=
        std::string::npos);
  CHECK(ticket.find("ratio_rate3d{sloth_id=\"myservice-requests-availability\"} > (1 * 0.001)") !=
        std::string::npos);
  CHECK(ticket.find("slack_channel: \"#alerts-myteam\"") != std::string::npos);
  CHECK(ticket.find("sloth_severity: ticket") != std::string::npos);
}

TEST_CASE("slo rules: every expression parses, the YAML reads back, output is deterministic") {
  for (const SpecFile& file : {specs::SlothGettingStarted(), specs::TtamAvailability(),
                               specs::TtamLatency(), specs::RawRatio()}) {
    std::string rules = GenerateRules(file);
    CHECK(rules == GenerateRules(file));
    ttam::diag::CollectingSink sink;
    auto doc = ttam::yaml::Parse("rules.yml", rules, sink);
    CHECK(doc != nullptr);
    CHECK(sink.diagnostics.empty());
    // Each `expr` block (between `expr: |` and `labels:`) parses as PromQL.
    size_t at = 0;
    while ((at = rules.find("expr: ", at)) != std::string::npos) {
      size_t end = rules.find("\n        labels:", at);
      std::string expr = rules.substr(at + 6, end - at - 6);
      if (expr.starts_with("|\n")) expr = expr.substr(2);
      CAPTURE(expr);
      CHECK(ttam::promql::Parse(expr).ok());
      at = end;
    }
  }
}

TEST_CASE("slo rules: a disabled tier has no alert; both disabled, no alert group") {
  SpecFile file = specs::TtamAvailability();
  file.slos[0].ticket.disable = true;
  std::string rules = GenerateRules(file);
  CHECK(rules.find("sloth_severity: page") != std::string::npos);
  CHECK(rules.find("sloth_severity: ticket") == std::string::npos);
  file.slos[0].page.disable = true;
  rules = GenerateRules(file);
  CHECK(rules.find("sloth-slo-alerts-") == std::string::npos);
}

TEST_CASE("slo rules: without a service the default annotations leave it out") {
  std::string rules = GenerateRules(specs::TtamAvailability());
  CHECK(rules.find("title: \"(page) {{$labels.sloth_slo}} SLO error budget burn rate is too "
                   "fast.\"") != std::string::npos);
  CHECK(rules.find("summary: \"{{$labels.sloth_slo}} SLO error budget burn rate is over "
                   "expected.\"") != std::string::npos);
  CHECK(rules.find("$labels.sloth_service") == std::string::npos);
  CHECK(rules.find("sloth_service:") == std::string::npos);
}

TEST_CASE("slo rules: min_events 0 drops the guard; raw and gauge SLIs never have one") {
  SpecFile file = specs::TtamAvailability();
  CHECK(GenerateRules(file, {.min_events = 0}).find(">= 100") == std::string::npos);
  CHECK(GenerateRules(file, {.min_events = 250}).find(" * 300 >= 250)") != std::string::npos);
  CHECK(GenerateRules(specs::RawRatio()).find(">=") == std::string::npos);
  std::string gauge = GenerateRules(specs::SlothHomeWifi());
  CHECK(gauge.find(">=") == std::string::npos);
  CHECK(gauge.find("# No low-traffic guard: the SLI's total is not a rate of events to count.") !=
        std::string::npos);
  CHECK(GenerateRules(specs::SlothHomeWifi(), {.min_events = 0}).find("No low-traffic") ==
        std::string::npos);
}

TEST_CASE("slo rules: the default alert name and quoting of odd values") {
  SpecFile file = specs::TtamAvailability();
  file.slos[0].alert_name = "";
  file.slos[0].labels["team"] = "yes";
  file.slos[0].alert_annotations["runbook"] = "https://x/y: \"z\"\n";
  std::string rules = GenerateRules(file);
  CHECK(rules.find("alert: PrimitiveAvailabilityBurnRate\n") != std::string::npos);
  CHECK(rules.find("team: \"yes\"\n") != std::string::npos);
  CHECK(rules.find("runbook: \"https://x/y: \\\"z\\\"\\n\"\n") != std::string::npos);
}

TEST_CASE("slo tests: input series from the selectors, cases per tier and pair") {
  auto tests = GenerateTests(specs::SlothGettingStarted(), "rules.yml");
  CHECK(tests.skipped.empty());
  CHECK(tests.yaml.find("rule_files:\n  - rules.yml\nevaluation_interval: 4m\n") !=
        std::string::npos);
  // The error series carries a value of the regex's first alternative, the good one
  // no code label at all.
  CHECK(tests.yaml.find(
            "series: \"http_request_duration_seconds_count{code=\\\"500\\\", job=\\\"myservice\\\"}"
            "\"") != std::string::npos);
  CHECK(tests.yaml.find("series: \"http_request_duration_seconds_count{job=\\\"myservice\\\"}\"") !=
        std::string::npos);
  for (const char* title :
       {"page 1h/5m: burn 1.02 x 14.4 fires", "page 1h/5m: burn 0.98 x 14.4 does not fire",
        "page 1h/5m: burn 1.02 x 14.4 on 50 events in 5m does not fire",
        "ticket 1d/2h: burn 1.02 x 3 on 50 events in 2h does not fire",
        "page 6h/30m: burn 1.02 x 6 fires", "page 6h/30m: burn 0.98 x 6 does not fire",
        "ticket 1d/2h: burn 1.02 x 3 fires", "ticket 1d/2h: burn 0.98 x 3 does not fire",
        "ticket 3d/6h: burn 1.02 x 1 fires", "ticket 3d/6h: burn 0.98 x 1 does not fire"}) {
    CAPTURE(title);
    CHECK(tests.yaml.find(std::string("myservice-requests-availability ") + title) !=
          std::string::npos);
  }
  CHECK(tests.yaml.find("interval: 1m\n") != std::string::npos);
}

TEST_CASE("slo tests: a latency SLI's count minus bucket is designed too") {
  auto tests = GenerateTests(specs::TtamLatency(), "rules.yml");
  CHECK(tests.skipped.empty());
  CHECK(tests.yaml.find("primitive_duration_seconds_bucket{") != std::string::npos);
  CHECK(tests.yaml.find("le=\\\"0.25\\\"") != std::string::npos);
  CHECK(tests.yaml.find("primitive_duration_seconds_count{") != std::string::npos);
}

TEST_CASE("slo tests: the page 1h/5m case, whole: warm-up, burst, every tier's expected alert") {
  // 6h at ratio 0, then the burst at 1.02 x 14.4 x 0.001 for the long
  // window plus 12m; the burst also opens a ticket through 6h & 3d (2.94
  // and 2.45 times the budget), not through 2h & 1d (1d: 2.45 < 3).
  auto tests = GenerateTests(specs::SlothGettingStarted(), "rules.yml");
  std::string group = tests.yaml.substr(tests.yaml.find("  - name: "));
  group = group.substr(0, group.find("  - name: ", 1));
  CHECK(
      group ==
      "  - name: \"myservice-requests-availability page 1h/5m: burn 1.02 x 14.4 fires\"\n"
      "    interval: 1m\n"
      "    input_series:\n"
      "      - series: \"http_request_duration_seconds_count{code=\\\"500\\\", "
      "job=\\\"myservice\\\"}\"\n"
      "        values: \"10000+0x360 10014.688+14.688x71\"\n"
      "      - series: \"http_request_duration_seconds_count{job=\\\"myservice\\\"}\"\n"
      "        values: \"10000+1000x360 370985.312+985.312x71\"\n"
      "    alert_rule_test:\n"
      "      - eval_time: 7h12m\n"
      "        alertname: MyServiceHighErrorRate\n"
      "        exp_alerts:\n"
      "          - exp_labels:\n"
      "              category: availability\n"
      "              owner: myteam\n"
      "              repo: myorg/myservice\n"
      "              routing_key: myteam\n"
      "              severity: pageteam\n"
      "              sloth_id: myservice-requests-availability\n"
      "              sloth_service: myservice\n"
      "              sloth_severity: page\n"
      "              sloth_slo: requests-availability\n"
      "              sloth_window: 5m\n"
      "              tier: \"2\"\n"
      "            exp_annotations:\n"
      "              summary: \"High error rate on 'myservice' requests responses\"\n"
      "              title: \"(page) myservice requests-availability SLO error budget burn rate is "
      "too fast.\"\n"
      "          - exp_labels:\n"
      "              category: availability\n"
      "              owner: myteam\n"
      "              repo: myorg/myservice\n"
      "              severity: slack\n"
      "              slack_channel: \"#alerts-myteam\"\n"
      "              sloth_id: myservice-requests-availability\n"
      "              sloth_service: myservice\n"
      "              sloth_severity: ticket\n"
      "              sloth_slo: requests-availability\n"
      "              sloth_window: 6h\n"
      "              tier: \"2\"\n"
      "            exp_annotations:\n"
      "              summary: \"High error rate on 'myservice' requests responses\"\n"
      "              title: \"(ticket) myservice requests-availability SLO error budget burn rate "
      "is too fast.\"\n");
}

TEST_CASE("slo tests: untestable SLIs are comments and reported") {
  auto raw = GenerateTests(specs::RawRatio(), "r.yml");
  REQUIRE(raw.skipped.size() == 1);
  CHECK(raw.skipped[0] ==
        "home-wifi-good-wifi-client-satisfaction: a raw error-ratio SLI has no event counts to "
        "generate series for");
  CHECK(raw.yaml.find("tests: []\n  # home-wifi-good-wifi-client-satisfaction: no tests: a raw "
                      "error-ratio SLI") != std::string::npos);

  SpecFile templated = specs::TtamAvailability();
  templated.slos[0].alert_annotations["value"] = "{{ $value | humanizePercentage }}";
  auto t = GenerateTests(templated, "r.yml");
  REQUIRE(t.skipped.size() == 1);
  CHECK(t.skipped[0].find("template other than $labels") != std::string::npos);

  SpecFile weird = specs::TtamAvailability();
  weird.slos[0].sli.error_query = "sum(rate(x_total{a=\"b\"}[{{.window}}])) * 2";
  auto w = GenerateTests(weird, "r.yml");
  REQUIRE(w.skipped.size() == 1);
  CHECK(w.skipped[0].find("combines series with `*`") != std::string::npos);
}

TEST_CASE("slo tests: odd SLIs are designed or skipped with a reason, never a crash") {
  struct Case {
    std::string_view name, errors, total;
    bool tested;
  };
  const Case cases[] = {
      {"no metric name", "sum(rate({__name__=\"x_total\", code=~\"5..\"}[{{.window}}]))",
       "sum(rate({__name__=\"x_total\"}[{{.window}}]))", true},
      {"name by regex only", "sum(rate({__name__=~\"x_.*\", code=\"500\"}[{{.window}}]))",
       "sum(rate({__name__=~\"x_.*\"}[{{.window}}]))", true},
      {"errors and total disjoint", "sum(rate(x_total{code=~\"5..\"}[{{.window}}]))",
       "sum(rate(x_total{code=~\"5..\"}[{{.window}}])) + sum(rate(x_total{code!~\"5..\"}[{{"
       ".window}}]))",
       true},
      {"two metrics", "sum(rate(errors_total[{{.window}}]))",
       "sum(rate(requests_total[{{.window}}]))", true},
      {"same selector", "sum(rate(x_total[{{.window}}]))", "sum(rate(x_total[{{.window}}]))",
       false},
      {"regex matching nothing", "sum(rate(x_total{code=~\"\"}[{{.window}}]))",
       "sum(rate(x_total[{{.window}}]))", false},
      {"bare rate", "rate(x_total{code=\"500\"}[{{.window}}])", "rate(x_total[{{.window}}])",
       false},
      {"increase", "sum(increase(x_total{code=\"500\"}[{{.window}}]))",
       "sum(increase(x_total[{{.window}}]))", false},
      {"offset", "sum(rate(x_total{code=\"500\"}[{{.window}}] offset 1m))",
       "sum(rate(x_total[{{.window}}] offset 1m))", false},
      {"not promql", "sum(rate(x_total{[{{.window}}]", "sum(rate(x_total[{{.window}}]))", false},
      {"empty", "", "", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    SpecFile file = specs::TtamAvailability();
    file.slos[0].by.clear();
    file.slos[0].sli.error_query = std::string(c.errors);
    file.slos[0].sli.total_query = std::string(c.total);
    auto tests = GenerateTests(file, "r.yml");
    CHECK(tests.skipped.empty() == c.tested);
    if (!c.tested) {
      REQUIRE(tests.skipped.size() == 1);
      CHECK(tests.skipped[0].starts_with("primitive-availability: "));
    } else {
      CHECK(tests.yaml.find("burn 1.02 x 14.4 fires") != std::string::npos);
    }
  }
}
