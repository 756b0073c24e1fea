// Recording: target labels as the scrape loop attaches them, families as
// OpenMetrics names them, metric_relabel_configs after the target labels.
#include "record/recording.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "diag/diagnostic.h"
#include "expfmt/parser.h"
#include "record/openmetrics_writer.h"

namespace {

using ttam::expfmt::Format;
using ttam::record::Recording;
using ttam::record::ScrapeBuffer;
using ttam::record::TargetLabeling;

ScrapeBuffer Scrape(std::string_view text, Format format = Format::kText) {
  ScrapeBuffer buffer;
  ttam::diag::CollectingSink sink;
  ttam::expfmt::ParseString(format, "t", text, buffer, sink);
  REQUIRE(sink.diagnostics.empty());
  return buffer;
}

TargetLabeling Target(std::string instance = "a:9100") {
  TargetLabeling t;
  t.labels = {{"job", "ttam"}, {"instance", std::move(instance)}};
  return t;
}

std::string Written(const Recording& r) {
  std::ostringstream out;
  ttam::record::WriteOpenMetrics(r, out);
  return out.str();
}

ttam::config::RelabelConfig Rule(std::vector<std::string> sources, std::string regex,
                                 std::string action) {
  ttam::config::RelabelConfig r;
  r.source_labels = std::move(sources);
  r.regex = std::move(regex);
  r.regex_set = true;
  r.action = std::move(action);
  r.replacement = "$1";
  return r;
}

}  // namespace

TEST_CASE("record: families as OpenMetrics names them") {
  struct Case {
    std::string_view name, sample, family;
    ttam::expfmt::MetricType type;
    std::string_view want_family;
    ttam::expfmt::MetricType want_type;
  };
  using T = ttam::expfmt::MetricType;
  const Case cases[] = {
      {"text counter with _total", "a_total", "a_total", T::kCounter, "a", T::kCounter},
      {"openmetrics counter", "a_total", "a", T::kCounter, "a", T::kCounter},
      {"text counter without _total", "a", "a", T::kCounter, "a", T::kUnknown},
      {"gauge", "g", "g", T::kGauge, "g", T::kGauge},
      {"histogram bucket", "h_bucket", "h", T::kHistogram, "h", T::kHistogram},
      {"histogram sum", "h_sum", "h", T::kHistogram, "h", T::kHistogram},
      {"summary quantile", "s", "s", T::kSummary, "s", T::kSummary},
      {"summary count", "s_count", "s", T::kSummary, "s", T::kSummary},
      {"untyped", "u", "u", T::kUntyped, "u", T::kUnknown},
      {"info", "i_info", "i", T::kInfo, "i", T::kInfo},
      {"renamed into no family", "x_bucket", "h", T::kHistogram, "x_bucket", T::kUnknown},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    auto [family, type] =
        ttam::record::OpenMetricsFamilyOf(std::string(c.sample), std::string(c.family), c.type);
    CHECK(family == c.want_family);
    CHECK(type == c.want_type);
  }
}

TEST_CASE("record: two scrapes of two targets, with report series") {
  Recording r;
  const char* text =
      "# HELP req_total Requests.\n# TYPE req_total counter\nreq_total{code=\"200\"} 3\n"
      "# TYPE temp gauge\ntemp 21.5\n";
  for (int64_t t : {1000, 2000}) {
    for (const char* instance : {"a:1", "b:2"}) {
      TargetLabeling target = Target(instance);
      ScrapeBuffer b = Scrape(text);
      auto kept = r.AddScrape(target, t, b);
      REQUIRE(kept);
      CHECK(*kept == 2);
      r.AddReport(target, t,
                  {.up = true, .samples_scraped = 2, .samples_post_metric_relabeling = *kept});
    }
  }
  CHECK(r.series().size() == 12);
  CHECK(r.sample_count() == 24);
  std::string got = Written(r);
  std::string want =
      "# TYPE req counter\n"
      "# HELP req Requests.\n"
      "req_total{code=\"200\",instance=\"a:1\",job=\"ttam\"} 3 1.000\n"
      "req_total{code=\"200\",instance=\"a:1\",job=\"ttam\"} 3 2.000\n"
      "req_total{code=\"200\",instance=\"b:2\",job=\"ttam\"} 3 1.000\n"
      "req_total{code=\"200\",instance=\"b:2\",job=\"ttam\"} 3 2.000\n"
      "# TYPE temp gauge\n"
      "temp{instance=\"a:1\",job=\"ttam\"} 21.5 1.000\n"
      "temp{instance=\"a:1\",job=\"ttam\"} 21.5 2.000\n"
      "temp{instance=\"b:2\",job=\"ttam\"} 21.5 1.000\n"
      "temp{instance=\"b:2\",job=\"ttam\"} 21.5 2.000\n"
      "# TYPE up gauge\n"
      "# HELP up 1 if the target was scraped, 0 if the scrape failed (recorded by ttam record).\n"
      "up{instance=\"a:1\",job=\"ttam\"} 1 1.000\n"
      "up{instance=\"a:1\",job=\"ttam\"} 1 2.000\n"
      "up{instance=\"b:2\",job=\"ttam\"} 1 1.000\n"
      "up{instance=\"b:2\",job=\"ttam\"} 1 2.000\n";
  CHECK(got.substr(0, want.size()) == want);
  CHECK(got.find("scrape_samples_scraped{instance=\"b:2\",job=\"ttam\"} 2 2.000\n") !=
        std::string::npos);
  CHECK(got.ends_with("# EOF\n"));
}

TEST_CASE("record: histogram points are written together at each time") {
  Recording r;
  const char* text =
      "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1.25\n"
      "h_count 2\n";
  (void)r.AddScrape(Target(), 1000, Scrape(text));
  (void)r.AddScrape(Target(), 2500, Scrape(text));
  CHECK(Written(r) ==
        "# TYPE h histogram\n"
        "h_bucket{instance=\"a:9100\",job=\"ttam\",le=\"0.5\"} 1 1.000\n"
        "h_bucket{instance=\"a:9100\",job=\"ttam\",le=\"+Inf\"} 2 1.000\n"
        "h_sum{instance=\"a:9100\",job=\"ttam\"} 1.25 1.000\n"
        "h_count{instance=\"a:9100\",job=\"ttam\"} 2 1.000\n"
        "h_bucket{instance=\"a:9100\",job=\"ttam\",le=\"0.5\"} 1 2.500\n"
        "h_bucket{instance=\"a:9100\",job=\"ttam\",le=\"+Inf\"} 2 2.500\n"
        "h_sum{instance=\"a:9100\",job=\"ttam\"} 1.25 2.500\n"
        "h_count{instance=\"a:9100\",job=\"ttam\"} 2 2.500\n"
        "# EOF\n");
}

TEST_CASE("record: exposed labels clashing with target labels") {
  const char* text = "# TYPE m gauge\nm{job=\"app\",exported_job=\"x\",instance=\"\"} 1\n";
  SUBCASE("honor_labels false: exported_ prefix until free") {
    Recording r;
    (void)r.AddScrape(Target(), 1000, Scrape(text));
    REQUIRE(r.series().size() == 1);
    CHECK(Written(r) ==
          "# TYPE m gauge\n"
          "m{exported_exported_job=\"app\",exported_job=\"x\",instance=\"a:9100\",job=\"ttam\"} 1 "
          "1.000\n# EOF\n");
  }
  SUBCASE("honor_labels true: the exposed value wins") {
    Recording r;
    TargetLabeling t = Target();
    t.honor_labels = true;
    (void)r.AddScrape(t, 1000, Scrape(text));
    CHECK(Written(r) ==
          "# TYPE m gauge\nm{exported_job=\"x\",instance=\"a:9100\",job=\"app\"} 1 1.000\n# EOF\n");
  }
}

TEST_CASE("record: metric_relabel_configs see the target labels; renames leave the family") {
  std::vector<ttam::config::RelabelConfig> rules = {
      Rule({"instance", "__name__"}, "b:2;drop_me", "drop"),
  };
  Recording r;
  for (const char* instance : {"a:1", "b:2"}) {
    TargetLabeling t = Target(instance);
    t.metric_relabel_configs = &rules;
    auto kept = r.AddScrape(t, 1000, Scrape("drop_me 1\nkeep_me 2\n"));
    REQUIRE(kept);
    CHECK(*kept == (std::string(instance) == "a:1" ? 2u : 1u));
  }
  CHECK(r.series().size() == 3);
}

TEST_CASE("record: own timestamps kept, repeats and backwards ones dropped") {
  Recording r;
  (void)r.AddScrape(Target(), 5000, Scrape("# TYPE m gauge\nm 1 3000\n"));
  (void)r.AddScrape(Target(), 6000, Scrape("# TYPE m gauge\nm 1 3000\n"));
  (void)r.AddScrape(Target(), 7000, Scrape("# TYPE m gauge\nm 2 2000\n"));
  CHECK(r.sample_count() == 1);
  CHECK(r.dropped_samples() == 2);
  TargetLabeling t = Target();
  t.honor_timestamps = false;
  (void)r.AddScrape(t, 8000, Scrape("# TYPE m gauge\nm 4 2000\n"));
  CHECK(Written(r) ==
        "# TYPE m gauge\nm{instance=\"a:9100\",job=\"ttam\"} 1 3.000\n"
        "m{instance=\"a:9100\",job=\"ttam\"} 4 8.000\n# EOF\n");
}

TEST_CASE("record: OpenMetrics input keeps UNIT, drops _created and exemplars") {
  Recording r;
  const char* text =
      "# TYPE d_seconds counter\n# UNIT d_seconds seconds\n# HELP d_seconds Time \"spent\".\n"
      "d_seconds_total 1.5 # {trace_id=\"x\"} 1\nd_seconds_created 1700000000\n# EOF\n";
  (void)r.AddScrape(Target(), 1000, Scrape(text, Format::kOpenMetrics));
  CHECK(Written(r) ==
        "# TYPE d_seconds counter\n# UNIT d_seconds seconds\n# HELP d_seconds Time \\\"spent\\\".\n"
        "d_seconds_total{instance=\"a:9100\",job=\"ttam\"} 1.5 1.000\n# EOF\n");
}

TEST_CASE("record: a UNIT that does not end the family's name is left out") {
  Recording r;
  const char* text =
      "# TYPE d counter\n# UNIT d seconds\nd_total 1\n# TYPE e_bytes gauge\n# UNIT e_bytes bytes\n"
      "e_bytes 2\n# EOF\n";
  ScrapeBuffer b;
  ttam::diag::CollectingSink sink;
  ttam::expfmt::ParseString(Format::kOpenMetrics, "t", text, b, sink);
  (void)r.AddScrape(Target(), 1000, b);
  CHECK(Written(r) ==
        "# TYPE d counter\nd_total{instance=\"a:9100\",job=\"ttam\"} 1 1.000\n"
        "# TYPE e_bytes gauge\n# UNIT e_bytes bytes\ne_bytes{instance=\"a:9100\",job=\"ttam\"} 2 "
        "1.000\n# EOF\n");
}

TEST_CASE("record: a scrape over the job's limits is rejected whole") {
  struct Case {
    std::string_view name;
    ttam::config::ScrapeLimits limits;
    std::string_view want;  // empty: accepted
  };
  // Two samples, each with __name__, job, instance and code after labelling.
  const Case cases[] = {
      {"no limits", {}, ""},
      {"sample_limit met", {.sample_limit = 2}, ""},
      {"sample_limit", {.sample_limit = 1}, "sample limit exceeded (2 samples, sample_limit 1)"},
      {"label_limit met", {.label_limit = 4}, ""},
      {"label_limit",
       {.label_limit = 3},
       "label_limit exceeded (metric: a_total, number of labels: 4, limit: 3)"},
      {"label name length",
       {.label_name_length_limit = 4},
       "label_name_length_limit exceeded (metric: a_total, label name: __name__, length: 8, "
       "limit: 4)"},
      {"label value length",
       {.label_value_length_limit = 6},
       "label_value_length_limit exceeded (metric: a_total, label name: __name__, value: "
       "\"a_total\", length: 7, limit: 6)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Recording r;
    TargetLabeling t = Target();
    t.limits = c.limits;
    auto kept = r.AddScrape(t, 1000, Scrape("a_total{code=\"200\"} 1\na_total{code=\"500\"} 2\n"));
    if (c.want.empty()) {
      REQUIRE(kept);
      CHECK(*kept == 2);
      CHECK(r.sample_count() == 2);
    } else {
      REQUIRE_FALSE(kept);
      CHECK(kept.error().message == c.want);
      CHECK(r.sample_count() == 0);
    }
  }
}
