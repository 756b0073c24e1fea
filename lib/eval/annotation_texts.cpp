#include "eval/annotation_texts.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "support/text.h"

namespace ttam::eval {
namespace {

constexpr std::string_view kWarning = "PromQL warning: ";
constexpr std::string_view kInfo = "PromQL info: ";

Annotation Make(Annotation::Kind kind, std::string text, promql::Span span) {
  std::string full(kind == Annotation::Kind::kWarning ? kWarning : kInfo);
  full += text;
  return Annotation{kind, std::move(full), span};
}

// upstream's maybeAddMetricName.
std::string WithMetricName(std::string text, std::string_view name) {
  if (!name.empty()) text += " for metric name " + GoQuote(name);
  return text;
}

}  // namespace

promql::Span UnwrappedSpan(const promql::Expr& e) {
  const promql::Expr* inner = &e;
  while (const auto* paren = std::get_if<promql::ParenExpr>(&inner->node))
    inner = paren->expr.get();
  return inner->span;
}

std::string GoFormatG(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view text(buf, static_cast<size_t>(sci.ptr - buf));
  size_t e = text.find('e');
  int exp = std::atoi(std::string(text.substr(e + 1)).c_str());
  if (exp < -4 || exp >= 6) return std::string(text);  // to_chars pads the exponent to 2 digits.
  auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

Annotation InvalidQuantileWarning(double q, promql::Span span) {
  return Make(Annotation::Kind::kWarning,
              "quantile value should be between 0 and 1, got " + GoFormatG(q), span);
}

Annotation InvalidRatioWarning(double r, double to, promql::Span span) {
  return Make(Annotation::Kind::kWarning,
              "ratio value should be between -1 and 1, got " + GoFormatG(r) + ", capping to " +
                  GoFormatG(to),
              span);
}

Annotation BadBucketLabelWarning(std::string_view name, std::string_view le, promql::Span span) {
  return Make(
      Annotation::Kind::kWarning,
      WithMetricName("bucket label \"le\" is missing or has a malformed value of " + GoQuote(le),
                     name),
      span);
}

Annotation SortInRangeQueryWarning(promql::Span span) {
  return Make(Annotation::Kind::kWarning,
              "sort is ineffective for range queries since results are always ordered by labels",
              span);
}

Annotation PossibleNonCounterInfo(std::string_view name, promql::Span span) {
  return Make(Annotation::Kind::kInfo,
              "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: " +
                  GoQuote(name),
              span);
}

Annotation HistogramQuantileForcedMonotonicityInfo(std::string_view name, promql::Span span) {
  return Make(Annotation::Kind::kInfo,
              WithMetricName("input to histogram_quantile needed to be fixed for monotonicity (see "
                             "https://prometheus.io/docs/prometheus/latest/querying/functions/"
                             "#histogram_quantile)",
                             name),
              span);
}

Annotation StartTimeOverlapWarning(std::string_view name, promql::Span span) {
  return Make(Annotation::Kind::kWarning,
              "sample has start time that overlaps with previous sample timestamp for metric " +
                  GoQuote(name),
              span);
}

}  // namespace ttam::eval
