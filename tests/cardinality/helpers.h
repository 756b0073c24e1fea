#pragma once

#include <string>
#include <string_view>

#include "cardinality/counter.h"
#include "diag/diagnostic.h"
#include "expfmt/parser.h"
#include "support/render_findings.h"

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

/// The findings `sink` collected, rendered as tests/support/render_findings.h does.
inline std::string Render(const diag::CollectingSink& sink) {
  return test::RenderFindings(sink.diagnostics);
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
