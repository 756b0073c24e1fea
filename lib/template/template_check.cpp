#include "template/template_check.h"

#include "template/parser.h"

namespace ttam::tmpl {

TemplateReport CheckTemplate(std::string_view text) {
  TemplateReport report;
  // Without an action there is nothing Go could reject.
  if (text.find("{{") == std::string_view::npos) return report;
  ParseAlertTemplate(text, report);
  return report;
}

}  // namespace ttam::tmpl
