#include "diag/diagnostic.h"

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

uint64_t Summary::AtOrAbove(Severity severity) const {
  uint64_t n = errors;
  if (severity <= Severity::kWarning) n += warnings;
  if (severity <= Severity::kInfo) n += infos;
  return n;
}

}  // namespace ttam::diag
