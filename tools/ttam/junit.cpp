#include "junit.h"

#include <cstdint>
#include <optional>

namespace ttam::cli {
namespace {

// Decodes the UTF-8 character at `text[at]`; nullopt for an invalid sequence
// (which then stands for one byte, as Go's utf8.DecodeRune says).
std::optional<char32_t> DecodeRune(std::string_view text, size_t at, size_t* width) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char b0 = byte(at);
  *width = 1;
  if (b0 < 0x80) return b0;
  size_t n = 0;
  char32_t r = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, r = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, r = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, r = b0 & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (at + n > text.size()) return std::nullopt;
  for (size_t i = 1; i < n; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return std::nullopt;
    r = (r << 6) | (byte(at + i) & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return std::nullopt;
  *width = n;
  return r;
}

// Go's isInCharacterRange: what an XML document may contain.
bool InXmlRange(char32_t r) {
  return r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0xD7FF) ||
         (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF);
}

struct Case {
  std::string name;
  std::vector<std::string> failures;
  std::string error;
};

struct Suite {
  std::string name;
  int tests = 0;
  int failures = 0;
  int errors = 0;
  std::string timestamp;
  std::vector<Case> cases;

  // promtool's lastCase: the last one, or a new "unknown" case.
  Case& LastCase() {
    if (cases.empty()) {
      cases.push_back({"unknown", {}, ""});
      ++tests;
    }
    return cases.back();
  }
};

// promtool sets the suite's time after reading, parsing and globbing: a
// file aborted before that (anything but a repeated group_eval_order name)
// keeps an empty one.
bool HasTimestamp(const ruletest::FileOutcome& file) {
  if (!file.abort || file.abort->kind != ruletest::ProblemKind::kFile) return true;
  return file.abort->text.starts_with("group name repeated in evaluation order");
}

Suite ToSuite(const ruletest::FileOutcome& file, const std::string& timestamp) {
  Suite suite;
  suite.name = file.path;
  if (HasTimestamp(file)) suite.timestamp = timestamp;
  for (const ruletest::GroupOutcome& group : file.groups) {
    Case c;
    c.name = group.name.empty() ? "unnamed#" + std::to_string(group.index) : group.name;
    for (const ruletest::Problem& p : group.problems) c.failures.push_back(p.text);
    suite.failures += static_cast<int>(c.failures.size());
    suite.cases.push_back(std::move(c));
    ++suite.tests;
  }
  if (file.abort) {
    if (file.abort->kind == ruletest::ProblemKind::kFile) {
      // Abort: an <error> on the last case.
      ++suite.errors;
      suite.LastCase().error = file.abort->text;
    } else {
      // Anything else that stops the file fails the last case.
      ++suite.failures;
      suite.LastCase().failures.push_back(file.abort->text);
    }
  }
  return suite;
}

}  // namespace

std::string GoXmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t width = 1;
    std::optional<char32_t> r = DecodeRune(text, i, &width);
    if (!r || !InXmlRange(*r)) {
      out += "\xEF\xBF\xBD";
      i += width;
      continue;
    }
    switch (*r) {
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\t':
        out += "&#x9;";
        break;
      case '\n':
        out += "&#xA;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      default:
        out.append(text.substr(i, width));
    }
    i += width;
  }
  return out;
}

std::string JunitXml(const std::vector<ruletest::FileOutcome>& files,
                     const std::string& timestamp) {
  std::string out = "<testsuites>";
  for (const ruletest::FileOutcome& file : files) {
    Suite s = ToSuite(file, timestamp);
    out += "<testsuite name=\"" + GoXmlEscape(s.name) + "\" tests=\"" + std::to_string(s.tests) +
           "\" failures=\"" + std::to_string(s.failures) + "\" errors=\"" +
           std::to_string(s.errors) + "\" skipped=\"0\" timestamp=\"" + GoXmlEscape(s.timestamp) +
           "\">";
    for (const Case& c : s.cases) {
      out += "<testcase name=\"" + GoXmlEscape(c.name) + "\">";
      for (const std::string& f : c.failures) out += "<failure>" + GoXmlEscape(f) + "</failure>";
      if (!c.error.empty()) out += "<error>" + GoXmlEscape(c.error) + "</error>";
      out += "</testcase>";
    }
    out += "</testsuite>";
  }
  out += "</testsuites>";
  return out;
}

}  // namespace ttam::cli
