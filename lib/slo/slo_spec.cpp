#include "slo/slo_spec.h"

namespace ttam::slo {

// TODO(helper h-spec): the three formats.
Result<SpecFile> ParseSpecFile(std::string_view, std::string_view, diag::Sink&) {
  return Error{"SLO specs: not implemented yet"};
}

std::string ExpandWindow(std::string_view query_template, std::string_view window) {
  std::string out;
  size_t at = 0;
  while (true) {
    size_t hit = query_template.find(kWindowPlaceholder, at);
    if (hit == std::string_view::npos) break;
    out.append(query_template.substr(at, hit - at));
    out.append(window);
    at = hit + kWindowPlaceholder.size();
  }
  out.append(query_template.substr(at));
  return out;
}

}  // namespace ttam::slo
