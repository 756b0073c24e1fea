#include "model/names.h"

#include "support/utf8.h"

namespace ttam::model {
namespace {

bool IsLetterOrUnderscore(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsUtf8Name(std::string_view name) {
  return !name.empty() && FindInvalidUtf8(name) == std::string_view::npos;
}

}  // namespace

bool IsValidLegacyLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!IsLetterOrUnderscore(c) && !(i > 0 && IsDigit(c))) return false;
  }
  return true;
}

bool IsValidLegacyMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!IsLetterOrUnderscore(c) && c != ':' && !(i > 0 && IsDigit(c))) return false;
  }
  return true;
}

bool IsValidLabelName(std::string_view name, NameValidation scheme) {
  switch (scheme) {
    case NameValidation::kUtf8:
      return IsUtf8Name(name);
    case NameValidation::kLegacy:
      return IsValidLegacyLabelName(name);
  }
  return false;
}

bool IsValidMetricName(std::string_view name, NameValidation scheme) {
  switch (scheme) {
    case NameValidation::kUtf8:
      return IsUtf8Name(name);
    case NameValidation::kLegacy:
      return IsValidLegacyMetricName(name);
  }
  return false;
}

bool IsValidLabelValue(std::string_view value) {
  return FindInvalidUtf8(value) == std::string_view::npos;
}

}  // namespace ttam::model
