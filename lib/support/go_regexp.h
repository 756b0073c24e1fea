#pragma once

// Prometheus's regexes are Go regexp syntax, which ttam compiles with RE2.
// The two differ in a few places; this is where they are reconciled, for
// relabel rules and PromQL label matchers alike.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}  // namespace re2

namespace ttam {

/// Rewrites Go syntax RE2 lacks: `(?<name>` (Go 1.22+) becomes `(?P<name>`.
std::string GoToRe2(std::string_view regex);

/// The one place a Go regexp becomes an RE2: compiled as Prometheus compiles
/// relabel regexes and label matchers, with the Go-only syntax rewritten
/// (GoToRe2), anchored and with `.` matching newlines (`^(?s:regex)$`), UTF-8
/// and a generous memory budget. Never null; check ok() (GoRegexpError says why
/// in Go's words).
std::unique_ptr<re2::RE2> CompileGoRegexp(std::string_view regex);

/// Compiles `regex` as Prometheus does, anchored and with `.` matching
/// newlines (`^(?s:regex)$`). nullopt when Go would accept it, else the
/// reason in Go's words ("missing closing )", "invalid escape sequence: `\C`").
std::optional<std::string> GoRegexpError(std::string_view regex);

}  // namespace ttam
