// PLACEHOLDER, delete at merge: h1 implements ExpandAlertTemplate and
// FormatGoValue in lib/template/expand.cpp. Until then the text is returned
// unchanged so that lib/ruletest compiles and links.

#include <charconv>

#include "template/expand.h"

namespace ttam::tmpl {

Result<std::string> ExpandAlertTemplate(std::string_view text, const AlertData&,
                                        const ExpandOptions&) {
  return std::string(text);
}

std::string FormatGoValue(double value) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

}  // namespace ttam::tmpl
