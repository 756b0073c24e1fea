#include "query_text.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <variant>
#include <vector>

#include "promapi/query.h"
#include "support/utf8.h"

namespace ttam::cli {
namespace {

constexpr const char* kSparkBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr size_t kSparklineWidth = 60;

std::string PadCells(const std::string& text, size_t width) {
  size_t shown = CountRunes(text);
  return shown >= width ? text : text + std::string(width - shown, ' ');
}

// Rows of cells, the first column padded to its widest entry; the last
// column is not padded (no trailing spaces).
void WriteQueryTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], CountRunes(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      line += i + 1 == row.size() ? row[i] : PadCells(row[i], widths[i]);
    }
    out << line << '\n';
  }
}

std::string QueryNumber(double v) { return promapi::FormatApiFloat(v); }

// One entry per step from start to end: the point's value, or `_`.
std::string StepValues(const eval::MatrixSeries& series, const QueryTextOptions& o) {
  std::string out;
  size_t next = 0;
  for (int64_t t = o.start_ms; t <= o.end_ms; t += o.step_ms) {
    if (!out.empty()) out += ' ';
    while (next < series.floats.size() && series.floats[next].t < t) ++next;
    if (next < series.floats.size() && series.floats[next].t == t) {
      out += QueryNumber(series.floats[next].v);
      ++next;
    } else {
      out += '_';
    }
  }
  return out;
}

// `v @t` pairs, for a range vector returned by an instant query.
std::string TimedValues(const eval::MatrixSeries& series) {
  std::string out;
  for (const eval::Sample& p : series.floats) {
    if (!out.empty()) out += "  ";
    out += QueryNumber(p.v) + " @" + promapi::FormatApiTime(p.t);
  }
  return out;
}

}  // namespace

std::string Sparkline(const eval::MatrixSeries& series, int64_t start_ms, int64_t end_ms,
                      int64_t step_ms, size_t width) {
  if (step_ms <= 0 || end_ms < start_ms || width == 0) return "";
  size_t steps = static_cast<size_t>((end_ms - start_ms) / step_ms) + 1;
  size_t cells = std::min(steps, width);
  std::vector<std::optional<double>> cell(cells);
  double lo = INFINITY, hi = -INFINITY;
  for (const eval::Sample& p : series.floats) {
    if (p.t < start_ms || p.t > end_ms) continue;
    size_t k = static_cast<size_t>((p.t - start_ms) / step_ms);
    cell[k * cells / steps] = p.v;
    if (std::isfinite(p.v)) {
      lo = std::min(lo, p.v);
      hi = std::max(hi, p.v);
    }
  }
  std::string out;
  for (const auto& v : cell) {
    if (!v) {
      out += ' ';
    } else if (!std::isfinite(*v)) {
      out += '?';
    } else if (hi == lo) {
      out += kSparkBlocks[3];
    } else {
      double level = std::round((*v - lo) / (hi - lo) * 7);
      out += kSparkBlocks[static_cast<size_t>(std::clamp(level, 0.0, 7.0))];
    }
  }
  return out;
}

void WriteQueryText(const eval::Value& value, const QueryTextOptions& options, std::ostream& out) {
  if (const auto* s = std::get_if<eval::Scalar>(&value)) {
    out << QueryNumber(s->v) << '\n';
    return;
  }
  if (const auto* str = std::get_if<eval::String>(&value)) {
    out << str->v << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  if (const auto* vector = std::get_if<eval::Vector>(&value)) {
    if (vector->empty()) {
      out << "(no series)\n";
      return;
    }
    rows.push_back({"SERIES", "VALUE"});
    for (const eval::VectorSample& s : *vector) {
      rows.push_back({model::FormatMetric(s.labels), QueryNumber(s.v)});
    }
    WriteQueryTable(rows, out);
    return;
  }
  const auto& matrix = std::get<eval::Matrix>(value);
  if (matrix.empty()) {
    out << "(no series)\n";
    return;
  }
  bool stepped = options.step_ms > 0;
  if (stepped && options.sparkline) {
    rows.push_back({"SERIES", "POINTS", "MIN", "MAX", "LAST"});
  } else {
    rows.push_back({"SERIES", "VALUES"});
  }
  for (const eval::MatrixSeries& series : matrix) {
    std::string name = model::FormatMetric(series.labels);
    if (!stepped) {
      rows.push_back({name, TimedValues(series)});
    } else if (options.sparkline) {
      double lo = INFINITY, hi = -INFINITY;
      for (const eval::Sample& p : series.floats) {
        if (std::isnan(p.v)) continue;
        lo = std::min(lo, p.v);
        hi = std::max(hi, p.v);
      }
      std::string last = series.floats.empty() ? "" : QueryNumber(series.floats.back().v);
      bool any = lo <= hi;
      rows.push_back(
          {name,
           Sparkline(series, options.start_ms, options.end_ms, options.step_ms, kSparklineWidth),
           any ? QueryNumber(lo) : "NaN", any ? QueryNumber(hi) : "NaN", last});
    } else {
      rows.push_back({name, StepValues(series, options)});
    }
  }
  WriteQueryTable(rows, out);
}

}  // namespace ttam::cli
