#include "cardinality_text.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace ttam::cli {
namespace {

// 1234567 -> "1,234,567".
std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Percent(uint64_t part, uint64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.1f%%",
                whole == 0 ? 0.0 : 100.0 * double(part) / double(whole));
  return buf;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string PadLeft(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

}  // namespace

void WriteCardinalityText(const cardinality::Measurement& m, std::ostream& out, bool bars) {
  out << "Series: " << Grouped(m.total_series) << " in total\n";
  if (!m.metrics.empty()) {
    size_t name_w = 6, type_w = 4, count_w = 6;
    uint64_t largest = 0;
    for (const auto& metric : m.metrics) {
      name_w = std::max(name_w, metric.name.size());
      type_w = std::max(type_w, metric.type.size());
      count_w = std::max(count_w, Grouped(metric.series).size());
      largest = std::max(largest, metric.series);
    }
    out << "\n"
        << Pad("metric", name_w) << "  " << Pad("type", type_w) << "  "
        << PadLeft("series", count_w) << "   share\n";
    constexpr size_t kBarWidth = 30;
    for (const auto& metric : m.metrics) {
      out << Pad(metric.name, name_w) << "  " << Pad(metric.type, type_w) << "  "
          << PadLeft(Grouped(metric.series), count_w) << "  "
          << Percent(metric.series, m.total_series);
      if (bars && largest > 0) {
        size_t len = static_cast<size_t>((metric.series * kBarWidth + largest - 1) / largest);
        out << "  ";
        for (size_t i = 0; i < len; ++i) out << "\u2588";
      }
      out << "\n";
    }
  }
  if (!m.labels.empty()) {
    size_t name_w = 5, count_w = 6;
    for (const auto& label : m.labels) {
      name_w = std::max(name_w, label.name.size());
      count_w = std::max(count_w, Grouped(label.distinct_values).size());
    }
    out << "\n"
        << Pad("label", name_w) << "  " << PadLeft("values", count_w) << "  top values (series)\n";
    for (const auto& label : m.labels) {
      out << Pad(label.name, name_w) << "  " << PadLeft(Grouped(label.distinct_values), count_w)
          << "  ";
      for (size_t i = 0; i < label.top_values.size() && i < 5; ++i) {
        if (i > 0) out << ", ";
        out << '"' << label.top_values[i].value << "\" (" << Grouped(label.top_values[i].series)
            << ")";
      }
      out << "\n";
    }
  }
  if (!m.suspects.empty()) {
    out << "\nlabels that look unbounded:\n";
    for (const auto& s : m.suspects) {
      out << "  " << s.label << ": " << s.kind << ", " << Grouped(s.distinct_values)
          << (s.distinct_values == 1 ? " value" : " values") << ", e.g. \"" << s.example << "\"";
      if (!s.metrics.empty())
        out << " (in " << s.metrics.front() << (s.metrics.size() > 1 ? ", ..." : "") << ")";
      out << "\n";
    }
  }
  out << "\n";
}

}  // namespace ttam::cli
