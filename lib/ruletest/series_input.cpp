// Parsing and lazy appending of a test group's input_series.

#include "ruletest/series_input.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
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
    s.count = desc.values.size();
    s.histograms = std::move(desc.histograms);
    s.arithmetic = true;
    for (size_t k = 0; k < desc.values.size() && s.arithmetic; ++k) {
      const eval::promqltest::SeqValue& v = desc.values[k];
      if (v.kind != eval::promqltest::SeqValue::Kind::kFloat) {
        s.arithmetic = false;
      } else if (k == 0) {
        s.first = v.value;
      } else {
        if (k == 1) s.delta = v.value - s.first;
        s.arithmetic = std::bit_cast<uint64_t>(desc.values[k - 1].value + s.delta) ==
                       std::bit_cast<uint64_t>(v.value);
      }
    }
    if (!s.arithmetic) {
      s.first = s.delta = 0;
      s.values.reserve(desc.values.size());
      bool floats = true;
      for (const eval::promqltest::SeqValue& v : desc.values) {
        double d = v.kind == eval::promqltest::SeqValue::Kind::kFloat ? v.value
                   : v.kind == eval::promqltest::SeqValue::Kind::kOmitted
                       ? std::bit_cast<double>(kOmittedBits)
                       : std::bit_cast<double>(kHistogramTag | v.histogram);
        s.values.push_back(d);
        // Exactly a float: converting there and back keeps every bit (not
        // true of NaN payloads, so markers stay doubles).
        floats = floats && !(std::fabs(d) > std::numeric_limits<float>::max()) &&
                 std::bit_cast<uint64_t>(static_cast<double>(static_cast<float>(d))) ==
                     std::bit_cast<uint64_t>(d);
      }
      if (floats) {
        s.floats.assign(s.values.begin(), s.values.end());
        s.values = std::vector<double>();
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
  input.current_.resize(input.series_.size());
  for (size_t i = 0; i < input.series_.size(); ++i) input.current_[i] = input.series_[i].first;
  input.start_ms_ = start_ms;
  input.step_ms_ = step_ms;
  return input;
}

Status LazyInput::AppendTill(int64_t t_ms, eval::Storage& storage, bool reserve_whole) {
  if (storage_ != &storage) {
    target_.assign(series_.size(), nullptr);
    storage_ = &storage;
  }
  if (t_ms < start_ms_) return Ok();
  // The values with start + k·step <= t_ms.
  const size_t upto =
      step_ms_ <= 0 ? SIZE_MAX : static_cast<size_t>((t_ms - start_ms_) / step_ms_) + 1;
  for (size_t i = 0; i < series_.size(); ++i) {
    const InputSamples& series = series_[i];
    size_t& next = next_[i];
    const size_t end = std::min(upto, series.count);
    for (; next < end; ++next) {
      double v;
      if (series.arithmetic) {
        // The value at `next`, then the one after it: the additions the
        // expansion made, so the bits are the parsed ones (checked in Parse).
        v = current_[i];
        current_[i] = v + series.delta;
      } else {
        v = series.At(next);
        if (std::bit_cast<uint64_t>(v) == kOmittedBits) continue;
      }
      if (target_[i] == nullptr) {
        target_[i] = &storage.SeriesFor(series.labels);
        if (reserve_whole) eval::Storage::Reserve(*target_[i], series.count);
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
