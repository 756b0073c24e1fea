#pragma once

// What tests of check registries share: the check-id grammar and
// man/ttam-checks.7, where every id has a section that opens with its
// default severity.
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"

namespace ttam::test {

/// [a-z0-9]+ words joined by single '-'.
inline bool IsKebab(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  char prev = 0;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

/// `<group>/<name>`, both kebab-case.
inline bool IsCheckId(std::string_view id) {
  size_t slash = id.find('/');
  if (slash == std::string_view::npos) return false;
  return IsKebab(id.substr(0, slash)) && IsKebab(id.substr(slash + 1));
}

/// The text of man/ttam-checks.7 (empty when it cannot be read).
inline std::string ReadChecksPage() {
  std::ifstream in(std::string(TTAM_SOURCE_DIR) + "/man/ttam-checks.7");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The opening of `id`'s section in ttam-checks.7: its heading, and its
/// default severity line when `severity` is given.
inline std::string ChecksPageSection(std::string_view id) {
  return "\n.SS " + std::string(id) + "\n";
}
inline std::string ChecksPageSection(std::string_view id, diag::Severity severity) {
  return ChecksPageSection(id) + "Default severity: \\fB" +
         std::string(diag::SeverityName(severity)) + "\\fR.\n";
}

}  // namespace ttam::test
