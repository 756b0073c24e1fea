#pragma once

// Go's fmt and strconv formatting of template values, as far as alert
// templates reach them: Sprint, Sprintln, Sprintf with the verbs %v %s %d %f
// %F %e %E %g %G %q %x %X %o %b %c %t %U %% (flags + - # space 0, width and
// precision, `*`), Go's `%!verb(type=value)` complaints, and
// strconv.FormatFloat.

#include <span>
#include <string>
#include <string_view>

#include "template/value.h"

namespace ttam::tmpl {

/// strconv.FormatFloat(v, fmt, prec, 64) for fmt in e E f g G; prec -1 is
/// the shortest representation that reads back exactly.
std::string GoFormatFloat(double v, char fmt, int prec);

/// The Go type of `v` as %T and error messages print it (`float64`,
/// `map[string]string`, `*template.sample`, ...); `<nil>` for kInvalid.
std::string GoTypeName(const Value& v);

/// fmt.Sprint(args...): operands separated by a space when neither is a string.
std::string GoSprint(std::span<const Value> args);

/// fmt.Sprintln(args...): operands always separated by spaces, then "\n".
std::string GoSprintln(std::span<const Value> args);

/// fmt.Sprintf(format, args...).
std::string GoSprintf(std::string_view format, std::span<const Value> args);

/// What text/template prints for a value ({{ . }}): fmt.Fprint of it, and
/// `<no value>` for kInvalid.
std::string GoPrintValue(const Value& v);

/// url.QueryEscape.
std::string GoQueryEscape(std::string_view s);

/// template.HTMLEscapeString.
std::string GoHtmlEscape(std::string_view s);

/// template.JSEscapeString.
std::string GoJsEscape(std::string_view s);

}  // namespace ttam::tmpl
