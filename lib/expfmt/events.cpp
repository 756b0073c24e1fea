#include "expfmt/events.h"

namespace ttam::expfmt {

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText:
      return "text";
    case Format::kOpenMetrics:
      return "openmetrics";
  }
  return "text";
}

std::string_view MetricTypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kSummary:
      return "summary";
    case MetricType::kUntyped:
      return "untyped";
    case MetricType::kInfo:
      return "info";
    case MetricType::kStateset:
      return "stateset";
    case MetricType::kGaugeHistogram:
      return "gaugehistogram";
    case MetricType::kUnknown:
      return "unknown";
  }
  return "untyped";
}

bool ParseMetricType(std::string_view text, Format format, MetricType* out) {
  struct Row {
    std::string_view name;
    MetricType type;
    bool text_format;
    bool openmetrics;
  };
  static constexpr Row kRows[] = {
      {"counter", MetricType::kCounter, true, true},
      {"gauge", MetricType::kGauge, true, true},
      {"histogram", MetricType::kHistogram, true, true},
      {"summary", MetricType::kSummary, true, true},
      {"untyped", MetricType::kUntyped, true, false},
      {"info", MetricType::kInfo, false, true},
      {"stateset", MetricType::kStateset, false, true},
      {"gaugehistogram", MetricType::kGaugeHistogram, false, true},
      {"unknown", MetricType::kUnknown, false, true},
  };
  for (const Row& row : kRows) {
    if (row.name != text) continue;
    bool allowed = format == Format::kText ? row.text_format : row.openmetrics;
    if (!allowed) return false;
    *out = row.type;
    return true;
  }
  return false;
}

std::string_view SuffixText(Suffix suffix) {
  switch (suffix) {
    case Suffix::kNone:
      return "";
    case Suffix::kTotal:
      return "_total";
    case Suffix::kCreated:
      return "_created";
    case Suffix::kBucket:
      return "_bucket";
    case Suffix::kCount:
      return "_count";
    case Suffix::kSum:
      return "_sum";
    case Suffix::kGCount:
      return "_gcount";
    case Suffix::kGSum:
      return "_gsum";
    case Suffix::kInfo:
      return "_info";
  }
  return "";
}

}  // namespace ttam::expfmt
