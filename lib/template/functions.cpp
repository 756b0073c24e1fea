#include "template/functions.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace ttam::tmpl {
namespace {

using enum FunctionOrigin;

// Go: src/text/template/funcs.go, builtins(). Prometheus: template/template.go,
// the FuncMap in NewTemplateExpander, as documented in
// docs/configuration/template_reference.md. "tmpl" is only added for console
// (HTML) templates, so it is not here. `since` marks functions newer than the
// Prometheus 2.42 promtool the differential test runs against.
constexpr TemplateFunction kFunctions[] = {
    {"and", kGoBuiltin, ""},
    {"call", kGoBuiltin, ""},
    {"html", kGoBuiltin, ""},
    {"index", kGoBuiltin, ""},
    {"slice", kGoBuiltin, ""},
    {"js", kGoBuiltin, ""},
    {"len", kGoBuiltin, ""},
    {"not", kGoBuiltin, ""},
    {"or", kGoBuiltin, ""},
    {"print", kGoBuiltin, ""},
    {"printf", kGoBuiltin, ""},
    {"println", kGoBuiltin, ""},
    {"urlquery", kGoBuiltin, ""},
    {"eq", kGoBuiltin, ""},
    {"ge", kGoBuiltin, ""},
    {"gt", kGoBuiltin, ""},
    {"le", kGoBuiltin, ""},
    {"lt", kGoBuiltin, ""},
    {"ne", kGoBuiltin, ""},
    {"query", kPrometheus, ""},
    {"first", kPrometheus, ""},
    {"label", kPrometheus, ""},
    {"value", kPrometheus, ""},
    {"strvalue", kPrometheus, ""},
    {"args", kPrometheus, ""},
    {"reReplaceAll", kPrometheus, ""},
    {"safeHtml", kPrometheus, ""},
    {"match", kPrometheus, ""},
    {"title", kPrometheus, ""},
    {"toUpper", kPrometheus, ""},
    {"toLower", kPrometheus, ""},
    {"graphLink", kPrometheus, ""},
    {"tableLink", kPrometheus, ""},
    {"sortByLabel", kPrometheus, ""},
    {"stripPort", kPrometheus, ""},
    {"stripDomain", kPrometheus, ""},
    {"humanize", kPrometheus, ""},
    {"humanize1024", kPrometheus, ""},
    {"humanizeDuration", kPrometheus, ""},
    {"humanizePercentage", kPrometheus, ""},
    {"humanizeTimestamp", kPrometheus, ""},
    {"toTime", kPrometheus, ""},
    {"toDuration", kPrometheus, "after 2.42"},
    {"now", kPrometheus, "after 2.42"},
    {"pathPrefix", kPrometheus, ""},
    {"externalURL", kPrometheus, ""},
    {"parseDuration", kPrometheus, ""},
    {"urlQueryEscape", kPrometheus, "after 2.42"},
};

size_t EditDistance(std::string_view a, std::string_view b) {
  std::array<size_t, 64> row{};
  if (b.size() >= row.size()) return b.size();
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::span<const TemplateFunction> TemplateFunctions() { return kFunctions; }

const TemplateFunction* FindTemplateFunction(std::string_view name) {
  for (const TemplateFunction& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string_view SuggestTemplateFunction(std::string_view name) {
  if (name.size() > 40) return {};
  std::string_view best;
  size_t best_distance = 0;
  for (const TemplateFunction& f : kFunctions) {
    const size_t d = EditDistance(name, f.name);
    if (best.empty() || d < best_distance) {
      best = f.name;
      best_distance = d;
    }
  }
  // Allow one edit in short names, two in longer ones; case differences are free.
  const size_t limit = name.size() <= 4 ? 1 : 2;
  return best_distance <= limit ? best : std::string_view{};
}

}  // namespace ttam::tmpl
