#include "test_promql_output.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace ttam::cli {
namespace {

using eval::promqltest::EvalOutcome;
using eval::promqltest::EvalStatus;

std::string_view StatusName(EvalStatus status) {
  switch (status) {
    case EvalStatus::kPassed:
      return "passed";
    case EvalStatus::kFailed:
      return "failed";
    case EvalStatus::kSkipped:
      return "skipped";
  }
  return "";
}

}  // namespace

std::string CountsLine(const std::vector<const EvalOutcome*>& evals) {
  int passed = 0, failed = 0, skipped = 0;
  std::map<std::string, int> reasons;
  for (const EvalOutcome* e : evals) {
    switch (e->status) {
      case EvalStatus::kPassed:
        ++passed;
        break;
      case EvalStatus::kFailed:
        ++failed;
        break;
      case EvalStatus::kSkipped:
        ++skipped;
        ++reasons[e->reason];
        break;
    }
  }
  std::string out = std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " +
                    std::to_string(skipped) + " skipped";
  if (reasons.empty()) return out;
  std::vector<std::pair<std::string, int>> sorted(reasons.begin(), reasons.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  out += " (";
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(sorted[i].second) + " " + sorted[i].first;
  }
  return out + ")";
}

nlohmann::ordered_json TestPromqlJson(const std::vector<TestedFile>& files) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  int passed = 0, failed = 0, skipped = 0;
  for (const TestedFile& f : files) {
    nlohmann::ordered_json evals = nlohmann::ordered_json::array();
    for (const EvalOutcome& e : f.outcome.evals) {
      evals.push_back({{"line", e.line},
                       {"status", StatusName(e.status)},
                       {"reason", e.reason},
                       {"message", e.message}});
    }
    int p = f.outcome.Count(EvalStatus::kPassed);
    int fl = f.outcome.Count(EvalStatus::kFailed);
    int s = f.outcome.Count(EvalStatus::kSkipped);
    passed += p;
    failed += fl;
    skipped += s;
    list.push_back(
        {{"file", f.path}, {"passed", p}, {"failed", fl}, {"skipped", s}, {"evals", evals}});
  }
  return {{"files", list},
          {"summary", {{"passed", passed}, {"failed", failed}, {"skipped", skipped}}}};
}

}  // namespace ttam::cli
