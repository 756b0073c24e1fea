#include "eval/load_exposition.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "expfmt/parser.h"
#include "model/labels.h"

namespace ttam::eval {
namespace {

// Every series as `labels t:v t:v`, in label order.
std::string Dump(const Storage& storage) {
  std::string out;
  for (const Series* s : storage.AllSeries()) {
    out += s->labels().ToString();
    for (const Sample& p : s->samples())
      out += " " + std::to_string(p.t) + ":" + std::to_string(p.v);
    out += "\n";
  }
  return out;
}

struct Loaded {
  Storage storage;
  diag::CollectingSink sink;
  uint64_t samples = 0;
  uint64_t errors = 0;
};

void Load(Loaded& l, expfmt::Format format, std::string_view text,
          std::optional<int64_t> scrape_time = std::nullopt) {
  ExpositionLoader loader(l.storage, {"m.prom", scrape_time}, l.sink);
  expfmt::ParseString(format, "m.prom", text, loader, l.sink);
  l.samples = loader.samples();
  l.errors = loader.errors();
}

std::string Rendered(const diag::CollectingSink& sink) {
  std::string out;
  for (const diag::Diagnostic& d : sink.diagnostics) {
    out += d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
           d.message + " [" + d.check + "]\n";
  }
  return out;
}

TEST_CASE("a histogram's le and a summary's quantile are stored as Prometheus 3 stores them") {
  struct {
    expfmt::MetricType type;
    const char* name;
    const char* value;
    const char* stored;  // nullptr: as written
  } const cases[] = {
      {expfmt::MetricType::kHistogram, "le", "1", "1.0"},
      {expfmt::MetricType::kHistogram, "le", "0.50", "0.5"},
      {expfmt::MetricType::kHistogram, "le", "1e3", "1000.0"},
      {expfmt::MetricType::kHistogram, "le", "1e-05", nullptr},
      {expfmt::MetricType::kHistogram, "le", "0.00001", "1e-05"},
      {expfmt::MetricType::kHistogram, "le", "+inf", "+Inf"},
      {expfmt::MetricType::kHistogram, "le", "+Inf", nullptr},
      {expfmt::MetricType::kHistogram, "le", "2.5", nullptr},
      {expfmt::MetricType::kHistogram, "le", "x", nullptr},
      {expfmt::MetricType::kSummary, "quantile", "1", "1.0"},
      {expfmt::MetricType::kSummary, "quantile", "0.99", nullptr},
      {expfmt::MetricType::kSummary, "le", "1", nullptr},
      {expfmt::MetricType::kHistogram, "quantile", "1", nullptr},
      {expfmt::MetricType::kUntyped, "le", "1", nullptr},
      {expfmt::MetricType::kGauge, "le", "1", nullptr},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value);
    auto n = NormalizedFloatLabel(c.type, c.name, c.value);
    if (c.stored == nullptr) {
      CHECK_FALSE(n);
    } else {
      REQUIRE(n);
      CHECK(*n == c.stored);
    }
  }
  Loaded l;
  Load(l, expfmt::Format::kText,
       "# TYPE h histogram\n"
       "h_bucket{le=\"1\"} 3 1000\n"
       "h_bucket{le=\"+Inf\"} 4 1000\n"
       "h_count 4 1000\n"
       "h_sum 2 1000\n"
       "# TYPE g gauge\n"
       "g{le=\"1\"} 1 1000\n");
  CHECK(Rendered(l.sink) == "");
  CHECK(Dump(l.storage) ==
        "{__name__=\"g\", le=\"1\"} 1000:1.000000\n"
        "{__name__=\"h_bucket\", le=\"+Inf\"} 1000:4.000000\n"
        "{__name__=\"h_bucket\", le=\"1.0\"} 1000:3.000000\n"
        "{__name__=\"h_count\"} 1000:4.000000\n"
        "{__name__=\"h_sum\"} 1000:2.000000\n");
}

TEST_CASE("text format: millisecond timestamps, every sample its own time") {
  Loaded l;
  Load(l, expfmt::Format::kText,
       "# TYPE up gauge\n"
       "up{job=\"a\"} 1 1700000000000\n"
       "up{job=\"a\"} 0 1700000015000\n"
       "up{job=\"b\",zone=\"\"} 1 1700000000500\n");
  CHECK(Rendered(l.sink) == "");
  CHECK(l.samples == 3);
  CHECK(Dump(l.storage) ==
        "{__name__=\"up\", job=\"a\"} 1700000000000:1.000000 1700000015000:0.000000\n"
        "{__name__=\"up\", job=\"b\"} 1700000000500:1.000000\n");
}

TEST_CASE("OpenMetrics: second timestamps (fractions too) become milliseconds; _created skipped") {
  Loaded l;
  Load(l, expfmt::Format::kOpenMetrics,
       "# TYPE req counter\n"
       "req_total{code=\"200\"} 5 1700000000\n"
       "req_created{code=\"200\"} 1699999000 1700000000\n"
       "req_total{code=\"200\"} 7 1700000015.25\n"
       "# EOF\n");
  CHECK(Rendered(l.sink) == "");
  CHECK(Dump(l.storage) ==
        "{__name__=\"req_total\", code=\"200\"} 1700000000000:5.000000 1700000015250:7.000000\n");
}

TEST_CASE("a scrape time: samples without a timestamp take it, explicit timestamps win") {
  Loaded l;
  Load(l, expfmt::Format::kText, "a 1\nb 2 1000\n", 5000);
  CHECK(Rendered(l.sink) == "");
  CHECK(Dump(l.storage) == "{__name__=\"a\"} 5000:1.000000\n{__name__=\"b\"} 1000:2.000000\n");
}

TEST_CASE("no timestamp and no scrape time: the first is positioned, the rest counted") {
  Loaded l;
  Load(l, expfmt::Format::kText, "a 1 1000\nb 2\nc 3\nd 4\n");
  CHECK(l.errors == 3);
  CHECK(l.samples == 1);
  CHECK(Rendered(l.sink) ==
        "m.prom:2:1: sample has no timestamp: give the file as FILE@TIME (RFC 3339 or Unix "
        "seconds) to take its samples at that time [query/data]\n"
        "m.prom:0:0: 2 more samples without a timestamp [query/data]\n");
  REQUIRE(!l.sink.diagnostics.empty());
  CHECK(l.sink.diagnostics[0].source_line == "b 2");
}

TEST_CASE("two values at one timestamp: an error at the timestamp; the same value again is fine") {
  Loaded l;
  Load(l, expfmt::Format::kText, "a 1 1000\na 1 1000\na 2 1000\n");
  CHECK(l.errors == 1);
  REQUIRE(l.sink.diagnostics.size() == 1);
  CHECK(l.sink.diagnostics[0].line == 3);
  CHECK(l.sink.diagnostics[0].column == 5);
  CHECK(l.sink.diagnostics[0].message.find("duplicate sample for timestamp 1000") == 0);
}

TEST_CASE("label order does not matter, a label set is one series; hashes only group") {
  Loaded l;
  Load(l, expfmt::Format::kText,
       "m{a=\"1\",b=\"2\"} 1 1000\nm{b=\"2\",a=\"1\"} 2 2000\nm{a=\"2\",b=\"1\"} 3 1000\n");
  CHECK(Rendered(l.sink) == "");
  CHECK(Dump(l.storage) ==
        "{__name__=\"m\", a=\"1\", b=\"2\"} 1000:1.000000 2000:2.000000\n"
        "{__name__=\"m\", a=\"2\", b=\"1\"} 1000:3.000000\n");
}

TEST_CASE("out-of-order samples are sorted into their series") {
  Loaded l;
  Load(l, expfmt::Format::kText, "m 3 3000\nm 1 1000\nm 2 2000\n");
  CHECK(Dump(l.storage) == "{__name__=\"m\"} 1000:1.000000 2000:2.000000 3000:3.000000\n");
  CHECK(NewestSampleTime(l.storage) == 3000);
}

TEST_CASE("a malformed line is the parser's positioned error; the rest still loads") {
  Loaded l;
  Load(l, expfmt::Format::kText, "m 1 1000\nm{a=} 2 2000\nn 3 1000\n");
  REQUIRE(!l.sink.diagnostics.empty());
  CHECK(l.sink.diagnostics[0].line == 2);
  CHECK(l.sink.diagnostics[0].severity == diag::Severity::kError);
  CHECK(l.samples == 2);
}

TEST_CASE("staleness across snapshots: a series the next scrape lacks ends there") {
  Loaded first;
  Storage& storage = first.storage;
  ExpositionLoader a(storage, {"a.prom", 1000}, first.sink);
  expfmt::ParseString(expfmt::Format::kText, "a.prom", "up{j=\"x\"} 1\nup{j=\"y\"} 1\nts 5 500\n",
                      a, first.sink);
  ExpositionLoader b(storage, {"b.prom", 2000}, first.sink);
  expfmt::ParseString(expfmt::Format::kText, "b.prom", "up{j=\"x\"} 1\n", b, first.sink);
  CHECK(a.scraped_series().size() == 2);  // `ts` has its own timestamp: not tracked
  // Given out of order: sorted by time first.
  AddStalenessMarkers({{2000, b.scraped_series()}, {1000, a.scraped_series()}}, storage);
  const Series* y = storage.Find(model::Labels{{"__name__", "up"}, {"j", "y"}});
  REQUIRE(y != nullptr);
  REQUIRE(y->samples().size() == 2);
  CHECK(y->samples()[1].t == 2000);
  CHECK(IsStaleNaN(y->samples()[1].v));
  const Series* x = storage.Find(model::Labels{{"__name__", "up"}, {"j", "x"}});
  REQUIRE(x != nullptr);
  CHECK(x->samples().size() == 2);
  CHECK_FALSE(IsStaleNaN(x->samples()[1].v));
  CHECK(storage.Find(model::Labels{{"__name__", "ts"}})->samples().size() == 1);
}

TEST_CASE("NewestSampleTime: empty store") {
  Storage s;
  CHECK_FALSE(NewestSampleTime(s).has_value());
}

TEST_CASE("SniffDataKind: promqltest files from expositions") {
  struct Case {
    std::string_view name, input;
    DataKind want;
  };
  const Case cases[] = {
      {"load block", "# a test\n\nload 5m\n  m 1 2 3\n", DataKind::kPromqlTest},
      {"load_with_nhcb", "load_with_nhcb 1m\n", DataKind::kPromqlTest},
      {"indented load", "  load 1h30m\n", DataKind::kPromqlTest},
      {"eval first", "eval instant at 0 1\n", DataKind::kPromqlTest},
      {"clear", "clear\n", DataKind::kPromqlTest},
      {"metric called load", "load 5\n", DataKind::kExposition},
      {"metric called load with labels", "load{a=\"b\"} 5m\n", DataKind::kExposition},
      {"exposition", "# HELP up x\n# TYPE up gauge\nup 1\n", DataKind::kExposition},
      {"openmetrics", "# TYPE a counter\na_total 1 1700000000\n# EOF\n", DataKind::kExposition},
      {"empty", "", DataKind::kExposition},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(SniffDataKind(c.input) == c.want);
  }
}

}  // namespace
}  // namespace ttam::eval
