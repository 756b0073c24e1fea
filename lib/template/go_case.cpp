// Unicode case mapping as Go's unicode package does it, rune by rune.

#include "template/go_case.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>

#include "template/unicode_class.h"

namespace ttam::tmpl {
namespace {

// The C.UTF-8 locale (its case tables), or null when the system lacks it.
locale_t Utf8Locale() {
  static const locale_t locale =
      newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return locale;
}

enum class Case { kUpper, kLower, kTitle };

char32_t MapRune(char32_t r, Case c) {
  if (r < 0x80) {
    if (c != Case::kLower && r >= 'a' && r <= 'z') return r - 32;
    if (c == Case::kLower && r >= 'A' && r <= 'Z') return r + 32;
    return r;
  }
  locale_t locale = Utf8Locale();
  if (locale == static_cast<locale_t>(nullptr)) return r;
  const auto w = static_cast<wint_t>(r);
  switch (c) {
    case Case::kUpper:
      return static_cast<char32_t>(towupper_l(w, locale));
    case Case::kLower:
      return static_cast<char32_t>(towlower_l(w, locale));
    case Case::kTitle: {
      static const wctrans_t title = wctrans_l("totitle", locale);
      return static_cast<char32_t>(title != nullptr ? towctrans_l(w, title, locale)
                                                    : towupper_l(w, locale));
    }
  }
  return r;
}

std::string MapString(std::string_view s, Case c) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t r = DecodeRune(s, i, &len);
    AppendUtf8(MapRune(r, c), out);
    i += len;
  }
  return out;
}

}  // namespace

std::string GoToUpper(std::string_view s) { return MapString(s, Case::kUpper); }

std::string GoToLower(std::string_view s) { return MapString(s, Case::kLower); }

std::string TitleFirstRune(std::string_view s, size_t* consumed) {
  char32_t r = DecodeRune(s, 0, consumed);
  if (r == kRuneError && *consumed == 1) return std::string(s.substr(0, 1));
  std::string out;
  AppendUtf8(MapRune(r, Case::kTitle), out);
  return out;
}

}  // namespace ttam::tmpl
