#pragma once

// SloSpecs built in code (as the spec parser would build them), for the
// rule generator's tests: sloth's public getting-started example, ttam
// availability and latency SLIs on the guide's primitive_* metrics, and a
// raw ratio SLI (sloth's raw-home-wifi shape).

#include "slo/slo_spec.h"

namespace ttam::slo::test_specs {

/// sloth's examples/getting-started.yml (slok/sloth), one SLO: 99.9 % of
/// myservice's requests are not 5xx or 429.
inline SpecFile SlothGettingStarted() {
  SloSpec s;
  s.format = SpecFormat::kSloth;
  s.name = "myservice-requests-availability";
  s.service = "myservice";
  s.slo_name = "requests-availability";
  s.description = "Common SLO based on availability for HTTP request responses.";
  s.objective = 99.9 / 100;
  s.labels = {{"owner", "myteam"}, {"repo", "myorg/myservice"}, {"tier", "2"}};
  s.sli.error_query =
      "sum(rate(http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}[{{."
      "window}}]))";
  s.sli.total_query =
      "sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[{{.window}}]))";
  s.alert_name = "MyServiceHighErrorRate";
  s.alert_labels = {{"category", "availability"}};
  s.alert_annotations = {{"summary", "High error rate on 'myservice' requests responses"}};
  s.page.labels = {{"severity", "pageteam"}, {"routing_key", "myteam"}};
  s.ticket.labels = {{"severity", "slack"}, {"slack_channel", "#alerts-myteam"}};
  SpecFile f;
  f.format = SpecFormat::kSloth;
  f.slos.push_back(s);
  return f;
}

/// The first SLO of sloth's examples/home-wifi.yml: wifi clients whose
/// satisfaction is below 0.75, counted over subqueries (a gauge SLI).
inline SpecFile SlothHomeWifi() {
  SloSpec s;
  s.format = SpecFormat::kSloth;
  s.name = "home-wifi-good-wifi-client-satisfaction";
  s.service = "home-wifi";
  s.slo_name = "good-wifi-client-satisfaction";
  s.objective = 95.0 / 100;
  s.labels = {{"cluster", "valhalla"}, {"component", "ubiquiti"}, {"context", "home"}};
  s.sli.error_query =
      "sum_over_time((count(unifipoller_client_satisfaction_ratio < 0.75))[{{.window}}:]) OR "
      "on() vector(0)";
  s.sli.total_query = "sum_over_time((count(unifipoller_client_satisfaction_ratio))[{{.window}}:])";
  s.alert_name = "GoodWifiClientSatisfaction";
  s.page.labels = {{"severity", "home"}};
  s.ticket.labels = {{"severity", "warning"}};
  SpecFile f;
  f.format = SpecFormat::kSloth;
  f.slos.push_back(s);
  return f;
}

/// A ttam spec: the guide's primitive_requests_total by primitive_name.
inline SpecFile TtamAvailability() {
  SloSpec s;
  s.name = "primitive-availability";
  s.objective = 99.9 / 100;
  s.by = {"primitive_name"};
  s.sli.error_query =
      "sum by (primitive_name) (rate(primitive_requests_total{status=\"error\"}[{{.window}}]))";
  s.sli.total_query = "sum by (primitive_name) (rate(primitive_requests_total[{{.window}}]))";
  s.alert_name = "PrimitiveAvailabilityBurnRate";
  s.alert_labels = {{"team", "primitives"}};
  s.page.labels = {{"severity", "critical"}};
  s.ticket.labels = {{"severity", "warning"}};
  SpecFile f;
  f.slos.push_back(s);
  return f;
}

/// A ttam latency SLI: requests slower than 0.25 s are errors.
inline SpecFile TtamLatency() {
  SloSpec s;
  s.name = "primitive-latency";
  s.objective = 99.0 / 100;
  s.period_ms = 28LL * 24 * 3600 * 1000;
  s.sli.error_query =
      "sum(rate(primitive_duration_seconds_count[{{.window}}])) - "
      "sum(rate(primitive_duration_seconds_bucket{le=\"0.25\"}[{{.window}}]))";
  s.sli.total_query = "sum(rate(primitive_duration_seconds_count[{{.window}}]))";
  s.sli.latency_histogram = "primitive_duration_seconds";
  s.sli.latency_threshold = 0.25;
  s.alert_name = "PrimitiveLatencyBurnRate";
  s.page.factors[0] = 10;
  s.page.factors[1] = 5;
  SpecFile f;
  f.slos.push_back(s);
  return f;
}

/// sloth's raw SLI shape (examples/raw-home-wifi.yml): a ratio query only.
inline SpecFile RawRatio() {
  SloSpec s;
  s.format = SpecFormat::kSloth;
  s.name = "home-wifi-good-wifi-client-satisfaction";
  s.service = "home-wifi";
  s.slo_name = "good-wifi-client-satisfaction";
  s.objective = 95.0 / 100;
  s.sli.error_ratio_query =
      "sum(count_over_time((unifipoller_client_satisfaction_ratio < 0.75)[{{.window}}:])) / "
      "sum(count_over_time(unifipoller_client_satisfaction_ratio[{{.window}}:]))";
  s.alert_name = "GoodWifiClientSatisfaction";
  SpecFile f;
  f.format = SpecFormat::kSloth;
  f.slos.push_back(s);
  return f;
}

}  // namespace ttam::slo::test_specs
