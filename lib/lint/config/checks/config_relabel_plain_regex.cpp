// Relabel regexes are anchored by Prometheus (`^(?s:re)$`), which surprises
// people in three ways this check reports, each only when certain:
//  - `^...$` written out: redundant, and it suggests the regex is unanchored
//    elsewhere (info);
//  - a literal like `app1.example.com` whose dots match any character (info);
//  - `$` followed by a required character, or a required character followed by
//    `^`, at the top level of a regex without alternation: it can never match
//    anything (warning).
#include <cctype>

#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

bool IsQuantifier(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

bool IsLiteralChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == ':' ||
         c == '/' || c == '=' || c == '@' || c == ',' || c == ' ';
}

// The position of an anchor that makes the regex unmatchable, or npos. Only
// the top level of a regex without '|' is examined, so every element there is
// mandatory; escapes and character classes are skipped.
size_t ImpossibleAnchor(std::string_view re) {
  if (re.find("\\Q") != std::string_view::npos) return std::string_view::npos;  // \Q...\E literals
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < re.size() && re[i + 1] == ']') ++i;  // "[]...]" starts with a literal ']'
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == '|' && depth == 0) return std::string_view::npos;
  }
  in_class = false;
  depth = 0;
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < re.size() && re[i + 1] == ']') ++i;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth != 0) continue;
    // "$x": a required literal after the end of the text.
    if (c == '$' && i + 1 < re.size() && IsLiteralChar(re[i + 1]) &&
        (i + 2 >= re.size() || !IsQuantifier(re[i + 2]))) {
      return i;
    }
    // "x^": a required literal before the start (x is unquantified: '^' follows it).
    if (c == '^' && i > 0 && IsLiteralChar(re[i - 1]) && (i < 2 || re[i - 2] != '\\')) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool RedundantAnchors(std::string_view re) {
  if (re.starts_with("^")) return true;
  if (!re.ends_with("$")) return false;
  size_t backslashes = 0;
  for (size_t i = re.size() - 1; i-- > 0 && re[i] == '\\';) ++backslashes;
  return backslashes % 2 == 0;
}

// "10.0.0.1:9100", "app1.example.com": literal characters and dots between
// them, nothing else.
bool DottedLiteral(std::string_view re) {
  if (re.find('.') == std::string_view::npos) return false;
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '.') {
      if (i == 0 || i + 1 == re.size()) return false;
      if (std::isalnum(static_cast<unsigned char>(re[i - 1])) == 0 ||
          std::isalnum(static_cast<unsigned char>(re[i + 1])) == 0) {
        return false;
      }
    } else if (!IsLiteralChar(c) || c == ' ') {
      return false;
    }
  }
  return true;
}

std::string Escaped(std::string_view re) {
  std::string out;
  for (char c : re) {
    if (c == '.') out += '\\';
    out += c;
  }
  return out;
}

std::string Stripped(std::string_view re) {
  if (re.starts_with("^")) re.remove_prefix(1);
  if (re.ends_with("$")) re.remove_suffix(1);
  return std::string(re);
}

class RelabelPlainRegex : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const RelabelList& list : RelabelLists(input.config.config)) {
      for (const config::RelabelConfig& rule : *list.rules) {
        if (!rule.regex_set || rule.origin.doc == nullptr || rule.origin.node == nullptr) continue;
        const yaml::Node* at = FindValue(rule.origin.node, "regex");
        if (at == nullptr) continue;
        const std::string& re = rule.regex;
        if (!RegexCompiles(re)) continue;  // config/regex
        std::string prefix = rule.origin.path + ".regex " + Quote(re);
        if (size_t pos = ImpossibleAnchor(re); pos != std::string_view::npos) {
          out.ReportWithSeverity(*rule.origin.doc, *at, diag::Severity::kWarning,
                                 prefix + " can never match: its '" + std::string(1, re[pos]) +
                                     "' at offset " + std::to_string(pos) + " requires " +
                                     (re[pos] == '$' ? "characters after the end of the value"
                                                     : "characters before the start of the value") +
                                     ", so the rule " +
                                     (rule.action == "keep"   ? "drops everything"
                                      : rule.action == "drop" ? "drops nothing"
                                                              : "never applies") +
                                     "; remove the anchor (or escape it as \\" +
                                     std::string(1, re[pos]) + ")");
        } else if (RedundantAnchors(re)) {
          out.Report(*rule.origin.doc, *at,
                     prefix +
                         ": Prometheus anchors relabel regexes at both ends already, so "
                         "'^' and '$' are redundant; write " +
                         Quote(Stripped(re)));
        } else if (DottedLiteral(re)) {
          out.Report(*rule.origin.doc, *at,
                     prefix +
                         " looks like a literal, but each '.' matches any character; "
                         "escape the dots (" +
                         Quote(Escaped(re)) + ") to match exactly");
        }
      }
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigRelabelPlainRegex() { return std::make_unique<RelabelPlainRegex>(); }

}  // namespace ttam::lint::checks
