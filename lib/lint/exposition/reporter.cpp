#include <algorithm>
#include <limits>
#include <utility>

#include "lint/exposition/check.h"

namespace ttam::lint {

void Reporter::Report(uint64_t line, uint32_t column, std::string_view line_text,
                      std::string message, uint32_t end_column) {
  diag::Diagnostic d;
  d.path = std::string(path_);
  d.line = static_cast<uint32_t>(std::min<uint64_t>(line, std::numeric_limits<uint32_t>::max()));
  d.column = column;
  d.end_column = end_column > column + 1 ? end_column : 0;
  d.severity = severity_;
  d.check = std::string(check_);
  d.message = std::move(message);
  // Strip the line terminator so renderers can print the line as is.
  while (!line_text.empty() && (line_text.back() == '\n' || line_text.back() == '\r')) {
    line_text.remove_suffix(1);
  }
  d.source_line = std::string(line_text);
  sink_.Report(std::move(d));
}

}  // namespace ttam::lint
