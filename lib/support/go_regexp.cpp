#include "support/go_regexp.h"

#include <re2/re2.h>

#include <cstdint>

namespace ttam {
namespace {

/// Go's regexp/syntax wording for RE2's error codes.
std::string GoRegexReason(const RE2& re) {
  std::string arg = re.error_arg();
  auto with_arg = [&](std::string_view what) {
    return arg.empty() ? std::string(what) : std::string(what) + ": `" + arg + "`";
  };
  switch (re.error_code()) {
    case RE2::NoError:
      return "";
    case RE2::ErrorInternal:
      return "internal error";
    case RE2::ErrorBadEscape:
      return with_arg("invalid escape sequence");
    case RE2::ErrorBadCharClass:
      return with_arg("invalid character class");
    case RE2::ErrorBadCharRange:
      return with_arg("invalid character class range");
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return with_arg("missing argument to repetition operator");
    case RE2::ErrorRepeatSize:
      return with_arg("invalid repeat count");
    case RE2::ErrorRepeatOp:
      return with_arg("invalid nested repetition operator");
    case RE2::ErrorBadPerlOp:
      return with_arg("invalid or unsupported Perl syntax");
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return with_arg("invalid named capture");
    case RE2::ErrorPatternTooLarge:
      return "expression too large";
  }
  return re.error();
}

// Go's regexp has no `\C` (any byte), which RE2 accepts.
std::optional<size_t> FindByteEscape(std::string_view regex) {
  for (size_t i = 0; i + 1 < regex.size(); ++i) {
    if (regex[i] != '\\') continue;
    if (regex[i + 1] == 'C') return i;
    ++i;  // skip the escaped character
  }
  return std::nullopt;
}

}  // namespace

/// Go (since 1.22) accepts `(?<name>` as well as `(?P<name>`; this RE2 only
/// the latter, so rewrite the former (lookbehinds `(?<=`, `(?<!` stay, and
/// both engines reject them).
std::string GoToRe2(std::string_view regex) {
  std::string out;
  out.reserve(regex.size() + 8);
  for (size_t i = 0; i < regex.size(); ++i) {
    if (regex[i] == '\\' && i + 1 < regex.size()) {
      out += regex[i];
      out += regex[++i];
      continue;
    }
    if (regex.substr(i, 3) == "(?<" && i + 3 < regex.size() && regex[i + 3] != '=' &&
        regex[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += regex[i];
  }
  return out;
}

std::unique_ptr<RE2> CompileGoRegexp(std::string_view regex) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  // Go has no memory budget for compiling; be generous so that large
  // alternations Prometheus accepts are accepted here too.
  options.set_max_mem(int64_t{256} << 20);
  return std::make_unique<RE2>("^(?s:" + GoToRe2(regex) + ")$", options);
}

std::optional<std::string> GoRegexpError(std::string_view regex) {
  if (FindByteEscape(regex)) return std::string("invalid escape sequence: `\\C`");
  std::unique_ptr<RE2> re = CompileGoRegexp(regex);
  if (re->ok()) return std::nullopt;
  return GoRegexReason(*re);
}

}  // namespace ttam
