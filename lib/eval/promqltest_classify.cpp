#include "eval/promqltest_classify.h"

#include <re2/re2.h>

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "promql/walk.h"

namespace ttam::eval::promqltest {
namespace {

// A selector as the classification sees it: the name and the matchers.
struct Selector {
  std::string_view name;
  const std::vector<promql::LabelMatcher>* matchers = nullptr;
};

bool MatcherMatches(const promql::LabelMatcher& m, std::string_view have) {
  switch (m.op) {
    case promql::MatchOp::kEqual:
      return have == m.value;
    case promql::MatchOp::kNotEqual:
      return have != m.value;
    case promql::MatchOp::kRegexMatch:
    case promql::MatchOp::kRegexNoMatch: {
      RE2::Options options;
      options.set_dot_nl(true);
      options.set_log_errors(false);
      RE2 re(m.value, options);
      bool match = re.ok() && RE2::FullMatch(have, re);
      return (m.op == promql::MatchOp::kRegexMatch) == match;
    }
  }
  return false;
}

bool SelectorMatches(const Selector& s, const model::Labels& labels) {
  if (!s.name.empty() && labels.MetricName() != s.name) return false;
  for (const promql::LabelMatcher& m : *s.matchers) {
    if (!MatcherMatches(m, labels.Get(m.name))) return false;
  }
  return true;
}

// Every selector of `expr`; info() also reads target_info.
std::vector<Selector> Selectors(const promql::Expr& expr) {
  static const std::vector<promql::LabelMatcher> kNoMatchers;
  std::vector<Selector> out;
  promql::Walk(expr, [&](const promql::Expr& node, std::span<const promql::Expr* const>) {
    if (const auto* vs = std::get_if<promql::VectorSelector>(&node.node)) {
      out.push_back({vs->name, &vs->matchers});
    } else if (const auto* call = std::get_if<promql::Call>(&node.node)) {
      if (call->func == "info") out.push_back({"target_info", &kNoMatchers});
    }
    return true;
  });
  return out;
}

bool AnySelected(const promql::Expr& expr, const std::vector<model::Labels>& series) {
  if (series.empty()) return false;
  for (const Selector& s : Selectors(expr)) {
    for (const model::Labels& labels : series) {
      if (SelectorMatches(s, labels)) return true;
    }
  }
  return false;
}

// The native histogram load_with_nhcb builds from a classic series: the
// name without its _bucket/_count/_sum suffix, `le` dropped.
std::optional<model::Labels> NhcbBase(const model::Labels& labels) {
  static constexpr std::array<std::string_view, 3> kSuffixes = {"_bucket", "_count", "_sum"};
  std::string_view name = labels.MetricName();
  for (std::string_view suffix : kSuffixes) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      model::LabelsBuilder b(labels);
      b.Set(model::kMetricName, name.substr(0, name.size() - suffix.size()));
      b.Del("le");
      return b.Build();
    }
  }
  return std::nullopt;
}

}  // namespace

void LoadedSeriesIndex::Add(const LoadCmd& load) {
  for (const LoadCmd::Entry& e : load.series) {
    if (e.series.has_histogram) {
      histograms_.push_back(e.series.labels);
    } else if (load.with_nhcb) {
      if (std::optional<model::Labels> base = NhcbBase(e.series.labels)) {
        histograms_.push_back(std::move(*base));
      }
    }
    if (!e.start_offsets.empty() || !load.default_start_offsets.empty()) {
      start_timestamps_.push_back(e.series.labels);
    }
  }
}

void LoadedSeriesIndex::Clear() {
  histograms_.clear();
  start_timestamps_.clear();
}

bool LoadedSeriesIndex::SelectsHistograms(const promql::Expr& expr) const {
  return AnySelected(expr, histograms_);
}

bool LoadedSeriesIndex::SelectsStartTimestamps(const promql::Expr& expr) const {
  return AnySelected(expr, start_timestamps_);
}

bool IsNativeHistogramEval(const EvalCmd& cmd, const LoadedSeriesIndex& index) {
  if (cmd.has_histogram_expectation) return true;
  return cmd.ast != nullptr && index.SelectsHistograms(*cmd.ast);
}

}  // namespace ttam::eval::promqltest
