#pragma once

// Static checking of Go text/template source as Prometheus uses it in alert
// labels and annotations (rules/template): the template is parsed with Go's
// grammar (actions, pipelines, variables, if/else/range/with/define/block/
// template/end, comments, trim markers) and every function named must be one
// of Go's builtins or the functions Prometheus defines for alert templates.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ttam::tmpl {

/// One problem in a template: byte span in the template text and a message
/// that says how to fix it.
struct TemplateError {
  size_t begin = 0;
  size_t end = 0;
  std::string message;
  /// How much of `message` is Go's own wording (what follows is ttam's
  /// advice); the executor reports only that part, as Prometheus would.
  size_t go_length = std::string::npos;
};

/// A `$labels.name` (or `$labels.name` inside a pipeline, `index $labels "name"`)
/// reference: the label the template reads, and where.
struct LabelReference {
  std::string name;
  size_t begin = 0;
  size_t end = 0;
};

/// What checking a template found.
struct TemplateReport {
  std::vector<TemplateError> errors;       ///< empty when Prometheus would accept it
  std::vector<LabelReference> label_refs;  ///< in source order
};

/// Checks `text` as an alert label or annotation template.
TemplateReport CheckTemplate(std::string_view text);

}  // namespace ttam::tmpl
