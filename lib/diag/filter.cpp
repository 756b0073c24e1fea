#include "diag/filter.h"

#include <algorithm>
#include <tuple>

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

// More severe first, then file order, then arrival.
bool HeldBefore(const std::pair<uint64_t, Diagnostic>& a,
                const std::pair<uint64_t, Diagnostic>& b) {
  if (a.second.severity != b.second.severity) return a.second.severity > b.second.severity;
  return std::tie(a.second.path, a.second.line, a.second.column, a.first) <
         std::tie(b.second.path, b.second.line, b.second.column, b.first);
}

void KeepBest(std::vector<std::pair<uint64_t, Diagnostic>>& held, uint64_t n) {
  if (held.size() <= n) return;
  std::nth_element(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(n), held.end(),
                   HeldBefore);
  held.erase(held.begin() + static_cast<std::ptrdiff_t>(n), held.end());
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

bool FilterSink::AllDisabled() const {
  return std::find(disabled_.begin(), disabled_.end(), "*") != disabled_.end();
}

void FilterSink::Report(Diagnostic diagnostic) {
  if (IsDisabled(diagnostic.check)) return;
  // Findings beyond --max-findings are not shown but still count, so the
  // exit code does not depend on which findings were shown.
  summary_.Add(diagnostic.severity, diagnostic.check);
  if (max_findings_ == 0) {
    next_.Report(std::move(diagnostic));
    return;
  }
  held_.emplace_back(seen_++, std::move(diagnostic));
  // Memory stays bounded by the limit, not by the number of findings.
  if (held_.size() >= 2 * max_findings_) KeepBest(held_, max_findings_);
}

void FilterSink::Flush() {
  if (max_findings_ == 0) return;
  KeepBest(held_, max_findings_);
  std::sort(held_.begin(), held_.end(), HeldBefore);
  summary_.suppressed = seen_ - held_.size();
  for (auto& [seq, d] : held_) next_.Report(std::move(d));
  held_.clear();
}

}  // namespace ttam::diag
