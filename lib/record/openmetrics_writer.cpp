#include "record/openmetrics_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "support/number.h"

namespace ttam::record {
namespace {

// OpenMetrics escapes backslash, double quote and newline in label values
// and HELP text.
std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The label that tells a histogram's or summary's series of one point apart.
const char* PointLabel(expfmt::MetricType type) {
  switch (type) {
    case expfmt::MetricType::kHistogram:
    case expfmt::MetricType::kGaugeHistogram:
      return "le";
    case expfmt::MetricType::kSummary:
      return "quantile";
    case expfmt::MetricType::kCounter:
    case expfmt::MetricType::kGauge:
    case expfmt::MetricType::kUntyped:
    case expfmt::MetricType::kInfo:
    case expfmt::MetricType::kStateset:
    case expfmt::MetricType::kUnknown:
      return nullptr;
  }
  return nullptr;
}

std::string MetricKey(const RecordedSeries& s, const char* point_label) {
  std::string key;
  for (const auto& [n, v] : s.labels) {
    if (point_label != nullptr && n == point_label) continue;
    key += n;
    key += '\xff';
    key += v;
    key += '\xff';
  }
  return key;
}

std::string SeriesText(const RecordedSeries& s) {
  std::string out = s.name;
  if (!s.labels.empty()) {
    out += '{';
    bool first = true;
    for (const auto& [n, v] : s.labels) {
      if (!first) out += ',';
      first = false;
      out += n;
      out += "=\"";
      out += Escape(v);
      out += '"';
    }
    out += '}';
  }
  return out;
}

std::string_view TypeWord(expfmt::MetricType type) {
  // OpenMetrics has no "untyped".
  if (type == expfmt::MetricType::kUntyped) return "unknown";
  return expfmt::MetricTypeName(type);
}

void WriteFamily(const Recording& recording, const RecordedFamily& family, std::ostream& out) {
  out << "# TYPE " << family.name << ' ' << TypeWord(family.type) << '\n';
  // OpenMetrics (and promtool's parser) want the unit as the name's suffix;
  // a source that broke that rule loses its UNIT line, not the file.
  const std::string& unit = family.metadata.unit;
  if (family.metadata.has_unit && !unit.empty() && family.name.size() > unit.size() + 1 &&
      family.name.ends_with("_" + unit)) {
    out << "# UNIT " << family.name << ' ' << family.metadata.unit << '\n';
  }
  if (family.metadata.has_help) {
    out << "# HELP " << family.name << ' ' << Escape(family.metadata.help) << '\n';
  }
  // Metrics (label sets without le/quantile) in first-seen order, each
  // with its series in first-seen order.
  const char* point_label = PointLabel(family.type);
  std::vector<std::vector<size_t>> metrics;
  std::unordered_map<std::string, size_t> metric_index;
  for (size_t i : family.series) {
    auto [it, added] =
        metric_index.try_emplace(MetricKey(recording.series()[i], point_label), metrics.size());
    if (added) metrics.emplace_back();
    metrics[it->second].push_back(i);
  }
  struct Line {
    int64_t time_ms;
    size_t order;  // the series' place in its metric
    size_t series;
    double value;
  };
  std::vector<Line> lines;
  for (const std::vector<size_t>& metric : metrics) {
    lines.clear();
    for (size_t order = 0; order < metric.size(); ++order) {
      for (const RecordedSample& s : recording.series()[metric[order]].samples) {
        lines.push_back({s.time_ms, order, metric[order], s.value});
      }
    }
    std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
      return a.time_ms != b.time_ms ? a.time_ms < b.time_ms : a.order < b.order;
    });
    std::vector<std::string> texts(metric.size());
    for (size_t order = 0; order < metric.size(); ++order) {
      texts[order] = SeriesText(recording.series()[metric[order]]);
    }
    for (const Line& l : lines) {
      out << texts[l.order] << ' ' << FormatNumber(l.value) << ' '
          << FormatOpenMetricsTimestamp(l.time_ms) << '\n';
    }
  }
}

}  // namespace

std::string FormatOpenMetricsTimestamp(int64_t ms) {
  bool negative = ms < 0;
  uint64_t abs = negative ? static_cast<uint64_t>(-(ms + 1)) + 1 : static_cast<uint64_t>(ms);
  std::string frac = std::to_string(abs % 1000);
  frac.insert(0, 3 - frac.size(), '0');
  return (negative ? "-" : "") + std::to_string(abs / 1000) + "." + frac;
}

int64_t ExactOpenMetricsMs(int64_t ms) {
  for (int64_t candidate = ms;; ++candidate) {
    double seconds = std::strtod(FormatOpenMetricsTimestamp(candidate).c_str(), nullptr);
    double scaled = seconds * 1000.0;
    if (static_cast<int64_t>(scaled) == candidate && std::llround(scaled) == candidate) {
      return candidate;
    }
  }
}

void WriteOpenMetrics(const Recording& recording, std::ostream& out) {
  for (const RecordedFamily& family : recording.families()) WriteFamily(recording, family, out);
  out << "# EOF\n";
}

}  // namespace ttam::record
