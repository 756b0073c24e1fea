#pragma once

// Prometheus's promqltest language (promql/promqltest/test.go) as data: a
// file is a list of load, clear and eval commands, each with its 1-based
// line. Parsing follows upstream's rules (trimmed lines, whole-line comments
// that also end a block, the expanding value notation, legacy eval_* forms);
// a malformed file yields one positioned error, never a crash. Running the
// commands is the runner's job; this file only reads them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "eval/histogram.h"
#include "model/labels.h"
#include "promql/ast.h"

namespace ttam::eval::promqltest {

/// One expanded position of a value sequence.
struct SeqValue {
  /// What sits at the position.
  enum class Kind : uint8_t {
    kFloat,      ///< A float (StaleNaN for `stale`).
    kOmitted,    ///< `_`: no sample here.
    kHistogram,  ///< A `{{…}}` native histogram literal.
  };
  Kind kind = Kind::kFloat;
  double value = 0;  ///< The float, for kFloat.
  /// For kHistogram: the index of its histogram in SeriesDesc::histograms
  /// (the positions `xN` repeats share one).
  uint32_t histogram = 0;
};

/// A series description line: `name{labels} values…`, values expanded.
struct SeriesDesc {
  model::Labels labels;                    ///< The series' labels, `__name__` included.
  std::vector<SeqValue> values;            ///< One entry per step.
  bool has_histogram = false;              ///< Some value is a `{{…}}` literal.
  std::vector<FloatHistogram> histograms;  ///< The decoded `{{…}}` values.
};

/// A positioned problem in a test file.
struct ParseError {
  int line = 0;    ///< 1-based line.
  int column = 0;  ///< 1-based byte column in the untrimmed line.
  std::string message;
  /// `file:line:col: message`.
  std::string Format(std::string_view file) const;
};

/// Parses one series description (`m{a="b"} 1+1x3 _ stale`); on error, the
/// ParseError's column counts from 1 in `text` and its line is 0.
std::variant<SeriesDesc, ParseError> ParseSeriesDesc(std::string_view text);

/// `load <step>` or `load_with_nhcb <step>` and its series lines.
struct LoadCmd {
  /// One series line with its optional start-timestamp (`@st`) offsets.
  struct Entry {
    SeriesDesc series;
    int line = 0;  ///< 1-based line of the series line.
    /// Per value: start-timestamp offset in ms from the sample's time, or
    /// nullopt (`_`); empty when the series has no `@st` line.
    std::vector<std::optional<int64_t>> start_offsets;
  };
  int line = 0;                 ///< 1-based line of the `load` header.
  int64_t step_ms = 0;          ///< Interval between consecutive values.
  bool with_nhcb = false;       ///< `load_with_nhcb`: classic histograms also load as native ones.
  bool has_histograms = false;  ///< Some series holds `{{…}}` literals.
  std::vector<Entry> series;    ///< In file order; for equal labels the last wins when loading.
  /// A standalone `@st` line's offsets, cycled over every series without its own.
  std::vector<std::optional<int64_t>> default_start_offsets;
};

/// `clear`: drop every loaded series.
struct ClearCmd {
  int line = 0;  ///< 1-based line.
};

/// The kinds of `expect` line.
enum class ExpectKind { kFail, kWarn, kNoWarn, kInfo, kNoInfo, kOrdered };

/// How an `expect` line matches an error or annotation text.
enum class MatchMode {
  kAny,      ///< No `msg:`/`regex:` part: anything matches.
  kMessage,  ///< `msg:` exact text.
  kRegex,    ///< `regex:` unanchored Go regexp.
};

/// One `expect <kind> [msg|regex]: <text>` line.
struct Expectation {
  ExpectKind kind = ExpectKind::kFail;
  MatchMode mode = MatchMode::kAny;
  std::string text;  ///< The message or regex, trimmed.
  int line = 0;      ///< 1-based line.
};

/// One expected series of an eval.
struct ExpectedSeries {
  SeriesDesc series;  ///< Labels and expected values (`_` = no point at that step).
  int position = 0;   ///< Upstream's 1-based body position, compared under `ordered`.
  int line = 0;       ///< 1-based line.
};

/// The deprecated `eval_<mod>` prefixes.
enum class LegacyModifier { kNone, kFail, kWarn, kInfo, kOrdered };

/// `eval instant at <t> <expr>` or `eval range from <a> to <b> step <s> <expr>` and its body.
struct EvalCmd {
  int line = 0;          ///< 1-based line of the eval command.
  bool range = false;    ///< A range query.
  int64_t at_ms = 0;     ///< Instant: evaluation time (ms since the epoch).
  int64_t start_ms = 0;  ///< Range: first step.
  int64_t end_ms = 0;    ///< Range: last step (inclusive).
  int64_t step_ms = 0;   ///< Range: step.
  std::string expr;      ///< The expression text.
  int expr_column = 0;   ///< 1-based byte column of `expr` in the untrimmed line.
  promql::ExprPtr
      ast;  ///< The parsed expression (all experimental syntax on); null with static_error.
  /// Set when the expression fails to parse or type-check and a failure is
  /// expected (otherwise the file is malformed): the message, without position.
  std::optional<std::string> static_error;
  LegacyModifier legacy = LegacyModifier::kNone;
  std::vector<Expectation> expectations;             ///< `expect` lines, in order.
  std::optional<std::string> expected_fail_message;  ///< Legacy `expected_fail_message`.
  std::optional<std::string> expected_fail_regexp;   ///< Legacy `expected_fail_regexp`.
  /// `expect range vector from <a> to <b> step <s>`: an instant query returning a matrix.
  struct RangeVector {
    int64_t start_ms = 0;
    int64_t end_ms = 0;
    int64_t step_ms = 0;
  };
  std::optional<RangeVector> range_vector;
  std::optional<std::string> expected_string;  ///< `expect string "<s>"`.
  std::optional<double> expected_scalar;       ///< A bare number line.
  std::vector<ExpectedSeries> series;          ///< Expected series lines.
  bool has_histogram_expectation = false;      ///< Some expected value is `{{…}}`.

  /// True when an `expect <kind>` line of this kind exists.
  bool Has(ExpectKind kind) const;
  /// An error must occur (`expect fail` or `eval_fail`).
  bool ExpectsFailure() const { return legacy == LegacyModifier::kFail || Has(ExpectKind::kFail); }
  /// Result order matters (`expect ordered` or `eval_ordered`).
  bool Ordered() const { return legacy == LegacyModifier::kOrdered || Has(ExpectKind::kOrdered); }
};

/// One command of a test file.
using Command = std::variant<LoadCmd, ClearCmd, EvalCmd>;

/// A parsed test file: its commands, or the first error.
struct TestFile {
  std::vector<Command> commands;
  std::optional<ParseError>
      error;  ///< Set when the file is malformed; commands then stop before it.
  /// True when there is no error.
  bool ok() const { return !error.has_value(); }
};

/// Parses a whole promqltest file.
TestFile ParseTestFile(std::string_view text);

/// Parses a duration as upstream's model.ParseDuration (`0` allowed) into ms.
std::optional<int64_t> ParseTestDuration(std::string_view text);

}  // namespace ttam::eval::promqltest
