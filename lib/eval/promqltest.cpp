// The promqltest file reader, following upstream's test.go line by line
// where behaviour is observable: the header regexes are upstream's own
// patterns (RE2 and Go's regexp agree on them), body lines end at the first
// empty or comment line, and a number line or a legacy
// expected_fail_* line ends an eval's body.

#include "eval/promqltest.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>

#include "eval/promqltest_text.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "support/go_regexp.h"
#include "support/number.h"
#include "support/text.h"
#include "support/units.h"

namespace ttam::eval::promqltest {
namespace {

// A line after TrimSpace, with where it starts in the untrimmed line.
struct Line {
  std::string_view text;
  int indent = 0;
};

bool IsTrimSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::vector<Line> SplitLines(std::string_view input) {
  std::vector<Line> lines;
  size_t start = 0;
  while (true) {
    size_t nl = input.find('\n', start);
    std::string_view raw =
        input.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    size_t b = 0;
    while (b < raw.size() && IsTrimSpace(raw[b])) ++b;
    size_t e = raw.size();
    while (e > b && IsTrimSpace(raw[e - 1])) --e;
    Line line{raw.substr(b, e - b), static_cast<int>(b)};
    if (line.text.starts_with('#')) line.text = {};
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Go's strconv.ParseInt(s, 0, 64): sign, then 0x/0o/0b prefixes or a leading
// 0 for octal, `_` allowed between digits when a prefix is given.
bool ParseGoInt(std::string_view s, double* out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  int base = 10;
  bool prefixed = false;
  if (s.size() >= 2 && s[0] == '0') {
    char p = static_cast<char>(s[1] | 0x20);
    if (p == 'x' || p == 'o' || p == 'b') {
      base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
      s.remove_prefix(2);
      prefixed = true;
    } else {
      base = 8;
      s.remove_prefix(1);
      prefixed = true;
    }
  }
  if (s.empty() && base != 8) return false;
  unsigned __int128 v = 0;
  bool last_underscore = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      if (!prefixed || last_underscore) return false;
      last_underscore = true;
      continue;
    }
    last_underscore = false;
    int d = c >= '0' && c <= '9'                     ? c - '0'
            : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10
                                                     : 99;
    if (d >= base) return false;
    v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    if (v > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()) + 1) return false;
  }
  if (last_underscore) return false;
  if (!negative && v > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()))
    return false;
  *out = negative ? -static_cast<double>(v) : static_cast<double>(v);
  return true;
}

// upstream's parseNumber: an integer (any Go base), else a float.
bool ParseScalarLine(std::string_view s, double* out) {
  return ParseGoInt(s, out) || ParseFloat(s, out);
}

class FileParser {
 public:
  explicit FileParser(std::string_view input) : lines_(SplitLines(input)) {}

  TestFile Run() {
    TestFile file;
    for (size_t i = 0; i < lines_.size(); ++i) {
      std::string_view l = lines_[i].text;
      if (l.empty()) continue;
      size_t sp = l.find_first_of(" \t");
      std::string word = Lower(l.substr(0, sp));
      bool ok = false;
      if (word == "clear") {
        file.commands.emplace_back(std::in_place_type<ClearCmd>, ClearCmd{static_cast<int>(i) + 1});
        ok = true;
      } else if (word.starts_with("load")) {
        ok = ParseLoad(i, file);
      } else if (word.starts_with("eval")) {
        ok = ParseEval(i, file);
      } else {
        Raise(i, "invalid command \"" + std::string(l) + "\"");
      }
      if (!ok) {
        file.error = std::move(error_);
        return file;
      }
    }
    return file;
  }

 private:
  bool Raise(size_t line, std::string message, int column_in_text = 0) {
    error_ = ParseError{static_cast<int>(line) + 1, lines_[line].indent + column_in_text + 1,
                        std::move(message)};
    return false;
  }

  bool RaiseSeries(size_t line, const ParseError& e, std::string_view prefix = {}) {
    return Raise(line, std::string(prefix) + e.message, e.column - 1);
  }

  static bool ParseDurationField(std::string_view text, int64_t* out, std::string_view what,
                                 std::string* message) {
    std::optional<int64_t> d = ParseTestDuration(text);
    if (d) {
      *out = *d;
      return true;
    }
    Result<std::chrono::milliseconds> r = ParseDuration(text);
    *message = "invalid " + std::string(what) + " definition \"" + std::string(text) +
               "\": " + (r ? std::string("not a valid duration") : r.error().message);
    return false;
  }

  bool ParseLoad(size_t& i, TestFile& file) {
    static const re2::RE2 kLoad(R"(^load(?:_(with_nhcb))?\s+(.+?)$)");
    std::string nhcb;
    std::string step;
    if (!re2::RE2::FullMatch(lines_[i].text, kLoad, &nhcb, &step)) {
      return Raise(i, "invalid load command. (load[_with_nhcb] <step:duration>)");
    }
    LoadCmd cmd;
    cmd.line = static_cast<int>(i) + 1;
    cmd.with_nhcb = nhcb == "with_nhcb";
    std::string message;
    if (!ParseDurationField(step, &cmd.step_ms, "step", &message)) return Raise(i, message);
    std::optional<LoadCmd::Entry> pending_st;
    size_t pending_st_line = 0;
    while (i + 1 < lines_.size()) {
      ++i;
      std::string_view def = lines_[i].text;
      if (def.empty()) {
        --i;
        break;
      }
      size_t sp = def.find_first_of(" \t");
      if (sp != std::string_view::npos && def.substr(0, sp).ends_with("@st")) {
        if (pending_st) return Raise(pending_st_line, "@st line has no following sample line");
        LoadCmd::Entry st;
        if (!ParseStartTimestamps(i, def, sp, &st)) return false;
        if (def.substr(0, sp) == "@st") {
          cmd.default_start_offsets = std::move(st.start_offsets);
          continue;
        }
        pending_st = std::move(st);
        pending_st_line = i;
        continue;
      }
      auto parsed = ParseSeriesDesc(def);
      if (auto* e = std::get_if<ParseError>(&parsed)) return RaiseSeries(i, *e);
      LoadCmd::Entry entry;
      entry.series = std::move(std::get<SeriesDesc>(parsed));
      entry.line = static_cast<int>(i) + 1;
      if (pending_st) {
        if (pending_st->series.labels != entry.series.labels) {
          return Raise(pending_st_line,
                       "@st metric does not match the following sample line metric");
        }
        if (pending_st->start_offsets.size() != entry.series.values.size()) {
          return Raise(pending_st_line, "@st line has " +
                                            std::to_string(pending_st->start_offsets.size()) +
                                            " values but sample line has " +
                                            std::to_string(entry.series.values.size()));
        }
        entry.start_offsets = std::move(pending_st->start_offsets);
        pending_st.reset();
      }
      cmd.has_histograms = cmd.has_histograms || entry.series.has_histogram;
      cmd.series.push_back(std::move(entry));
    }
    if (pending_st) return Raise(pending_st_line, "@st line has no following sample line");
    file.commands.emplace_back(std::in_place_type<LoadCmd>, std::move(cmd));
    return true;
  }

  // `metric{…}@st <items>`: each item `_`, `_xN`, `*`, `*xN`, `<dur>`,
  // `<dur>xN` or `<dur>±<dur>xN`, durations signed, stored as ms offsets.
  bool ParseStartTimestamps(size_t i, std::string_view def, size_t sp, LoadCmd::Entry* out) {
    std::string_view metric = def.substr(0, sp - 3);
    if (!metric.empty()) {
      std::string probe = std::string(metric) + " _";
      auto parsed = ParseSeriesDesc(probe);
      if (auto* e = std::get_if<ParseError>(&parsed)) {
        return RaiseSeries(i, *e, "invalid @st line metric \"" + std::string(metric) + "\": ");
      }
      out->series.labels = std::get<SeriesDesc>(parsed).labels;
    }
    std::string_view rest = def.substr(sp);
    size_t pos = 0;
    while (true) {
      while (pos < rest.size() && (rest[pos] == ' ' || rest[pos] == '\t')) ++pos;
      if (pos >= rest.size()) break;
      size_t end = rest.find_first_of(" \t", pos);
      if (end == std::string_view::npos) end = rest.size();
      std::string_view item = rest.substr(pos, end - pos);
      std::string why;
      if (!ParseStartItem(item, &out->start_offsets, &why)) {
        return Raise(i,
                     "invalid @st sequence: invalid ST item \"" + std::string(item) + "\": " + why,
                     static_cast<int>(sp + pos));
      }
      pos = end;
    }
    return true;
  }

  static bool ParseCount(std::string_view s, uint64_t* n) {
    if (s.empty() || s.size() > 9) return false;
    uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    *n = v;
    return true;
  }

  // A signed duration prefix of `s` (digits and unit letters, stopping at 'x').
  static bool DurationPrefix(std::string_view s, int64_t* ms, std::string_view* rest,
                             std::string* why) {
    size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) {
      *why = "expected digits in duration \"" + std::string(s) + "\"";
      return false;
    }
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) &&
           s[i] != 'x')
      ++i;
    std::optional<int64_t> d = ParseTestDuration(s.substr(start, i - start));
    if (!d) {
      *why = "invalid duration \"" + std::string(s.substr(start, i - start)) + "\"";
      return false;
    }
    *ms = negative ? -*d : *d;
    *rest = s.substr(i);
    return true;
  }

  static bool ParseStartItem(std::string_view item, std::vector<std::optional<int64_t>>* out,
                             std::string* why) {
    constexpr uint64_t kMax = 10'000'000;
    uint64_t n = 0;
    if (item == "_") {
      out->push_back(std::nullopt);
      return true;
    }
    if (item.starts_with("_x")) {
      if (!ParseCount(item.substr(2), &n) || n == 0 || n > kMax) {
        *why = "invalid repeat count";
        return false;
      }
      out->insert(out->end(), n, std::nullopt);
      return true;
    }
    std::optional<int64_t> prev;
    for (auto it = out->rbegin(); it != out->rend(); ++it) {
      if (*it) {
        prev = *it;
        break;
      }
    }
    if (item == "*" || item.starts_with("*x")) {
      n = 0;
      if (item.size() > 1 && (!ParseCount(item.substr(2), &n) || n > kMax)) {
        *why = "invalid repeat count";
        return false;
      }
      out->insert(out->end(), item.size() > 1 ? n + 1 : 1, prev.value_or(0));
      return true;
    }
    int64_t base = 0;
    std::string_view rest;
    if (!DurationPrefix(item, &base, &rest, why)) return false;
    if (rest.empty()) {
      out->push_back(base);
      return true;
    }
    if (rest[0] == 'x') {
      if (!ParseCount(rest.substr(1), &n) || n > kMax) {
        *why = "invalid repeat count";
        return false;
      }
      out->insert(out->end(), n + 1, base);
      return true;
    }
    if (rest[0] != '+' && rest[0] != '-') {
      *why = std::string("unexpected character '") + rest[0] + "' after duration";
      return false;
    }
    bool negative = rest[0] == '-';
    int64_t delta = 0;
    std::string_view rest2;
    if (!DurationPrefix(rest.substr(1), &delta, &rest2, why)) {
      *why = "invalid step duration: " + *why;
      return false;
    }
    if (negative) delta = -delta;
    if (rest2.empty() || rest2[0] != 'x') {
      *why = "expected 'x<count>' after step duration";
      return false;
    }
    if (!ParseCount(rest2.substr(1), &n) || n > kMax) {
      *why = "invalid repeat count";
      return false;
    }
    for (uint64_t k = 0; k <= n; ++k) {
      out->push_back(base);
      base += delta;
    }
    return true;
  }

  bool ParseEval(size_t& i, TestFile& file) {
    static const re2::RE2 kInstant(
        R"(^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$)");
    static const re2::RE2 kRange(
        R"(^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$)");
    std::string_view text = lines_[i].text;
    std::string mod;
    std::string at;
    std::string from;
    std::string to;
    std::string step;
    EvalCmd cmd;
    cmd.line = static_cast<int>(i) + 1;
    bool instant = re2::RE2::FullMatch(text, kInstant, &mod, &at, &cmd.expr);
    if (!instant && !re2::RE2::FullMatch(text, kRange, &mod, &from, &to, &step, &cmd.expr)) {
      return Raise(
          i,
          "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at "
          "<offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step "
          "<step> <query>'");
    }
    cmd.range = !instant;
    // The expression is the pattern's last group, anchored at the end.
    size_t expr_at = text.size() - cmd.expr.size();
    size_t header = i;
    cmd.expr_column = lines_[i].indent + static_cast<int>(expr_at) + 1;

    std::string prefix = "error in eval " + cmd.expr + " (line " + std::to_string(i + 1) + "): ";
    std::string message;
    if (instant) {
      // Go's model.ParseDuration("") fails, so upstream rejects an instant eval without `at`.
      if (at.empty())
        return Raise(i, prefix + "invalid timestamp definition \"\": empty duration string");
      if (!ParseDurationField(at, &cmd.at_ms, "timestamp", &message))
        return Raise(i, prefix + message);
    } else if (!ParseRangeTimes(from, to, step, &cmd.start_ms, &cmd.end_ms, &cmd.step_ms,
                                &message)) {
      return Raise(i, prefix + message);
    }
    if (mod == "ordered") cmd.legacy = LegacyModifier::kOrdered;
    if (mod == "fail") cmd.legacy = LegacyModifier::kFail;
    if (mod == "warn") cmd.legacy = LegacyModifier::kWarn;
    if (mod == "info") cmd.legacy = LegacyModifier::kInfo;

    for (int j = 1; i + 1 < lines_.size(); ++j) {
      ++i;
      std::string_view def = lines_[i].text;
      if (def.empty()) {
        --i;
        break;
      }
      if (cmd.legacy == LegacyModifier::kFail && def.starts_with("expected_fail_message")) {
        cmd.expected_fail_message = std::string(TrimSpace(def.substr(21)));
        break;
      }
      if (cmd.legacy == LegacyModifier::kFail && def.starts_with("expected_fail_regexp")) {
        std::string pattern(TrimSpace(def.substr(20)));
        if (std::optional<std::string> bad = GoRegexpError(pattern)) {
          return Raise(
              i, prefix + "invalid regexp '" + pattern + "' for expected_fail_regexp: " + *bad);
        }
        cmd.expected_fail_regexp = pattern;
        break;
      }
      if (def.starts_with("expect range vector")) {
        static const re2::RE2 kExpectRange(
            R"(^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$)");
        EvalCmd::RangeVector rv;
        if (!re2::RE2::FullMatch(def, kExpectRange, &from, &to, &step)) {
          return Raise(i, prefix + "invalid range vector definition \"" + std::string(def) + "\"");
        }
        if (!ParseRangeTimes(from, to, step, &rv.start_ms, &rv.end_ms, &rv.step_ms, &message)) {
          return Raise(i, prefix + message);
        }
        cmd.range_vector = rv;
        continue;
      }
      if (def.starts_with("expect string")) {
        std::string value;
        if (def == "expect string" || def.substr(13).empty() ||
            !def.starts_with("expect string ")) {
          return Raise(
              i,
              prefix + "expected string literal not valid - a quoted string literal is required");
        }
        if (!Unquote(def.substr(14), &value)) {
          return Raise(
              i,
              prefix +
                  "expected string literal not valid - check that the string is correctly quoted");
        }
        cmd.expected_string = std::move(value);
        continue;
      }
      if (def.substr(0, def.find(' ')) == "expect") {
        if (!ParseExpect(i, def, prefix, &cmd)) return false;
        --j;
        continue;
      }
      double scalar = 0;
      if (ParseScalarLine(def, &scalar)) {
        cmd.expected_scalar = scalar;
        break;
      }
      auto series = ParseSeriesDesc(def);
      if (auto* e = std::get_if<ParseError>(&series)) return RaiseSeries(i, *e);
      ExpectedSeries expected;
      expected.series = std::move(std::get<SeriesDesc>(series));
      expected.position = j;
      expected.line = static_cast<int>(i) + 1;
      if (expected.series.values.size() > 1 && instant && !cmd.range_vector) {
        return Raise(
            i, prefix +
                   "expecting multiple values in instant evaluation not allowed. consider using "
                   "'expect range vector' directive to enable a range vector result for an instant "
                   "query");
      }
      cmd.has_histogram_expectation =
          cmd.has_histogram_expectation || expected.series.has_histogram;
      cmd.series.push_back(std::move(expected));
    }
    // Parsed after the body: an eval that expects failure keeps a static
    // error for the runner to compare; any other eval must parse and check.
    promql::ParseResult parsed = promql::Parse(cmd.expr, promql::ParseOptions::All());
    std::optional<std::pair<size_t, std::string>> static_error;
    if (!parsed.ok()) {
      const promql::ParseError& e = parsed.errors.front();
      static_error.emplace(e.begin, e.message);
    } else {
      promql::CheckOptions check_options;
      check_options.enable_experimental_functions = true;
      check_options.source = cmd.expr;
      std::vector<promql::CheckError> check_errors = promql::Check(*parsed.expr, check_options);
      if (!check_errors.empty())
        static_error.emplace(check_errors.front().span.begin, check_errors.front().message);
    }
    if (static_error && !cmd.ExpectsFailure()) {
      return Raise(header, "parse error: " + static_error->second,
                   static_cast<int>(expr_at + static_error->first));
    }
    if (static_error) {
      cmd.static_error = static_error->second;
    } else {
      cmd.ast = std::move(parsed.expr);
    }
    file.commands.emplace_back(std::in_place_type<EvalCmd>, std::move(cmd));
    return true;
  }

  static std::string_view TrimSpace(std::string_view s) {
    while (!s.empty() && IsTrimSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsTrimSpace(s.back())) s.remove_suffix(1);
    return s;
  }

  bool ParseRangeTimes(const std::string& from, const std::string& to, const std::string& step,
                       int64_t* start, int64_t* end, int64_t* step_ms, std::string* message) {
    if (!ParseDurationField(from, start, "start timestamp", message)) return false;
    if (!ParseDurationField(to, end, "end timestamp", message)) return false;
    if (*end < *start) {
      *message = "invalid test definition, end timestamp (" + to + ") is before start timestamp (" +
                 from + ")";
      return false;
    }
    return ParseDurationField(step, step_ms, "step", message);
  }

  bool ParseExpect(size_t i, std::string_view def, const std::string& prefix, EvalCmd* cmd) {
    static const re2::RE2 kExpect(
        R"(^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$)");
    std::string kind;
    std::string mode;
    std::string text;
    if (!re2::RE2::FullMatch(TrimSpace(def), kExpect, &kind, &mode, &text)) {
      return Raise(
          i,
          prefix +
              "invalid expect statement, must match `expect <type> <match_type>: <string>` format");
    }
    static const std::map<std::string, ExpectKind, std::less<>> kKinds = {
        {"fail", ExpectKind::kFail},      {"warn", ExpectKind::kWarn},
        {"no_warn", ExpectKind::kNoWarn}, {"info", ExpectKind::kInfo},
        {"no_info", ExpectKind::kNoInfo}, {"ordered", ExpectKind::kOrdered}};
    Expectation e;
    e.kind = kKinds.at(kind);
    e.line = static_cast<int>(i) + 1;
    if (!mode.empty()) {
      e.text = std::string(TrimSpace(text));
      e.mode = mode == "msg" ? MatchMode::kMessage : MatchMode::kRegex;
      if (e.mode == MatchMode::kRegex && GoRegexpError(e.text)) {
        return Raise(i, prefix + "invalid regex " + e.text + " for " + kind);
      }
    }
    cmd->expectations.push_back(std::move(e));
    auto count = [&](ExpectKind k) {
      return std::count_if(cmd->expectations.begin(), cmd->expectations.end(),
                           [&](const Expectation& x) { return x.kind == k; });
    };
    if (count(ExpectKind::kInfo) > 0 && count(ExpectKind::kNoInfo) > 0) {
      return Raise(i, prefix + "invalid expect lines, info and no_info cannot be used together");
    }
    if (count(ExpectKind::kWarn) > 0 && count(ExpectKind::kNoWarn) > 0) {
      return Raise(i, prefix + "invalid expect lines, warn and no_warn cannot be used together");
    }
    if (count(ExpectKind::kFail) > 1) {
      return Raise(i, prefix + "invalid expect lines, multiple expect fail lines are not allowed");
    }
    return true;
  }

  std::vector<Line> lines_;
  ParseError error_;
};

}  // namespace

std::string ParseError::Format(std::string_view file) const {
  return std::string(file) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
         message;
}

std::optional<int64_t> ParseTestDuration(std::string_view text) {
  if (text == "0") return 0;
  Result<std::chrono::milliseconds> d = ParseDuration(text);
  if (!d) return std::nullopt;
  return d->count();
}

bool EvalCmd::Has(ExpectKind kind) const {
  return std::any_of(expectations.begin(), expectations.end(),
                     [&](const Expectation& e) { return e.kind == kind; });
}

TestFile ParseTestFile(std::string_view text) { return FileParser(text).Run(); }

}  // namespace ttam::eval::promqltest
