#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttam::diag {

/// How serious a finding is; ordered so that a larger value is more serious.
enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

/// "error", "warning" or "info".
std::string_view SeverityName(Severity severity);

/// Parses "error", "warning" or "info"; returns false for anything else.
bool ParseSeverity(std::string_view text, Severity* out);

/// A secondary location that explains a finding (e.g. "first defined here").
struct Note {
  std::string path;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
};

/// One finding: where, how serious, which check, and what to do about it.
/// Lines and columns are 1-based; 0 means "not known" (e.g. a network error).
struct Diagnostic {
  std::string path;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t end_column = 0;  ///< exclusive; 0 when the span is one character
  Severity severity = Severity::kError;
  std::string check;        ///< stable id, `<area>/<name>`
  std::string message;      ///< what is wrong and how to fix it
  std::string source_line;  ///< the offending line's text, for the caret view
  std::vector<Note> notes;
};

/// Receives findings as they are produced. Parsers and checks only ever talk
/// to a sink; rendering and exit codes are decided elsewhere.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Report(Diagnostic diagnostic) = 0;
};

/// Keeps every finding in memory (tests, small inputs).
class CollectingSink : public Sink {
 public:
  void Report(Diagnostic diagnostic) override { diagnostics.push_back(std::move(diagnostic)); }
  std::vector<Diagnostic> diagnostics;
};

/// Forwards findings to another sink, counting the errors among them (for a
/// loader's `valid` flag, which must see what lower layers reported too).
class ErrorCountingSink : public Sink {
 public:
  explicit ErrorCountingSink(Sink& next) : next_(next) {}
  void Report(Diagnostic diagnostic) override {
    if (diagnostic.severity == Severity::kError) ++errors;
    next_.Report(std::move(diagnostic));
  }
  uint64_t errors = 0;

 private:
  Sink& next_;
};

/// Sends `diagnostics` to `sink` ordered by file, line and column (stable),
/// as a reader goes through the files; checks produce them in check order.
void ReportInFileOrder(std::vector<Diagnostic> diagnostics, Sink& sink);

/// Counts per severity, as in the summary of every output format.
struct Summary {
  uint64_t errors = 0;
  uint64_t warnings = 0;
  uint64_t infos = 0;
  uint64_t suppressed = 0;  ///< findings dropped by --max-findings
  /// Findings per check id (shown or not): the text format's closing tally.
  std::map<std::string, uint64_t, std::less<>> per_check;
  /// True when the run looked at nothing (no input, or every check disabled):
  /// then "no problems found" would claim more than was done.
  bool nothing_checked = false;

  void Add(Severity severity);
  /// Counts one finding of `severity` from `check`.
  void Add(Severity severity, std::string_view check);
  uint64_t AtOrAbove(Severity severity) const;
};

}  // namespace ttam::diag
