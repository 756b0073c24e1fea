#pragma once

// The functions an alert template may call: Go's text/template builtins and
// the function map Prometheus passes to text/template (template/template.go,
// NewTemplateExpander). Parsing fails on any other identifier.

#include <span>
#include <string_view>

namespace ttam::tmpl {

/// Where a template function comes from.
enum class FunctionOrigin {
  kGoBuiltin,   ///< text/template's builtins()
  kPrometheus,  ///< Prometheus's template function map
};

/// One row of the function table.
struct TemplateFunction {
  std::string_view name;
  FunctionOrigin origin;
  std::string_view since;  ///< Prometheus version that added it, empty when older than 2.0
};

/// Every function an alert template may call, in table order.
std::span<const TemplateFunction> TemplateFunctions();

/// The row named `name`, or nullptr.
const TemplateFunction* FindTemplateFunction(std::string_view name);

/// The defined function closest to `name` (small edit distance or a
/// case-insensitive match), or empty when none is close.
std::string_view SuggestTemplateFunction(std::string_view name);

}  // namespace ttam::tmpl
