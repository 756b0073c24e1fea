#include "eval/promqltest_compare.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "support/number.h"

namespace ttam::eval::promqltest {
namespace {

std::string SeqValueText(const SeqValue& v) {
  switch (v.kind) {
    case SeqValue::Kind::kFloat:
      return FormatGoPercentF(v.value);  // parser.SequenceValue's String
    case SeqValue::Kind::kOmitted:
      return "_";
    case SeqValue::Kind::kHistogram:
      return "{{histogram}}";
  }
  return "";
}

// upstream's entry.String(): `<pos>: [<values>]`.
std::string EntryText(const ExpectedSeries& e) {
  std::string out = std::to_string(e.position) + ": [";
  for (size_t i = 0; i < e.series.values.size(); ++i) {
    if (i > 0) out += " ";
    out += SeqValueText(e.series.values[i]);
  }
  return out + "]";
}

// upstream keys expected series by label hash, so a later line with the
// same labels replaces an earlier one.
const ExpectedSeries* FindExpected(const EvalCmd& cmd, const model::Labels& labels) {
  for (auto it = cmd.series.rbegin(); it != cmd.series.rend(); ++it) {
    if (it->series.labels == labels) return &*it;
  }
  return nullptr;
}

bool IsLastWithLabels(const EvalCmd& cmd, const ExpectedSeries& e) {
  return FindExpected(cmd, e.series.labels) == &e;
}

// upstream's formatSeriesResult: `2 float points [1 @[0] 2 @[60000]] and 0 histogram points []`.
std::string SeriesResultText(const MatrixSeries& s) {
  std::string out =
      std::to_string(s.floats.size()) + " float point" + (s.floats.size() == 1 ? "" : "s") + " [";
  for (size_t i = 0; i < s.floats.size(); ++i) {
    if (i > 0) out += " ";
    out += GoFloat(s.floats[i].v) + " @[" + std::to_string(s.floats[i].t) + "]";
  }
  return out + "] and 0 histogram points []";
}

std::string VectorText(const Vector& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += "\n";
    out += v[i].labels.ToString() + " => " + GoFloat(v[i].v) + " @[" + std::to_string(v[i].t) + "]";
  }
  return out;
}

std::string MatrixText(const Matrix& m) {
  std::string out;
  for (size_t i = 0; i < m.size(); ++i) {
    if (i > 0) out += "\n";
    out += m[i].labels.ToString() + " =>";
    for (const Sample& p : m[i].floats) {
      out += "\n" + GoFloat(p.v) + " @[" + std::to_string(p.t) + "]";
    }
  }
  return out;
}

std::string CompareMatrix(const EvalCmd& cmd, const Matrix& got, const ExpectedGrid& grid) {
  if (cmd.Ordered()) return "expected ordered result, but query returned a matrix";
  if (cmd.expected_scalar) return "expected scalar result, but got matrix " + MatrixText(got);
  if (std::string unsorted = CheckMatrixSorted(got); !unsorted.empty()) return unsorted;
  std::set<const ExpectedSeries*> seen;
  for (const MatrixSeries& s : got) {
    const ExpectedSeries* e = FindExpected(cmd, s.labels);
    if (e == nullptr) {
      return "unexpected metric " + s.labels.ToString() + " in result, has " + SeriesResultText(s);
    }
    seen.insert(e);
    std::vector<Sample> want;
    for (size_t i = 0; i < e->series.values.size(); ++i) {
      int64_t t = grid.start_ms + static_cast<int64_t>(i) * grid.step_ms;
      if (t > grid.end_ms) {
        return "expected " + std::to_string(e->series.values.size()) + " points for " +
               s.labels.ToString() + ", but query time range cannot return this many points";
      }
      const SeqValue& v = e->series.values[i];
      if (v.kind == SeqValue::Kind::kFloat) want.push_back({t, v.value});
    }
    if (want.size() != s.floats.size()) {
      return "expected " + std::to_string(want.size()) +
             " float points and 0 histogram points for " + s.labels.ToString() + ", but got " +
             SeriesResultText(s);
    }
    for (size_t i = 0; i < want.size(); ++i) {
      const Sample& actual = s.floats[i];
      if (want[i].t != actual.t) {
        return "expected float value at index " + std::to_string(i) + " for " +
               s.labels.ToString() + " to have timestamp " + std::to_string(want[i].t) +
               ", but it had timestamp " + std::to_string(actual.t) + " (result has " +
               SeriesResultText(s) + ")";
      }
      if (!AlmostEqual(actual.v, want[i].v)) {
        return "expected float value at index " + std::to_string(i) +
               " (t=" + std::to_string(actual.t) + ") for " + s.labels.ToString() + " to be " +
               GoFloat(want[i].v) + ", but got " + GoFloat(actual.v) + " (result has " +
               SeriesResultText(s) + ")";
      }
    }
  }
  for (const ExpectedSeries& e : cmd.series) {
    if (IsLastWithLabels(cmd, e) && !seen.contains(&e)) {
      return "expected metric " + e.series.labels.ToString() + " not found";
    }
  }
  return "";
}

std::string CompareVector(const EvalCmd& cmd, const Vector& got) {
  if (cmd.expected_scalar) return "expected scalar result, but got vector " + VectorText(got);
  std::set<const ExpectedSeries*> seen;
  for (size_t pos = 0; pos < got.size(); ++pos) {
    const VectorSample& s = got[pos];
    const ExpectedSeries* e = FindExpected(cmd, s.labels);
    if (e == nullptr) {
      return "unexpected metric " + s.labels.ToString() + " in result, has value " + GoFloat(s.v);
    }
    if (cmd.Ordered() && e->position != static_cast<int>(pos) + 1) {
      return "expected metric " + s.labels.ToString() + " with " + EntryText(*e) + " at position " +
             std::to_string(e->position) + " but was at " + std::to_string(pos + 1);
    }
    // An expected `_` reads as the value 0, as upstream's SequenceValue does.
    double want = 0;
    if (!e->series.values.empty() && e->series.values[0].kind == SeqValue::Kind::kFloat) {
      want = e->series.values[0].value;
    }
    if (!AlmostEqual(want, s.v)) {
      return "expected " + GoFloat(want) + " for " + s.labels.ToString() + " but got " +
             GoFloat(s.v);
    }
    seen.insert(e);
  }
  for (const ExpectedSeries& e : cmd.series) {
    if (IsLastWithLabels(cmd, e) && !seen.contains(&e)) {
      return "expected metric " + e.series.labels.ToString() + " with " + EntryText(e) +
             " not found";
    }
  }
  return "";
}

}  // namespace

bool AlmostEqual(double a, double b, double epsilon) {
  if (IsStaleNaN(a) || IsStaleNaN(b)) return IsStaleNaN(a) && IsStaleNaN(b);
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  constexpr double kMinNormal = std::numeric_limits<double>::min();
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || std::fabs(a) + std::fabs(b) < kMinNormal)
    return diff < epsilon * kMinNormal;
  return diff / std::min(std::fabs(a) + std::fabs(b), std::numeric_limits<double>::max()) < epsilon;
}

std::string GoFloat(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  // Shortest digits in scientific form, then laid out as Go's %v does.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, end);
  size_t e_at = sci.find('e');
  std::string mantissa = sci.substr(0, e_at);
  int exp = std::stoi(sci.substr(e_at + 1));
  bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  std::string out;
  if (exp < -4 || exp >= 21) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exp < 0 ? "e-" : "e+";
    int a = exp < 0 ? -exp : exp;
    if (a < 10) out += "0";
    out += std::to_string(a);
  } else if (exp < 0) {
    out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
  } else if (static_cast<size_t>(exp) + 1 >= digits.size()) {
    out = digits + std::string(static_cast<size_t>(exp) + 1 - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<size_t>(exp) + 1) + "." +
          digits.substr(static_cast<size_t>(exp) + 1);
  }
  return negative ? "-" + out : out;
}

std::string CheckMatrixSorted(const Matrix& m) {
  for (size_t i = 0; i + 1 < m.size(); ++i) {
    if (m[i].labels > m[i + 1].labels) {
      return "matrix results should always be sorted by labels, but matrix is not sorted: series "
             "at index " +
             std::to_string(i + 1) + " with labels " + m[i + 1].labels.ToString() +
             " sorts before series at index " + std::to_string(i) + " with labels " +
             m[i].labels.ToString();
    }
  }
  return "";
}

std::string CompareResult(const EvalCmd& cmd, const Value& got, const ExpectedGrid& grid) {
  if (const auto* s = std::get_if<Scalar>(&got)) {
    if (!cmd.expected_scalar) {
      return "expected vector or matrix result, but got scalar: " + GoFloat(s->v) + " @[" +
             std::to_string(s->t) + "]";
    }
    if (!AlmostEqual(*cmd.expected_scalar, s->v)) {
      return "expected scalar " + GoFloat(*cmd.expected_scalar) + " but got " + GoFloat(s->v);
    }
    return "";
  }
  if (const auto* s = std::get_if<String>(&got)) {
    std::string want = cmd.expected_string.value_or("");
    if (want != s->v) return "expected string \"" + want + "\" but got \"" + s->v + "\"";
    return "";
  }
  if (const auto* m = std::get_if<Matrix>(&got)) return CompareMatrix(cmd, *m, grid);
  return CompareVector(cmd, std::get<Vector>(got));
}

}  // namespace ttam::eval::promqltest
