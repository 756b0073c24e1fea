// Parsing and lazy appending of a test group's input_series.

#include "ruletest/series_input.h"

#include <algorithm>
#include <bit>
#include <cstdint>
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
                                   int64_t step_ms, size_t* failed) {
  LazyInput input;
  std::map<model::Labels, size_t> index;
  for (size_t i = 0; i < series.size(); ++i) {
    // promtool writes `  <series> <values>` into a load block; the loader trims each line.
    std::string line = TrimSpace(series[i].series + " " + series[i].values);
    auto parsed = eval::promqltest::ParseSeriesDesc(line);
    if (failed != nullptr) *failed = i;
    if (auto* e = std::get_if<eval::promqltest::ParseError>(&parsed)) {
      return Error{std::to_string(i + 1) + ":" + std::to_string(e->column) +
                   ": parse error: " + e->message};
    }
    auto& desc = std::get<eval::promqltest::SeriesDesc>(parsed);
    InputSamples s;
    s.labels = desc.labels;
    s.values.reserve(desc.values.size());
    s.histograms = std::move(desc.histograms);
    for (const eval::promqltest::SeqValue& v : desc.values) {
      switch (v.kind) {
        case eval::promqltest::SeqValue::Kind::kFloat:
          s.values.push_back(v.value);
          break;
        case eval::promqltest::SeqValue::Kind::kOmitted:
          s.values.push_back(std::bit_cast<double>(kOmittedBits));
          break;
        case eval::promqltest::SeqValue::Kind::kHistogram:
          s.values.push_back(std::bit_cast<double>(kHistogramTag | v.histogram));
          break;
      }
    }
    auto [it, inserted] = index.emplace(s.labels, input.series_.size());
    if (inserted) {
      input.series_.push_back(std::move(s));
    } else {
      input.series_[it->second] = std::move(s);
    }
  }
  input.next_.assign(input.series_.size(), 0);
  input.start_ms_ = start_ms;
  input.step_ms_ = step_ms;
  return input;
}

Status LazyInput::AppendTill(int64_t t_ms, eval::Storage& storage) {
  if (storage_ != &storage) {
    target_.assign(series_.size(), nullptr);
    storage_ = &storage;
  }
  if (t_ms < start_ms_) return Ok();
  // The values with start + k·step <= t_ms.
  const size_t upto =
      step_ms_ <= 0 ? SIZE_MAX : static_cast<size_t>((t_ms - start_ms_) / step_ms_) + 1;
  for (size_t i = 0; i < series_.size(); ++i) {
    const std::vector<double>& values = series_[i].values;
    size_t& next = next_[i];
    const size_t end = std::min(upto, values.size());
    for (; next < end; ++next) {
      double v = values[next];
      if (std::bit_cast<uint64_t>(v) == kOmittedBits) continue;
      if (target_[i] == nullptr) {
        target_[i] = &storage.SeriesFor(series_[i].labels);
        eval::Storage::Reserve(*target_[i], values.size());
      }
      const int64_t t = start_ms_ + static_cast<int64_t>(next) * step_ms_;
      const uint64_t bits = std::bit_cast<uint64_t>(v);
      Status st = (bits & kHistogramTagMask) == kHistogramTag
                      ? storage.AppendHistogramTo(*target_[i], t,
                                                  series_[i].histograms[bits & ~kHistogramTagMask])
                      : storage.AppendTo(*target_[i], t, v);
      if (!st) return st;
    }
  }
  return Ok();
}

}  // namespace ttam::ruletest
