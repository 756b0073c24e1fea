#include <cassert>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/render.h"

namespace ttam::diag {
namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[1;33m";
constexpr std::string_view kCyan = "\x1b[1;36m";
constexpr std::string_view kGreen = "\x1b[1;32m";

std::string_view SeverityColor(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return kCyan;
    case Severity::kWarning:
      return kYellow;
    case Severity::kError:
      return kRed;
  }
  return kRed;
}

// UTF-8 continuation bytes do not start a character, so they take no cell.
bool StartsCharacter(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// `path:line:col`, leaving out the parts that are not known (0 or empty).
std::string Location(std::string_view path, uint32_t line, uint32_t column) {
  std::string out(path);
  if (line != 0) {
    if (!out.empty()) out += ':';
    out += std::to_string(line);
    if (column != 0) out += ':' + std::to_string(column);
  }
  return out;
}

// The line under the source line: padding, `^`, then `~` up to end_column.
// Columns count bytes; padding counts characters, and a tab in the source is
// copied as a tab so that the terminal expands both lines the same way.
std::string CaretLine(std::string_view source, uint32_t column, uint32_t end_column,
                      std::string* padding) {
  size_t start = column - 1;
  for (size_t i = 0; i < start; ++i) {
    if (i >= source.size()) {
      padding->push_back(' ');
    } else if (source[i] == '\t') {
      padding->push_back('\t');
    } else if (StartsCharacter(source[i])) {
      padding->push_back(' ');
    }
  }
  std::string marks = "^";
  for (size_t i = start + 1; i + 1 < end_column; ++i) {
    if (i >= source.size() || StartsCharacter(source[i])) marks.push_back('~');
  }
  return marks;
}

class TextRenderer final : public Renderer {
 public:
  TextRenderer(std::ostream& out, bool color, uint64_t group_after)
      : out_(out), color_(color), group_after_(group_after) {}

  void Report(Diagnostic diagnostic) override {
    assert(!finished_);
    if (diagnostic.path != current_path_) {
      WriteHidden();
      current_path_ = diagnostic.path;
      groups_.clear();
    }
    if (Hide(diagnostic.check)) return;
    WriteLocation(Location(diagnostic.path, diagnostic.line, diagnostic.column));
    out_ << Paint(SeverityColor(diagnostic.severity)) << SeverityName(diagnostic.severity) << ':'
         << Paint(kReset) << ' ' << diagnostic.message;
    if (!diagnostic.check.empty()) out_ << " [" << diagnostic.check << ']';
    out_ << '\n';
    WriteSource(diagnostic);
    for (const Note& note : diagnostic.notes) {
      WriteLocation(Location(note.path, note.line, note.column));
      out_ << Paint(kBold) << "note:" << Paint(kReset) << ' ' << note.message << '\n';
    }
  }

  void Finish(const Summary& summary, const std::vector<JsonExtra>& /*extras*/) override {
    assert(!finished_);
    finished_ = true;
    WriteHidden();
    // One finding needs no tally: its own line already names the check.
    if (summary.errors + summary.warnings + summary.infos > 1) {
      for (const std::string& line : TallyLines(summary)) out_ << line << '\n';
    }
    out_ << SummaryLine(summary) << '\n';
    out_.flush();
  }

 private:
  // Counts the finding against its check in the current file; true when the
  // check has had its group_after_ findings there already.
  bool Hide(const std::string& check) {
    if (group_after_ == 0 || check.empty()) return false;
    for (Group& g : groups_) {
      if (g.check != check) continue;
      if (g.shown < group_after_) {
        ++g.shown;
        return false;
      }
      ++g.hidden;
      return true;
    }
    groups_.push_back({check, 1, 0});
    return false;
  }

  // One line per check of the current file whose findings were held back.
  void WriteHidden() {
    for (const Group& g : groups_) {
      if (g.hidden == 0) continue;
      WriteLocation(current_path_);
      out_ << Paint(kBold) << "note:" << Paint(kReset) << " \u2026 and " << g.hidden
           << " more like this [" << g.check << "] (--group-after 0 shows them)\n";
    }
    groups_.clear();
  }

  std::string_view Paint(std::string_view code) const { return color_ ? code : std::string_view(); }

  void WriteLocation(const std::string& location) {
    if (location.empty()) return;
    out_ << Paint(kBold) << location << ':' << Paint(kReset) << ' ';
  }

  void WriteSource(const Diagnostic& diagnostic) {
    std::string_view source = diagnostic.source_line;
    while (!source.empty() && (source.back() == '\n' || source.back() == '\r')) {
      source.remove_suffix(1);
    }
    if (source.empty()) return;
    out_ << source << '\n';
    if (diagnostic.column == 0) return;
    std::string padding;
    std::string marks = CaretLine(source, diagnostic.column, diagnostic.end_column, &padding);
    out_ << padding << Paint(kGreen) << marks << Paint(kReset) << '\n';
  }

  struct Group {
    std::string check;
    uint64_t shown = 0;
    uint64_t hidden = 0;
  };

  std::ostream& out_;
  bool color_;
  uint64_t group_after_;
  std::string current_path_;
  std::vector<Group> groups_;  ///< the current file's checks, in order of first finding
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<Renderer> MakeTextRenderer(std::ostream& out, RenderOptions options) {
  return std::make_unique<TextRenderer>(out, options.color, options.group_after);
}

}  // namespace ttam::diag
