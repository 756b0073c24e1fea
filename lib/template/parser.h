#pragma once

// A reimplementation of Go's text/template/parse (parse.go): the same
// grammar, the same lookahead and the same first error, without recursion
// (nesting lives in explicit stacks). It checks templates (CheckTemplate)
// and, when asked, builds the tree the executor walks (tree.h): the checker
// and the executor share this one grammar.

#include <cstdint>
#include <string_view>

#include "template/template_check.h"
#include "template/tree.h"

namespace ttam::tmpl {

/// Parses `text` as Prometheus parses an alert template: preceded by
/// declarations of $labels, $externalLabels, $externalURL and $value, with
/// Go's builtins and Prometheus's functions defined. Appends at most one
/// error (Go stops at the first) and every alert-label reference.
///
/// With `tree`, also builds the parse tree the executor walks (positions
/// shifted by `pos_offset`, the length of the declarations Prometheus puts
/// before the text); on an error the tree is incomplete and must not be used.
void ParseAlertTemplate(std::string_view text, TemplateReport& report, Tree* tree = nullptr,
                        uint32_t pos_offset = 0);

}  // namespace ttam::tmpl
