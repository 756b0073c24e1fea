#include <cctype>
#include <string_view>

#include "expfmt/parser.h"

namespace ttam::expfmt {
namespace {

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool EndsWithEof(std::string_view text) {
  text = TrimRight(text);
  if (text.size() < 5 || text.substr(text.size() - 5) != "# EOF") return false;
  return text.size() == 5 || text[text.size() - 6] == '\n';
}

bool IsOpenMetricsOnlyType(std::string_view type) {
  return type == "info" || type == "stateset" || type == "gaugehistogram" || type == "unknown";
}

}  // namespace

Format SniffFormat(std::string_view head, std::string_view tail) {
  if (EndsWithEof(tail) || EndsWithEof(head)) return Format::kOpenMetrics;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find('\n', pos);
    bool complete = end != std::string_view::npos;
    std::string_view line = head.substr(pos, complete ? end - pos : std::string_view::npos);
    pos = complete ? end + 1 : head.size();
    if (!complete) break;  // a cut line tells nothing reliable
    if (line == "# EOF" || line.rfind("# UNIT ", 0) == 0) return Format::kOpenMetrics;
    if (line.rfind("# TYPE ", 0) == 0) {
      size_t sp = line.rfind(' ');
      if (IsOpenMetricsOnlyType(line.substr(sp + 1))) return Format::kOpenMetrics;
      continue;
    }
    if (!line.empty() && line[0] != '#') {
      // An exemplar after the value: `} 1 # {`.
      if (line.find(" # {") != std::string_view::npos) return Format::kOpenMetrics;
    }
  }
  return Format::kText;
}

Format FormatFromContentType(std::string_view content_type) {
  std::string lower;
  for (char c : content_type)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower.find("application/openmetrics-text") != std::string::npos ? Format::kOpenMetrics
                                                                         : Format::kText;
}

}  // namespace ttam::expfmt
