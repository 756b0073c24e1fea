#include <cassert>
#include <ostream>
#include <string>
#include <string_view>

#include "diag/render.h"

namespace ttam::diag {
namespace {

// GitHub's escaping for the data part of a workflow command.
std::string EscapeData(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Property values are also cut at ':' and ','.
std::string EscapeProperty(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : EscapeData(text)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view Command(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "notice";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::string NoteLocation(const Note& note) {
  std::string out = note.path;
  if (note.line != 0) {
    out += ':' + std::to_string(note.line);
    if (note.column != 0) out += ':' + std::to_string(note.column);
  }
  return out;
}

// One workflow command per finding; GitHub turns each into an annotation on
// the file and line. Notes go into the message, one per line.
//
// Finish writes the plain summary line of the text format: GitHub shows lines
// that are not commands in the step log as they are, so the log says what
// happened even when there are no annotations ("no problems found").
class GithubRenderer final : public Renderer {
 public:
  explicit GithubRenderer(std::ostream& out) : out_(out) {}

  void Report(Diagnostic diagnostic) override {
    assert(!finished_);
    std::string properties;
    auto add = [&properties](std::string_view key, std::string_view value) {
      if (!properties.empty()) properties += ',';
      properties += key;
      properties += '=';
      properties += EscapeProperty(value);
    };
    if (!diagnostic.path.empty()) add("file", diagnostic.path);
    if (diagnostic.line != 0) {
      add("line", std::to_string(diagnostic.line));
      if (diagnostic.column != 0) add("col", std::to_string(diagnostic.column));
    }
    if (!diagnostic.check.empty()) add("title", diagnostic.check);

    std::string message = diagnostic.message;
    for (const Note& note : diagnostic.notes) {
      message += '\n';
      std::string location = NoteLocation(note);
      if (!location.empty()) message += location + ": ";
      message += "note: " + note.message;
    }
    out_ << "::" << Command(diagnostic.severity);
    if (!properties.empty()) out_ << ' ' << properties;
    out_ << "::" << EscapeData(message) << '\n';
  }

  void Finish(const Summary& summary, const std::vector<JsonExtra>& /*extras*/) override {
    assert(!finished_);
    finished_ = true;
    out_ << SummaryLine(summary) << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<Renderer> MakeGithubRenderer(std::ostream& out, RenderOptions /*options*/) {
  return std::make_unique<GithubRenderer>(out);
}

}  // namespace ttam::diag
