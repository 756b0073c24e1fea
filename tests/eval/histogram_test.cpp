#include "eval/histogram.h"

#include <doctest/doctest.h>

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "eval/histogram_bounds.h"
#include "eval/histogram_validate.h"
#include "eval/promqltest.h"
#include "eval/storage.h"
#include "support/number.h"

namespace ttam::eval {
namespace {

using promqltest::ParseError;
using promqltest::ParseSeriesDesc;
using promqltest::SeqValue;
using promqltest::SeriesDesc;

// The TestExpression of each value of `m <values>`, space-separated (`_`
// for a blank, the number for a float), or `error at <offset>: <message>`
// with the 0-based offset in `values`.
std::string Expand(std::string_view values) {
  auto r = ParseSeriesDesc("m " + std::string(values));
  if (auto* e = std::get_if<ParseError>(&r)) {
    return "error at " + std::to_string(e->column - 3) + ": " + e->message;
  }
  const SeriesDesc& d = std::get<SeriesDesc>(r);
  std::string out;
  for (const SeqValue& v : d.values) {
    if (!out.empty()) out += ' ';
    switch (v.kind) {
      case SeqValue::Kind::kOmitted:
        out += '_';
        break;
      case SeqValue::Kind::kFloat:
        out += FormatNumber(v.value);
        break;
      case SeqValue::Kind::kHistogram:
        out += HistogramTestExpression(d.histograms.at(v.histogram));
        break;
    }
  }
  return out;
}

// The one histogram a `{{…}}` literal describes; fails the test otherwise.
FloatHistogram Parse(std::string_view literal) {
  auto r = ParseSeriesDesc("m " + std::string(literal));
  if (auto* e = std::get_if<ParseError>(&r)) {
    FAIL_CHECK("cannot parse " << literal << ": " << e->message);
    return {};
  }
  const SeriesDesc& d = std::get<SeriesDesc>(r);
  REQUIRE(d.histograms.size() == 1);
  return d.histograms[0];
}

struct Case {
  std::string_view name, input, want;
};

TEST_CASE("FormatGoG is Go's %g") {
  const Case cases[] = {
      {"integer", "1", "1"},
      {"fraction", "0.05", "0.05"},
      {"negative", "-0.3", "-0.3"},
      {"six digits stay positional", "123456", "123456"},
      {"1e6 switches to exponent", "1000000", "1e+06"},
      {"shortest digits", "1234567", "1.234567e+06"},
      {"small positional", "0.0001", "0.0001"},
      {"small exponent", "0.00001", "1e-05"},
      {"three-digit exponent", "1e300", "1e+300"},
      {"round trip", "0.1", "0.1"},
      {"sum of tenths", "0.30000000000000004", "0.30000000000000004"},
      {"inf", "+Inf", "+Inf"},
      {"minus inf", "-Inf", "-Inf"},
      {"nan", "NaN", "NaN"},
      {"zero", "0", "0"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    double v = 0;
    REQUIRE(ParseFloat(c.input, &v));
    CHECK(FormatGoG(v) == c.want);
  }
  CHECK(FormatGoG(-0.0) == "-0");
  CHECK(FormatGoG(5e-324) == "5e-324");
  CHECK(FormatGoG(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
  // Any finite double reads back from its text (a fixed LCG over bit patterns).
  uint64_t state = 42;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    double v = std::bit_cast<double>(state);
    if (!std::isfinite(v)) continue;
    std::string text = FormatGoG(v);
    double back = 0;
    REQUIRE(ParseFloat(text, &back));
    CAPTURE(text);
    CHECK(std::bit_cast<uint64_t>(back) == std::bit_cast<uint64_t>(v));
  }
}

TEST_CASE("ExponentialBucketBound uses upstream's boundaries") {
  // Upstream's table is not the correctly rounded 2^(k/2^s - 1): sqrt(2)/2
  // is 0.7071067811865475 there, one ULP below the nearest double.
  CHECK(ExponentialBucketBound(-1, 1) == 0.7071067811865475);
  CHECK(ExponentialBucketBound(-1, 1) != std::sqrt(0.5));
  CHECK(ExponentialBucketBound(-27, 8) == 0.92950288621441);
  CHECK(ExponentialBucketBound(-1, 8) == 0.9972960560854698);
  CHECK(ExponentialBucketBound(1, 8) == 2 * 0.5013556375251013);
  CHECK(ExponentialBucketBound(3, 2) == 2 * 0.8408964152537144);
  CHECK(ExponentialBucketBound(0, 3) == 1);
  CHECK(ExponentialBucketBound(10, 0) == 1024);
  CHECK(ExponentialBucketBound(-3, 0) == 0.125);
  CHECK(ExponentialBucketBound(2, -2) == 256);
  CHECK(ExponentialBucketBound(-1, -4) == std::ldexp(1.0, -16));
  // The last finite bucket ends at MaxFloat64, the next one at +Inf.
  CHECK(ExponentialBucketBound(1024, 0) == DBL_MAX);
  CHECK(ExponentialBucketBound(1025, 0) == HUGE_VAL);
  CHECK(ExponentialBucketBound(1024 * 256, 8) == DBL_MAX);
  CHECK(ExponentialBucketBound(256, -2) == DBL_MAX);
  // Each schema's boundaries are every other boundary of the next one.
  for (int32_t schema = 0; schema < 8; ++schema) {
    for (int64_t i = -300; i <= 300; ++i) {
      CAPTURE(schema);
      CAPTURE(i);
      REQUIRE(ExponentialBucketBound(i, schema) == ExponentialBucketBound(2 * i, schema + 1));
      REQUIRE(ExponentialBucketBound(i, schema) < ExponentialBucketBound(i + 1, schema));
    }
  }
}

TEST_CASE("histogram literals print as upstream's TestExpression") {
  const Case cases[] = {
      // cmd/promtool/testdata/unittest.yml, input and expected.
      {"unittest.yml test_histogram",
       "{{schema:1 sum:-0.3 count:32.1 z_bucket:7.1 z_bucket_w:0.05 buckets:[5.1 10 7] offset:-3 "
       "n_buckets:[4.1 5] n_offset:-5}}",
       "{{schema:1 count:32.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 offset:-3 buckets:[5.1 10 7] "
       "n_offset:-5 n_buckets:[4.1 5]}}"},
      {"unittest.yml test_histogram_repeat", "{{sum:3 count:2 buckets:[2]}}x2",
       "{{count:2 sum:3 buckets:[2]}} {{count:2 sum:3 buckets:[2]}} {{count:2 sum:3 buckets:[2]}}"},
      {"unittest.yml test_histogram_increase",
       "{{sum:3 count:2 buckets:[2]}}+{{sum:1.3 count:1 buckets:[1]}}x2",
       "{{count:2 sum:3 buckets:[2]}} {{count:3 sum:4.3 buckets:[3]}} "
       "{{count:4 sum:5.6 buckets:[4]}}"},
      {"unittest.yml expected repeat", "{{count:2 sum:3 counter_reset_hint:not_reset buckets:[2]}}",
       "{{count:2 sum:3 counter_reset_hint:not_reset buckets:[2]}}"},
      {"unittest.yml expected increase",
       "{{count:4 sum:5.6 counter_reset_hint:not_reset buckets:[4]}}",
       "{{count:4 sum:5.6 counter_reset_hint:not_reset buckets:[4]}}"},
      // promql/promqltest/testdata/native_histograms.test.
      {"empty", "{{}}", "{{}}"},
      {"empty with space", "{{ }}", "{{}}"},
      {"empty custom", "{{schema:-53 custom_values:[-2 3]}}",
       "{{schema:-53 custom_values:[-2 3]}}"},
      {"single", "{{schema:0 sum:5 count:4 buckets:[1 2 1]}}", "{{count:4 sum:5 buckets:[1 2 1]}}"},
      {"zero bucket", "{{schema:0 count:3 sum:3 z_bucket:1 z_bucket_w:0.001 buckets:[1 1]}}",
       "{{count:3 sum:3 z_bucket:1 z_bucket_w:0.001 buckets:[1 1]}}"},
      {"negative schema and offset", "{{schema:-1 sum:4 count:1 buckets:[1] offset:1}}",
       "{{schema:-1 count:1 sum:4 offset:1 buckets:[1]}}"},
      {"custom buckets", "{{schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]}}",
       "{{schema:-53 count:1 sum:1 custom_values:[5 10] buckets:[1]}}"},
      {"gauge hint", "{{sum:4 count:4 counter_reset_hint:gauge buckets:[1 2 1]}}",
       "{{count:4 sum:4 counter_reset_hint:gauge buckets:[1 2 1]}}"},
      {"reset hint", "{{count:1 counter_reset_hint:reset}}",
       "{{count:1 counter_reset_hint:reset}}"},
      {"unknown hint is not printed", "{{count:1 counter_reset_hint:unknown}}", "{{count:1}}"},
      {"balanced increase",
       "{{schema:0 sum:4 count:4 buckets:[1 2 1]}}+{{schema:0 sum:-4 count:4 n_buckets:[1 2 1]}}x1",
       "{{count:4 sum:4 buckets:[1 2 1]}} {{count:8 buckets:[1 2 1] n_buckets:[1 2 1]}}"},
      {"lower resolution increment fails",
       "{{schema:0 sum:4 count:4 buckets:[2 2] offset:1}}+{{schema:-1 sum:4 count:1 buckets:[1] "
       "offset:1}}x1",
       "error at 0: error combining histograms: cannot merge from schema -1 to 0"},
      {"higher resolution increment is merged down",
       "{{schema:-1 sum:4 count:1 buckets:[1] offset:1}}+{{schema:0 sum:4 count:4 buckets:[2 2] "
       "offset:1}}x1",
       "{{schema:-1 count:1 sum:4 offset:1 buckets:[1]}} "
       "{{schema:-1 count:5 sum:8 offset:1 buckets:[5]}}"},
      {"decrease", "{{sum:10 count:5 buckets:[3 2]}}-{{sum:1 count:1 buckets:[1]}}x2",
       "{{count:5 sum:10 buckets:[3 2]}} {{count:4 sum:9 buckets:[2 2]}} "
       "{{count:3 sum:8 buckets:[1 2]}}"},
      {"empty increment", "{{schema:0 sum:5 count:4 buckets:[1 2 1]}}+{{}}x1",
       "{{count:4 sum:5 buckets:[1 2 1]}} {{count:4 sum:5 buckets:[1 2 1]}}"},
      // Compaction before printing.
      {"edge zeros are dropped", "{{buckets:[0 0 1 2 0] offset:-3}}",
       "{{offset:-1 buckets:[1 2]}}"},
      {"inner zeros stay", "{{buckets:[1 0 0 2]}}", "{{buckets:[1 0 0 2]}}"},
      {"all zero buckets", "{{count:0 buckets:[0 0]}}", "{{}}"},
      {"nan bucket is populated", "{{buckets:[NaN 1]}}", "{{buckets:[NaN 1]}}"},
      {"custom values hidden without custom schema", "{{custom_values:[1 2] buckets:[1]}}",
       "{{buckets:[1]}}"},
      {"custom schema hides zero bucket and negative side",
       "{{schema:-53 custom_values:[1] z_bucket:1 z_bucket_w:2 n_buckets:[3] buckets:[1]}}",
       "{{schema:-53 custom_values:[1] buckets:[1]}}"},
      {"keys are case-insensitive", "{{Sum:1 COUNT:2 Counter_Reset_Hint:Gauge}}",
       "{{count:2 sum:1 counter_reset_hint:gauge}}"},
      {"spaces", "{{sum:1   count:2 buckets:[1  2 ] }}", "{{count:2 sum:1 buckets:[1 2]}}"},
      {"specials", "{{sum:-Inf count:NaN buckets:[Inf -1]}}",
       "{{count:NaN sum:-Inf buckets:[+Inf -1]}}"},
      {"exponent and separators", "{{sum:1e6 count:1_000 z_bucket_w:1e-5}}",
       "{{count:1000 sum:1e+06 z_bucket_w:1e-05}}"},
      {"mixed with floats", "1 {{count:1}} _ {{count:2}}x1 stale",
       "1 {{count:1}} _ {{count:2}} {{count:2}} NaN"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Expand(c.input) == c.want);
  }
}

TEST_CASE("xN repeats share one decoded histogram; +/- make one per step") {
  auto r = ParseSeriesDesc("m {{count:1}}x3 {{count:1}}+{{count:2}}x2 1");
  REQUIRE(std::holds_alternative<SeriesDesc>(r));
  const SeriesDesc& d = std::get<SeriesDesc>(r);
  CHECK(d.has_histogram);
  REQUIRE(d.values.size() == 8);
  CHECK(d.histograms.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(d.values[i].histogram == 0);
  CHECK(d.values[4].histogram == 1);
  CHECK(d.values[6].histogram == 3);
  CHECK(d.histograms[3].count == 5);
  CHECK(d.values[7].kind == SeqValue::Kind::kFloat);
  auto floats = ParseSeriesDesc("m 1 2");
  CHECK_FALSE(std::get<SeriesDesc>(floats).has_histogram);
}

TEST_CASE("decoded fields") {
  FloatHistogram h = Parse(
      "{{schema:3 sum:-2 count:7 z_bucket:1 z_bucket_w:0.25 buckets:[1 2] offset:-4 n_buckets:[3] "
      "n_offset:2 counter_reset_hint:not_reset}}");
  CHECK(h.schema == 3);
  CHECK(h.sum == -2);
  CHECK(h.count == 7);
  CHECK(h.zero_count == 1);
  CHECK(h.zero_threshold == 0.25);
  CHECK(h.positive_spans == std::vector<HistogramSpan>{{-4, 2}});
  CHECK(h.positive_buckets == std::vector<double>{1, 2});
  CHECK(h.negative_spans == std::vector<HistogramSpan>{{2, 1}});
  CHECK(h.negative_buckets == std::vector<double>{3});
  CHECK(h.counter_reset_hint == CounterResetHint::kNotReset);
  // An offset without buckets makes no span.
  FloatHistogram g = Parse("{{offset:3 n_offset:1}}");
  CHECK(g.positive_spans.empty());
  CHECK(g.negative_spans.empty());
  FloatHistogram c = Parse("{{schema:-53 custom_values:[0.5 1 2.5] buckets:[1 0 3]}}");
  CHECK(c.UsesCustomBuckets());
  CHECK(c.custom_values == std::vector<double>{0.5, 1, 2.5});
}

TEST_CASE("malformed histogram literals fail with a position") {
  const Case cases[] = {
      {"unterminated", "{{sum:1", "error at 0: unterminated histogram literal \"{{\""},
      {"unknown key", "{{foo:1}}", "error at 2: bad histogram descriptor found: \"foo\""},
      {"missing colon", "{{sum 1}}", "error at 2: missing `:` for histogram descriptor"},
      {"duplicate key", "{{sum:1 sum:2}}", "error at 8: duplicate key \"sum\" in histogram"},
      {"plus sign", "{{sum:+1}}",
       "error at 6: expected a number in histogram description, got \"+1}}\""},
      {"signed width", "{{z_bucket_w:-1}}",
       "error at 13: expected a number in histogram description, got \"-1}}\""},
      {"fractional schema", "{{schema:1.5}}",
       "error at 9: expected an integer in histogram description, got \"1.5}}\""},
      {"schema out of range", "{{schema:99999999999}}",
       "error at 9: integer out of range in histogram description"},
      {"empty buckets", "{{buckets:[]}}",
       "error at 11: expected a number after \"[\" in histogram description"},
      {"space after bracket", "{{buckets:[ 1]}}",
       "error at 11: expected a number after \"[\" in histogram description"},
      {"comma in buckets", "{{buckets:[1,2]}}",
       "error at 12: expected a space or \"]\" in histogram buckets, got \",2]}}\""},
      {"bad hint", "{{counter_reset_hint:maybe}}",
       "error at 21: bad counter_reset_hint \"maybe\": want unknown, reset, not_reset or gauge"},
      {"space after open", "{{ sum:1}}",
       "error at 3: unexpected space after \"{{\" in histogram description"},
      {"no separator", "{{sum:1count:2}}",
       "error at 7: expected a space or \"}}\" in histogram description, got \"count:2}}\""},
      {"increment without count", "{{sum:1}}+{{sum:1}}",
       "error at 19: expected \"x\" and a count after the increment"},
      {"increment of a number", "{{sum:1}}+1x2",
       "error at 10: expected a histogram description \"{{\" after the sign"},
      {"junk after", "{{sum:1}}x2y", "error at 11: unexpected \"y\" after a histogram description"},
      {"glued values", "{{}}{{}}", "error at 4: unexpected \"{\" after a histogram description"},
      {"mixed schemas", "{{schema:-53 custom_values:[1]}}+{{count:1}}x1",
       "error at 0: cannot apply this operation on histograms with a mix of exponential and custom "
       "bucket schemas"},
      {"custom increment of exponential", "{{count:1}}+{{schema:-53 custom_values:[1]}}x1",
       "error at 0: error combining histograms: cannot merge from schema -53 to 0"},
      {"too many", "{{count:1}}+{{count:1}}x2000000",
       "error at 0: too many histogram values in one series"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Expand(c.input) == c.want);
  }
  // A huge repeat of one histogram shares it and stays within the value limit.
  CHECK(Expand("{{count:1}}x100000000").starts_with("error at "));
}

std::string AddText(std::string_view a, std::string_view b, bool sub = false) {
  FloatHistogram x = Parse(a);
  FloatHistogram y = Parse(b);
  Result<FloatHistogram> r = sub ? SubHistograms(x, y) : AddHistograms(x, y);
  if (!r.ok()) return "error: " + r.error().message;
  return HistogramTestExpression(r.value());
}

TEST_CASE("AddHistograms and SubHistograms") {
  struct Op {
    std::string_view name, a, b;
    bool sub;
    std::string_view want;
  };
  const Op cases[] = {
      {"plain", "{{count:3 sum:1 buckets:[1 2]}}", "{{count:1 sum:2 buckets:[1] offset:1}}", false,
       "{{count:4 sum:3 buckets:[1 3]}}"},
      {"new buckets are inserted", "{{count:1 buckets:[1] offset:5}}",
       "{{count:2 buckets:[1 1] offset:1}}", false, "{{count:3 offset:1 buckets:[1 1 0 0 1]}}"},
      {"schema merged down (other higher)", "{{schema:0 buckets:[1 1]}}",
       "{{schema:1 buckets:[1 1 1 1]}}", false, "{{buckets:[2 3 1]}}"},
      {"schema merged down (receiver higher)", "{{schema:1 buckets:[1 1 1 1]}}",
       "{{schema:0 buckets:[1 1]}}", false, "{{buckets:[2 3 1]}}"},
      {"schema merged down, negative indices", "{{schema:2 buckets:[1 1 1 1 1] offset:-3}}",
       "{{schema:0}}", false, "{{buckets:[4 1]}}"},
      {"far higher schema collapses to two buckets", "{{schema:0}}",
       "{{schema:99 buckets:[1 2 4] offset:-1}}", false, "{{buckets:[3 4]}}"},
      {"zero bucket widened on the other side", "{{z_bucket_w:0.5 z_bucket:1 count:3 buckets:[2]}}",
       "{{count:7 buckets:[3 4] offset:-1}}", false,
       "{{count:10 z_bucket:4 z_bucket_w:0.5 buckets:[6]}}"},
      {"zero bucket widened on the receiver", "{{count:7 buckets:[3 4] offset:-1}}",
       "{{z_bucket_w:0.5 z_bucket:1 count:3 buckets:[2]}}", false,
       "{{count:10 z_bucket:4 z_bucket_w:0.5 buckets:[6]}}"},
      {"threshold inside a populated bucket moves to its edge", "{{count:2 buckets:[2]}}",
       "{{z_bucket_w:0.7 z_bucket:1 count:1}}", false, "{{count:3 z_bucket:3 z_bucket_w:1}}"},
      {"threshold inside an empty bucket stays", "{{count:0 buckets:[0 5]}}",
       "{{z_bucket_w:0.7 z_bucket:1 count:1}}", false,
       "{{count:1 z_bucket:1 z_bucket_w:0.7 offset:1 buckets:[5]}}"},
      {"threshold on upstream's boundary (not the rounded sqrt(2)/2)",
       "{{schema:1 count:1 buckets:[1] offset:-1}}", "{{schema:1 z_bucket_w:0.7071067811865475}}",
       false, "{{schema:1 count:1 z_bucket:1 z_bucket_w:0.7071067811865475}}"},
      {"buckets within the wider threshold are skipped",
       "{{schema:1 z_bucket_w:0.7071067811865475}}", "{{schema:1 count:2 buckets:[1 1] offset:-1}}",
       false, "{{schema:1 count:2 z_bucket:1 z_bucket_w:0.7071067811865475 buckets:[1]}}"},
      {"negative side widens too", "{{count:2 n_buckets:[2]}}",
       "{{z_bucket_w:0.7 z_bucket:1 count:1}}", false, "{{count:3 z_bucket:3 z_bucket_w:1}}"},
      {"subtraction", "{{count:5 sum:3 z_bucket:2 buckets:[3 2]}}",
       "{{count:1 sum:1 z_bucket:1 buckets:[1 0 1] offset:1}}", true,
       "{{count:4 sum:2 z_bucket:1 buckets:[3 1 -0 -1]}}"},
      {"custom buckets, same bounds", "{{schema:-53 custom_values:[1 2] count:1 buckets:[1]}}",
       "{{schema:-53 custom_values:[1 2] count:2 buckets:[1 1]}}", false,
       "{{schema:-53 count:3 custom_values:[1 2] buckets:[2 1]}}"},
      {"custom buckets, mismatched bounds are intersected",
       "{{schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]}}",
       "{{schema:-53 sum:1 count:1 custom_values:[10] buckets:[1]}}", false,
       "{{schema:-53 count:2 sum:2 custom_values:[10] buckets:[2]}}"},
      {"custom buckets, mismatched bounds subtracted",
       "{{schema:-53 count:4 custom_values:[1 2 3] buckets:[1 1 1 1]}}",
       "{{schema:-53 count:1 custom_values:[2 4] buckets:[0 0 1] offset:0}}", true,
       "{{schema:-53 count:3 custom_values:[2] buckets:[2 1]}}"},
      {"custom buckets, disjoint bounds", "{{schema:-53 count:1 custom_values:[1] buckets:[1]}}",
       "{{schema:-53 count:1 custom_values:[2] buckets:[0 1]}}", false,
       "{{schema:-53 count:2 custom_values:[] buckets:[2]}}"},
      {"exponential plus custom", "{{count:1}}", "{{schema:-53 custom_values:[1]}}", false,
       "error: cannot apply this operation on histograms with a mix of exponential and custom "
       "bucket schemas"},
      {"custom minus exponential", "{{schema:-53 custom_values:[1]}}", "{{count:1}}", true,
       "error: cannot apply this operation on histograms with a mix of exponential and custom "
       "bucket schemas"},
  };
  for (const Op& c : cases) {
    CAPTURE(c.name);
    CHECK(AddText(c.a, c.b, c.sub) == c.want);
  }
}

TEST_CASE("Add and Sub combine counter reset hints as upstream") {
  struct HintCase {
    std::string_view a, b, want;
  };
  const HintCase cases[] = {
      {"unknown", "unknown", "{{}}"},
      {"not_reset", "not_reset", "{{counter_reset_hint:not_reset}}"},
      {"gauge", "reset", "{{counter_reset_hint:gauge}}"},
      {"not_reset", "gauge", "{{counter_reset_hint:gauge}}"},
      {"unknown", "not_reset", "{{}}"},
      {"reset", "unknown", "{{}}"},
      {"reset", "not_reset", "{{}}"},
      {"not_reset", "reset", "{{}}"},
  };
  for (const HintCase& c : cases) {
    CAPTURE(c.a);
    CAPTURE(c.b);
    std::string a = "{{counter_reset_hint:" + std::string(c.a) + "}}";
    std::string b = "{{counter_reset_hint:" + std::string(c.b) + "}}";
    CHECK(AddText(a, b) == c.want);
    CHECK(AddText(a, b, true) == c.want);
  }
}

TEST_CASE("CompactHistogram") {
  struct CompactCase {
    std::string_view name;
    std::vector<HistogramSpan> spans;
    std::vector<double> buckets;
    uint64_t max_empty;
    std::vector<HistogramSpan> want_spans;
    std::vector<double> want_buckets;
  };
  const CompactCase cases[] = {
      {"nothing to do", {{0, 2}, {3, 1}}, {1, 2, 3}, 0, {{0, 2}, {3, 1}}, {1, 2, 3}},
      {"adjacent spans merge", {{0, 1}, {0, 1}}, {1, 2}, 0, {{0, 2}}, {1, 2}},
      {"zero-length span", {{0, 1}, {2, 0}, {1, 1}}, {1, 2}, 0, {{0, 1}, {3, 1}}, {1, 2}},
      {"edges trimmed", {{-2, 4}}, {0, 1, 2, 0}, 0, {{-1, 2}}, {1, 2}},
      {"inner run split at 0", {{0, 4}}, {1, 0, 0, 2}, 0, {{0, 1}, {2, 1}}, {1, 2}},
      {"inner run kept within allowance", {{0, 4}}, {1, 0, 0, 2}, 2, {{0, 4}}, {1, 0, 0, 2}},
      {"inner run split beyond allowance", {{0, 5}}, {1, 0, 0, 0, 2}, 2, {{0, 1}, {3, 1}}, {1, 2}},
      {"gap filled within allowance", {{0, 1}, {2, 1}}, {1, 2}, 2, {{0, 4}}, {1, 0, 0, 2}},
      {"gap kept beyond allowance", {{0, 1}, {3, 1}}, {1, 2}, 2, {{0, 1}, {3, 1}}, {1, 2}},
      {"trailing zeros count into the gap",
       {{0, 2}, {1, 1}},
       {1, 0, 2},
       1,
       {{0, 1}, {2, 1}},
       {1, 2}},
      {"empty span dropped", {{0, 1}, {1, 2}, {1, 1}}, {1, 0, 0, 2}, 0, {{0, 1}, {4, 1}}, {1, 2}},
      {"all empty", {{0, 3}}, {0, 0, 0}, 5, {}, {}},
  };
  for (const CompactCase& c : cases) {
    CAPTURE(c.name);
    FloatHistogram h;
    h.positive_spans = c.spans;
    h.positive_buckets = c.buckets;
    h.negative_spans = c.spans;
    h.negative_buckets = c.buckets;
    CompactHistogram(h, c.max_empty);
    CHECK(h.positive_spans == c.want_spans);
    CHECK(h.positive_buckets == c.want_buckets);
    CHECK(h.negative_spans == c.want_spans);
    CHECK(h.negative_buckets == c.want_buckets);
  }
  // A kept inner -0 keeps its sign; a gap filled anew gets +0.
  FloatHistogram h;
  h.positive_spans = {{0, 3}, {1, 1}};
  h.positive_buckets = {1, -0.0, 2, 3};
  CompactHistogram(h, 5);
  REQUIRE(h.positive_buckets.size() == 5);
  CHECK(std::signbit(h.positive_buckets[1]));
  CHECK_FALSE(std::signbit(h.positive_buckets[3]));
  // Far-apart buckets do not make a span of billions of zeros.
  FloatHistogram far;
  far.positive_spans = {{-2'000'000'000, 1}, {2'000'000'000, 1}};
  far.positive_buckets = {1, 1};
  CompactHistogram(far, std::numeric_limits<uint64_t>::max());
  CHECK(far.positive_spans.size() == 2);
}

TEST_CASE("IsCounterReset decides as the TSDB appender") {
  struct ResetCase {
    std::string_view name, prev, next;
    bool want;
  };
  const ResetCase cases[] = {
      {"growth", "{{count:2 sum:1 buckets:[1 1]}}", "{{count:3 sum:0 buckets:[1 2]}}", false},
      {"same", "{{count:2 buckets:[2]}}", "{{count:2 buckets:[2]}}", false},
      {"count down", "{{count:2}}", "{{count:1}}", true},
      {"zero count down", "{{count:2 z_bucket:2}}", "{{count:2 z_bucket:1}}", true},
      {"bucket down", "{{count:2 buckets:[1 1]}}", "{{count:2 buckets:[2 0]}}", true},
      {"negative bucket down", "{{count:2 n_buckets:[2]}}", "{{count:2 n_buckets:[1]}}", true},
      {"populated bucket gone", "{{count:2 buckets:[1 1]}}", "{{count:2 buckets:[2] offset:1}}",
       true},
      {"empty bucket gone", "{{count:2 buckets:[0 2]}}", "{{count:2 buckets:[2] offset:1}}", false},
      {"new bucket", "{{count:2 buckets:[2]}}", "{{count:3 buckets:[2 1]}}", false},
      {"sum down is fine", "{{count:2 sum:5}}", "{{count:2 sum:1}}", false},
      {"explicit reset", "{{count:1}}", "{{count:2 counter_reset_hint:reset}}", true},
      {"not_reset hint is checked anyway", "{{count:2}}",
       "{{count:1 counter_reset_hint:not_reset}}", true},
      {"schema change without decrease", "{{schema:1 count:2 buckets:[2]}}",
       "{{schema:0 count:2 buckets:[1]}}", false},
      {"schema change with count decrease", "{{schema:1 count:2}}", "{{schema:2 count:1}}", true},
      {"zero threshold change", "{{count:2 z_bucket:2 z_bucket_w:1}}",
       "{{count:2 z_bucket:1 z_bucket_w:2}}", false},
      {"custom bounds change", "{{schema:-53 count:1 custom_values:[1]}}",
       "{{schema:-53 count:1 custom_values:[2]}}", true},
      {"custom bounds same", "{{schema:-53 count:1 custom_values:[1] buckets:[1]}}",
       "{{schema:-53 count:2 custom_values:[1] buckets:[2]}}", false},
      {"gauge next", "{{count:2}}", "{{count:1 counter_reset_hint:gauge}}", false},
      {"gauge prev", "{{count:2 counter_reset_hint:gauge}}", "{{count:1}}", false},
  };
  for (const ResetCase& c : cases) {
    CAPTURE(c.name);
    CHECK(IsCounterReset(Parse(c.prev), Parse(c.next)) == c.want);
  }
  FloatHistogram stale;
  stale.sum = std::bit_cast<double>(uint64_t{0x7ff0000000000002});
  CHECK_FALSE(IsCounterReset(Parse("{{count:5}}"), stale));
  CHECK_FALSE(IsCounterReset(stale, Parse("{{count:1}}")));
}

TEST_CASE("ValidateHistogram as the TSDB's append check") {
  const Case cases[] = {
      {"valid", "{{schema:3 count:3 z_bucket:1 buckets:[1 1] n_buckets:[0]}}", "ok"},
      {"valid custom", "{{schema:-53 count:2 custom_values:[1 2] buckets:[1 1] offset:1}}", "ok"},
      {"empty", "{{}}", "ok"},
      {"schema too high", "{{schema:9}}",
       "histogram has an invalid schema, which must be between -4 and 8 for exponential buckets, "
       "or -53 for custom buckets, got schema 9"},
      {"negative bucket", "{{count:1 buckets:[1 -1]}}",
       "positive side: bucket number 2 has observation count of -1: histogram has a bucket whose "
       "observation count is negative"},
      {"negative n_bucket", "{{n_buckets:[-0.5]}}",
       "negative side: bucket number 1 has observation count of -0.5: histogram has a bucket "
       "whose observation count is negative"},
      {"negative zero count", "{{z_bucket:-2}}",
       "zero bucket has observation count of -2: histogram has a bucket whose observation count "
       "is negative"},
      {"negative count", "{{count:-1}}",
       "observation count is  -1: histogram's observation count is negative"},
      {"custom values on exponential", "{{custom_values:[1]}}",
       "histogram with exponential schema must not have custom bounds"},
      {"custom with zero count", "{{schema:-53 custom_values:[1] z_bucket:1}}",
       "custom buckets: must have zero count of 0"},
      {"custom with zero threshold", "{{schema:-53 custom_values:[1] z_bucket_w:1}}",
       "custom buckets: must have zero threshold of 0"},
      {"custom with negative side", "{{schema:-53 custom_values:[1] n_buckets:[1]}}",
       "custom buckets: must not have negative spans"},
      {"custom bounds unordered", "{{schema:-53 custom_values:[2 1]}}",
       "custom buckets: previous bound is 2.000000 and current is 1.000000: histogram custom "
       "bounds must be in strictly increasing order"},
      {"custom bound NaN", "{{schema:-53 custom_values:[1 NaN]}}",
       "custom buckets: histogram custom bounds must not be NaN"},
      {"custom bound Inf", "{{schema:-53 custom_values:[1 Inf]}}",
       "custom buckets: last +Inf bound must not be explicitly defined: histogram custom bounds "
       "must be finite"},
      {"custom offset negative", "{{schema:-53 custom_values:[1] buckets:[1] offset:-1}}",
       "custom buckets: span number 1 with offset -1: histogram has a span whose offset is "
       "negative"},
      {"custom bounds too few", "{{schema:-53 custom_values:[1] buckets:[1 1 1]}}",
       "custom buckets: only 1 custom bounds defined which is insufficient to cover total span "
       "length of 3: histogram custom bounds are too few"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Status st = ValidateHistogram(Parse(c.input));
    CHECK((st.ok() ? std::string("ok") : st.error().message) == c.want);
  }
  FloatHistogram mismatch;
  mismatch.positive_spans = {{0, 2}, {-1, 1}};
  mismatch.positive_buckets = {1, 1};
  CHECK(ValidateHistogram(mismatch).error().message ==
        "positive side: span number 2 with offset -1: histogram has a span whose offset is "
        "negative");
  mismatch.positive_spans = {{0, 3}};
  CHECK(ValidateHistogram(mismatch).error().message ==
        "positive side: spans need 3 buckets, have 2 buckets: histogram spans specify different "
        "number of buckets than provided");
}

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every `{{…}}` literal of every upstream promqltest file decodes, and its
// TestExpression reads back to the same TestExpression.
TEST_CASE("every corpus histogram literal decodes and round-trips") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/promql/promqltest/testdata";
  if (!fs::is_directory(dir)) {
    MESSAGE("skipped: no corpus at " << dir.string());
    return;
  }
  int literals = 0;
  int round_trips = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".test") continue;
    std::string text = ReadFile(entry.path());
    size_t at = 0;
    while ((at = text.find("{{", at)) != std::string::npos) {
      size_t end = text.find("}}", at);
      REQUIRE(end != std::string::npos);
      std::string literal = text.substr(at, end + 2 - at);
      at = end + 2;
      CAPTURE(entry.path().filename().string());
      CAPTURE(literal);
      std::string printed = HistogramTestExpression(Parse(literal));
      ++literals;
      // Upstream prints what its own parser rejects: `+Inf` (no `+` in a
      // histogram description) and `custom_values:[]` (no empty list).
      if (printed.find("+Inf") != std::string::npos || printed.find("[]") != std::string::npos) {
        continue;
      }
      CHECK(HistogramTestExpression(Parse(printed)) == printed);
      ++round_trips;
    }
  }
  MESSAGE(literals << " corpus histogram literals decoded, " << round_trips << " round-tripped");
  CHECK(literals > 300);
}

// The hint the histogram at position `index` of `d` reads back with from
// the store (Storage::AppendHistogramTo models the TSDB's chunks); values
// are `step_ms` apart from 0.
CounterResetHint StoredHint(const SeriesDesc& d, size_t index, int64_t step_ms) {
  Storage storage;
  Series& series = storage.SeriesFor(d.labels);
  const FloatHistogram* at_index = nullptr;
  for (size_t k = 0; k <= index; ++k) {
    const SeqValue& v = d.values[k];
    const int64_t t = static_cast<int64_t>(k) * step_ms;
    if (v.kind == SeqValue::Kind::kFloat) REQUIRE(storage.AppendTo(series, t, v.value).ok());
    if (v.kind != SeqValue::Kind::kHistogram) continue;
    REQUIRE(storage.AppendHistogramTo(series, t, d.histograms[v.histogram]).ok());
    at_index = series.histograms().back().h;
  }
  REQUIRE(at_index != nullptr);
  return at_index->counter_reset_hint;
}

TEST_CASE("StoredHint gives unittest.yml's expected hints") {
  auto hint_at = [](std::string_view values, size_t index) {
    auto r = ParseSeriesDesc("m " + std::string(values));
    REQUIRE(std::holds_alternative<SeriesDesc>(r));
    return StoredHint(std::get<SeriesDesc>(r), index, 60'000);
  };
  const std::string_view full =
      "{{schema:1 sum:-0.3 count:32.1 z_bucket:7.1 z_bucket_w:0.05 buckets:[5.1 10 7] offset:-3 "
      "n_buckets:[4.1 5] n_offset:-5}}";
  CHECK(hint_at(full, 0) == CounterResetHint::kUnknown);
  CHECK(hint_at("{{sum:3 count:2 buckets:[2]}}x2", 2) == CounterResetHint::kNotReset);
  CHECK(hint_at("{{sum:3 count:2 buckets:[2]}}+{{sum:1.3 count:1 buckets:[1]}}x2", 2) ==
        CounterResetHint::kNotReset);
  CHECK(hint_at("{{count:5}} {{count:1}}", 1) == CounterResetHint::kUnknown);
  CHECK(hint_at("{{count:5}} {{count:1}} {{count:2}}", 2) == CounterResetHint::kNotReset);
  CHECK(hint_at("{{count:1}} 5 {{count:2}}", 2) == CounterResetHint::kUnknown);
  CHECK(hint_at("{{count:1 counter_reset_hint:gauge}}x3", 3) == CounterResetHint::kGauge);
  CHECK(hint_at("{{count:1}}x150", 119) == CounterResetHint::kNotReset);
  CHECK(hint_at("{{count:1}}x150", 120) == CounterResetHint::kUnknown);  // 2h.
}

// True when every series `e` returns carries the value of a loaded series
// with the same labels at the eval time: a plain selector, or limitk,
// limit_ratio, `and`, `unless`, `or` and parentheses over plain selectors.
bool PassesSamplesThrough(const promql::Expr& e) {
  if (const auto* sel = std::get_if<promql::VectorSelector>(&e.node)) {
    return sel->offset_ms == 0 && !sel->at && !sel->offset_expr && !sel->anchored && !sel->smoothed;
  }
  if (const auto* paren = std::get_if<promql::ParenExpr>(&e.node)) {
    return PassesSamplesThrough(*paren->expr);
  }
  if (const auto* agg = std::get_if<promql::AggregateExpr>(&e.node)) {
    return (agg->op == promql::AggregateOp::kLimitk ||
            agg->op == promql::AggregateOp::kLimitRatio) &&
           PassesSamplesThrough(*agg->expr);
  }
  if (const auto* bin = std::get_if<promql::BinaryExpr>(&e.node)) {
    if (bin->op == promql::BinaryOp::kAnd || bin->op == promql::BinaryOp::kUnless) {
      return PassesSamplesThrough(*bin->lhs);
    }
    if (bin->op == promql::BinaryOp::kOr) {
      return PassesSamplesThrough(*bin->lhs) && PassesSamplesThrough(*bin->rhs);
    }
  }
  return false;
}

// Corpus evals whose expected histograms are loaded samples passed through
// (PassesSamplesThrough), at each instant or range step: the expected
// literal must print as the sample the load line decodes to (the latest
// within the 5m lookback), the counter reset hint compared only when the
// expectation spells it, against StoredHint.
TEST_CASE("corpus evals expect the histograms the load lines decode to") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/promql/promqltest/testdata";
  if (!fs::is_directory(dir)) {
    MESSAGE("skipped: no corpus at " << dir.string());
    return;
  }
  int checked = 0;
  int with_hint = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".test") continue;
    std::string file = entry.path().filename().string();
    promqltest::TestFile tf = promqltest::ParseTestFile(ReadFile(entry.path()));
    REQUIRE(tf.ok());
    struct Loaded {
      const SeriesDesc* series;
      int64_t step_ms;
    };
    std::map<std::string, Loaded> loaded;
    for (const promqltest::Command& command : tf.commands) {
      if (std::holds_alternative<promqltest::ClearCmd>(command)) {
        loaded.clear();
      } else if (const auto* load = std::get_if<promqltest::LoadCmd>(&command)) {
        if (load->with_nhcb) continue;
        for (const auto& e : load->series) {
          if (!e.start_offsets.empty()) continue;
          loaded[e.series.labels.ToString()] = {&e.series, load->step_ms};
        }
      } else if (const auto* eval = std::get_if<promqltest::EvalCmd>(&command)) {
        if (!eval->ast || eval->ExpectsFailure() || eval->range_vector) continue;
        if (!PassesSamplesThrough(*eval->ast)) continue;
        for (const promqltest::ExpectedSeries& want : eval->series) {
          auto it = loaded.find(want.series.labels.ToString());
          if (it == loaded.end() || it->second.step_ms <= 0) continue;
          const Loaded& l = it->second;
          for (size_t k = 0; k < want.series.values.size(); ++k) {
            const SeqValue& w = want.series.values[k];
            if (w.kind != SeqValue::Kind::kHistogram) continue;
            int64_t t = eval->range ? eval->start_ms + static_cast<int64_t>(k) * eval->step_ms
                                    : eval->at_ms;
            if (t < 0) continue;
            size_t index = static_cast<size_t>(t / l.step_ms);
            if (t - static_cast<int64_t>(index) * l.step_ms >= 300'000) continue;
            if (index >= l.series->values.size() ||
                l.series->values[index].kind != SeqValue::Kind::kHistogram) {
              continue;
            }
            FloatHistogram got = l.series->histograms[l.series->values[index].histogram];
            const FloatHistogram& expected = want.series.histograms[w.histogram];
            CAPTURE(file);
            CAPTURE(want.line);
            CAPTURE(k);
            if (expected.counter_reset_hint != CounterResetHint::kUnknown) {
              ++with_hint;
              got.counter_reset_hint = StoredHint(*l.series, index, l.step_ms);
            } else {
              got.counter_reset_hint = CounterResetHint::kUnknown;
            }
            CHECK(HistogramTestExpression(got) == HistogramTestExpression(expected));
            ++checked;
          }
        }
      }
    }
  }
  MESSAGE(checked << " corpus eval histograms checked against their load lines (" << with_hint
                  << " with a counter reset hint)");
  CHECK(checked > 20);
}

}  // namespace
}  // namespace ttam::eval
