#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "expfmt/events.h"

namespace ttam::expfmt {

/// Limits that keep memory bounded on hostile input.
struct ParserLimits {
  size_t max_line_bytes = 1 << 20;  ///< longer lines are reported and skipped
};

/// Streaming parser for the Prometheus text format and OpenMetrics.
/// Feed it bytes in chunks of any size; it calls the consumer for each
/// complete line and reports syntax errors (check `exposition/syntax` and
/// friends) to the sink, then resumes at the next line. Memory is bounded by
/// the longest line (capped) plus the current family's metadata.
class Parser {
 public:
  Parser(Format format, std::string path, Consumer& consumer, diag::Sink& sink,
         ParserLimits limits = {});
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// Parses every complete line in `chunk`; keeps a trailing partial line.
  void Feed(std::string_view chunk);
  /// Parses the last line and reports end-of-input problems (missing # EOF).
  void Finish();

  uint64_t lines() const;
  uint64_t samples() const;
  uint64_t syntax_errors() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/// Guesses the format from the first bytes of an input (and, when known,
/// its last bytes): OpenMetrics when it sees `# EOF`, `# UNIT`, an
/// OpenMetrics-only type, an exemplar or a float timestamp.
Format SniffFormat(std::string_view head, std::string_view tail = {});

/// Picks the format from an HTTP Content-Type header; text when unknown.
Format FormatFromContentType(std::string_view content_type);

/// The checks the parser itself reports (exposition/syntax, ...).
std::span<const diag::CheckInfo> ParserChecks();

/// Parses a whole in-memory input (tests, small files).
void ParseString(Format format, std::string path, std::string_view input, Consumer& consumer,
                 diag::Sink& sink);

}  // namespace ttam::expfmt
