// Parsing and lazy appending of a test group's input_series.

#include "ruletest/series_input.h"

#include <map>
#include <variant>

#include "eval/promqltest.h"

namespace ttam::ruletest {
namespace {

bool IsTrimSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string TrimSpace(std::string s) {
  size_t b = 0, e = s.size();
  while (b < e && IsTrimSpace(s[b])) ++b;
  while (e > b && IsTrimSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace

Result<LazyInput> LazyInput::Parse(const std::vector<InputSeries>& series, int64_t start_ms,
                                   int64_t step_ms) {
  LazyInput input;
  std::map<model::Labels, size_t> index;
  for (size_t i = 0; i < series.size(); ++i) {
    // promtool writes `  <series> <values>` into a load block; the loader trims each line.
    std::string line = TrimSpace(series[i].series + " " + series[i].values);
    auto parsed = eval::promqltest::ParseSeriesDesc(line);
    if (auto* e = std::get_if<eval::promqltest::ParseError>(&parsed)) {
      return Error{std::to_string(i + 1) + ":" + std::to_string(e->column) +
                   ": parse error: " + e->message};
    }
    auto& desc = std::get<eval::promqltest::SeriesDesc>(parsed);
    if (desc.has_histogram) {
      return Error{"native histograms: input series " + desc.labels.ToString() +
                   " has histogram values; native histograms are not supported yet"};
    }
    InputSamples s;
    s.labels = desc.labels;
    for (size_t k = 0; k < desc.values.size(); ++k) {
      const eval::promqltest::SeqValue& v = desc.values[k];
      if (v.kind != eval::promqltest::SeqValue::Kind::kFloat) continue;
      s.samples.push_back(eval::Sample{start_ms + static_cast<int64_t>(k) * step_ms, v.value});
    }
    auto [it, inserted] = index.emplace(s.labels, input.series_.size());
    if (inserted) {
      input.series_.push_back(std::move(s));
    } else {
      input.series_[it->second] = std::move(s);
    }
  }
  input.next_.assign(input.series_.size(), 0);
  return input;
}

Status LazyInput::AppendTill(int64_t t_ms, eval::Storage& storage) {
  for (size_t i = 0; i < series_.size(); ++i) {
    const InputSamples& s = series_[i];
    size_t& next = next_[i];
    if (next >= s.samples.size() || s.samples[next].t > t_ms) continue;
    if (storage_ != &storage) {
      target_.assign(series_.size(), nullptr);
      storage_ = &storage;
    }
    if (target_[i] == nullptr) target_[i] = &storage.SeriesFor(s.labels);
    eval::Series& target = *target_[i];
    for (; next < s.samples.size() && s.samples[next].t <= t_ms; ++next) {
      Status st = storage.AppendTo(target, s.samples[next].t, s.samples[next].v);
      if (!st) return st;
    }
  }
  return Ok();
}

}  // namespace ttam::ruletest
