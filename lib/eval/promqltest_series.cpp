// Series descriptions of promqltest (`ParseSeriesDesc` in upstream's
// parser, series-description mode): a metric and a value sequence in the
// expanding notation.

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "eval/histogram.h"
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

// Upper bound on the distinct histograms one line may hold (`{{a}}+{{b}}xN`
// makes N+1 of them; `{{a}}xN` shares one).
constexpr uint64_t kMaxHistograms = 1'000'000;

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

  // ---- `{{…}}` native histogram literals (upstream's histogram_desc
  // grammar and buildHistogramFromMap).

  bool AtWordChar() const { return IsAlpha(Peek()); }

  // One value of a histogram field: an optional `-` (when `signed_ok`), then
  // a decimal number, Inf or NaN. `+` and a leading `.` are not accepted,
  // as upstream's histogram lexer rejects them.
  bool ParseHistogramNumber(bool signed_ok, double* out) {
    size_t start = pos_;
    bool negative = false;
    if (Peek() == '-' && signed_ok) {
      negative = true;
      ++pos_;
    }
    if (!IsDigit(Peek()) && !IsAlpha(Peek())) {
      return SetError(start, "expected a number in histogram description, got \"" +
                                 std::string(Describe()) + "\"");
    }
    if (!ParseNumber(out)) return false;
    if (negative) *out = -*out;
    return true;
  }

  // `-`? digits, as an int32 (schema, offset, n_offset).
  bool ParseHistogramInt(int32_t* out) {
    size_t start = pos_;
    bool negative = false;
    if (Peek() == '-') {
      negative = true;
      ++pos_;
    }
    size_t digits_at = pos_;
    int64_t v = 0;
    while (!AtEnd() && IsDigit(Peek())) {
      v = v * 10 + (Peek() - '0');
      if (v > int64_t{1} << 31)
        return SetError(start, "integer out of range in histogram description");
      ++pos_;
    }
    if (pos_ == digits_at || Peek() == '.' || Peek() == 'e' || Peek() == 'E' || Peek() == '_') {
      return SetError(start, "expected an integer in histogram description, got \"" +
                                 std::string(s_.substr(start, pos_ - start)) +
                                 std::string(Describe()) + "\"");
    }
    if (negative) v = -v;
    if (v > INT32_MAX || v < INT32_MIN) {
      return SetError(start, "integer out of range in histogram description");
    }
    *out = static_cast<int32_t>(v);
    return true;
  }

  // `[n n …]`: at least one number, single spaces or runs of them between,
  // optionally one run before `]` but none after `[`.
  bool ParseBucketList(std::vector<double>* out) {
    if (Peek() != '[') {
      return Error("expected \"[\" in histogram description, got \"" + std::string(Describe()) +
                   "\"");
    }
    ++pos_;
    if (IsSpace(Peek()) || Peek() == ']') {
      return Error("expected a number after \"[\" in histogram description");
    }
    while (true) {
      double v = 0;
      if (!ParseHistogramNumber(true, &v)) return false;
      out->push_back(v);
      if (out->size() > kMaxValues) return Error("too many buckets in histogram description");
      bool spaced = IsSpace(Peek());
      SkipSpace();
      if (Peek() == ']') {
        ++pos_;
        return true;
      }
      if (!spaced) {
        return Error("expected a space or \"]\" in histogram buckets, got \"" +
                     std::string(Describe()) + "\"");
      }
    }
  }

  bool ParseHistogram(FloatHistogram* h) {
    size_t open_at = pos_;
    pos_ += 2;  // "{{"
    bool has_positive = false;
    bool has_negative = false;
    int32_t offset = 0;
    int32_t n_offset = 0;
    std::vector<std::string> seen;
    if (IsSpace(Peek())) {
      SkipSpace();
      if (Peek() == '}' && Peek(1) == '}') {
        pos_ += 2;
        return true;
      }
      return Error("unexpected space after \"{{\" in histogram description");
    }
    while (!(Peek() == '}' && Peek(1) == '}')) {
      if (AtEnd()) return SetError(open_at, "unterminated histogram literal \"{{\"");
      size_t key_at = pos_;
      if (!AtWordChar()) {
        return Error("expected a histogram description key, e.g. buckets:[5 10 7], got \"" +
                     std::string(Describe()) + "\"");
      }
      while (AtWordChar()) ++pos_;
      std::string key;
      for (char c : s_.substr(key_at, pos_ - key_at)) {
        key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
      static constexpr std::string_view kKeys[] = {
          "schema",  "sum",    "count",     "z_bucket", "z_bucket_w",        "custom_values",
          "buckets", "offset", "n_buckets", "n_offset", "counter_reset_hint"};
      bool known = false;
      for (std::string_view k : kKeys) known = known || k == key;
      if (!known) {
        return SetError(key_at, "bad histogram descriptor found: \"" +
                                    std::string(s_.substr(key_at, pos_ - key_at)) + "\"");
      }
      if (Peek() != ':') return SetError(key_at, "missing `:` for histogram descriptor");
      ++pos_;
      for (const std::string& k : seen) {
        if (k == key) return SetError(key_at, "duplicate key \"" + key + "\" in histogram");
      }
      seen.push_back(key);
      bool ok = true;
      if (key == "schema") {
        ok = ParseHistogramInt(&h->schema);
      } else if (key == "sum") {
        ok = ParseHistogramNumber(true, &h->sum);
      } else if (key == "count") {
        ok = ParseHistogramNumber(true, &h->count);
      } else if (key == "z_bucket") {
        ok = ParseHistogramNumber(true, &h->zero_count);
      } else if (key == "z_bucket_w") {
        ok = ParseHistogramNumber(false, &h->zero_threshold);
      } else if (key == "custom_values") {
        ok = ParseBucketList(&h->custom_values);
      } else if (key == "buckets") {
        ok = ParseBucketList(&h->positive_buckets);
        has_positive = true;
      } else if (key == "n_buckets") {
        ok = ParseBucketList(&h->negative_buckets);
        has_negative = true;
      } else if (key == "offset") {
        ok = ParseHistogramInt(&offset);
      } else if (key == "n_offset") {
        ok = ParseHistogramInt(&n_offset);
      } else {  // counter_reset_hint
        size_t word_at = pos_;
        while (AtWordChar()) ++pos_;
        std::string word;
        for (char c : s_.substr(word_at, pos_ - word_at)) {
          word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        if (word == "unknown") {
          h->counter_reset_hint = CounterResetHint::kUnknown;
        } else if (word == "reset") {
          h->counter_reset_hint = CounterResetHint::kReset;
        } else if (word == "not_reset") {
          h->counter_reset_hint = CounterResetHint::kNotReset;
        } else if (word == "gauge") {
          h->counter_reset_hint = CounterResetHint::kGauge;
        } else {
          ok = SetError(word_at, "bad counter_reset_hint \"" + word +
                                     "\": want unknown, reset, not_reset or gauge");
        }
      }
      if (!ok) return false;
      if (IsSpace(Peek())) {
        SkipSpace();
      } else if (AtEnd()) {
        return SetError(open_at, "unterminated histogram literal \"{{\"");
      } else if (!(Peek() == '}' && Peek(1) == '}')) {
        return Error("expected a space or \"}}\" in histogram description, got \"" +
                     std::string(Describe()) + "\"");
      }
    }
    pos_ += 2;  // "}}"
    if (has_positive && !h->positive_buckets.empty()) {
      h->positive_spans = {{offset, static_cast<uint32_t>(h->positive_buckets.size())}};
    }
    if (has_negative && !h->negative_buckets.empty()) {
      h->negative_spans = {{n_offset, static_cast<uint32_t>(h->negative_buckets.size())}};
    }
    return true;
  }

  uint32_t AddHistogram(SeriesDesc& out, FloatHistogram h) {
    out.histograms.push_back(std::move(h));
    return static_cast<uint32_t>(out.histograms.size() - 1);
  }

  // `{{…}}`, `{{…}}xN`, `{{a}}+{{b}}xN` or `{{a}}-{{b}}xN` (upstream's
  // histogramsIncreaseSeries / histogramsDecreaseSeries: a, a±b, a±2b, …).
  bool ParseHistogramItem(SeriesDesc& out) {
    size_t start = pos_;
    FloatHistogram base;
    if (!ParseHistogram(&base)) return false;
    uint64_t n = 0;
    if (Peek() == '+' || Peek() == '-') {
      bool negate = Peek() == '-';
      ++pos_;
      if (Peek() != '{' || Peek(1) != '{')
        return Error("expected a histogram description \"{{\" after the sign");
      FloatHistogram inc;
      if (!ParseHistogram(&inc)) return false;
      if (!ParseTimes(&n))
        return error_ ? false : Error("expected \"x\" and a count after the increment");
      if (!EndOfItem()) return false;
      if (out.histograms.size() + n + 1 > kMaxHistograms) {
        return SetError(start, "too many histogram values in one series");
      }
      Push(out, {SeqValue::Kind::kHistogram, 0, AddHistogram(out, base)}, 1);
      FloatHistogram cur = std::move(base);
      for (uint64_t i = 0; i < n; ++i) {
        if (cur.schema > inc.schema) {
          return SetError(start, "error combining histograms: cannot merge from schema " +
                                     std::to_string(inc.schema) + " to " +
                                     std::to_string(cur.schema));
        }
        Result<FloatHistogram> next = negate ? SubHistograms(cur, inc) : AddHistograms(cur, inc);
        if (!next.ok()) return SetError(start, next.error().message);
        cur = std::move(next.value());
        Push(out, {SeqValue::Kind::kHistogram, 0, AddHistogram(out, cur)}, 1);
      }
      return true;
    }
    if (ParseTimes(&n)) {
      if (!EndOfItem()) return false;
      Push(out, {SeqValue::Kind::kHistogram, 0, AddHistogram(out, std::move(base))}, n + 1);
      return true;
    }
    if (error_ || !EndOfItem()) return false;
    if (out.histograms.size() + 1 > kMaxHistograms) {
      return SetError(start, "too many histogram values in one series");
    }
    Push(out, {SeqValue::Kind::kHistogram, 0, AddHistogram(out, std::move(base))}, 1);
    return true;
  }

  bool EndOfItem() {
    if (AtEnd() || IsSpace(Peek())) return true;
    return Error("unexpected \"" + std::string(1, Peek()) + "\" after a histogram description");
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
    if (Peek() == '{' && Peek(1) == '{') return ParseHistogramItem(out);
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
