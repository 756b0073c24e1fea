#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace ttam::diag {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

bool ParseSeverity(std::string_view text, Severity* out) {
  if (text == "error") {
    *out = Severity::kError;
  } else if (text == "warning") {
    *out = Severity::kWarning;
  } else if (text == "info") {
    *out = Severity::kInfo;
  } else {
    return false;
  }
  return true;
}

void Summary::Add(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      ++infos;
      break;
    case Severity::kWarning:
      ++warnings;
      break;
    case Severity::kError:
      ++errors;
      break;
  }
}

void Summary::Add(Severity severity, std::string_view check) {
  Add(severity);
  if (check.empty()) return;
  auto it = per_check.find(check);
  if (it == per_check.end()) it = per_check.emplace(std::string(check), 0).first;
  ++it->second;
}

uint64_t Summary::AtOrAbove(Severity severity) const {
  uint64_t n = errors;
  if (severity <= Severity::kWarning) n += warnings;
  if (severity <= Severity::kInfo) n += infos;
  return n;
}

void ReportInFileOrder(std::vector<Diagnostic> diagnostics, Sink& sink) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
                   });
  for (Diagnostic& d : diagnostics) sink.Report(std::move(d));
}

}  // namespace ttam::diag
