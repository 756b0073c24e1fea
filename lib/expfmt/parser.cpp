#include "expfmt/parser.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "expfmt/series_key.h"
#include "support/number.h"
#include "support/utf8.h"

namespace ttam::expfmt {
namespace {

constexpr uint64_t kMaxSyntaxErrors = 1000;
constexpr size_t kMaxShownLine = 512;

// Character classes as one table lookup each (the hot loop of the parser).
enum : uint8_t { kLabelStart = 1, kLabelChar = 2, kNameStart = 4, kNameChar = 8 };

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    uint8_t v = 0;
    if (alpha) v |= kLabelStart | kLabelChar | kNameStart | kNameChar;
    if (digit) v |= kLabelChar | kNameChar;
    if (c == ':') v |= kNameStart | kNameChar;
    t[static_cast<size_t>(c)] = v;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

bool Is(char c, uint8_t cls) { return (kClasses[static_cast<unsigned char>(c)] & cls) != 0; }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsNameStart(char c) { return Is(c, kNameStart); }
bool IsLabelStart(char c) { return Is(c, kLabelStart); }

/// The offset of the first '"' in [p, end), or end - p: eight bytes a step
/// (a zero-byte test on the bytes xor '"'), which beats a memchr call on the
/// short label values of a typical exposition.
size_t FindQuote(const char* p, const char* end) {
  const char* s = p;
  if constexpr (std::endian::native == std::endian::little) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHighs = 0x8080808080808080ull;
    constexpr uint64_t kQuotes = kOnes * static_cast<unsigned char>('"');
    while (end - s >= 8) {
      uint64_t w;
      std::memcpy(&w, s, 8);
      uint64_t x = w ^ kQuotes;
      // Exact for the lowest zero byte, the one that counts here.
      uint64_t zero = (x - kOnes) & ~x & kHighs;
      if (zero != 0) return static_cast<size_t>(s - p) + (std::countr_zero(zero) >> 3);
      s += 8;
    }
  }
  while (s < end && *s != '"') ++s;
  return static_cast<size_t>(s - p);
}

/// The length of the longest common prefix of `a` and `b`: sixteen bytes a
/// step with SSE2, else eight (the lowest set bit of the xor is the first
/// difference).
size_t CommonPrefixLength(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step: one compare, one mask.
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.data() + i));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data() + i));
    const auto equal = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)));
    if (equal != 0xFFFF) return i + static_cast<size_t>(std::countr_zero(~equal));
  }
#endif
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 8 <= n; i += 8) {
      uint64_t x;
      uint64_t y;
      std::memcpy(&x, a.data() + i, 8);
      std::memcpy(&y, b.data() + i, 8);
      if (x != y) return i + (std::countr_zero(x ^ y) >> 3);
    }
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ParseInt(std::string_view text, int64_t* out) {
  if (text.empty()) return false;
  const char* begin = text.data();
  if (*begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

class Parser::Impl {
 public:
  Impl(Format format, std::string path, Consumer& consumer, diag::Sink& sink, ParserLimits limits)
      : format_(format),
        path_(std::move(path)),
        consumer_(consumer),
        sink_(sink),
        limits_(limits) {}

  void Feed(std::string_view chunk);
  void Finish();

  uint64_t lines_ = 0;
  uint64_t samples_ = 0;
  uint64_t syntax_errors_ = 0;

 private:
  struct Family {
    bool active = false;
    std::string name;
    bool bare = false;  ///< the name needs no quotes (only [a-zA-Z0-9_:])
    MetricType type = MetricType::kUntyped;
    bool typed = false;
    std::string help;
    bool has_help = false;
    std::string unit;
    bool has_unit = false;
    uint64_t first_line = 0;
    uint32_t name_column = 1;
    std::string first_line_text;
    uint64_t samples = 0;
    uint64_t first_sample_line = 0;  ///< 0 until the family has a sample
  };

  /// A located parse failure inside one line.
  struct Failure {
    uint32_t column;
    std::string message;
  };

  void AnnounceFormat() {
    if (announced_) return;
    announced_ = true;
    consumer_.OnFormat(format_);
  }
  /// `clean`: the line is known to be valid UTF-8 without a backslash
  /// (its whole chunk was checked at once), so the per-line scans are skipped.
  void ProcessLine(std::string_view line, bool clean = false);
  void ProcessComment(std::string_view line);
  void ProcessSample(std::string_view line);
  void ReportSyntax(std::string_view line, uint32_t column, std::string message,
                    std::string_view check = "exposition/syntax");
  void Report(uint64_t line_no, uint32_t column, std::string_view line, std::string_view check,
              std::string message);

  /// Reads a metric or label name at `pos`: a bare name or a quoted string.
  bool ReadName(std::string_view line, size_t& pos, bool label, std::string_view* name,
                Failure* failure);
  /// Reads a double-quoted string with escapes; the result may live in scratch.
  bool ReadQuoted(std::string_view line, size_t& pos, std::string_view* value, Failure* failure);
  /// Reads `{...}` into labels_ starting at `first`; may set *name from a
  /// quoted metric name or a __name__ label. With `resume`, `pos` is just
  /// past the closing quote of a label already in labels_ (see ReuseLabels).
  bool ReadLabels(std::string_view line, size_t& pos, size_t first, std::string_view* name,
                  uint32_t* name_column, Failure* failure, bool resume = false);
  /// Takes the leading labels that `line` shares, byte for byte, with the
  /// previous sample line (`common` bytes shared from the start; the names
  /// may differ): the same bytes parse the same way. Leaves them in labels_,
  /// views and columns moved onto `line`, and returns how many.
  size_t ReuseLabels(std::string_view line, size_t name_end, size_t common);
  /// The common `name="value"` item (bare name, no blanks, no escapes in the
  /// line) in one pass; false, with `pos` unchanged, for anything else, which
  /// ReadLabels' general path then reads (and reports, when it is wrong).
  bool ReadPlainLabel(std::string_view line, size_t& pos, size_t first);

  std::string_view Unescape(std::string_view raw, bool help);
  void StartFamily(std::string_view name, uint64_t line_no, uint32_t column,
                   std::string_view line_text);
  void EndFamily();
  Suffix MatchSuffix(std::string_view sample_name) const;
  void ResumeSplitFamily(std::string_view sample_name, Suffix* suffix);

  Format format_;
  std::string path_;
  Consumer& consumer_;
  diag::Sink& sink_;
  ParserLimits limits_;

  std::string carry_;
  bool skipping_ = false;  // inside an over-long line
  bool eof_seen_ = false;
  bool after_eof_reported_ = false;
  bool gave_up_ = false;
  bool saw_content_ = false;  // any line that is not blank
  bool announced_ = false;    // OnFormat was called
  // Types declared for families that have ended, so that a family split by
  // another keeps its type when its samples come back.
  std::unordered_map<std::string, MetricType> ended_types_;
  Family family_;

  std::vector<Label> labels_;
  /// Parallel to labels_: the offset just past each label's closing quote
  /// when ReadPlainLabel read it, kNotReusable otherwise.
  std::vector<uint32_t> label_ends_;
  /// LabelHash of each of the previous sample's labels.
  std::vector<uint64_t> label_hashes_;
  static constexpr uint32_t kNotReusable = UINT32_MAX;
  /// The previous sample line, while its bytes live (the same chunk), when
  /// its name was written bare before the labels: consecutive samples of a
  /// series group repeat the name and most labels (a histogram's buckets
  /// differ only in `le`), so the next line reads only what changed.
  struct PreviousSample {
    bool valid = false;
    std::string_view line;
    uint32_t name_begin = 0;
    uint32_t name_end = 0;          ///< offset just past the name
    size_t labels = 0;              ///< labels_[0, labels) are its labels
    Suffix suffix = Suffix::kNone;  ///< its suffix in the family it joined
    uint64_t family_epoch = 0;      ///< family_epoch_ after it
  };
  PreviousSample previous_;
  /// Changes whenever family_ does (another family, or its type): a sample
  /// named like the previous one joins the family the same way while it stays.
  uint64_t family_epoch_ = 0;
  bool line_lives_ = false;          // the current line stays valid until the chunk ends
  std::deque<std::string> scratch_;  // unescaped strings, reused; deque keeps views valid
  size_t scratch_used_ = 0;
  Exemplar exemplar_;
  /// NameHash of the current family's sample names, by Suffix; bit i of
  /// name_hashed_ says name_hashes_[i] is set. Cleared when the family changes.
  std::array<uint64_t, 9> name_hashes_{};
  uint32_t name_hashed_ = 0;
  bool line_has_backslash_ = true;  // false when the current line has no '\\'
  SampleEvent sample_;              // reused: resetting beats zeroing 200 bytes a line
};

std::string_view Parser::Impl::Unescape(std::string_view raw, bool help) {
  if (raw.find('\\') == std::string_view::npos) return raw;
  if (scratch_used_ == scratch_.size()) scratch_.emplace_back();
  std::string& out = scratch_[scratch_used_++];
  out.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 == raw.size()) {
      out.push_back(c);
      continue;
    }
    char next = raw[++i];
    if (next == 'n') {
      out.push_back('\n');
    } else if (next == '\\') {
      out.push_back('\\');
    } else if (next == '"' && (!help || format_ == Format::kOpenMetrics)) {
      out.push_back('"');
    } else {
      // Unknown escapes stay as written, as in Prometheus's parsers.
      out.push_back('\\');
      out.push_back(next);
    }
  }
  return out;
}

void Parser::Impl::Report(uint64_t line_no, uint32_t column, std::string_view line,
                          std::string_view check, std::string message) {
  diag::Diagnostic d;
  d.path = path_;
  d.line = static_cast<uint32_t>(line_no);
  d.column = column;
  d.severity = diag::Severity::kError;
  d.check = std::string(check);
  d.message = std::move(message);
  if (line.size() <= kMaxShownLine) d.source_line = std::string(line);
  sink_.Report(std::move(d));
}

void Parser::Impl::ReportSyntax(std::string_view line, uint32_t column, std::string message,
                                std::string_view check) {
  ++syntax_errors_;
  if (gave_up_) return;
  if (syntax_errors_ > kMaxSyntaxErrors) {
    gave_up_ = true;
    Report(lines_, 0, {}, "exposition/syntax",
           "more than " + std::to_string(kMaxSyntaxErrors) +
               " syntax errors; the rest are not reported: is this a Prometheus text or "
               "OpenMetrics exposition?");
    return;
  }
  Report(lines_, column, line, check, std::move(message));
}

void Parser::Impl::Feed(std::string_view chunk) {
  AnnounceFormat();
  // The previous chunk's bytes are gone (the caller reuses its buffer).
  previous_.valid = false;
  // One scan of the whole chunk instead of one per line: when the chunk is
  // valid UTF-8 without a backslash, so is each line that lies inside it.
  const bool clean = FindInvalidUtf8(chunk) == std::string_view::npos &&
                     std::memchr(chunk.data(), '\\', chunk.size()) == nullptr;
  while (!chunk.empty()) {
    size_t nl = chunk.find('\n');
    if (skipping_) {
      if (nl == std::string_view::npos) return;
      skipping_ = false;
      chunk.remove_prefix(nl + 1);
      continue;
    }
    if (nl == std::string_view::npos) {
      if (carry_.size() + chunk.size() > limits_.max_line_bytes) {
        ++lines_;
        ReportSyntax({}, 1,
                     "line is longer than " + std::to_string(limits_.max_line_bytes) +
                         " bytes; skipped (is this a Prometheus exposition?)",
                     "exposition/line-too-long");
        carry_.clear();
        carry_.shrink_to_fit();
        skipping_ = true;
        saw_content_ = true;
        return;
      }
      carry_.append(chunk);
      return;
    }
    std::string_view line = chunk.substr(0, nl);
    chunk.remove_prefix(nl + 1);
    if (!carry_.empty()) {
      if (carry_.size() + line.size() > limits_.max_line_bytes) {
        ++lines_;
        ReportSyntax({}, 1,
                     "line is longer than " + std::to_string(limits_.max_line_bytes) +
                         " bytes; skipped (is this a Prometheus exposition?)",
                     "exposition/line-too-long");
        carry_.clear();
        saw_content_ = true;
        continue;
      }
      carry_.append(line);
      line_lives_ = false;
      ProcessLine(carry_);
      carry_.clear();
    } else if (line.size() > limits_.max_line_bytes) {
      ++lines_;
      ReportSyntax({}, 1,
                   "line is longer than " + std::to_string(limits_.max_line_bytes) +
                       " bytes; skipped (is this a Prometheus exposition?)",
                   "exposition/line-too-long");
      saw_content_ = true;
    } else {
      line_lives_ = true;
      ProcessLine(line, clean);
    }
  }
}

void Parser::Impl::Finish() {
  AnnounceFormat();
  // The last chunk's bytes may be gone already (the caller's buffer).
  previous_.valid = false;
  if (!carry_.empty() && !skipping_) {
    std::string last;
    last.swap(carry_);
    line_lives_ = false;
    ProcessLine(last);
  }
  EndFamily();
  if (!saw_content_) {
    Report(0, 0, {}, "exposition/empty",
           "the input is empty: no metrics, no metadata; check that the URL or file is the "
           "metrics endpoint");
  } else if (format_ == Format::kOpenMetrics && !eof_seen_) {
    Report(lines_, 0, {}, "exposition/missing-eof",
           "OpenMetrics input does not end with \"# EOF\": the exposition may be truncated; "
           "end it with a \"# EOF\" line (or read it as the text format with "
           "--input-format text)");
  }
  consumer_.OnEnd(lines_);
}

void Parser::Impl::ProcessLine(std::string_view line, bool clean) {
  ++lines_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (eof_seen_) {
    if (!after_eof_reported_) {
      after_eof_reported_ = true;
      ++syntax_errors_;
      Report(lines_, 1, line, "exposition/after-eof",
             "content after \"# EOF\": OpenMetrics ends at the \"# EOF\" line; remove what "
             "follows it");
    }
    return;
  }
  size_t bad = clean ? std::string_view::npos : FindInvalidUtf8(line);
  if (bad != std::string_view::npos) {
    saw_content_ = true;
    ReportSyntax({}, static_cast<uint32_t>(bad + 1),
                 "invalid UTF-8 at byte " + std::to_string(bad + 1) +
                     " of the line; expositions must be UTF-8 encoded",
                 "exposition/invalid-utf8");
    return;
  }
  scratch_used_ = 0;
  line_has_backslash_ = !clean && std::memchr(line.data(), '\\', line.size()) != nullptr;
  size_t start = 0;
  while (start < line.size() && IsBlank(line[start])) ++start;
  if (start == line.size()) {
    if (format_ == Format::kOpenMetrics) {
      ReportSyntax(line, 1, "empty line: OpenMetrics does not allow blank lines");
    }
    return;
  }
  saw_content_ = true;
  if (line[start] == '#') {
    ProcessComment(line);
  } else {
    ProcessSample(line);
  }
}

bool Parser::Impl::ReadQuoted(std::string_view line, size_t& pos, std::string_view* value,
                              Failure* failure) {
  size_t open = pos;
  ++pos;  // the opening quote
  // Fast path: the next quote with no backslash before it (memchr is vectorised).
  const char* begin = line.data() + pos;
  const char* end = line.data() + line.size();
  size_t len = FindQuote(begin, end);
  if (begin + len != end) {
    if (!line_has_backslash_ || std::memchr(begin, '\\', len) == nullptr) {
      *value = line.substr(pos, len);
      pos += len + 1;
      return true;
    }
  }
  bool escaped = false;
  while (pos < line.size()) {
    char c = line[pos];
    if (c == '\\') {
      escaped = true;
      pos += 2;
      continue;
    }
    if (c == '"') {
      std::string_view raw = line.substr(open + 1, pos - open - 1);
      ++pos;
      *value = escaped ? Unescape(raw, false) : raw;
      return true;
    }
    ++pos;
  }
  *failure = {static_cast<uint32_t>(open + 1),
              "unterminated quoted string: add the closing '\"' (escape quotes inside as \\\")"};
  return false;
}

bool Parser::Impl::ReadName(std::string_view line, size_t& pos, bool label, std::string_view* name,
                            Failure* failure) {
  if (pos < line.size() && line[pos] == '"') {
    if (!ReadQuoted(line, pos, name, failure)) return false;
    if (name->empty()) {
      *failure = {static_cast<uint32_t>(pos), label ? "empty label name" : "empty metric name"};
      return false;
    }
    return true;
  }
  size_t begin = pos;
  if (pos >= line.size() || !(label ? IsLabelStart(line[pos]) : IsNameStart(line[pos]))) {
    *failure = {static_cast<uint32_t>(pos + 1),
                label ? "expected a label name ([a-zA-Z_][a-zA-Z0-9_]* or a quoted string)"
                      : "expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]* or a quoted string)"};
    return false;
  }
  ++pos;
  const uint8_t cls = label ? kLabelChar : kNameChar;
  while (pos < line.size() && Is(line[pos], cls)) ++pos;
  *name = line.substr(begin, pos - begin);
  return true;
}

bool Parser::Impl::ReadLabels(std::string_view line, size_t& pos, size_t first,
                              std::string_view* name, uint32_t* name_column, Failure* failure,
                              bool resume) {
  auto skip = [&] {
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
  };
  bool expect_item = true;
  // Just past a label's value: blanks, then a ',' before the next item.
  auto after_value = [&] {
    skip();
    expect_item = false;
    if (pos < line.size() && line[pos] == ',') {
      ++pos;
      skip();
      expect_item = true;
    }
  };
  if (resume) {
    after_value();  // as after a label item in the loop below
  } else {
    ++pos;  // '{'
    skip();
  }
  while (pos < line.size() && line[pos] != '}') {
    if (!expect_item) {
      *failure = {static_cast<uint32_t>(pos + 1), "expected ',' or '}' after a label"};
      return false;
    }
    if (!line_has_backslash_ && ReadPlainLabel(line, pos, first)) {
      expect_item = false;
      if (pos < line.size() && line[pos] == ',') {
        ++pos;
        skip();
        expect_item = true;
      }
      continue;
    }
    size_t item_start = pos;
    std::string_view label_name;
    bool quoted = line[pos] == '"';
    if (!ReadName(line, pos, true, &label_name, failure)) return false;
    skip();
    if (quoted && pos < line.size() && (line[pos] == ',' || line[pos] == '}')) {
      // A quoted string alone is the metric name (Prometheus 3 UTF-8 syntax).
      if (!name->empty()) {
        *failure = {static_cast<uint32_t>(item_start + 1),
                    "metric name given twice: remove the quoted name or the name before '{'"};
        return false;
      }
      *name = label_name;
      *name_column = static_cast<uint32_t>(item_start + 1);
    } else {
      if (pos >= line.size() || line[pos] != '=') {
        *failure = {static_cast<uint32_t>(pos + 1),
                    "expected '=' after label name \"" + std::string(label_name) + "\""};
        return false;
      }
      ++pos;
      skip();
      if (pos >= line.size() || line[pos] != '"') {
        *failure = {static_cast<uint32_t>(pos + 1),
                    "expected a double-quoted value for label \"" + std::string(label_name) + "\""};
        return false;
      }
      size_t value_start = pos;
      std::string_view value;
      if (!ReadQuoted(line, pos, &value, failure)) return false;
      if (label_name == "__name__") {
        if (!name->empty()) {
          *failure = {static_cast<uint32_t>(item_start + 1),
                      "metric name given twice: remove the __name__ label"};
          return false;
        }
        *name = value;
        *name_column = static_cast<uint32_t>(value_start + 2);
      } else {
        for (size_t i = first; i < labels_.size(); ++i) {
          if (labels_[i].name == label_name) {
            *failure = {static_cast<uint32_t>(item_start + 1),
                        "duplicate label \"" + std::string(label_name) +
                            "\": each label name may appear once per sample"};
            return false;
          }
        }
        labels_.push_back(Label{label_name, value, static_cast<uint32_t>(item_start + 1),
                                static_cast<uint32_t>(value_start + 1)});
        label_ends_.push_back(kNotReusable);
      }
    }
    after_value();
  }
  if (pos >= line.size()) {
    *failure = {static_cast<uint32_t>(line.size() + 1), "missing '}' at the end of the labels"};
    return false;
  }
  ++pos;  // '}'
  return true;
}

bool Parser::Impl::ReadPlainLabel(std::string_view line, size_t& pos, size_t first) {
  const char* data = line.data();
  const size_t size = line.size();
  if (!IsLabelStart(data[pos])) return false;
  size_t p = pos + 1;
  while (p < size && Is(data[p], kLabelChar)) ++p;
  if (p + 1 >= size || data[p] != '=' || data[p + 1] != '"') return false;
  const char* value = data + p + 2;
  size_t len = FindQuote(value, data + size);
  if (value + len == data + size) return false;  // unterminated: the general path reports it
  std::string_view label_name(data + pos, p - pos);
  if (label_name == "__name__") return false;
  for (size_t i = first; i < labels_.size(); ++i) {
    if (labels_[i].name == label_name) return false;  // the general path reports it
  }
  labels_.push_back(Label{label_name, std::string_view(value, len), static_cast<uint32_t>(pos + 1),
                          static_cast<uint32_t>(p + 2)});
  pos = p + 2 + len + 1;
  label_ends_.push_back(pos < kNotReusable ? static_cast<uint32_t>(pos) : kNotReusable);
  while (pos < size && IsBlank(data[pos])) ++pos;
  return true;
}

void Parser::Impl::ResumeSplitFamily(std::string_view sample_name, Suffix* suffix) {
  // The sample may belong to a typed family seen earlier: under its own name,
  // or under its name less a suffix that family's type allows.
  static constexpr std::string_view kSuffixes[] = {
      "", "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"};
  for (std::string_view s : kSuffixes) {
    if (sample_name.size() <= s.size() || sample_name.substr(sample_name.size() - s.size()) != s) {
      continue;
    }
    auto it = ended_types_.find(std::string(sample_name.substr(0, sample_name.size() - s.size())));
    if (it == ended_types_.end()) continue;
    ++family_epoch_;
    name_hashed_ = 0;  // the family's name changes
    family_.name = it->first;
    family_.bare = std::all_of(family_.name.begin(), family_.name.end(),
                               [](char c) { return Is(c, kNameChar); });
    family_.type = it->second;
    family_.typed = true;
    Suffix matched = s.empty() ? Suffix::kNone : MatchSuffix(sample_name);
    if (!s.empty() && matched == Suffix::kNone) {
      // Not a suffix of that type after all: keep the sample as its own family.
      family_.name.assign(sample_name);
      family_.bare = false;
      family_.type = format_ == Format::kOpenMetrics ? MetricType::kUnknown : MetricType::kUntyped;
      family_.typed = false;
      continue;
    }
    *suffix = matched;
    return;
  }
}

Suffix Parser::Impl::MatchSuffix(std::string_view sample_name) const {
  // Returns kNone for "belongs as the family's own name"; callers check
  // membership separately. Only suffixes valid for the family's type match.
  std::string_view rest = sample_name.substr(family_.name.size());
  auto is = [&](std::string_view s) { return rest == s; };
  switch (family_.type) {
    case MetricType::kCounter:
      if (is("_total")) return Suffix::kTotal;
      if (is("_created")) return Suffix::kCreated;
      break;
    case MetricType::kHistogram:
      if (is("_bucket")) return Suffix::kBucket;
      if (is("_count")) return Suffix::kCount;
      if (is("_sum")) return Suffix::kSum;
      if (is("_created")) return Suffix::kCreated;
      break;
    case MetricType::kGaugeHistogram:
      if (is("_bucket")) return Suffix::kBucket;
      if (is("_gcount")) return Suffix::kGCount;
      if (is("_gsum")) return Suffix::kGSum;
      if (is("_created")) return Suffix::kCreated;
      break;
    case MetricType::kSummary:
      if (is("_count")) return Suffix::kCount;
      if (is("_sum")) return Suffix::kSum;
      if (is("_created")) return Suffix::kCreated;
      break;
    case MetricType::kInfo:
      if (is("_info")) return Suffix::kInfo;
      break;
    case MetricType::kGauge:
    case MetricType::kUntyped:
    case MetricType::kStateset:
    case MetricType::kUnknown:
      break;
  }
  return Suffix::kNone;
}

void Parser::Impl::StartFamily(std::string_view name, uint64_t line_no, uint32_t column,
                               std::string_view line_text) {
  EndFamily();
  ++family_epoch_;
  name_hashed_ = 0;
  family_.active = true;
  family_.name.assign(name);
  family_.bare = !name.empty() && IsNameStart(name[0]) &&
                 std::all_of(name.begin(), name.end(), [](char c) { return Is(c, kNameChar); });
  family_.type = format_ == Format::kOpenMetrics ? MetricType::kUnknown : MetricType::kUntyped;
  family_.typed = false;
  family_.help.clear();
  family_.has_help = false;
  family_.unit.clear();
  family_.has_unit = false;
  family_.first_line = line_no;
  family_.name_column = column;
  family_.first_line_text.assign(line_text.substr(0, kMaxShownLine));
  family_.samples = 0;
  family_.first_sample_line = 0;
}

void Parser::Impl::EndFamily() {
  if (!family_.active) return;
  FamilyEndEvent event;
  event.family = FamilyRef{family_.name, family_.type, family_.typed};
  event.help = family_.help;
  event.has_help = family_.has_help;
  event.unit = family_.unit;
  event.has_unit = family_.has_unit;
  event.first_line = family_.first_line;
  event.name_column = family_.name_column;
  event.first_line_text = family_.first_line_text;
  event.samples = family_.samples;
  consumer_.OnFamilyEnd(event);
  if (family_.typed) ended_types_.emplace(family_.name, family_.type);
  family_.active = false;
}

void Parser::Impl::ProcessComment(std::string_view line) {
  size_t pos = line.find('#') + 1;
  size_t after_hash = pos;
  while (pos < line.size() && IsBlank(line[pos])) ++pos;
  size_t word_start = pos;
  while (pos < line.size() && !IsBlank(line[pos])) ++pos;
  std::string_view word = line.substr(word_start, pos - word_start);
  bool om = format_ == Format::kOpenMetrics;

  if (om && word == "EOF") {
    if (line.substr(0, pos) != "# EOF" || pos != line.size()) {
      ReportSyntax(line, 1, "the end marker must be exactly \"# EOF\"");
    }
    eof_seen_ = true;
    return;
  }
  MetadataEvent::Kind kind;
  if (word == "HELP") {
    kind = MetadataEvent::Kind::kHelp;
  } else if (word == "TYPE") {
    kind = MetadataEvent::Kind::kType;
  } else if (word == "UNIT" && om) {
    kind = MetadataEvent::Kind::kUnit;
  } else {
    if (om) {
      ReportSyntax(line, static_cast<uint32_t>(after_hash),
                   "OpenMetrics allows only \"# HELP\", \"# TYPE\", \"# UNIT\" and \"# EOF\" "
                   "comment lines; remove this comment");
    }
    return;  // a plain comment in the text format
  }
  if (om &&
      (after_hash >= line.size() || line[after_hash] != ' ' || word_start != after_hash + 1)) {
    ReportSyntax(line, static_cast<uint32_t>(after_hash + 1),
                 "OpenMetrics metadata lines are \"# " + std::string(word) +
                     " <name> ...\" with single spaces");
    return;
  }
  while (pos < line.size() && IsBlank(line[pos])) ++pos;
  size_t name_start = pos;
  std::string_view name;
  Failure failure;
  if (!ReadName(line, pos, false, &name, &failure)) {
    ReportSyntax(line, failure.column, "# " + std::string(word) + " line: " + failure.message);
    return;
  }
  if (pos < line.size() && !IsBlank(line[pos])) {
    ReportSyntax(line, static_cast<uint32_t>(pos + 1),
                 "# " + std::string(word) + " line: invalid character in metric name");
    return;
  }
  // One separator, then the rest of the line is the text.
  if (pos < line.size()) ++pos;
  if (kind != MetadataEvent::Kind::kHelp) {
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
  }
  std::string_view rest = line.substr(pos);

  MetadataEvent event;
  event.kind = kind;
  event.name = name;
  event.line = lines_;
  event.name_column = static_cast<uint32_t>(name_start + 1);
  event.line_text = line;

  if (kind == MetadataEvent::Kind::kType) {
    while (!rest.empty() && IsBlank(rest.back())) rest.remove_suffix(1);
    MetricType type;
    if (rest.empty()) {
      ReportSyntax(line, static_cast<uint32_t>(pos + 1),
                   "# TYPE line for \"" + std::string(name) + "\" has no type");
      return;
    }
    if (!ParseMetricType(rest, format_, &type)) {
      std::string known = om ? "counter, gauge, histogram, gaugehistogram, summary, info, "
                               "stateset, unknown"
                             : "counter, gauge, histogram, summary, untyped";
      ReportSyntax(line, static_cast<uint32_t>(pos + 1),
                   "unknown metric type \"" + std::string(rest) + "\" for the " +
                       std::string(FormatName(format_)) + " format; use one of " + known);
      return;
    }
    event.type = type;
    event.text = rest;
  } else if (kind == MetadataEvent::Kind::kHelp) {
    event.text = Unescape(rest, true);
  } else {
    while (!rest.empty() && IsBlank(rest.back())) rest.remove_suffix(1);
    event.text = rest;
    if (!rest.empty() &&
        (name.size() <= rest.size() + 1 || name.substr(name.size() - rest.size()) != rest ||
         name[name.size() - rest.size() - 1] != '_')) {
      ReportSyntax(line, static_cast<uint32_t>(pos + 1),
                   "UNIT \"" + std::string(rest) + "\" must be the suffix of the metric name \"" +
                       std::string(name) + "\" (e.g. \"" + std::string(name) + "_" +
                       std::string(rest) + "\")");
      return;
    }
  }

  if (!family_.active || family_.name != name) {
    StartFamily(name, lines_, event.name_column, line);
  }
  switch (kind) {
    case MetadataEvent::Kind::kHelp:
      if (!family_.has_help) {
        family_.help.assign(event.text);
        family_.has_help = true;
      }
      break;
    case MetadataEvent::Kind::kType:
      if (!family_.typed) {
        family_.type = event.type;
        family_.typed = true;
        ++family_epoch_;
      }
      break;
    case MetadataEvent::Kind::kUnit:
      if (!family_.has_unit) {
        family_.unit.assign(event.text);
        family_.has_unit = true;
      }
      break;
  }
  event.first_sample_line = family_.first_sample_line;
  consumer_.OnMetadata(event);
}

void Parser::Impl::ProcessSample(std::string_view line) {
  size_t pos = 0;
  std::string_view name;
  uint32_t name_column = 1;
  Failure failure;
  bool starts_with_family = false;  // the name is known to start with family_.name
  bool bare_name = false;           // the name is written bare, before any labels
  // What this line shares with the previous sample line (see previous_).
  const bool after_sample = previous_.valid;
  previous_.valid = false;  // set again when this line parses
  const size_t common = after_sample ? CommonPrefixLength(previous_.line, line) : 0;
  // The byte after the name must match too, or the name could go on.
  const bool same_name = after_sample && previous_.name_end < common;
  if (same_name) {
    bare_name = true;
    name_column = previous_.name_begin + 1;
    name = line.substr(previous_.name_begin, previous_.name_end - previous_.name_begin);
    pos = previous_.name_end;
  } else {
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
    name_column = static_cast<uint32_t>(pos + 1);
    if (line[pos] != '{') {
      // Most samples start with the current family's name: compare it whole
      // instead of classifying it character by character.
      const std::string& fam = family_.name;
      bare_name = line[pos] != '"';
      if (family_.active && family_.bare && line.size() - pos > fam.size() &&
          std::memcmp(line.data() + pos, fam.data(), fam.size()) == 0) {
        starts_with_family = true;
        size_t begin = pos;
        pos += fam.size();
        while (pos < line.size() && Is(line[pos], kNameChar)) ++pos;
        name = line.substr(begin, pos - begin);
      } else if (!ReadName(line, pos, false, &name, &failure)) {
        ReportSyntax(line, failure.column, failure.message);
        return;
      }
    }
  }
  // Where a bare name lies (what the next line may share).
  const size_t name_begin = name_column - 1;
  const size_t name_end = name_begin + name.size();
  size_t reused = 0;  // leading labels taken from the previous sample
  if (after_sample && bare_name && previous_.labels > 0 && pos < line.size() && line[pos] == '{') {
    reused = ReuseLabels(line, name_end, common);
    if (reused > 0) pos = label_ends_[reused - 1];
  } else {
    labels_.clear();
    label_ends_.clear();
  }
  if (reused > 0 || (pos < line.size() && line[pos] == '{')) {
    if (!ReadLabels(line, pos, 0, &name, &name_column, &failure, reused > 0)) {
      ReportSyntax(line, failure.column, failure.message);
      return;
    }
  }
  if (name.empty()) {
    ReportSyntax(line, name_column,
                 "sample has no metric name: write it before '{' or as the first, quoted "
                 "item inside the braces");
    return;
  }
  // Value.
  if (pos >= line.size() || !IsBlank(line[pos])) {
    ReportSyntax(line, static_cast<uint32_t>(pos + 1),
                 pos >= line.size() ? "expected a value after the metric name and labels"
                                    : "invalid character in metric name; expected a space "
                                      "and a value");
    return;
  }
  while (pos < line.size() && IsBlank(line[pos])) ++pos;
  size_t value_start = pos;
  // Most values are small integers (counts): read them in the same pass.
  uint64_t integer = 0;
  bool all_digits = true;
  while (pos < line.size() && !IsBlank(line[pos])) {
    const auto digit = static_cast<unsigned>(static_cast<unsigned char>(line[pos]) - '0');
    all_digits = all_digits && digit <= 9;
    integer = integer * 10 + digit;
    ++pos;
  }
  std::string_view value_text = line.substr(value_start, pos - value_start);
  if (value_text.empty()) {
    ReportSyntax(line, static_cast<uint32_t>(value_start + 1),
                 "expected a value after the metric name and labels");
    return;
  }
  SampleEvent& event = sample_;
  // Every field the code below sets only sometimes starts from its default.
  event.exemplar = nullptr;
  event.has_timestamp = false;
  event.timestamp_ms = 0;
  event.timestamp_column = 0;
  event.le_hash = 0;
  if (all_digits && value_text.size() <= 15) {
    // Exact in a double, as ParseFloat would give it.
    event.value = static_cast<double>(integer);
  } else if (!ParseFloat(value_text, &event.value)) {
    ReportSyntax(line, static_cast<uint32_t>(value_start + 1),
                 "invalid value \"" + std::string(value_text) +
                     "\": expected a number such as 1, 0.5, 1e-3, NaN, +Inf or -Inf");
    return;
  }
  event.value_text = value_text;
  event.value_column = static_cast<uint32_t>(value_start + 1);
  // Timestamp.
  while (pos < line.size() && IsBlank(line[pos])) ++pos;
  bool om = format_ == Format::kOpenMetrics;
  if (pos < line.size() && line[pos] != '#') {
    size_t ts_start = pos;
    while (pos < line.size() && !IsBlank(line[pos])) ++pos;
    std::string_view ts = line.substr(ts_start, pos - ts_start);
    event.timestamp_column = static_cast<uint32_t>(ts_start + 1);
    if (om) {
      double seconds;
      if (!ParseFloat(ts, &seconds) || !std::isfinite(seconds)) {
        ReportSyntax(line, static_cast<uint32_t>(ts_start + 1),
                     "invalid timestamp \"" + std::string(ts) +
                         "\": OpenMetrics timestamps are seconds since the epoch, e.g. "
                         "1700000000.123");
        return;
      }
      event.timestamp_ms = static_cast<int64_t>(std::llround(seconds * 1000.0));
    } else if (!ParseInt(ts, &event.timestamp_ms)) {
      ReportSyntax(line, static_cast<uint32_t>(ts_start + 1),
                   "invalid timestamp \"" + std::string(ts) +
                       "\": the text format wants integer milliseconds since the epoch (float "
                       "seconds are OpenMetrics: use --input-format openmetrics)");
      return;
    }
    event.has_timestamp = true;
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
  }
  // Exemplar (OpenMetrics) or trailing garbage.
  if (pos < line.size()) {
    if (!om || line[pos] != '#') {
      ReportSyntax(line, static_cast<uint32_t>(pos + 1),
                   line[pos] == '#'
                       ? "exemplars (\"# {...}\") are only allowed in OpenMetrics; use "
                         "--input-format openmetrics or remove them"
                       : "unexpected text after the " +
                             std::string(event.has_timestamp ? "timestamp" : "value"));
      return;
    }
    exemplar_ = Exemplar{};
    exemplar_.column = static_cast<uint32_t>(pos + 1);
    ++pos;
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
    size_t first = labels_.size();
    std::string_view ignored_name;
    uint32_t ignored_column = 0;
    if (pos >= line.size() || line[pos] != '{') {
      ReportSyntax(line, static_cast<uint32_t>(pos + 1),
                   "expected '{' to start the exemplar's labels");
      return;
    }
    if (!ReadLabels(line, pos, first, &ignored_name, &ignored_column, &failure)) {
      ReportSyntax(line, failure.column, "exemplar: " + failure.message);
      return;
    }
    if (!ignored_name.empty()) {
      ReportSyntax(line, ignored_column, "exemplar labels cannot carry a metric name");
      return;
    }
    size_t runes = 0;
    for (size_t i = first; i < labels_.size(); ++i) {
      runes += CountRunes(labels_[i].name) + CountRunes(labels_[i].value);
    }
    if (runes > 128) {
      ReportSyntax(line, exemplar_.column,
                   "exemplar labels are " + std::to_string(runes) +
                       " characters long; OpenMetrics allows at most 128");
      return;
    }
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
    size_t ev_start = pos;
    while (pos < line.size() && !IsBlank(line[pos])) ++pos;
    if (!ParseFloat(line.substr(ev_start, pos - ev_start), &exemplar_.value)) {
      ReportSyntax(line, static_cast<uint32_t>(ev_start + 1),
                   "exemplar: expected a value after the labels");
      return;
    }
    while (pos < line.size() && IsBlank(line[pos])) ++pos;
    if (pos < line.size()) {
      size_t ets = pos;
      while (pos < line.size() && !IsBlank(line[pos])) ++pos;
      if (!ParseFloat(line.substr(ets, pos - ets), &exemplar_.timestamp_seconds)) {
        ReportSyntax(line, static_cast<uint32_t>(ets + 1),
                     "exemplar: invalid timestamp; expected seconds since the epoch");
        return;
      }
      exemplar_.has_timestamp = true;
      while (pos < line.size() && IsBlank(line[pos])) ++pos;
      if (pos < line.size()) {
        ReportSyntax(line, static_cast<uint32_t>(pos + 1), "unexpected text after the exemplar");
        return;
      }
    }
    exemplar_.labels = std::span<const Label>(labels_.data() + first, labels_.size() - first);
    event.exemplar = &exemplar_;
    event.labels = std::span<const Label>(labels_.data(), first);
  } else {
    event.labels = std::span<const Label>(labels_.data(), labels_.size());
  }

  // Which family does this sample belong to?
  Suffix suffix = Suffix::kNone;
  bool belongs = false;
  if (same_name && previous_.family_epoch == family_epoch_) {
    // Named like the previous sample, which joined the family as it is now.
    belongs = true;
    suffix = previous_.suffix;
  } else if (family_.active && (starts_with_family || StartsWith(name, family_.name))) {
    if (name.size() == family_.name.size()) {
      belongs = true;
    } else {
      suffix = MatchSuffix(name);
      belongs = suffix != Suffix::kNone;
    }
  }
  if (!belongs) {
    StartFamily(name, lines_, name_column, line);
    suffix = Suffix::kNone;
    if (!ended_types_.empty()) ResumeSplitFamily(name, &suffix);
  }
  if (family_.samples == 0) family_.first_sample_line = lines_;
  ++family_.samples;
  ++samples_;
  uint64_t labels_hash = 0;
  const size_t label_count = event.labels.size();
  label_hashes_.resize(label_count);  // [0, reused) hold the previous sample's
  for (size_t i = 0; i < label_count; ++i) {
    const Label& label = event.labels[i];
    uint64_t h = i < reused ? label_hashes_[i] : LabelHash(label);
    label_hashes_[i] = h;
    labels_hash += h;
    if (label.name == "le") event.le_hash = h;
  }
  event.labels_hash = labels_hash;
  // The sample name is the family's name plus the suffix: hash each once per family.
  const auto slot = static_cast<size_t>(suffix);
  if ((name_hashed_ & (1u << slot)) == 0) {
    name_hashes_[slot] = NameHash(name);
    name_hashed_ |= 1u << slot;
  }
  event.series_hash = SeriesHashFromNameHash(name_hashes_[slot], labels_hash);
  event.name = name;
  event.family = FamilyRef{family_.name, family_.type, family_.typed};
  event.suffix = suffix;
  event.line = lines_;
  event.column = name_column;
  event.line_text = line;
  event.line_has_backslash = line_has_backslash_;
  if (bare_name && line_lives_) {
    previous_ = PreviousSample{true,
                               line,
                               static_cast<uint32_t>(name_begin),
                               static_cast<uint32_t>(name_end),
                               label_count,
                               suffix,
                               family_epoch_};
  }
  consumer_.OnSample(event);
}

size_t Parser::Impl::ReuseLabels(std::string_view line, size_t name_end, size_t common) {
  const PreviousSample& prev = previous_;
  // How much of the labels (from the '{' on) both lines share; the names
  // before them may differ (`x_sum{...}` after `x_bucket{...}`).
  size_t shared = prev.name_end < common
                      ? common - name_end
                      : CommonPrefixLength(prev.line.substr(prev.name_end), line.substr(name_end));
  // The same bytes at offsets moved by the difference of the names' lengths.
  const auto shift = static_cast<uint32_t>(name_end - prev.name_end);  // modulo 2^32
  size_t reused = 0;
  for (; reused < prev.labels && label_ends_[reused] - prev.name_end <= shared; ++reused) {
    Label& label = labels_[reused];
    label.name_column += shift;
    label.value_column += shift;
    label_ends_[reused] += shift;
    label.name = std::string_view(line.data() + label.name_column - 1, label.name.size());
    label.value = std::string_view(line.data() + label.value_column, label.value.size());
  }
  labels_.resize(reused);
  label_ends_.resize(reused);
  return reused;
}

Parser::Parser(Format format, std::string path, Consumer& consumer, diag::Sink& sink,
               ParserLimits limits)
    : impl_(std::make_unique<Impl>(format, std::move(path), consumer, sink, limits)) {}
Parser::~Parser() = default;
void Parser::Feed(std::string_view chunk) { impl_->Feed(chunk); }
void Parser::Finish() { impl_->Finish(); }
uint64_t Parser::lines() const { return impl_->lines_; }
uint64_t Parser::samples() const { return impl_->samples_; }
uint64_t Parser::syntax_errors() const { return impl_->syntax_errors_; }

void ParseString(Format format, std::string path, std::string_view input, Consumer& consumer,
                 diag::Sink& sink) {
  Parser parser(format, std::move(path), consumer, sink);
  parser.Feed(input);
  parser.Finish();
}

}  // namespace ttam::expfmt
