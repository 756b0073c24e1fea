#include <cstring>

#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// Both exposition formats allow three escapes in label values: \\, \" and \n.
// The Prometheus server keeps any other backslash as written, but promtool,
// the client libraries' parsers and OpenMetrics validators reject the whole
// exposition, so a scrape that works today breaks the next consumer.
class InvalidEscape final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kEscapedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& /*facts*/,
                Reporter& out) override {
    std::string_view line = event.line_text;
    if (!event.line_has_backslash || std::memchr(line.data(), '\\', line.size()) == nullptr) {
      return;
    }
    for (const expfmt::Label& label : event.labels) {
      char escaped = InvalidEscapeIn(line, label.value_column);
      if (escaped == 0 || !reported_.First(label.name)) continue;
      std::string escape = {'\\', escaped};
      ReportAtLabelValue(event, label, out,
                         "label " + Quote(label.name) + " of " + Subject(event.family) +
                             " has the escape \"" + escape +
                             "\" in its value; only \\\\, \\\" and \\n are valid, and promtool "
                             "and client-library parsers reject the whole exposition: write \"\\" +
                             escape + "\" for a literal backslash");
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    reported_.Clear();
  }

 private:
  // The first escaped character other than \, " and n in the quoted value
  // whose opening quote is at 1-based `column` of `line`; 0 when none.
  static char InvalidEscapeIn(std::string_view line, uint32_t column) {
    if (column == 0 || column > line.size() || line[column - 1] != '"') return 0;
    for (size_t i = column; i < line.size(); ++i) {
      if (line[i] == '"') return 0;
      if (line[i] != '\\' || i + 1 == line.size()) continue;
      char next = line[++i];
      if (next != '\\' && next != '"' && next != 'n') return next;
    }
    return 0;
  }

  ReportedNames reported_;
};

}  // namespace

CheckPtr MakeExpositionInvalidEscape(const ExpositionOptions& /*options*/) {
  return std::make_unique<InvalidEscape>();
}

}  // namespace ttam::lint::checks
