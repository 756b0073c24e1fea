// exposition/*: the structure of an exposition.

#include <doctest/doctest.h>

#include <iterator>
#include <random>
#include <string>

#include "check_cases.h"

using ttam::expfmt::Format;
using ttam::test::CheckCase;

namespace {

const CheckCase kExpositionCases[] = {
    {"exposition/duplicate-series", "fires on a repeat, whatever the label order", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{x=\"1\",y=\"2\"} 1\n"
     "a{y=\"2\",x=\"1\"} 2\n",
     "4:1: error: metric \"a\" repeats the series {y=\"2\",x=\"1\"} from line 3; Prometheus "
     "drops the repeated sample, so expose each series once [exposition/duplicate-series]\n"},
    {"exposition/duplicate-series", "an empty label value is no label", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a 1\n"
     "a{x=\"\"} 2\n",
     "4:1: error: metric \"a\" repeats the series {x=\"\"} from line 3; Prometheus drops the "
     "repeated sample, so expose each series once [exposition/duplicate-series]\n"},
    {"exposition/duplicate-series", "one finding per family, with the number of repeats",
     Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{x=\"1\"} 1\n"
     "a{x=\"2\"} 1\n"
     "a{x=\"1\"} 1\n"
     "a{x=\"2\"} 1\n"
     "a{x=\"1\"} 1\n",
     "5:1: error: metric \"a\" repeats the series {x=\"1\"} from line 3 (and 2 more repeated "
     "samples in this family); Prometheus drops the repeated sample, so expose each series "
     "once [exposition/duplicate-series]\n"},
    {"exposition/duplicate-series", "quiet on distinct series and distinct timestamps",
     Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{x=\"1\"} 1 1000\n"
     "a{x=\"1\"} 2 2000\n"
     "a{x=\"2\"} 2 2000\n",
     ""},
    {"exposition/duplicate-metadata", "fires on a second HELP and TYPE", Format::kText,
     "# HELP a x\n"
     "# HELP a y\n"
     "# TYPE a gauge\n"
     "# TYPE a counter\n"
     "a 1\n",
     "2:8: error: metric \"a\" already has a HELP line (line 1); keep one HELP line per "
     "metric and remove this one [exposition/duplicate-metadata]\n"
     "4:8: error: metric \"a\" already has a TYPE line (line 3); keep one TYPE line per "
     "metric and remove this one [exposition/duplicate-metadata]\n"},
    {"exposition/duplicate-metadata", "quiet on one of each", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a 1\n"
     "# HELP b x\n"
     "# TYPE b gauge\n"
     "b 1\n",
     ""},
    {"exposition/late-metadata", "fires on TYPE and HELP after samples", Format::kText,
     "a 1\n"
     "# TYPE a gauge\n"
     "# HELP a x\n",
     "2:8: error: TYPE line for metric \"a\" comes after its samples (first on line 1); move "
     "it above them [exposition/late-metadata]\n"
     "3:8: error: HELP line for metric \"a\" comes after its samples (first on line 1); move "
     "it above them [exposition/late-metadata]\n"},
    {"exposition/late-metadata", "quiet on metadata first", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a 1\n",
     ""},
    {"exposition/split-family", "fires when a family comes back", Format::kText,
     "# HELP a x\n"
     "a 1\n"
     "# HELP b x\n"
     "b 1\n"
     "a 2\n",
     "5:1: error: metric \"a\" started on line 1 and continues here after \"b\"; keep all "
     "lines of a metric family together [exposition/split-family]\n"},
    {"exposition/split-family", "quiet on an untyped histogram's interleaved samples",
     Format::kText,
     "h_bucket{x=\"1\",le=\"+Inf\"} 1\n"
     "h_sum{x=\"1\"} 1\n"
     "h_count{x=\"1\"} 1\n"
     "h_bucket{x=\"2\",le=\"+Inf\"} 1\n"
     "h_sum{x=\"2\"} 1\n"
     "h_count{x=\"2\"} 1\n"
     "h_created{x=\"2\"} 1700000000\n"
     "h_sum{x=\"3\"} 1\n"
     "h_gcount{x=\"3\"} 1\n"
     "h_gsum{x=\"3\"} 1\n"
     "h_sum{x=\"4\"} 1\n",
     ""},
    {"exposition/split-family", "quiet on /federate: each name declares its own family",
     Format::kText,
     "# TYPE api_latency_seconds_count untyped\n"
     "api_latency_seconds_count{job=\"api\",instance=\"a\"} 10 1700000000000\n"
     "# TYPE api_latency_seconds_created untyped\n"
     "api_latency_seconds_created{job=\"api\",instance=\"a\"} 1.69e9 1700000000000\n"
     "# TYPE api_latency_seconds_sum untyped\n"
     "api_latency_seconds_sum{job=\"api\",instance=\"a\"} 2.5 1700000000000\n",
     ""},
    {"exposition/reserved-label-name", "fires on __ labels, once per family", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{__tmp=\"1\"} 1\n"
     "a{__tmp=\"2\"} 1\n",
     "3:3: error: label \"__tmp\" of gauge \"a\" starts with \"__\", which Prometheus "
     "reserves for internal labels; rename it [exposition/reserved-label-name]\n"},
    {"exposition/reserved-label-name", "quiet on ordinary labels", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{tmp_=\"1\"} 1\n",
     ""},
    {"exposition/empty-label-value", "fires on an empty value", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{env=\"\"} 1\n",
     "3:3: info: label \"env\" of gauge \"a\" has an empty value, which Prometheus treats as "
     "no label at all; drop the label or give it a value [exposition/empty-label-value]\n"},
    {"exposition/empty-label-value", "once per family, naming every empty label of the line",
     Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{env=\"\",zone=\"\",instance=\"\"} 1\n"
     "a{env=\"\",zone=\"b\"} 1\n",
     "3:3: info: labels \"env\", \"zone\" of gauge \"a\" have an empty value, which "
     "Prometheus treats as no label at all; drop the label or give it a value "
     "[exposition/empty-label-value]\n"},
    {"exposition/empty-label-value",
     "quiet on Pushgateway and federated instance=\"\" and info fields", Format::kText,
     "# HELP push_time_seconds x\n"
     "# TYPE push_time_seconds gauge\n"
     "push_time_seconds{instance=\"\",job=\"nightly_batch\"} 1.7e9\n"
     "# TYPE job:requests:rate5m untyped\n"
     "job:requests:rate5m{instance=\"\",job=\"api\"} 12 1700000000000\n"
     "# HELP disk_info x\n"
     "# TYPE disk_info gauge\n"
     "disk_info{device=\"vda\",model=\"\",serial=\"\"} 1\n",
     ""},
    {"exposition/empty-label-value", "quiet on values", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{env=\"prod\"} 1\n",
     ""},
    {"exposition/invalid-escape", "fires once per family and label", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{path=\"C:\\\\temp\",re=\"a\\qb\"} 1\n"
     "a{path=\"x\",re=\"\\d+\"} 1\n",
     "3:22: warning: label \"re\" of gauge \"a\" has the escape \"\\q\" in its value; only "
     "\\\\, \\\" and \\n are valid, and promtool and client-library parsers reject the whole "
     "exposition: write \"\\\\q\" for a literal backslash [exposition/invalid-escape]\n"},
    {"exposition/invalid-escape", "quiet on \\\\, \\\" and \\n", Format::kOpenMetrics,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{v=\"a\\\\b\\\"c\\nd\"} 1\n"
     "# EOF\n",
     ""},
    {"exposition/mixed-timestamps", "fires once on a timestamp after none", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{x=\"1\"} 1\n"
     "a{x=\"2\"} 1 1700000000000\n"
     "a{x=\"3\"} 1\n",
     "4:12: warning: sample of metric \"a\" has a timestamp but the sample on line 3 has "
     "none; expose timestamps on all samples or on none (usually none) "
     "[exposition/mixed-timestamps]\n"},
    {"exposition/mixed-timestamps", "fires on no timestamp after one", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{x=\"1\"} 1 1700000000000\n"
     "a{x=\"2\"} 1\n",
     "4:1: warning: sample of metric \"a\" has no timestamp but the sample on line 3 has one; "
     "expose timestamps on all samples or on none (usually none) "
     "[exposition/mixed-timestamps]\n"},
    {"exposition/mixed-timestamps", "quiet when all have timestamps", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{x=\"1\"} 1 1700000000000\n"
     "a{x=\"2\"} 1 1700000000000\n",
     ""},
    {"exposition/utf8-name", "fires on Prometheus 3 names", Format::kText,
     "# HELP \"my.metric\" x\n"
     "# TYPE \"my.metric\" gauge\n"
     "{\"my.metric\",\"label.name\"=\"v\"} 1\n",
     "1:8: warning: gauge \"my.metric\" is valid only with Prometheus 3 UTF-8 names: PromQL "
     "must quote it and older servers and tools reject it; prefer [a-zA-Z0-9_:] "
     "(\"my_metric\") [exposition/utf8-name]\n"
     "3:14: warning: label \"label.name\" of gauge \"my.metric\" is valid only with "
     "Prometheus 3 UTF-8 names: PromQL must quote it and older servers and tools reject it; "
     "prefer [a-zA-Z0-9_] (\"label_name\") [exposition/utf8-name]\n"},
    {"exposition/utf8-name", "fires on a leading digit and on dashes", Format::kOpenMetrics,
     "# TYPE \"primitive-latency-p95\" gauge\n"
     "# HELP \"primitive-latency-p95\" x\n"
     "{\"primitive-latency-p95\",\"0region\"=\"eu\"} 1\n"
     "# EOF\n",
     "1:8: warning: gauge \"primitive-latency-p95\" is valid only with Prometheus 3 UTF-8 "
     "names: PromQL must quote it and older servers and tools reject it; prefer "
     "[a-zA-Z0-9_:] (\"primitive_latency_p95\") [exposition/utf8-name]\n"
     "3:26: warning: label \"0region\" of gauge \"primitive-latency-p95\" is valid only "
     "with Prometheus 3 UTF-8 names: PromQL must quote it and older servers and tools reject "
     "it; prefer [a-zA-Z0-9_] (\"0region\") [exposition/utf8-name]\n"},
    {"exposition/utf8-name", "quiet on classic names", Format::kText,
     "# HELP job:up x\n"
     "# TYPE job:up gauge\n"
     "job:up{label_name=\"v\"} 1\n",
     ""},
    {"exposition/type-name-mismatch", "fires on OpenMetrics counter naming in the text format",
     Format::kText,
     "# HELP requests Requests.\n"
     "# TYPE requests counter\n"
     "requests_total 1\n"
     "requests_created 1700000000\n",
     "3:1: warning: counter \"requests\" is declared without \"_total\" but its sample is "
     "named \"requests_total\"; in the text format TYPE and HELP name the samples exactly "
     "(\"# TYPE requests_total counter\"), only OpenMetrics leaves the suffix out "
     "[exposition/type-name-mismatch]\n"},
    {"exposition/type-name-mismatch", "fires on metadata that names another family", Format::kText,
     "# HELP cache_hits_total_total Cache hits.\n"
     "# TYPE cache_hits_total_total counter\n"
     "cache_hits_total{volume=\"1\"} 42\n",
     "3:1: warning: the samples \"cache_hits_total\" follow TYPE/HELP lines for "
     "\"cache_hits_total_total\", which has no samples; the metadata names another family, "
     "so name it \"cache_hits_total\" in the TYPE and HELP lines "
     "[exposition/type-name-mismatch]\n"},
    {"exposition/type-name-mismatch", "quiet on a family without samples before another",
     Format::kText,
     "# HELP jobs_total Jobs.\n"
     "# TYPE jobs_total counter\n"
     "# HELP queue Queue.\n"
     "# TYPE queue gauge\n"
     "queue 1\n",
     ""},
    {"exposition/counter-family-total", "fires on an OpenMetrics counter family named _total",
     Format::kOpenMetrics,
     "# TYPE client_requests_invalid_total counter\n"
     "client_requests_invalid_total{protocol=\"http\"} 5\n"
     "# EOF\n",
     "1:8: error: OpenMetrics counter family \"client_requests_invalid_total\" ends in "
     "\"_total\", which its samples add (they must be named "
     "\"client_requests_invalid_total_total\"); OpenMetrics parsers reject the exposition, so "
     "declare the family as \"client_requests_invalid\" (\"# TYPE client_requests_invalid "
     "counter\") and keep the samples \"client_requests_invalid_total\" "
     "[exposition/counter-family-total]\n"},
    {"exposition/counter-family-total", "quiet in the text format and on OpenMetrics naming",
     Format::kText,
     "# HELP requests_total x\n"
     "# TYPE requests_total counter\n"
     "requests_total 1\n",
     ""},
    {"exposition/counter-family-total", "quiet on an OpenMetrics family without _total",
     Format::kOpenMetrics,
     "# TYPE requests counter\n"
     "requests_total 1\n"
     "# EOF\n",
     ""},
    {"exposition/type-name-mismatch", "quiet on text naming", Format::kText,
     "# HELP requests_total Requests.\n"
     "# TYPE requests_total counter\n"
     "requests_total 1\n",
     ""},
    {"exposition/type-name-mismatch", "quiet on OpenMetrics", Format::kOpenMetrics,
     "# TYPE requests counter\n"
     "# HELP requests Requests.\n"
     "requests_total 1\n"
     "# EOF\n",
     ""},
};

const CheckCase kExpositionOptionCases[] = {
    {"exposition/future-timestamp", "future-timestamp fires once per family", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a{x=\"1\"} 1 1700003600000\n"
     "a{x=\"2\"} 1 1700003600000\n",
     "3:12: warning: sample of metric \"a\" has a timestamp 1h in the future; fix the "
     "exporter's clock or units (milliseconds in the text format, seconds in OpenMetrics), or "
     "drop the timestamp [exposition/future-timestamp]\n",
     "", 1000, 1700000000000},
    {"exposition/future-timestamp", "future-timestamp quiet within 10 minutes", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a 1 1700000540000\n",
     "", "", 1000, 1700000000000},
    {"exposition/future-timestamp", "future-timestamp off without a clock", Format::kText,
     "# HELP a x\n"
     "# TYPE a gauge\n"
     "a 1 1800000000000\n",
     "", "", 1000, 0},
};

}  // namespace

namespace ttam::test {

std::span<const CheckCase> ExpositionCases() { return kExpositionCases; }
std::span<const CheckCase> ExpositionOptionCases() { return kExpositionOptionCases; }

}  // namespace ttam::test

TEST_CASE("exposition checks") { ttam::test::CheckCases(kExpositionCases); }

TEST_CASE("exposition checks that read options") { ttam::test::CheckCases(kExpositionOptionCases); }

TEST_CASE("linter: clean expositions have no findings in either format") {
  ttam::lint::ExpositionOptions options;
  options.require_prefix = "";
  options.now_ms = 1700000000000;
  CHECK(ttam::test::Lint("",
                         "# HELP okay_seconds Fine.\n# TYPE okay_seconds histogram\n"
                         "okay_seconds_bucket{le=\"0.1\"} 1\nokay_seconds_bucket{le=\"+Inf\"} 2\n"
                         "okay_seconds_sum 0.3\nokay_seconds_count 2\n"
                         "# HELP jobs_total Jobs run.\n# TYPE jobs_total counter\n"
                         "jobs_total{queue=\"a\"} 3\n"
                         "# HELP temperature_celsius Now.\n# TYPE temperature_celsius gauge\n"
                         "temperature_celsius 21.5\n",
                         Format::kText, options) == "");
  CHECK(ttam::test::Lint("",
                         "# TYPE okay_seconds histogram\n# HELP okay_seconds Fine.\n"
                         "okay_seconds_bucket{le=\"0.1\"} 1\n"
                         "okay_seconds_bucket{le=\"+Inf\"} 2 # {trace_id=\"x\"} 0.05 1700000000.1\n"
                         "okay_seconds_sum 0.3\nokay_seconds_count 2\n"
                         "okay_seconds_created 1700000000\n"
                         "# TYPE jobs counter\n# HELP jobs Jobs run.\njobs_total{queue=\"a\"} 3\n"
                         "jobs_created{queue=\"a\"} 1700000000\n"
                         "# TYPE build info\n# HELP build Build.\nbuild_info{version=\"1.2\"} 1\n"
                         "# TYPE door stateset\n# HELP door Door.\ndoor{door=\"open\"} 1\n"
                         "door{door=\"closed\"} 0\n# EOF\n",
                         Format::kOpenMetrics, options) == "");
}

TEST_CASE("linter: a family's findings come out sorted by line and column") {
  // Name checks report when the family ends, label checks as samples arrive;
  // the linter sorts them before they leave.
  CHECK(ttam::test::Lint("",
                         "# TYPE requestLatency_ms gauge\n"
                         "requestLatency_ms{userId=\"1\",__x=\"\",le=\"1\"} 1\n"
                         "requestLatency_ms{userId=\"1\",__x=\"\",le=\"1\"} 2\n") ==
        "1:8: warning: gauge \"requestLatency_ms\" has no help text; add a \"# HELP "
        "requestLatency_ms <what it measures>\" line before its samples [metrics/missing-help]\n"
        "1:8: warning: gauge \"requestLatency_ms\" is camelCase; use snake_case "
        "(\"request_latency_ms\") [metrics/camel-case]\n"
        "1:8: warning: gauge \"requestLatency_ms\" uses an abbreviated unit (\"ms\"); spell the "
        "unit out as a base unit (\"seconds\") [metrics/unit-abbreviation]\n"
        "2:19: warning: label \"userId\" of gauge \"requestLatency_ms\" is camelCase; use "
        "snake_case (\"user_id\") [metrics/camel-case]\n"
        "2:19: warning: label \"userId\" of gauge \"requestLatency_ms\" looks like a per-request "
        "or per-user ID; every new value creates a new series, so drop it (put IDs in logs, "
        "traces or exemplars) [metrics/unbounded-label]\n"
        "2:30: error: label \"__x\" of gauge \"requestLatency_ms\" starts with \"__\", which "
        "Prometheus reserves for internal labels; rename it [exposition/reserved-label-name]\n"
        "2:30: info: label \"__x\" of gauge \"requestLatency_ms\" has an empty value, which "
        "Prometheus treats as no label at all; drop the label or give it a value "
        "[exposition/empty-label-value]\n"
        "2:37: warning: gauge \"requestLatency_ms\" has an \"le\" label, which is reserved for "
        "histogram bucket bounds; rename the label [metrics/reserved-label]\n"
        "3:1: error: metric \"requestLatency_ms\" repeats the series "
        "{userId=\"1\",__x=\"\",le=\"1\"} from line 2; Prometheus drops the repeated sample, so "
        "expose each series once [exposition/duplicate-series]\n");
}

TEST_CASE("linter: runs only the enabled checks, and reports spans and source lines") {
  ttam::diag::CollectingSink sink;
  ttam::lint::ExpositionOptions options;
  ttam::lint::ExpositionLinter linter(
      "m.prom", options, sink, [](std::string_view id) { return id == "metrics/camel-case"; });
  CHECK(linter.active_checks() == 1);
  ttam::expfmt::ParseString(Format::kText, "m.prom", "fooBar{userId=\"1\"} 1\n", linter, sink);
  REQUIRE(sink.diagnostics.size() == 2);
  const ttam::diag::Diagnostic& name = sink.diagnostics[0];
  CHECK(name.path == "m.prom");
  CHECK(name.line == 1);
  CHECK(name.column == 1);
  CHECK(name.end_column == 7);
  CHECK(name.source_line == "fooBar{userId=\"1\"} 1");
  CHECK(name.check == "metrics/camel-case");
  CHECK(name.severity == ttam::diag::Severity::kWarning);
  CHECK(sink.diagnostics[1].column == 8);
  CHECK(sink.diagnostics[1].end_column == 14);
}

TEST_CASE("linter: every check is on unless the predicate says otherwise") {
  ttam::diag::CollectingSink sink;
  ttam::lint::ExpositionLinter all("x", {}, sink, nullptr);
  CHECK(all.active_checks() == ttam::lint::ExpositionChecks().size());
}

TEST_CASE("linter: the parser's format reaches format-specific checks") {
  const char* input = "# HELP jobs Jobs.\n# TYPE jobs counter\njobs_total 3\n";
  auto only = [](std::string_view id) { return id == "exposition/type-name-mismatch"; };
  // Parsed as OpenMetrics (the parser says so through OnFormat): correct naming.
  ttam::diag::CollectingSink om;
  ttam::lint::ExpositionLinter quiet("x", {}, om, only);
  ttam::expfmt::ParseString(Format::kOpenMetrics, "x", std::string(input) + "# EOF\n", quiet, om);
  CHECK(om.diagnostics.empty());
  // Sniffed as text and told after construction.
  ttam::diag::CollectingSink text;
  ttam::lint::ExpositionLinter told("x", {}, text, only);
  told.SetFormat(Format::kText);
  ttam::expfmt::ParseString(Format::kText, "x", input, told, text);
  CHECK(ttam::test::RenderDiagnostics(text) ==
        "3:1: warning: counter \"jobs\" is declared without \"_total\" but its sample is named "
        "\"jobs_total\"; in the text format TYPE and HELP name the samples exactly (\"# TYPE "
        "jobs_total counter\"), only OpenMetrics leaves the suffix out "
        "[exposition/type-name-mismatch]\n");
}

TEST_CASE("linter: mutated expositions never crash it (run under ASan/UBSan in CI)") {
  const std::string seeds[] = {
      "# HELP h_seconds x\n# TYPE h_seconds histogram\nh_seconds_bucket{a=\"1\",le=\"0.5\"} 1\n"
      "h_seconds_bucket{a=\"1\",le=\"+Inf\"} 2\nh_seconds_sum{a=\"1\"} 3\nh_seconds_count{a=\"1\"} "
      "2\n",
      "# TYPE c counter\n# HELP c "
      "x\nc_total{__x=\"\",userId=\"4f7d2c1e-9b1a-4d55-8a0e-2f1c3b4d5e6f\"} "
      "-1 1700000000\nc_created 1\n# TYPE s summary\ns{quantile=\"2\"} NaN\n# EOF\n",
      "{\"my.metric\",\"a.b\"=\"v\"} 1 1800000000000\na 1\nb 2\na{x=\"1\"} 3\na{x=\"1\"} 3\n",
  };
  const char kAlphabet[] = "{}\",=_# \n\\aZ0.+-leqEOFTYPHLUNI:";
  std::mt19937 rng(7);
  size_t findings = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string input = seeds[static_cast<size_t>(i) % std::size(seeds)];
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !input.empty(); ++e) {
      size_t pos = rng() % input.size();
      char c = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
      switch (rng() % 3) {
        case 0:
          input[pos] = c;
          break;
        case 1:
          input.insert(pos, 1, c);
          break;
        default:
          input.erase(pos, 1);
          break;
      }
    }
    ttam::lint::ExpositionOptions options;
    options.require_prefix = "p_";
    options.max_series_per_metric = 2;
    options.now_ms = 1700000000000;
    Format format = i % 2 == 0 ? Format::kText : Format::kOpenMetrics;
    findings += ttam::test::Lint("", input, format, options).size();
  }
  CHECK(findings > 0);
}
