#include "promql/analysis.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "promql/parser.h"

TEST_CASE("analysis: the labels an expression's result can carry") {
  struct LabelCase {
    std::string_view expr;
    std::string_view want;  ///< "*" (any), "* - {a}" (any but a) or "{a,b}"
  };
  const LabelCase cases[] = {
      {"x", "*"},
      {"rate(x[5m])", "*"},
      {"sum(x)", "{}"},
      {"sum by (a, b) (x)", "{a,b}"},
      {"sum without (a) (x)", "* - {a}"},
      {"sum by (a) (sum by (b) (x))", "{}"},
      {"sum by (a) (sum without (a) (x))", "{}"},
      {"topk(3, sum by (a) (x))", "{a}"},
      {"count_values(\"v\", sum by (a) (x))", "{v}"},
      {"count_values by (a) (\"v\", x)", "{a,v}"},
      {"x / on (a) y", "{a}"},
      {"x / ignoring (a) y", "* - {a}"},
      {"sum by (a) (x) * on (a) group_left (b) y", "{a,b}"},
      {"y * on (a) group_right sum by (a) (x)", "{a}"},
      {"label_replace(sum by (a) (x), \"c\", \"$1\", \"a\", \"(.*)\")", "{a,c}"},
      {"histogram_quantile(0.9, sum by (le, a) (rate(x_bucket[5m])))", "{a}"},
      {"absent(x{a=\"1\", b=~\"2\"})", "{a}"},
      {"vector(1)", "{}"},
      {"sum by (a) (x) or sum by (b) (y)", "{a,b}"},
      {"sum by (a) (x) or y", "*"},
      {"sum by (a) (x) and y", "{a}"},
      {"2 * sum by (a) (x)", "{a}"},
      {"sum by (a) (x) > bool 1", "{a}"},
      {"max_over_time(sum by (a) (x)[5m:])", "{a}"},
  };
  for (const LabelCase& c : cases) {
    CAPTURE(c.expr);
    ttam::promql::ParseResult parsed = ttam::promql::Parse(c.expr);
    REQUIRE(parsed.ok());
    ttam::promql::LabelSet labels = ttam::promql::ResultLabels(*parsed.expr);
    std::string names;
    for (const std::string& n : labels.names) names += (names.empty() ? "" : ",") + n;
    std::string got =
        labels.open ? (names.empty() ? "*" : "* - {" + names + "}") : "{" + names + "}";
    CHECK(got == c.want);
  }
}

TEST_CASE("analysis: metrics an expression selects and where a label is dropped") {
  struct Case {
    std::string_view expr;
    std::vector<std::string> metrics;
    std::string_view dropped_le_at;  ///< the node text where `le` is lost; "" when kept
  };
  const Case cases[] = {
      {"rate(b_bucket[5m])", {"b_bucket"}, ""},
      {"sum by (job) (rate(b_bucket[5m])) / on (job) group_left c",
       {"b_bucket", "c"},
       "sum by (job) (rate(b_bucket[5m]))"},
      {"{__name__=\"x\", a=\"1\"} + x", {"x"}, ""},
      {"histogram_quantile(0.9, sum by (le) (rate(b_bucket[5m])))",
       {"b_bucket"},
       "histogram_quantile(0.9, sum by (le) (rate(b_bucket[5m])))"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    ttam::promql::ParseResult parsed = ttam::promql::Parse(c.expr);
    REQUIRE(parsed.ok());
    CHECK(ttam::promql::SelectedMetrics(*parsed.expr) == c.metrics);
    const ttam::promql::Expr* at = ttam::promql::WhereLabelDropped(*parsed.expr, "le");
    std::string got =
        at == nullptr ? ""
                      : std::string(c.expr.substr(at->span.begin, at->span.end - at->span.begin));
    CHECK(got == c.dropped_le_at);
  }
}

TEST_CASE("analysis: selector metric, equality matchers and histogram_quantile sites") {
  ttam::promql::ParseResult parsed = ttam::promql::Parse(
      "histogram_quantile(0.5, x_bucket{job=\"a\"}) + histogram_quantile(0.9, "
      "{__name__=\"y_bucket\"})");
  REQUIRE(parsed.ok());
  std::vector<std::string> metrics;
  std::vector<std::string> jobs;
  ttam::promql::ForEachHistogramQuantile(*parsed.expr, [&](const ttam::promql::Expr& buckets) {
    const auto* vs = std::get_if<ttam::promql::VectorSelector>(&buckets.node);
    REQUIRE(vs != nullptr);
    metrics.push_back(ttam::promql::SelectorMetric(*vs));
    jobs.push_back(ttam::promql::EqualMatcher(*vs, "job").value_or("-"));
  });
  CHECK(metrics == std::vector<std::string>{"x_bucket", "y_bucket"});
  CHECK(jobs == std::vector<std::string>{"a", "-"});
}
