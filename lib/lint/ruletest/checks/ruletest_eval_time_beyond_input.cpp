// ruletest/eval-time-beyond-input: an alert_rule_test, or a promql_expr_test
// whose expression names an input metric, at an eval_time more than the 5m
// lookback after the last sample of every input series of its test: no
// input sample is visible there any more. Usually the series are shorter
// than the author thought (`0+1x10` is 11 samples, 10 intervals). Within the
// lookback the last values still count (a test may mean that), and an
// expression without input metrics (`time()`) does not care.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lint/ruletest/check.h"
#include "support/units.h"

namespace ttam::lint::checks {
namespace {

// How many samples (or gaps) the expanding notation `values` stands for:
// `a`, `_`, `stale` 1; `axN`, `a+bxN`, `a-bxN` N+1; `_xN` N; histograms
// `{{...}}` likewise.
int64_t ExpandedCount(std::string_view values) {
  int64_t count = 0;
  size_t i = 0;
  while (i < values.size()) {
    if (values[i] == ' ' || values[i] == '\t' || values[i] == '\n') {
      ++i;
      continue;
    }
    size_t begin = i;
    int depth = 0;
    while (i < values.size() &&
           (depth > 0 || (values[i] != ' ' && values[i] != '\t' && values[i] != '\n'))) {
      if (values[i] == '{') ++depth;
      if (values[i] == '}' && depth > 0) --depth;
      ++i;
    }
    std::string_view token = values.substr(begin, i - begin);
    size_t x = token.rfind('x');
    bool repeated = x != std::string_view::npos && x > 0 && x + 1 < token.size() &&
                    std::all_of(token.begin() + static_cast<std::ptrdiff_t>(x) + 1, token.end(),
                                [](char c) { return c >= '0' && c <= '9'; });
    if (!repeated) {
      ++count;
      continue;
    }
    int64_t n = std::stoll(std::string(token.substr(x + 1)));
    count += token.substr(0, x) == "_" ? n : n + 1;
  }
  return count;
}

// The metric name of a series in PromQL notation (`m{a="b"}`), or "".
std::string_view SeriesMetric(std::string_view series) {
  size_t end = series.find('{');
  std::string_view name = series.substr(0, end);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  return name;
}

constexpr int64_t kLookbackMs = 5 * 60 * 1000;

int64_t DurationMs(const yaml::Node* node, int64_t fallback) {
  if (node == nullptr || !node->IsScalar()) return fallback;
  auto d = ParseDuration(node->scalar);
  return d ? d->count() : -1;
}

class RuleTestEvalTimeBeyondInput : public RuleTestCheck {
 public:
  void Run(const RuleTestLintInput& input, RuleTestReporter& out) override {
    const yaml::Node* tests = input.doc.root.Find("tests");
    if (tests == nullptr || !tests->IsSequence()) return;
    int64_t evaluation_interval = DurationMs(input.doc.root.Find("evaluation_interval"), 60000);
    for (const yaml::Node& test : tests->items) {
      if (!test.IsMap()) continue;
      // The input step: the test's interval, else evaluation_interval (3.x).
      int64_t interval = DurationMs(test.Find("interval"), evaluation_interval);
      const yaml::Node* series = test.Find("input_series");
      if (interval <= 0 || series == nullptr || !series->IsSequence()) continue;
      int64_t samples = 0;
      std::vector<std::string_view> metrics;
      for (const yaml::Node& s : series->items) {
        const yaml::Node* values = s.IsMap() ? s.Find("values") : nullptr;
        if (values != nullptr && values->IsScalar()) {
          samples = std::max(samples, ExpandedCount(values->scalar));
        }
        const yaml::Node* name = s.IsMap() ? s.Find("series") : nullptr;
        if (name != nullptr && name->IsScalar() && !SeriesMetric(name->scalar).empty()) {
          metrics.push_back(SeriesMetric(name->scalar));
        }
      }
      if (samples == 0) continue;
      int64_t end = (samples - 1) * interval;
      for (std::string_view kind : {"alert_rule_test", "promql_expr_test"}) {
        const yaml::Node* items = test.Find(kind);
        if (items == nullptr || !items->IsSequence()) continue;
        for (const yaml::Node& item : items->items) {
          const yaml::Node* at = item.IsMap() ? item.Find("eval_time") : nullptr;
          int64_t t = DurationMs(at, -1);
          if (at == nullptr || t <= end + kLookbackMs) continue;
          if (kind == "promql_expr_test") {
            const yaml::Node* expr = item.Find("expr");
            if (expr == nullptr || !expr->IsScalar() ||
                std::none_of(metrics.begin(), metrics.end(), [&](std::string_view m) {
                  return expr->scalar.find(m) != std::string::npos;
                })) {
              continue;
            }
          }
          out.Report(*at,
                     "eval_time " + std::string(at->scalar) +
                         " is more than the 5m lookback after the " + "last input sample (at " +
                         FormatDuration(end) + ": " + std::to_string(samples) + " values every " +
                         FormatDuration(interval) +
                         "), so no input is visible there; lengthen the series (e.g. "
                         "0+1x" +
                         std::to_string((t + interval - 1) / interval) + ") or move eval_time");
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<RuleTestCheck> MakeRuleTestEvalTimeBeyondInput() {
  return std::make_unique<RuleTestEvalTimeBeyondInput>();
}

}  // namespace ttam::lint::checks
