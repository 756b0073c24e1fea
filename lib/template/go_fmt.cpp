#include "template/go_fmt.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "support/number.h"
#include "support/text.h"
#include "template/go_time.h"
#include "template/unicode_class.h"

namespace ttam::tmpl {
namespace {

// Shortest round-trip digits of a finite, non-zero |v|: the digit string and
// the decimal point position (value = 0.DIGITS * 10^dp), as strconv keeps them.
void ShortestDigits(double v, std::string* digits, int* dp) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  const std::string_view s(buf, static_cast<size_t>(res.ptr - buf));
  const size_t e = s.find('e');
  digits->clear();
  for (size_t i = 0; i < e; ++i) {
    if (s[i] != '.') *digits += s[i];
  }
  int exp = 0;
  std::from_chars(s.data() + e + (s[e + 1] == '+' ? 2 : 1), s.data() + s.size(), exp);
  *dp = exp + 1;
}

std::string ExponentForm(const std::string& digits, int dp, char e) {
  std::string out(1, digits[0]);
  if (digits.size() > 1) out += "." + digits.substr(1);
  int exp = dp - 1;
  out += e;
  out += exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  if (exp < 10) out += '0';
  out += std::to_string(exp);
  return out;
}

std::string FixedForm(const std::string& digits, int dp) {
  const int nd = static_cast<int>(digits.size());
  if (dp <= 0) return "0." + std::string(static_cast<size_t>(-dp), '0') + digits;
  if (dp >= nd) return digits + std::string(static_cast<size_t>(dp - nd), '0');
  return digits.substr(0, static_cast<size_t>(dp)) + "." + digits.substr(static_cast<size_t>(dp));
}

struct Spec {
  bool plus = false;
  bool minus = false;
  bool sharp = false;
  bool space = false;
  bool zero = false;
  int width = -1;
  int prec = -1;
};

std::string Pad(std::string s, const Spec& spec, bool zero_ok) {
  size_t runes = 0;
  for (unsigned char c : s) runes += (c & 0xC0) != 0x80;
  if (spec.width < 0 || runes >= static_cast<size_t>(spec.width)) return s;
  const size_t n = static_cast<size_t>(spec.width) - runes;
  if (spec.minus) return s + std::string(n, ' ');
  if (spec.zero && zero_ok) {
    size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) ? 1 : 0;
    return s.substr(0, sign) + std::string(n, '0') + s.substr(sign);
  }
  return std::string(n, ' ') + s;
}

std::string FormatFloatVerb(double v, char verb, const Spec& spec) {
  char f = verb;
  int prec = spec.prec;
  switch (verb) {
    case 'v':
      f = 'g';
      break;
    case 'F':
      f = 'f';
      break;
    default:
      break;
  }
  if (prec < 0 && (f == 'e' || f == 'E' || f == 'f')) prec = 6;
  std::string num = GoFormatFloat(v, f, prec);
  const bool special = std::isinf(v) || std::isnan(v);
  if (std::isnan(v)) {
    if (spec.plus)
      num = "+" + num;
    else if (spec.space)
      num = " " + num;
  } else if (num[0] != '-' && num[0] != '+') {
    if (spec.plus)
      num = "+" + num;
    else if (spec.space)
      num = " " + num;
  } else if (num[0] == '+' && spec.space && !spec.plus) {
    num[0] = ' ';
  }
  return Pad(num, spec, !special);
}

std::string FormatIntVerb(int64_t i, char verb, const Spec& spec) {
  const bool negative = i < 0;
  uint64_t u = negative ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
  int base = 10;
  bool upper = false;
  switch (verb) {
    case 'b':
      base = 2;
      break;
    case 'o':
    case 'O':
      base = 8;
      break;
    case 'x':
      base = 16;
      break;
    case 'X':
      base = 16;
      upper = true;
      break;
    default:
      break;
  }
  std::string digits;
  do {
    const int d = static_cast<int>(u % static_cast<uint64_t>(base));
    digits.insert(digits.begin(),
                  static_cast<char>(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10));
    u /= static_cast<uint64_t>(base);
  } while (u != 0);
  if (spec.prec >= 0) {
    if (spec.prec == 0 && i == 0) digits.clear();
    while (digits.size() < static_cast<size_t>(spec.prec)) digits.insert(digits.begin(), '0');
  }
  std::string prefix;
  if (spec.sharp) {
    if (base == 16) prefix = upper ? "0X" : "0x";
    if (base == 8 && (digits.empty() || digits[0] != '0')) prefix = "0";
    if (base == 2) prefix = "0b";
  }
  if (verb == 'O') prefix = "0o";
  std::string sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  std::string s = sign + prefix + digits;
  if (spec.zero && !spec.minus && spec.prec < 0 && spec.width > 0 &&
      s.size() < static_cast<size_t>(spec.width)) {
    return sign + prefix + std::string(static_cast<size_t>(spec.width) - s.size(), '0') + digits;
  }
  Spec no_zero = spec;
  no_zero.zero = false;
  return Pad(s, no_zero, false);
}

std::string EncodeRune(int64_t r) {
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  std::string out;
  const auto c = static_cast<uint32_t>(r);
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

std::string HexBytes(std::string_view s, bool upper, bool spaced) {
  static const char* lower_digits = "0123456789abcdef";
  static const char* upper_digits = "0123456789ABCDEF";
  const char* d = upper ? upper_digits : lower_digits;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (spaced && i > 0) out += ' ';
    const auto c = static_cast<unsigned char>(s[i]);
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

std::string FormatValue(const Value& v, char verb, const Spec& spec, int depth);

// Go prints the operand of a bad verb with %v under the same flags, width
// and precision (`%.2f` of "1.5" is `%!f(string=1.)`).
std::string BadVerb(const Value& v, char verb, const Spec& spec) {
  if (v.kind == ValueKind::kInvalid) return std::string("%!") + verb + "(<nil>)";
  return std::string("%!") + verb + "(" + GoTypeName(v) + "=" + FormatValue(v, 'v', spec, 0) + ")";
}

std::string FormatString(std::string_view s, char verb, const Spec& spec, const Value& v) {
  switch (verb) {
    case 'v':
    case 's': {
      std::string out(s);
      if (spec.prec >= 0) {
        size_t i = 0;
        int runes = 0;
        while (i < out.size() && runes < spec.prec) {
          size_t width = 0;
          DecodeRune(out, i, &width);
          i += width;
          ++runes;
        }
        out.resize(i);
      }
      return Pad(out, spec, true);
    }
    case 'q':
      return Pad(GoQuote(s), spec, true);
    case 'x':
    case 'X':
      return Pad(HexBytes(s, verb == 'X', spec.space), spec, true);
    default:
      return BadVerb(v, verb, spec);
  }
}

std::string FormatMapLike(const Value& v, char verb, const Spec& spec, int depth) {
  std::string out = "map[";
  bool first = true;
  auto add = [&](const Value& key, const Value& value) {
    if (!first) out += ' ';
    first = false;
    out += FormatValue(key, verb, spec, depth + 1);
    out += ':';
    out += FormatValue(value, verb, spec, depth + 1);
  };
  if (v.kind == ValueKind::kStringMap) {
    if (v.labels) {
      for (const auto& [k, val] : *v.labels) add(Value::String(k), Value::String(val));
    }
  } else if (v.any_map) {
    for (const auto& [k, val] : *v.any_map) add(Value::String(k), val);
  }
  return out + "]";
}

std::string FormatValue(const Value& v, char verb, const Spec& spec, int depth) {
  if (verb == 'T') return Pad(GoTypeName(v), spec, false);
  switch (v.kind) {
    case ValueKind::kInvalid:
      if (verb == 'v') return Pad(depth == 0 ? "<nil>" : "<nil>", spec, false);
      return BadVerb(v, verb, spec);
    case ValueKind::kBool:
      if (verb == 'v' || verb == 't') return Pad(v.boolean ? "true" : "false", spec, false);
      return BadVerb(v, verb, spec);
    case ValueKind::kInt:
      switch (verb) {
        case 'v':
        case 'd':
        case 'b':
        case 'o':
        case 'O':
        case 'x':
        case 'X':
          return FormatIntVerb(v.integer, verb == 'v' ? 'd' : verb, spec);
        case 'c':
          return Pad(EncodeRune(v.integer), spec, false);
        case 'q':
          return Pad("'" + EncodeRune(v.integer) + "'", spec, false);
        case 'U': {
          char buf[32];
          std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(v.integer));
          return Pad(buf, spec, false);
        }
        default:
          return BadVerb(v, verb, spec);
      }
    case ValueKind::kFloat:
      switch (verb) {
        case 'v':
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
          return FormatFloatVerb(v.number, verb, spec);
        default:
          return BadVerb(v, verb, spec);
      }
    case ValueKind::kString:
    case ValueKind::kHtml:
      return FormatString(v.text, verb, spec, v);
    case ValueKind::kStringMap:
    case ValueKind::kAnyMap:
      return FormatMapLike(v, verb, spec, depth);
    case ValueKind::kSamples: {
      std::string out = "[";
      if (v.samples) {
        for (size_t i = 0; i < v.samples->size(); ++i) {
          if (i > 0) out += ' ';
          char buf[32];
          std::snprintf(buf, sizeof buf, "0xc%09zx", 0x10000 + i * 0x30);
          out += buf;
        }
      }
      return out + "]";
    }
    case ValueKind::kSample: {
      if (!v.sample) return depth == 0 ? "<nil>" : "<nil>";
      if (depth > 0) return "0xc000010000";
      Value labels;
      labels.kind = ValueKind::kStringMap;
      labels.labels = std::make_shared<const LabelMap>(v.sample->labels);
      return "&{" + FormatValue(labels, verb, spec, depth + 1) + " " +
             FormatValue(Value::Float(v.sample->value), verb, spec, depth + 1) + "}";
    }
    case ValueKind::kTime:
    case ValueKind::kDuration: {
      if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
        const std::string s =
            v.kind == ValueKind::kTime ? GoTimeString(v.integer) : GoDurationString(v.integer);
        return FormatString(s, verb, spec, Value::String(s));
      }
      if (v.kind == ValueKind::kDuration) return FormatIntVerb(v.integer, verb, spec);
      return BadVerb(v, verb, spec);
    }
    case ValueKind::kAlert: {
      Value labels;
      labels.kind = ValueKind::kStringMap;
      labels.labels = std::make_shared<const LabelMap>(v.alert->labels);
      Value ext;
      ext.kind = ValueKind::kStringMap;
      ext.labels = std::make_shared<const LabelMap>(v.alert->external_labels);
      return "{" + FormatValue(labels, verb, spec, depth + 1) + " " +
             FormatValue(ext, verb, spec, depth + 1) + " " +
             FormatValue(Value::String(v.alert->external_url), verb, spec, depth + 1) + " " +
             FormatValue(Value::Float(v.alert->value), verb, spec, depth + 1) + "}";
    }
  }
  return "";
}

bool IsStringKind(const Value& v) {
  return v.kind == ValueKind::kString || v.kind == ValueKind::kHtml;
}

}  // namespace

std::string GoFormatFloat(double v, char fmt, int prec) {
  if (prec < 0 && fmt == 'g') return FormatGoG(v);  // The common %v / %g case.
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  const bool upper = fmt == 'E' || fmt == 'G';
  const char lower = static_cast<char>(upper ? fmt + ('a' - 'A') : fmt);
  if (prec >= 0) {
    char spec[16];
    std::snprintf(spec, sizeof spec, "%%.%d%c", prec, fmt);
    const int n = std::snprintf(nullptr, 0, spec, v);
    std::string out(static_cast<size_t>(n) + 1, '\0');
    std::snprintf(out.data(), out.size(), spec, v);
    out.resize(static_cast<size_t>(n));
    return out;
  }
  const std::string sign = std::signbit(v) ? "-" : "";
  if (v == 0) {
    if (lower == 'e') return sign + (upper ? "0E+00" : "0e+00");
    return sign + "0";
  }
  std::string digits;
  int dp = 0;
  ShortestDigits(v, &digits, &dp);
  const char e = upper ? 'E' : 'e';
  switch (lower) {
    case 'e':
      return sign + ExponentForm(digits, dp, e);
    case 'f':
      return sign + FixedForm(digits, dp);
    default: {
      const int exp = dp - 1;
      if (exp < -4 || exp >= 6) return sign + ExponentForm(digits, dp, e);
      return sign + FixedForm(digits, dp);
    }
  }
}

std::string GoTypeName(const Value& v) {
  switch (v.kind) {
    case ValueKind::kInvalid:
      return "<nil>";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kInt:
      return v.is_int64 ? "int64" : "int";
    case ValueKind::kFloat:
      return "float64";
    case ValueKind::kString:
      return "string";
    case ValueKind::kHtml:
      return "template.HTML";
    case ValueKind::kStringMap:
      return "map[string]string";
    case ValueKind::kAnyMap:
      return "map[string]interface {}";
    case ValueKind::kSamples:
      return "template.queryResult";
    case ValueKind::kSample:
      return "*template.sample";
    case ValueKind::kTime:
      return "*time.Time";
    case ValueKind::kDuration:
      return "*time.Duration";
    case ValueKind::kAlert:
      return "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL "
             "string; Value interface {} }";
  }
  return "";
}

std::string GoSprint(std::span<const Value> args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0 && !IsStringKind(args[i]) && !IsStringKind(args[i - 1])) out += ' ';
    out += FormatValue(args[i], 'v', Spec{}, 0);
  }
  return out;
}

std::string GoSprintln(std::span<const Value> args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ' ';
    out += FormatValue(args[i], 'v', Spec{}, 0);
  }
  return out + "\n";
}

std::string GoSprintf(std::string_view format, std::span<const Value> args) {
  std::string out;
  size_t arg = 0;
  size_t i = 0;
  while (i < format.size()) {
    const char c = format[i];
    if (c != '%') {
      out += c;
      ++i;
      continue;
    }
    ++i;
    Spec spec;
    for (; i < format.size(); ++i) {
      const char f = format[i];
      if (f == '+')
        spec.plus = true;
      else if (f == '-')
        spec.minus = true;
      else if (f == '#')
        spec.sharp = true;
      else if (f == ' ')
        spec.space = true;
      else if (f == '0')
        spec.zero = !spec.minus;
      else
        break;
    }
    auto read_number = [&](int* dst) {
      if (i < format.size() && format[i] == '*') {
        ++i;
        if (arg < args.size() && args[arg].kind == ValueKind::kInt) {
          *dst = static_cast<int>(args[arg].integer);
          ++arg;
          if (*dst < 0) {
            spec.minus = true;
            *dst = -*dst;
          }
          return true;
        }
        ++arg;
        return false;
      }
      if (i < format.size() && format[i] >= '0' && format[i] <= '9') {
        int n = 0;
        while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
          if (n < 1000000) n = n * 10 + (format[i] - '0');
          ++i;
        }
        *dst = n;
      }
      return true;
    };
    if (!read_number(&spec.width)) out += "%!(BADWIDTH)";
    if (i < format.size() && format[i] == '.') {
      ++i;
      spec.prec = 0;
      if (!read_number(&spec.prec)) out += "%!(BADPREC)";
    }
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    size_t width = 0;
    const char32_t verb32 = DecodeRune(format, i, &width);
    i += width;
    if (verb32 == '%') {
      out += '%';
      continue;
    }
    const char verb = verb32 < 0x80 ? static_cast<char>(verb32) : '?';
    if (arg >= args.size()) {
      out += "%!" + EncodeRune(static_cast<int64_t>(verb32)) + "(MISSING)";
      continue;
    }
    out += FormatValue(args[arg], verb, spec, 0);
    ++arg;
  }
  if (arg < args.size()) {
    out += "%!(EXTRA ";
    for (size_t k = arg; k < args.size(); ++k) {
      if (k > arg) out += ", ";
      if (args[k].kind == ValueKind::kInvalid) {
        out += "<nil>";
      } else {
        out += GoTypeName(args[k]) + "=" + FormatValue(args[k], 'v', Spec{}, 0);
      }
    }
    out += ")";
  }
  return out;
}

std::string GoPrintValue(const Value& v) {
  if (v.kind == ValueKind::kInvalid) return "<no value>";
  // printableValue dereferences a pointer before printing: a *sample prints
  // as {map[...] 5}, not &{...}.
  if (v.kind == ValueKind::kSample && v.sample) {
    std::string s = FormatValue(v, 'v', Spec{}, 0);
    return s.substr(1);
  }
  return FormatValue(v, 'v', Spec{}, 0);
}

std::string GoQueryEscape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string GoHtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\0':
        out += "\xEF\xBF\xBD";
        break;
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string GoJsEscape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\'':
          out += "\\'";
          break;
        case '"':
          out += "\\\"";
          break;
        case '<':
          out += "\\u003C";
          break;
        case '>':
          out += "\\u003E";
          break;
        case '&':
          out += "\\u0026";
          break;
        case '=':
          out += "\\u003D";
          break;
        default:
          if (c < ' ') {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    size_t width = 0;
    DecodeRune(s, i, &width);
    out += s.substr(i, width);
    i += width;
  }
  return out;
}

}  // namespace ttam::tmpl
