// ScrapeStatsConsumer and CheckScrapeLimits: a target's scrape against the
// per-scrape limits of prometheus.yml.
#include "fleet/scrape_stats.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "expfmt/parser.h"
#include "support/render_findings.h"

namespace ttam::fleet {
namespace {

ScrapeStats Measure(std::string_view text) {
  ScrapeStatsConsumer consumer;
  diag::CollectingSink sink;
  expfmt::ParseString(expfmt::Format::kText, "test.prom", text, consumer, sink);
  for (const diag::Diagnostic& d : sink.diagnostics) {
    if (d.severity == diag::Severity::kError) FAIL_CHECK("parse error: " << d.message);
  }
  return consumer.stats();
}

TEST_CASE("scrape stats for scrape limits") {
  ScrapeStats s = Measure(
      "m{a=\"1\"} 1\nm{a=\"1\"} 1\nm{a=\"1\",b=\"2\",a_very_long_label_name=\"v\"} 1\n"
      "n{x=\"a-rather-long-value\"} 1\n");
  CHECK(s.samples == 4);
  CHECK(s.max_labels_per_series == 4);
  CHECK(s.widest_series == "m{a=\"1\",b=\"2\",a_very_long_label_name=\"v\"}");
  CHECK(s.longest_label_name == 22);
  CHECK(s.longest_label_name_example == "a_very_long_label_name");
  CHECK(s.longest_label_value == 19);
  CHECK(s.longest_label_value_example == "x=\"a-rather-long-value\"");
}

TEST_CASE("target limits name the target, the limit and the example") {
  ScrapeStats stats;
  stats.samples = 120;
  stats.max_labels_per_series = 5;
  stats.widest_series = "m{a=\"1\",b=\"2\",c=\"3\",d=\"4\"}";
  stats.longest_label_name = 30;
  stats.longest_label_name_example = "a_label_name_of_thirty_bytes_x";
  stats.longest_label_value = 200;
  stats.longest_label_value_example = "path=\"/very/long\"";
  struct Case {
    std::string_view name;
    config::ScrapeLimits limits;
    std::string_view want;
  };
  const Case cases[] = {
      {"none set", {}, ""},
      {"all under", {200, 10, 100, 300}, ""},
      {"sample_limit",
       {100, 0, 0, 0},
       "app:8080:0:0: error: target app:8080 (job \"app\") exposes 120 samples, over sample_limit "
       "100: Prometheus fails the whole scrape (up is 0) and keeps none of them; raise "
       "sample_limit or drop series with metric_relabel_configs [cardinality/target-limit]\n"},
      {"label_limit",
       {0, 4, 0, 0},
       "app:8080:0:0: error: target app:8080 (job \"app\") has a series with 5 labels (with "
       "__name__, before target labels), over label_limit 4: m{a=\"1\",b=\"2\",c=\"3\",d=\"4\"}; "
       "Prometheus fails the whole scrape; raise label_limit or drop labels with "
       "metric_relabel_configs (labeldrop) [cardinality/target-limit]\n"},
      {"name length",
       {0, 0, 29, 0},
       "app:8080:0:0: error: target app:8080 (job \"app\") has a label name of 30 bytes, over "
       "label_name_length_limit 29: a_label_name_of_thirty_bytes_x; Prometheus fails the whole "
       "scrape; raise the limit or rename the label [cardinality/target-limit]\n"},
      {"value length",
       {0, 0, 0, 199},
       "app:8080:0:0: error: target app:8080 (job \"app\") has a label value of 200 bytes, over "
       "label_value_length_limit 199: path=\"/very/long\"; Prometheus fails the whole scrape; "
       "raise the limit or shorten the value [cardinality/target-limit]\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    diag::CollectingSink sink;
    CheckScrapeLimits(stats, c.limits, "app:8080", "app", "cardinality", sink);
    CHECK(test::RenderFindings(sink.diagnostics) == c.want);
  }
}

TEST_CASE("the caller's prefix names the target-limit id") {
  ScrapeStats stats;
  stats.samples = 2;
  config::ScrapeLimits limits;
  limits.sample_limit = 1;
  diag::CollectingSink sink;
  CheckScrapeLimits(stats, limits, "a:1", "a", "record", sink);
  REQUIRE(sink.diagnostics.size() == 1);
  CHECK(sink.diagnostics[0].check == "record/target-limit");
}

}  // namespace
}  // namespace ttam::fleet
