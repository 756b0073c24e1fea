#include <doctest/doctest.h>

#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>

#include "expfmt/event_recorder.h"
#include "expfmt/stats.h"
#include "support/number.h"

using ttam::expfmt::Format;
using ttam::test::Record;
using ttam::test::RecordBytewise;

namespace {

struct Case {
  std::string_view name;
  Format format;
  std::string_view input;
  std::string_view want;
};

// Each case: an exposition and the exact events and diagnostics it produces.
const Case kCases[] = {
    {"text: help, type, counter with labels and timestamp", Format::kText,
     "# HELP foo_total Requests \\\\ served\\nok\n# TYPE foo_total counter\n"
     "foo_total{code=\"200\",path=\"/a\\\"b\"} 3 1700000000000\n",
     "1 HELP foo_total [Requests \\ served\nok]\n"
     "2 TYPE foo_total [counter]\n"
     "3 foo_total{code=[200],path=[/a\"b]} 3 @1700000000000 <foo_total:counter>\n"
     "end foo_total counter n=1\n"},
    {"text: histogram suffixes join the family", Format::kText,
     "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n",
     "1 TYPE h [histogram]\n"
     "2 h_bucket{le=[1]} 1 <h:histogram_bucket>\n"
     "3 h_bucket{le=[+Inf]} 2 <h:histogram_bucket>\n"
     "4 h_sum{} 3 <h:histogram_sum>\n"
     "5 h_count{} 2 <h:histogram_count>\n"
     "end h histogram n=4\n"},
    {"text: summary, then an untyped family without metadata", Format::kText,
     "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 1\ns_count 1\nother 4\n",
     "1 TYPE s [summary]\n"
     "2 s{quantile=[0.5]} 1 <s:summary>\n"
     "3 s_sum{} 1 <s:summary_sum>\n"
     "4 s_count{} 1 <s:summary_count>\n"
     "end s summary n=3\n"
     "5 other{} 4 <other:untyped>\n"
     "end other untyped n=1\n"},
    {"text: special values, blanks, comments, trailing comma, CRLF", Format::kText,
     "# a plain comment\n\nm{a=\"1\",} NaN\r\nm{a=\"2\"}\t-Inf\nm +Inf\n",
     "3 m{a=[1]} NaN <m:untyped>\n"
     "4 m{a=[2]} -Inf <m:untyped>\n"
     "5 m{} +Inf <m:untyped>\n"
     "end m untyped n=3\n"},
    {"text: Prometheus 3 quoted UTF-8 names and __name__ label", Format::kText,
     "# TYPE \"my.metric\" gauge\n{\"my.metric\",\"label.name\"=\"v\"} 1\n"
     "{__name__=\"heavy\", foo=\"bar\"} 5 0\n",
     "1 TYPE my.metric [gauge]\n"
     "2 my.metric{label.name=[v]} 1 <my.metric:gauge>\n"
     "end my.metric gauge n=1\n"
     "3 heavy{foo=[bar]} 5 @0 <heavy:untyped>\n"
     "end heavy untyped n=1\n"},
    {"text: errors are reported and parsing resumes", Format::kText,
     "a{x=1} 1\nb 1 2 3\nc notanumber\nd{x=\"1\",x=\"2\"} 1\ne{x=\"1\" 1\nf 1.5 2.5\n"
     "# TYPE g bogus\nok 1\n",
     "1:5 exposition/syntax: expected a double-quoted value for label \"x\"\n"
     "2:7 exposition/syntax: unexpected text after the timestamp\n"
     "3:3 exposition/syntax: invalid value \"notanumber\": expected a number such as 1, 0.5, "
     "1e-3, NaN, +Inf or -Inf\n"
     "4:9 exposition/syntax: duplicate label \"x\": each label name may appear once per sample\n"
     "5:9 exposition/syntax: expected ',' or '}' after a label\n"
     "6:7 exposition/syntax: invalid timestamp \"2.5\": the text format wants integer "
     "milliseconds since the epoch (float seconds are OpenMetrics: use --input-format "
     "openmetrics)\n"
     "7:10 exposition/syntax: unknown metric type \"bogus\" for the text format; use one of "
     "counter, gauge, histogram, summary, untyped\n"
     "8 ok{} 1 <ok:untyped>\n"
     "end ok untyped n=1\n"},
    {"text: exemplars are OpenMetrics only", Format::kText, "c_total 1 # {a=\"b\"} 1\n",
     "1:11 exposition/syntax: exemplars (\"# {...}\") are only allowed in OpenMetrics; use "
     "--input-format openmetrics or remove them\n"},
    {"openmetrics: counter, unit, exemplar, created, EOF", Format::kOpenMetrics,
     "# TYPE req_seconds counter\n# UNIT req_seconds seconds\n# HELP req_seconds Time.\n"
     "req_seconds_total{a=\"b\"} 1.5 1700000000.5 # {trace_id=\"x\"} 0.3 1700000000.1\n"
     "req_seconds_created{a=\"b\"} 1700000000\n# EOF\n",
     "1 TYPE req_seconds [counter]\n"
     "2 UNIT req_seconds [seconds]\n"
     "3 HELP req_seconds [Time.]\n"
     "4 req_seconds_total{a=[b]} 1.5 @1700000000500 ex=1 <req_seconds:counter_total>\n"
     "5 req_seconds_created{a=[b]} 1700000000 <req_seconds:counter_created>\n"
     "end req_seconds counter n=2\n"},
    {"openmetrics: gaugehistogram, info, stateset", Format::kOpenMetrics,
     "# TYPE g gaugehistogram\ng_bucket{le=\"+Inf\"} 1\ng_gcount 1\ng_gsum 2\n"
     "# TYPE b info\nb_info{version=\"1\"} 1\n# TYPE s stateset\ns{s=\"on\"} 1\n# EOF",
     "1 TYPE g [gaugehistogram]\n"
     "2 g_bucket{le=[+Inf]} 1 <g:gaugehistogram_bucket>\n"
     "3 g_gcount{} 1 <g:gaugehistogram_gcount>\n"
     "4 g_gsum{} 2 <g:gaugehistogram_gsum>\n"
     "end g gaugehistogram n=3\n"
     "5 TYPE b [info]\n"
     "6 b_info{version=[1]} 1 <b:info_info>\n"
     "end b info n=1\n"
     "7 TYPE s [stateset]\n"
     "8 s{s=[on]} 1 <s:stateset>\n"
     "end s stateset n=1\n"},
    {"openmetrics: missing EOF", Format::kOpenMetrics, "a 1\n",
     "1 a{} 1 <a:unknown>\nend a unknown n=1\n"
     "1:0 exposition/missing-eof: OpenMetrics input does not end with \"# EOF\": the "
     "exposition may be truncated; end it with a \"# EOF\" line (or read it as the text "
     "format with --input-format text)\n"},
    {"openmetrics: content after EOF, blank lines, other comments", Format::kOpenMetrics,
     "# comment\n\na 1\n# EOF\nb 2\nc 3\n",
     "1:1 exposition/syntax: OpenMetrics allows only \"# HELP\", \"# TYPE\", \"# UNIT\" and "
     "\"# EOF\" comment lines; remove this comment\n"
     "2:1 exposition/syntax: empty line: OpenMetrics does not allow blank lines\n"
     "3 a{} 1 <a:unknown>\n"
     "5:1 exposition/after-eof: content after \"# EOF\": OpenMetrics ends at the \"# EOF\" "
     "line; remove what follows it\n"
     "end a unknown n=1\n"},
    {"openmetrics: unit must be a suffix; untyped is not an OpenMetrics type", Format::kOpenMetrics,
     "# UNIT foo seconds\n# TYPE bar untyped\n# EOF\n",
     "1:12 exposition/syntax: UNIT \"seconds\" must be the suffix of the metric name \"foo\" "
     "(e.g. \"foo_seconds\")\n"
     "2:12 exposition/syntax: unknown metric type \"untyped\" for the openmetrics format; use "
     "one of counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown\n"},
    {"invalid UTF-8 is reported with its column", Format::kText, "a{x=\"\xff\"} 1\nb 1\n",
     "1:6 exposition/invalid-utf8: invalid UTF-8 at byte 6 of the line; expositions must be "
     "UTF-8 encoded\n"
     "2 b{} 1 <b:untyped>\nend b untyped n=1\n"},
};

}  // namespace

TEST_CASE("parser: events and diagnostics") {
  for (const Case& c : kCases) {
    CAPTURE(c.name);
    CHECK(Record(c.format, c.input) == c.want);
    // Chunk boundaries must not change anything.
    CHECK(RecordBytewise(c.format, c.input) == c.want);
  }
}

TEST_CASE("parser: an over-long line is skipped with one error, memory stays bounded") {
  ttam::test::EventRecorder recorder;
  ttam::expfmt::ParserLimits limits;
  limits.max_line_bytes = 1000;
  ttam::expfmt::Parser parser(Format::kText, "big", recorder, recorder, limits);
  std::string chunk(300, 'x');
  parser.Feed("ok 1\n");
  for (int i = 0; i < 100; ++i) parser.Feed(chunk);
  parser.Feed("\nafter 2\n");
  parser.Finish();
  CHECK(recorder.out ==
        "1 ok{} 1 <ok:untyped>\n"
        "2:1 exposition/line-too-long: line is longer than 1000 bytes; skipped (is this a "
        "Prometheus exposition?)\n"
        "end ok untyped n=1\n"
        "3 after{} 2 <after:untyped>\n"
        "end after untyped n=1\n");
  CHECK(parser.lines() == 3);
}

TEST_CASE("parser: gives up reporting after 1000 syntax errors") {
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage += "@@@ not an exposition\n";
  ttam::diag::CollectingSink sink;
  ttam::expfmt::Consumer consumer;
  ttam::expfmt::ParseString(Format::kText, "g", garbage, consumer, sink);
  REQUIRE(sink.diagnostics.size() == 1001);
  CHECK(sink.diagnostics.back().message.find("more than 1000 syntax errors") == 0);
}

TEST_CASE("parser: an empty input is an error, a comment-only one is not") {
  CHECK(Record(Format::kText, "") ==
        "0:0 exposition/empty: the input is empty: no metrics, no metadata; check that the URL "
        "or file is the metrics endpoint\n");
  CHECK(Record(Format::kText, "\n\n") ==
        "0:0 exposition/empty: the input is empty: no metrics, no metadata; check that the URL "
        "or file is the metrics endpoint\n");
  CHECK(Record(Format::kText, "# nothing to report yet\n") == "");
}

TEST_CASE("parser: a family split by another keeps its declared type") {
  CHECK(Record(Format::kText,
               "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nother 1\nh_sum 2\nh_count 1\n") ==
        "1 TYPE h [histogram]\n"
        "2 h_bucket{le=[+Inf]} 1 <h:histogram_bucket>\n"
        "end h histogram n=1\n"
        "3 other{} 1 <other:untyped>\n"
        "end other untyped n=1\n"
        "4 h_sum{} 2 <h:histogram_sum>\n"
        "5 h_count{} 1 <h:histogram_count>\n"
        "end h histogram n=2\n");
}

namespace {

// Records everything a sample event carries that a prefix shared with the
// previous line could get wrong: columns, hashes and the views' contents.
class DetailRecorder : public ttam::expfmt::Consumer, public ttam::diag::Sink {
 public:
  void OnSample(const ttam::expfmt::SampleEvent& e) override {
    out += std::to_string(e.line) + ":" + std::to_string(e.column) + " " + std::string(e.name);
    for (const ttam::expfmt::Label& l : e.labels) {
      out += " " + std::to_string(l.name_column) + ":" + std::string(l.name) + "=" +
             std::to_string(l.value_column) + ":[" + std::string(l.value) + "]";
      // A bare name lies in the line at its column.
      if (e.line_text[l.name_column - 1] != '"' &&
          e.line_text.substr(l.name_column - 1, l.name.size()) != l.name) {
        out += "!name";
      }
    }
    out += " v" + std::to_string(e.value_column) + "=" + std::string(e.value_text) + " h" +
           std::to_string(e.labels_hash) + "/" + std::to_string(e.le_hash) + "/" +
           std::to_string(e.series_hash) + " <" + std::string(e.family.name) + ":" +
           std::string(ttam::expfmt::MetricTypeName(e.family.type)) +
           std::string(ttam::expfmt::SuffixText(e.suffix)) + ">\n";
  }
  void Report(ttam::diag::Diagnostic d) override {
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.check + ": " +
           d.message + "\n";
  }
  std::string out;
};

std::string RecordDetail(Format format, std::string_view input, size_t chunk) {
  DetailRecorder recorder;
  ttam::expfmt::Parser parser(format, "in.prom", recorder, recorder);
  for (size_t i = 0; i < input.size(); i += chunk) parser.Feed(input.substr(i, chunk));
  parser.Finish();
  return recorder.out;
}

}  // namespace

// A line that repeats the name and leading labels of the previous sample line
// reuses their parse: it must read exactly as if parsed alone. Lines parsed
// one byte at a time (every line carried over) never reuse anything.
TEST_CASE("parser: lines sharing a prefix parse as if alone") {
  const std::string_view kPieces[] = {
      "x_bucket{a=\"1\",le=\"0.5\"} 1\n",
      "x_bucket{a=\"1\",le=\"+Inf\"} 2\n",
      "x_sum{a=\"1\"} 3\n",
      "x_count{a=\"1\"} 2\n",
      "x_count{a=\"1\",b=\"2\"} 2\n",
      "x_count{a=\"1\", b=\"2\" } 2\n",
      "x_count{a=\"1\",a=\"2\"} 2\n",
      "x_count{a=\"1\",__name__=\"y\"} 2\n",
      "x_count{a=\"1\",b=\"x\\\"y\"} 2\n",
      "x_count{a=\"1\",b=\"2\",} 2\n",
      "x_count{a=\"1\",b=\"2\"\n",
      "x_count{a=\"1\"b=\"2\"} 2\n",
      "x_count{a=\"12\"} 2\n",
      "x_counter{a=\"1\"} 2\n",
      "x_coun{a=\"1\"} 2\n",
      "x 1\n",
      "x{} 1\n",
      "x  1\n",
      "  x{a=\"1\"} 1\n",
      "x{\"a.b\"=\"1\"} 1\n",
      "{\"x\",a=\"1\"} 1\n",
      "x{a=\"1\"} 1 # {t=\"1\"} 0.5\n",
      "x{a=\"1\"} 1 # {t=\"2\"} 0.5 1.5\n",
      "# TYPE x histogram\n",
      "# TYPE x counter\n",
      "# TYPE x_count summary\n",
      "# HELP x_count help\n",
      "x_total{a=\"1\"} 1\n",
      "x_created{a=\"1\"} 1\n",
      "other 1\n",
      "x_bucket{a=\"\",le=\"1\"} 1\n",
      "\n",
      "x_bucket{a=\"1\",le=\"0.5\"} 1 1700000000000\n",
  };
  constexpr size_t kCount = std::size(kPieces);
  // Every ordered pair and a long pseudo-random sequence of the pieces.
  std::string input;
  for (size_t i = 0; i < kCount; ++i) {
    for (size_t j = 0; j < kCount; ++j) input.append(kPieces[i]).append(kPieces[j]);
  }
  uint64_t state = 12345;
  for (int i = 0; i < 1500; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    input.append(kPieces[(state >> 33) % kCount]);
  }
  for (Format format : {Format::kText, Format::kOpenMetrics}) {
    std::string alone = RecordDetail(format, input, 1);
    CHECK(alone.find("!name") == std::string::npos);
    CHECK(RecordDetail(format, input, input.size()) == alone);
    CHECK(RecordDetail(format, input, 4096) == alone);
    CHECK(RecordDetail(format, input, 97) == alone);
  }
}

// The last line, without a newline, is parsed by Finish() after the caller's
// buffer is gone: nothing may look back at the chunk's earlier lines then.
TEST_CASE("parser: Finish() does not read the freed last chunk") {
  const std::string line = "x_bucket{instance=\"host-1:9100\",job=\"bench\",le=\"0.5\"} 1";
  auto chunk = std::make_unique<std::string>();
  for (int i = 0; i < 4000; ++i) chunk->append(line).append("\n");  // > 128 KiB: mmap'd
  chunk->append(line);
  ttam::diag::CollectingSink sink;
  ttam::expfmt::StatsConsumer stats;
  ttam::expfmt::Parser parser(Format::kText, "in.prom", stats, sink);
  parser.Feed(*chunk);
  chunk.reset();
  parser.Finish();
  CHECK(parser.samples() == 4001);
  CHECK(stats.series() == 1);
}

// Integer values are read while the value is scanned; every value must still
// be exactly what ParseFloat makes of its text.
TEST_CASE("parser: values read as ParseFloat reads them") {
  class ValueChecker : public ttam::expfmt::Consumer {
   public:
    void OnSample(const ttam::expfmt::SampleEvent& e) override {
      double want = 0;
      CAPTURE(e.value_text);
      REQUIRE(ttam::ParseFloat(e.value_text, &want));
      CHECK(std::memcmp(&want, &e.value, sizeof want) == 0);
      ++samples;
    }
    int samples = 0;
  };
  const std::string_view values[] = {"0",
                                     "7",
                                     "007",
                                     "123456789012345",
                                     "1234567890123456",
                                     "99999999999999999999",
                                     "0.5",
                                     "1e3",
                                     "+Inf",
                                     "-0",
                                     "NaN",
                                     ".5",
                                     "5.",
                                     "18446744073709551616"};
  std::string input;
  for (std::string_view v : values) input.append("x ").append(v).append("\n");
  ValueChecker checker;
  ttam::diag::CollectingSink sink;
  ttam::expfmt::ParseString(Format::kText, "in.prom", input, checker, sink);
  CHECK(sink.diagnostics.empty());
  CHECK(checker.samples == static_cast<int>(std::size(values)));
}
