#pragma once

#include <string>
#include <string_view>

#include "cardinality/counter.h"
#include "diag/diagnostic.h"
#include "expfmt/parser.h"

namespace ttam::cardinality::testing {

/// Feeds a whole exposition to `counter`; CHECKs it parsed without errors.
inline void Feed(Counter& counter, std::string_view text,
                 expfmt::Format format = expfmt::Format::kText) {
  diag::CollectingSink sink;
  expfmt::ParseString(format, "test.prom", text, counter, sink);
  for (const diag::Diagnostic& d : sink.diagnostics) {
    if (d.severity == diag::Severity::kError) FAIL_CHECK("parse error: " << d.message);
  }
}

inline Measurement Measure(std::string_view text, size_t top = 0,
                           expfmt::Format format = expfmt::Format::kText) {
  Counter counter;
  Feed(counter, text, format);
  return counter.Take(top);
}

/// "check: message" per finding, one a line.
inline std::string Render(const diag::CollectingSink& sink) {
  std::string out;
  for (const diag::Diagnostic& d : sink.diagnostics) {
    out += d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
           std::string(diag::SeverityName(d.severity)) + ": " + d.message + " [" + d.check + "]\n";
    for (const diag::Note& n : d.notes) {
      out += "  note: " + n.path + ":" + std::to_string(n.line) + ":" + std::to_string(n.column) +
             ": " + n.message + "\n";
    }
  }
  return out;
}

inline const MetricReport* FindMetric(const Measurement& m, std::string_view name) {
  for (const MetricReport& r : m.metrics) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

inline const LabelReport* FindLabel(const Measurement& m, std::string_view name) {
  for (const LabelReport& r : m.labels) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace ttam::cardinality::testing
