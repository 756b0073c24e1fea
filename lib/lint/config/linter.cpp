#include "lint/config/linter.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "diag/filter.h"
#include "yaml/document.h"

namespace ttam::lint {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Where the comment of a YAML line starts: a '#' at the start or after a
// space, outside quotes; npos when there is none.
size_t CommentStart(std::string_view line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      // Quotes only open a scalar at its start: after ": ", "- ", "[", "{", "," or the line start.
      std::string_view before = Trim(line.substr(0, i));
      if (before.empty() || before.back() == ':' || before.back() == '-' || before.back() == '[' ||
          before.back() == '{' || before.back() == ',') {
        quote = c;
      }
      continue;
    }
    if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return i;
  }
  return std::string_view::npos;
}

// True when `line` has a `# ttam: disable=a,b` comment naming `check`.
bool LineDisables(std::string_view line, std::string_view check) {
  constexpr std::string_view kMarker = "ttam: disable=";
  size_t hash = CommentStart(line);
  if (hash == std::string_view::npos) return false;
  std::string_view comment = Trim(line.substr(hash + 1));
  if (!comment.starts_with(kMarker)) return false;
  std::string_view ids = comment.substr(kMarker.size());
  size_t end = ids.find_first_of("#");
  if (end != std::string_view::npos) ids = ids.substr(0, end);
  while (!ids.empty()) {
    size_t comma = ids.find(',');
    std::string_view id = Trim(ids.substr(0, comma));
    size_t space = id.find_first_of(" \t");
    if (space != std::string_view::npos) id = id.substr(0, space);
    if (!id.empty() && diag::CheckMatches(id, check)) return true;
    if (comma == std::string_view::npos) break;
    ids.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

bool IsSuppressed(const yaml::Document& doc, uint32_t line, std::string_view check) {
  if (line == 0) return false;
  if (LineDisables(doc.Line(line), check)) return true;
  // Then the block of comment lines directly above.
  for (uint32_t above = line - 1; above >= 1; --above) {
    std::string_view text = Trim(doc.Line(above));
    if (text.empty() || text.front() != '#') break;
    if (LineDisables(text, check)) return true;
  }
  return false;
}

void ConfigReporter::Report(const yaml::Document& doc, const yaml::Node& node, std::string message,
                            std::vector<diag::Note> notes) {
  ReportWithSeverity(doc, node, severity_, std::move(message), std::move(notes));
}

void ConfigReporter::ReportWithSeverity(const yaml::Document& doc, const yaml::Node& node,
                                        diag::Severity severity, std::string message,
                                        std::vector<diag::Note> notes) {
  if (IsSuppressed(doc, node.mark.line, check_)) return;
  diag::Diagnostic d = yaml::MakeDiagnostic(doc, node.mark, severity, check_, std::move(message));
  d.notes = std::move(notes);
  sink_.Report(std::move(d));
}

void ConfigReporter::Report(const config::Origin& at, std::string message,
                            std::vector<diag::Note> notes) {
  if (at.doc == nullptr || at.node == nullptr) return;
  Report(*at.doc, *at.node, std::move(message), std::move(notes));
}

void ConfigReporter::ReportRedacted(const config::Origin& at, std::string message) {
  if (at.doc == nullptr || at.node == nullptr) return;
  if (IsSuppressed(*at.doc, at.node->mark.line, check_)) return;
  diag::Diagnostic d =
      yaml::MakeDiagnostic(*at.doc, at.node->mark, severity_, check_, std::move(message));
  // Mask from the value to the end of the line, or over the value's length.
  size_t start = at.node->mark.column > 0 ? at.node->mark.column - 1 : 0;
  if (start < d.source_line.size()) {
    size_t len = d.source_line.size() - start;
    if (at.node->IsScalar() && at.node->style == yaml::ScalarStyle::kPlain) {
      len = std::min(len, at.node->scalar.size());
    }
    d.source_line.replace(start, len, std::string(std::min<size_t>(len, 8), '*'));
    d.end_column = 0;
  }
  sink_.Report(std::move(d));
}

void LintConfig(const ConfigLintInput& input, diag::Sink& sink,
                const std::function<bool(std::string_view)>& enabled) {
  // Findings go out in file order, not check order, as a reader goes through
  // the file; there are few of them per config.
  diag::CollectingSink collected;
  for (const ConfigCheckInfo& info : ConfigChecks()) {
    if (enabled ? !enabled(info.id) : info.enablement == diag::Enablement::kOffByDefault) {
      continue;
    }
    std::unique_ptr<ConfigCheck> check = info.make();
    ConfigReporter out(collected, info.id, info.severity);
    check->Run(input, out);
  }
  diag::ReportInFileOrder(std::move(collected.diagnostics), sink);
}

}  // namespace ttam::lint
