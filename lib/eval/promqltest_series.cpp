// Series descriptions of promqltest (`ParseSeriesDesc` in upstream's
// parser, series-description mode): a metric and a value sequence in the
// expanding notation.

#include <cmath>
#include <cstdint>
#include <string>

#include "eval/promqltest.h"
#include "eval/promqltest_text.h"
#include "eval/storage.h"
#include "support/number.h"

namespace ttam::eval::promqltest {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// Upper bound on the values one line may expand to, so that `1x1e18`-style
// typos fail instead of exhausting memory.
constexpr uint64_t kMaxValues = 50'000'000;

class SeriesParser {
 public:
  explicit SeriesParser(std::string_view text) : s_(text) {}

  std::variant<SeriesDesc, ParseError> Run() {
    SeriesDesc out;
    std::vector<model::Label> labels;
    SkipSpace();
    if (!ParseMetric(labels)) return Fail();
    out.labels = model::Labels::FromUnsorted(std::move(labels));
    while (true) {
      size_t before = pos_;
      SkipSpace();
      if (AtEnd()) break;
      if (pos_ == before && !out.values.empty()) {
        Error("expected a space between values");
        return Fail();
      }
      if (!ParseItem(out)) return Fail();
      if (out.values.size() > kMaxValues) {
        Error("too many values in one series");
        return Fail();
      }
    }
    return out;
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek(size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(s_[pos_])) ++pos_;
  }
  bool Error(std::string message) { return SetError(pos_, std::move(message)); }
  bool SetError(size_t at, std::string message) {
    if (!error_) error_ = ParseError{0, static_cast<int>(at) + 1, std::move(message)};
    return false;
  }
  ParseError Fail() const { return *error_; }

  std::string_view Describe() const {
    if (AtEnd()) return "end of input";
    size_t end = pos_;
    while (end < s_.size() && !IsSpace(s_[end])) ++end;
    return s_.substr(pos_, end - pos_);
  }

  bool ParseMetric(std::vector<model::Label>& labels) {
    if (IsAlpha(Peek()) || Peek() == ':') {
      size_t start = pos_;
      while (!AtEnd() && (IsAlpha(Peek()) || IsDigit(Peek()) || Peek() == ':')) ++pos_;
      labels.push_back(
          {std::string(model::kMetricName), std::string(s_.substr(start, pos_ - start))});
      if (Peek() == '{') return ParseLabelSet(labels);
      return true;
    }
    if (Peek() == '{') return ParseLabelSet(labels);
    return Error("expected a metric name or \"{\", got \"" + std::string(Describe()) + "\"");
  }

  bool ParseString(std::string* out) {
    size_t start = pos_;
    size_t consumed = 0;
    std::string message;
    if (!UnquotePrefix(s_.substr(pos_), out, &consumed, &message)) return SetError(start, message);
    pos_ += consumed;
    return true;
  }

  bool ParseLabelSet(std::vector<model::Label>& labels) {
    ++pos_;  // '{'
    SkipSpace();
    while (Peek() != '}') {
      if (AtEnd()) return Error("unexpected end of input inside braces");
      std::string name;
      bool quoted = Peek() == '"' || Peek() == '\'' || Peek() == '`';
      size_t name_at = pos_;
      if (quoted) {
        if (!ParseString(&name)) return false;
      } else if (IsAlpha(Peek())) {
        while (!AtEnd() && (IsAlpha(Peek()) || IsDigit(Peek()))) ++pos_;
        name = std::string(s_.substr(name_at, pos_ - name_at));
      } else {
        return Error("expected a label name, got \"" + std::string(Describe()) + "\"");
      }
      SkipSpace();
      if (quoted && (Peek() == ',' || Peek() == '}')) {
        labels.push_back({std::string(model::kMetricName), std::move(name)});
      } else {
        if (Peek() != '=') {
          return Error("expected \"=\" after label name, got \"" + std::string(Describe()) + "\"");
        }
        ++pos_;
        SkipSpace();
        if (Peek() != '"' && Peek() != '\'' && Peek() != '`') {
          return Error("expected a quoted label value, got \"" + std::string(Describe()) + "\"");
        }
        std::string value;
        if (!ParseString(&value)) return false;
        labels.push_back({std::move(name), std::move(value)});
      }
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
        SkipSpace();
      } else if (Peek() != '}') {
        return Error("expected \",\" or \"}\" in label set, got \"" + std::string(Describe()) +
                     "\"");
      }
    }
    ++pos_;  // '}'
    return true;
  }

  // A number as the series-description lexer reads it: decimal with an
  // optional fraction and exponent and `_` between digits, or Inf/NaN; hex
  // is not a number here (`0x3` is 0 repeated).
  bool ParseNumber(double* out) {
    size_t start = pos_;
    if (IsAlpha(Peek())) {
      while (!AtEnd() && (IsAlpha(Peek()) || IsDigit(Peek()))) ++pos_;
      std::string_view word = s_.substr(start, pos_ - start);
      std::string lower;
      for (char c : word) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (lower == "inf" || lower == "nan") return ParseFloat(word, out);
      pos_ = start;
      return SetError(start, "expected a number, got \"" + std::string(word) + "\"");
    }
    std::string digits;
    bool any = false;
    auto run = [&]() {
      while (!AtEnd() && (IsDigit(Peek()) || (Peek() == '_' && IsDigit(Peek(1)) && any))) {
        if (Peek() != '_') digits += Peek();
        any = true;
        ++pos_;
      }
    };
    run();
    if (Peek() == '.') {
      digits += '.';
      ++pos_;
      run();
    }
    if (!any) return SetError(start, "expected a number, got \"" + std::string(Describe()) + "\"");
    if ((Peek() == 'e' || Peek() == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      digits += 'e';
      ++pos_;
      if (Peek() == '+' || Peek() == '-') digits += s_[pos_++];
      while (!AtEnd() && IsDigit(Peek())) digits += s_[pos_++];
    }
    if (!ParseFloat(digits, out)) return SetError(start, "bad number \"" + digits + "\"");
    return true;
  }

  bool ParseSigned(double* out) {
    bool negative = Peek() == '-';
    if (Peek() == '+' || Peek() == '-') ++pos_;
    if (!ParseNumber(out)) return false;
    if (negative) *out = -*out;
    return true;
  }

  // `x<uint>` after a value; false without an error when there is no `x`.
  bool ParseTimes(uint64_t* n) {
    if (Peek() != 'x') return false;
    ++pos_;
    size_t start = pos_;
    uint64_t v = 0;
    while (!AtEnd() && IsDigit(Peek())) {
      v = v * 10 + static_cast<uint64_t>(Peek() - '0');
      if (v > kMaxValues) return SetError(start, "repetition count too large");
      ++pos_;
    }
    if (pos_ == start)
      return SetError(start,
                      "expected a count after \"x\", got \"" + std::string(Describe()) + "\"");
    *n = v;
    return true;
  }

  bool SkipHistogram() {
    size_t start = pos_;
    size_t close = s_.find("}}", pos_ + 2);
    if (close == std::string_view::npos)
      return SetError(start, "unterminated histogram literal \"{{\"");
    pos_ = close + 2;
    return true;
  }

  void Push(SeriesDesc& out, SeqValue v, uint64_t count) {
    if (v.kind == SeqValue::Kind::kHistogram) out.has_histogram = true;
    out.values.insert(out.values.end(), count, v);
  }

  bool ParseItem(SeriesDesc& out) {
    uint64_t n = 0;
    if (Peek() == '_' && (Peek(1) == '\0' || IsSpace(Peek(1)) || Peek(1) == 'x')) {
      ++pos_;
      if (ParseTimes(&n)) {
        Push(out, {SeqValue::Kind::kOmitted, 0}, n);
        return true;
      }
      if (error_) return false;
      Push(out, {SeqValue::Kind::kOmitted, 0}, 1);
      return true;
    }
    if (Peek() == '{' && Peek(1) == '{') {
      if (!SkipHistogram()) return false;
      SeqValue h{SeqValue::Kind::kHistogram, 0};
      if (Peek() == '+' || Peek() == '-') {
        ++pos_;
        if (Peek() != '{' || Peek(1) != '{')
          return Error("expected a histogram literal after the sign");
        if (!SkipHistogram()) return false;
        if (!ParseTimes(&n))
          return error_ ? false : Error("expected \"x\" and a count after the increment");
        Push(out, h, n + 1);
        return true;
      }
      if (ParseTimes(&n)) {
        Push(out, h, n + 1);
        return true;
      }
      if (error_) return false;
      Push(out, h, 1);
      return true;
    }
    if (s_.substr(pos_).starts_with("stale") && (pos_ + 5 == s_.size() || IsSpace(s_[pos_ + 5]))) {
      pos_ += 5;
      Push(out, {SeqValue::Kind::kFloat, StaleNaN()}, 1);
      return true;
    }
    double base = 0;
    if (!ParseSigned(&base)) return false;
    if (Peek() == '+' || Peek() == '-') {
      size_t sign_at = pos_;
      double delta = 0;
      if (!ParseSigned(&delta)) return false;
      if (!ParseTimes(&n)) {
        return error_
                   ? false
                   : SetError(sign_at, "expected \"x\" and a count after \"" +
                                           std::string(s_.substr(sign_at, pos_ - sign_at)) + "\"");
      }
      // Accumulated as upstream does ($1 += $2), not base + i*delta.
      out.values.reserve(out.values.size() + n + 1);
      out.values.push_back({SeqValue::Kind::kFloat, base});
      for (uint64_t i = 0; i < n; ++i) {
        base += delta;
        out.values.push_back({SeqValue::Kind::kFloat, base});
      }
      return true;
    }
    if (ParseTimes(&n)) {
      Push(out, {SeqValue::Kind::kFloat, base}, n + 1);
      return true;
    }
    if (error_) return false;
    if (!AtEnd() && !IsSpace(Peek())) {
      return Error("unexpected \"" + std::string(1, Peek()) + "\" in series values");
    }
    Push(out, {SeqValue::Kind::kFloat, base}, 1);
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::optional<ParseError> error_;
};

}  // namespace

std::variant<SeriesDesc, ParseError> ParseSeriesDesc(std::string_view text) {
  return SeriesParser(text).Run();
}

}  // namespace ttam::eval::promqltest
