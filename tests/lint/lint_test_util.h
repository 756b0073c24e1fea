#pragma once

#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "expfmt/parser.h"
#include "lint/exposition/linter.h"

namespace ttam::test {

/// `line:col: severity: message [check]`, one per line.
inline std::string RenderDiagnostics(const diag::CollectingSink& sink) {
  std::string out;
  for (const diag::Diagnostic& d : sink.diagnostics) {
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
           std::string(diag::SeverityName(d.severity)) + ": " + d.message + " [" + d.check + "]\n";
  }
  return out;
}

/// Parses `input` and runs the exposition check `check` over it (all checks
/// when `check` is empty); returns the parser's and the check's diagnostics.
inline std::string Lint(std::string_view check, std::string_view input,
                        expfmt::Format format = expfmt::Format::kText,
                        lint::ExpositionOptions options = {}) {
  options.format = format;
  diag::CollectingSink sink;
  lint::ExpositionLinter linter("in.prom", options, sink,
                                [&](std::string_view id) { return check.empty() || id == check; });
  expfmt::ParseString(format, "in.prom", input, linter, sink);
  return RenderDiagnostics(sink);
}

}  // namespace ttam::test
