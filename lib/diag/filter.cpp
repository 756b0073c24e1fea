#include "diag/filter.h"

namespace ttam::diag {

namespace {

// Ids are a public contract: a renamed check keeps its old id here for good,
// so that existing --disable flags and comments keep working.
constexpr RenamedCheck kRenamed[] = {
    // Rule files' structure errors came from the config schema reader.
    {"rules/unknown-field", "config/unknown-field"},
    {"rules/type", "config/type"},
    {"rules/value", "config/value"},
};

bool MatchesId(std::string_view pattern, std::string_view check) {
  if (pattern == "*" || pattern == check) return true;
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == "/*") {
    std::string_view group = pattern.substr(0, pattern.size() - 1);  // keeps the '/'
    return check.substr(0, group.size()) == group;
  }
  return false;
}

}  // namespace

std::span<const RenamedCheck> RenamedChecks() { return kRenamed; }

bool CheckMatches(std::string_view pattern, std::string_view check) {
  if (MatchesId(pattern, check)) return true;
  for (const RenamedCheck& renamed : kRenamed) {
    if (renamed.id == check && MatchesId(pattern, renamed.old_id)) return true;
  }
  return false;
}

bool FilterSink::IsDisabled(std::string_view check) const {
  for (const auto& pattern : disabled_) {
    if (CheckMatches(pattern, check)) return true;
  }
  return false;
}

void FilterSink::Report(Diagnostic diagnostic) {
  if (IsDisabled(diagnostic.check)) return;
  // Findings beyond --max-findings are not shown but still count, so the
  // exit code does not depend on which findings happened to come first.
  summary_.Add(diagnostic.severity);
  if (max_findings_ != 0 && forwarded_ >= max_findings_) {
    ++summary_.suppressed;
    return;
  }
  ++forwarded_;
  next_.Report(std::move(diagnostic));
}

}  // namespace ttam::diag
