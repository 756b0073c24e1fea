#pragma once

// Findings as table tests compare them: one line per finding
// (`path:line:col: severity: message [check]`), its notes indented below
// (`  note: path:line:col: message`).
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace ttam::test {

inline std::string RenderFindings(const std::vector<diag::Diagnostic>& diagnostics) {
  std::string out;
  for (const diag::Diagnostic& d : diagnostics) {
    out += d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
           std::string(diag::SeverityName(d.severity)) + ": " + d.message + " [" + d.check + "]\n";
    for (const diag::Note& n : d.notes) {
      out += "  note: " + n.path + ":" + std::to_string(n.line) + ":" + std::to_string(n.column) +
             ": " + n.message + "\n";
    }
  }
  return out;
}

}  // namespace ttam::test
