#include "lint/exposition/check.h"
#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
// Each check's factory, defined in its file checks/<group>_<name>.cpp.
using CheckPtr = std::unique_ptr<ExpositionCheck>;
CheckPtr MakeMetricsMissingHelp(const ExpositionOptions& options);
CheckPtr MakeExpositionCounterFamilyTotal(const ExpositionOptions& options);
CheckPtr MakeMetricsNonBaseUnit(const ExpositionOptions& options);
CheckPtr MakeMetricsCounterSuffix(const ExpositionOptions& options);
CheckPtr MakeMetricsTotalSuffixNonCounter(const ExpositionOptions& options);
CheckPtr MakeMetricsReservedSuffix(const ExpositionOptions& options);
CheckPtr MakeMetricsReservedLabel(const ExpositionOptions& options);
CheckPtr MakeMetricsTypeInName(const ExpositionOptions& options);
CheckPtr MakeMetricsColonInName(const ExpositionOptions& options);
CheckPtr MakeMetricsCamelCase(const ExpositionOptions& options);
CheckPtr MakeMetricsUnitAbbreviation(const ExpositionOptions& options);
CheckPtr MakeMetricsRequirePrefix(const ExpositionOptions& options);
CheckPtr MakeMetricsMissingUnit(const ExpositionOptions& options);
CheckPtr MakeMetricsSnakeCase(const ExpositionOptions& options);
CheckPtr MakeMetricsHighCardinality(const ExpositionOptions& options);
CheckPtr MakeMetricsUnboundedLabel(const ExpositionOptions& options);
CheckPtr MakeExpositionDuplicateSeries(const ExpositionOptions& options);
CheckPtr MakeExpositionDuplicateMetadata(const ExpositionOptions& options);
CheckPtr MakeExpositionLateMetadata(const ExpositionOptions& options);
CheckPtr MakeExpositionSplitFamily(const ExpositionOptions& options);
CheckPtr MakeExpositionReservedLabelName(const ExpositionOptions& options);
CheckPtr MakeExpositionEmptyLabelValue(const ExpositionOptions& options);
CheckPtr MakeExpositionMixedTimestamps(const ExpositionOptions& options);
CheckPtr MakeExpositionFutureTimestamp(const ExpositionOptions& options);
CheckPtr MakeExpositionUtf8Name(const ExpositionOptions& options);
CheckPtr MakeExpositionTypeNameMismatch(const ExpositionOptions& options);
CheckPtr MakeHistogramInvalidLe(const ExpositionOptions& options);
CheckPtr MakeHistogramLeOrder(const ExpositionOptions& options);
CheckPtr MakeHistogramMissingInfBucket(const ExpositionOptions& options);
CheckPtr MakeHistogramNonCumulative(const ExpositionOptions& options);
CheckPtr MakeHistogramCountMismatch(const ExpositionOptions& options);
CheckPtr MakeHistogramMissingSum(const ExpositionOptions& options);
CheckPtr MakeHistogramMissingCount(const ExpositionOptions& options);
CheckPtr MakeSummaryQuantileRange(const ExpositionOptions& options);
CheckPtr MakeCounterNegative(const ExpositionOptions& options);
CheckPtr MakeCounterNan(const ExpositionOptions& options);
CheckPtr MakeExpositionInvalidEscape(const ExpositionOptions& options);
}  // namespace ttam::lint::checks

namespace ttam::lint {
namespace {

using diag::Severity;
namespace c = checks;

// Every exposition check, one row each. Ids are a public contract: never rename
// one; document each in man/ttam-checks.7.
const ExpositionCheckInfo kChecks[] = {
    // promtool check metrics (promlint) parity.
    {"metrics/missing-help", Severity::kWarning, "a metric family has no HELP text",
     c::MakeMetricsMissingHelp},
    {"metrics/non-base-unit", Severity::kWarning,
     "a metric name uses a non-base unit (milliseconds, kilobytes, ...)",
     c::MakeMetricsNonBaseUnit},
    {"metrics/counter-suffix", Severity::kWarning, "counter samples lack the \"_total\" suffix",
     c::MakeMetricsCounterSuffix},
    {"metrics/total-suffix-non-counter", Severity::kWarning,
     "a typed non-counter metric name ends in \"_total\"", c::MakeMetricsTotalSuffixNonCounter},
    {"metrics/reserved-suffix", Severity::kWarning,
     "a metric name ends in _bucket, _count or _sum without being a histogram or summary",
     c::MakeMetricsReservedSuffix},
    {"metrics/reserved-label", Severity::kWarning,
     "an \"le\" label outside a histogram or a \"quantile\" label outside a summary",
     c::MakeMetricsReservedLabel},
    {"metrics/type-in-name", Severity::kWarning,
     "a metric name contains a metric type (counter, gauge, histogram, ...)",
     c::MakeMetricsTypeInName},
    {"metrics/colon-in-name", Severity::kWarning,
     "a metric name contains ':', which is reserved for recording rules",
     c::MakeMetricsColonInName},
    {"metrics/camel-case", Severity::kWarning, "a metric or label name is camelCase",
     c::MakeMetricsCamelCase},
    {"metrics/unit-abbreviation", Severity::kWarning,
     "a metric name uses an abbreviated unit (ms, kb, sec, ...)", c::MakeMetricsUnitAbbreviation},
    // The setup guide's best practices.
    {"metrics/require-prefix", Severity::kWarning,
     "a metric name lacks the required prefix (--require-prefix)", c::MakeMetricsRequirePrefix},
    {"metrics/missing-unit", Severity::kInfo,
     "a histogram, summary, or time/size gauge or counter has no unit in its name",
     c::MakeMetricsMissingUnit},
    {"metrics/snake-case", Severity::kWarning,
     "a metric or label name is not snake_case (upper case, double or edge underscores, "
     "other characters)",
     c::MakeMetricsSnakeCase},
    {"metrics/high-cardinality", Severity::kWarning,
     "a metric family has more series than the per-metric limit", c::MakeMetricsHighCardinality},
    {"metrics/unbounded-label", Severity::kWarning,
     "a label holds IDs (request_id, user_id, UUID values) and so grows without bound",
     c::MakeMetricsUnboundedLabel},
    // Structure of the exposition.
    {"exposition/duplicate-series", Severity::kError,
     "the same metric name and label set appears twice", c::MakeExpositionDuplicateSeries},
    {"exposition/duplicate-metadata", Severity::kError,
     "a second HELP, TYPE or UNIT line for the same metric", c::MakeExpositionDuplicateMetadata},
    {"exposition/late-metadata", Severity::kError,
     "a HELP, TYPE or UNIT line after the metric's samples", c::MakeExpositionLateMetadata},
    {"exposition/split-family", Severity::kError,
     "a metric family's lines continue after another family started", c::MakeExpositionSplitFamily},
    {"exposition/reserved-label-name", Severity::kError,
     "a label name starts with \"__\", which is reserved", c::MakeExpositionReservedLabelName},
    {"exposition/empty-label-value", Severity::kInfo,
     "a label has an empty value, the same as no label", c::MakeExpositionEmptyLabelValue},
    {"exposition/mixed-timestamps", Severity::kWarning,
     "some samples have timestamps and others do not", c::MakeExpositionMixedTimestamps},
    {"exposition/future-timestamp", Severity::kWarning,
     "a sample timestamp is more than 10 minutes in the future", c::MakeExpositionFutureTimestamp},
    {"exposition/utf8-name", Severity::kWarning,
     "a metric or label name is valid only with Prometheus 3 UTF-8 names",
     c::MakeExpositionUtf8Name},
    {"exposition/type-name-mismatch", Severity::kWarning,
     "TYPE/HELP name another family than the samples that follow them",
     c::MakeExpositionTypeNameMismatch},
    {"exposition/counter-family-total", Severity::kError,
     "OpenMetrics: a counter family's name ends in \"_total\", which its samples add",
     c::MakeExpositionCounterFamilyTotal},
    // Histograms and gauge histograms.
    {"histogram/invalid-le", Severity::kError, "a bucket's le label is missing or not a number",
     c::MakeHistogramInvalidLe},
    {"histogram/le-order", Severity::kError, "buckets are not in increasing order of le",
     c::MakeHistogramLeOrder},
    {"histogram/missing-inf-bucket", Severity::kError,
     "a histogram series has no le=\"+Inf\" bucket", c::MakeHistogramMissingInfBucket},
    {"histogram/non-cumulative", Severity::kError, "a bucket counts less than the bucket before it",
     c::MakeHistogramNonCumulative},
    {"histogram/count-mismatch", Severity::kError, "the le=\"+Inf\" bucket and _count disagree",
     c::MakeHistogramCountMismatch},
    {"histogram/missing-sum", Severity::kWarning, "a histogram series has no _sum",
     c::MakeHistogramMissingSum},
    {"histogram/missing-count", Severity::kError, "a histogram series has no _count",
     c::MakeHistogramMissingCount},
    // Summaries and counters.
    {"summary/quantile-range", Severity::kError, "a summary quantile is not a number in [0, 1]",
     c::MakeSummaryQuantileRange},
    {"counter/negative", Severity::kError,
     "a counter, histogram bucket or histogram count is negative", c::MakeCounterNegative},
    {"counter/nan", Severity::kWarning, "a counter is NaN", c::MakeCounterNan},
    {"exposition/invalid-escape", Severity::kWarning,
     "a label value escapes a character other than backslash, double quote or n; promtool and "
     "client-library parsers reject the exposition",
     c::MakeExpositionInvalidEscape},
};

}  // namespace

std::span<const ExpositionCheckInfo> ExpositionChecks() { return kChecks; }

}  // namespace ttam::lint
