#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "diag/filter.h"
#include "diag/render.h"
#include "support/clock.h"
#include "support/filesystem.h"
#include "support/result.h"

namespace ttam::cli {

/// The process's streams, file system and clock, and what the environment
/// says about them; only main() makes the real ones and reads the real
/// environment.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  FileSystem& fs;      ///< every file a subcommand reads goes through it
  const Clock& clock;  ///< the only "now" a subcommand knows
  bool out_is_terminal = false;
  bool err_is_terminal = false;
  bool no_color = false;  ///< NO_COLOR is set and not empty
};

/// Options every subcommand shares (--format, --color, --fail-on, ...).
struct CommonOptions {
  std::string format = "text";
  std::string color = "auto";
  std::string fail_on = "error";
  std::vector<std::string> disable;
  std::vector<std::string>
      enable;  ///< --enable: off-by-default checks to run (ID, group/*, strict)
  uint64_t max_findings = 0;
  uint64_t group_after = 5;  ///< text: findings shown per check and file before "... more"
};

/// Registers the common options on the root app; subcommands fall through to them.
void AddCommonOptions(CLI::App& app, CommonOptions& options);

/// Exit codes shared by every subcommand.
enum ExitCode : int { kExitClean = 0, kExitFindings = 1, kExitCannotRun = 2 };

/// Owns a run's diagnostics pipeline: filter -> renderer on stdout, and the
/// exit code that follows from what was reported.
class Report {
 public:
  Report(const CommonOptions& options, Io& io, std::vector<diag::CheckInfo> checks);

  /// True when check `id` runs: not --disable'd, and on by default (per the
  /// checks this report was given) or named by --enable; producers ask it
  /// before running a check.
  bool Runs(std::string_view id) const;

  /// Where producers send findings.
  diag::FilterSink& sink() { return *filter_; }
  /// True when --format is text (for subcommand-specific text output).
  bool text() const { return format_ == diag::Format::kText; }
  bool json() const { return format_ == diag::Format::kJson; }

  /// True when any finding was reported (shown, suppressed or over
  /// --max-findings; not the disabled ones): commands that print results of
  /// their own add the summary line only then.
  bool AnyFindings() {
    const diag::Summary& s = sink().summary();
    return s.errors + s.warnings + s.infos + s.suppressed > 0;
  }

  /// Says that the run had nothing to look at (no input files): the summary
  /// then says so instead of "no problems found".
  void NothingChecked() { nothing_checked_ = true; }

  /// Writes the trailer and returns 0 or 1 according to --fail-on.
  int Finish(const std::vector<diag::JsonExtra>& extras = {});

  /// For a run that could not finish: closes JSON and SARIF documents so that
  /// stdout stays parseable; text and github output get no summary line.
  void Abandon();

 private:
  diag::Format format_;
  diag::Severity fail_on_;
  std::unique_ptr<diag::Renderer> renderer_;
  std::unique_ptr<diag::FilterSink> filter_;
  bool nothing_checked_ = false;
  std::vector<std::string> enable_;
  std::vector<std::string_view> off_by_default_;  ///< ids; they run only when --enable'd
};

/// A subcommand's member of the --format json document, e.g. `"lint_rules"`:
/// the value serialized once, invalid UTF-8 (from file names or labels)
/// replaced so that the document stays valid JSON.
diag::JsonExtra JsonMember(std::string name, const nlohmann::json& value);

/// Reads a whole input file, or standard input for "-".
Result<std::string> ReadInput(const std::string& file, Io& io, FileSystem& fs);

/// Prints `ttam: error: <message>` to stderr and returns kExitCannotRun.
int CannotRun(Io& io, const std::string& message);

}  // namespace ttam::cli
