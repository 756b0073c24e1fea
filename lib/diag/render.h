#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/check_info.h"
#include "diag/diagnostic.h"

namespace ttam::diag {

/// The output formats every subcommand offers through --format.
enum class Format { kText, kJson, kGithub, kSarif, kGitlab };

/// Parses "text", "json", "github", "sarif" or "gitlab".
bool ParseFormat(std::string_view text, Format* out);

/// Options that shape rendering.
struct RenderOptions {
  bool color = false;             ///< text only: ANSI colours
  std::string tool_version;       ///< sarif: tool.driver.version
  std::string information_uri;    ///< sarif: tool.driver.informationUri
  std::vector<CheckInfo> checks;  ///< sarif: rule metadata for the ids that appear
  /// text only: after this many findings of one check in one file, the rest
  /// are counted in one line instead of shown (0 = show every finding).
  uint64_t group_after = 0;
};

/// Extra top-level members a subcommand adds to the JSON document (e.g.
/// "cardinality"); each entry is a key and an already-serialised JSON value.
struct JsonExtra {
  std::string key;
  std::string json;
};

/// Writes diagnostics in one format as they arrive (streaming: nothing is
/// kept but what the format's trailer needs), then a trailer with the summary.
class Renderer : public Sink {
 public:
  ~Renderer() override = default;
  /// Writes the trailer; `extras` are only used by the JSON format.
  virtual void Finish(const Summary& summary, const std::vector<JsonExtra>& extras = {}) = 0;
};

/// A renderer for `format` that writes to `out`.
std::unique_ptr<Renderer> MakeRenderer(Format format, std::ostream& out, RenderOptions options);

/// `path:line:col: severity: message [check]`, a caret view and notes.
std::unique_ptr<Renderer> MakeTextRenderer(std::ostream& out, RenderOptions options);
/// One JSON document: {"diagnostics":[...],"summary":{...}} plus extras.
std::unique_ptr<Renderer> MakeJsonRenderer(std::ostream& out, RenderOptions options);
/// GitHub Actions workflow commands (`::error file=...::message`).
std::unique_ptr<Renderer> MakeGithubRenderer(std::ostream& out, RenderOptions options);
/// A SARIF 2.1.0 log with one run.
std::unique_ptr<Renderer> MakeSarifRenderer(std::ostream& out, RenderOptions options);
/// GitLab's Code Quality report: a JSON array of issues (description,
/// check_name, fingerprint, severity, location.path, location.lines.begin).
std::unique_ptr<Renderer> MakeGitlabRenderer(std::ostream& out, RenderOptions options);

/// The one-line summary shared by the human-readable formats, without a
/// newline: "3 errors, 1 warning, 0 infos", "no problems found", or "nothing
/// checked" when the run looked at nothing.
std::string SummaryLine(const Summary& summary);

/// The text format's closing tally (when there is more than one finding), one
/// line per check id without a newline,
/// most frequent first: "47 × metrics/snake-case (disable: --disable
/// metrics/snake-case)".
std::vector<std::string> TallyLines(const Summary& summary);

}  // namespace ttam::diag
