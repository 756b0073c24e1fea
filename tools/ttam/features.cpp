#include "features.h"

#include <string_view>

namespace ttam::cli {
namespace {

struct Feature {
  std::string_view name;
  void (*enable)(rules::LoadOptions&);
};

// Prometheus's --enable-feature names that change the PromQL language.
constexpr Feature kFeatures[] = {
    {"promql-experimental-functions",
     [](rules::LoadOptions& o) { o.experimental_functions = true; }},
    {"promql-duration-expr",
     [](rules::LoadOptions& o) { o.syntax.experimental_duration_expr = true; }},
    {"promql-extended-range-selectors",
     [](rules::LoadOptions& o) { o.syntax.extended_range_selectors = true; }},
    {"promql-binop-fill-modifiers",
     [](rules::LoadOptions& o) { o.syntax.binop_fill_modifiers = true; }},
};

}  // namespace

void AddFeatureOption(CLI::App& app, std::vector<std::string>& names) {
  std::string list;
  for (const Feature& f : kFeatures) list += (list.empty() ? "" : ", ") + std::string(f.name);
  app.add_option("--enable-feature", names,
                 "Prometheus feature flags that change the PromQL language: " + list)
      ->delimiter(',')
      ->type_name("NAME");
}

Result<rules::LoadOptions> ParseFeatures(const std::vector<std::string>& names) {
  rules::LoadOptions options;
  for (const std::string& name : names) {
    const Feature* found = nullptr;
    for (const Feature& f : kFeatures) {
      if (f.name == name) found = &f;
    }
    if (found == nullptr) {
      std::string known;
      for (const Feature& f : kFeatures) known += (known.empty() ? "" : ", ") + std::string(f.name);
      return Error{"unknown feature \"" + name + "\" in --enable-feature; ttam knows: " + known};
    }
    found->enable(options);
  }
  return options;
}

}  // namespace ttam::cli
