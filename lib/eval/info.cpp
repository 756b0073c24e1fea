#include "eval/info.h"

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eval/querier_range.h"
#include "model/labels.h"

namespace ttam::eval {
namespace {

constexpr std::string_view kTargetInfo = "target_info";

// The labels upstream identifies an info series' target by, hard coded as there.
constexpr std::array<std::string_view, 2> kIdentifyingLabels = {"instance", "job"};

// The identifying labels a series has (absent ones left out): a base series
// and an info series join when these are equal.
model::Labels Identity(const model::Labels& labels) {
  std::vector<model::Label> out;
  for (std::string_view name : kIdentifyingLabels) {
    std::string_view v = labels.Get(name);
    if (!v.empty()) out.push_back({std::string(name), std::string(v)});
  }
  return model::Labels::FromUnsorted(std::move(out));
}

bool AllMatch(std::span<const Matcher> matchers, std::string_view value) {
  for (const Matcher& m : matchers) {
    if (!m.Matches(value)) return false;
  }
  return true;
}

bool IsPositive(const Matcher& m) {
  return m.op() == promql::MatchOp::kEqual || m.op() == promql::MatchOp::kRegexMatch;
}

Matcher MustMake(std::string_view name, promql::MatchOp op, std::string_view value) {
  // Both patterns used here are valid, so Make cannot fail.
  return *Matcher::Make(std::string(name), op, std::string(value));
}

// The reference time of the first selector under `e`, pre-order, children
// in order; `time` is the time `e` is evaluated at.
std::optional<int64_t> FirstSelectorTime(const promql::Expr& e, int64_t time, int64_t start,
                                         int64_t end) {
  if (const auto* vs = std::get_if<promql::VectorSelector>(&e.node))
    return (vs->at ? AtModifierTime(*vs->at, start, end) : time) - vs->offset_ms;
  if (const auto* sq = std::get_if<promql::SubqueryExpr>(&e.node)) {
    if (!sq->expr) return std::nullopt;
    int64_t inner = (sq->at ? AtModifierTime(*sq->at, start, end) : time) - sq->offset_ms;
    return FirstSelectorTime(*sq->expr, inner, start, end);
  }
  std::optional<int64_t> found;
  promql::ForEachChild(e.node, [&](const promql::ExprPtr& child) {
    if (!found && child) found = FirstSelectorTime(*child, time, start, end);
  });
  return found;
}

// The info series chosen for one identity and info metric: the one with the newest sample.
struct Chosen {
  const Series* series = nullptr;
  int64_t t = 0;
};

using ChosenKey = std::pair<model::Labels, std::string>;  // Identity, info metric name.

}  // namespace

int64_t InfoReferenceTime(const promql::Expr& arg, int64_t t, int64_t start, int64_t end) {
  return FirstSelectorTime(arg, t, start, end).value_or(t);
}

Result<Vector> EvalInfo(const Vector& base, const Storage& storage,
                        std::span<const Matcher> selector, bool has_selector, int64_t ref,
                        int64_t lookback_ms) {
  const std::string name_label(model::kMetricName);
  std::vector<Matcher> name_matchers;
  std::vector<Matcher> data_matchers;
  if (has_selector) {
    for (const Matcher& m : selector)
      (m.name() == name_label ? name_matchers : data_matchers).push_back(m);
  }
  // Without __name__ matchers the info metric is target_info; with only
  // negative ones, the names must still look like info metrics'.
  if (name_matchers.empty())
    name_matchers.push_back(MustMake(name_label, promql::MatchOp::kEqual, kTargetInfo));
  bool any_positive = false;
  for (const Matcher& m : name_matchers) any_positive = any_positive || IsPositive(m);
  if (!any_positive) {
    name_matchers.insert(name_matchers.begin(),
                         MustMake(name_label, promql::MatchOp::kRegexMatch, ".+_info"));
  }
  std::set<std::string> data_names;
  for (const Matcher& m : data_matchers) data_names.insert(m.name());
  bool data_needs_value = false;
  for (const Matcher& m : data_matchers) data_needs_value = data_needs_value || !m.Matches("");

  // Info series among the base series pass through; the others are enriched
  // when they have an identifying label.
  std::vector<bool> ignored(base.size());
  std::set<model::Labels> identities;
  for (size_t i = 0; i < base.size(); ++i) {
    ignored[i] = AllMatch(name_matchers, base[i].labels.MetricName());
    if (ignored[i]) continue;
    model::Labels id = Identity(base[i].labels);
    if (!id.empty()) identities.insert(std::move(id));
  }

  std::map<ChosenKey, Chosen> chosen;
  if (!identities.empty()) {
    std::vector<Matcher> all = name_matchers;
    all.insert(all.end(), data_matchers.begin(), data_matchers.end());
    for (const Series* s : storage.Select(all)) {
      model::Labels id = Identity(s->labels());
      if (!identities.contains(id)) continue;
      std::span<const Sample> w = s->Window(ref - lookback_ms, ref);
      if (w.empty() || IsStaleNaN(w.back().v)) continue;
      int64_t t = w.back().t;
      auto [it, inserted] =
          chosen.try_emplace({std::move(id), std::string(s->labels().MetricName())}, Chosen{s, t});
      if (inserted || it->second.t > t) continue;
      if (it->second.t == t) {
        return Error{"found duplicate series for info metric: existing " +
                     it->second.series->labels().ToString() + " @ " + std::to_string(t) + ", new " +
                     s->labels().ToString() + " @ " + std::to_string(t)};
      }
      it->second = Chosen{s, t};
    }
  }

  Vector out;
  for (size_t i = 0; i < base.size(); ++i) {
    const VectorSample& b = base[i];
    if (ignored[i]) {
      out.push_back(b);
      continue;
    }
    model::Labels id = Identity(b.labels);
    model::LabelsBuilder added;
    std::set<std::string> present;  // Data labels the result has, from the base or an info series.
    bool matched = false;
    if (!id.empty()) {
      for (auto it = chosen.lower_bound({id, ""}); it != chosen.end() && it->first.first == id;
           ++it) {
        matched = true;
        for (const model::Label& l : it->second.series->labels()) {
          if (l.name == name_label) continue;
          if (b.labels.Has(l.name)) {
            present.insert(l.name);
            continue;
          }
          if (!data_names.empty() && !data_names.contains(l.name)) continue;
          std::string_view have = added.Get(l.name);
          if (!have.empty() && have != l.value) return Error{"conflicting label: " + l.name};
          added.Set(l.name, l.value);
          present.insert(l.name);
        }
      }
    }
    if (!matched) {
      if (!data_needs_value) out.push_back(b);
      continue;
    }
    bool missing = false;
    for (const Matcher& m : data_matchers)
      missing = missing || (!present.contains(m.name()) && !m.Matches(""));
    if (missing) continue;
    model::LabelsBuilder result(b.labels);
    for (const model::Label& l : added.Build()) result.Set(l.name, l.value);
    VectorSample enriched = b;  // Keeps whatever else the sample carries.
    enriched.labels = result.Build();
    out.push_back(std::move(enriched));
  }
  return out;
}

}  // namespace ttam::eval
