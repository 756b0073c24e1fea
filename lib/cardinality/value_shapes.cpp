#include "cardinality/value_shapes.h"

#include <cstdint>

namespace ttam::cardinality {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool AllDigits(std::string_view v) {
  if (v.empty()) return false;
  for (char c : v) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// At least 16 hex digits with a digit and a letter among them (a word like
// "deadbeefcafebabe" alone is rare; a 16-digit number is a numeric id).
bool IsHexId(std::string_view v) {
  if (v.size() < 16) return false;
  bool digit = false;
  bool letter = false;
  for (char c : v) {
    if (!IsHex(c)) return false;
    digit |= IsDigit(c);
    letter |= !IsDigit(c);
  }
  return digit && letter;
}

uint64_t ToNumber(std::string_view v) {
  uint64_t n = 0;
  for (char c : v) n = n * 10 + static_cast<uint64_t>(c - '0');
  return n;
}

// Unix seconds or milliseconds between 2001-09-09 and 2100-01-01.
bool IsUnixTimestamp(std::string_view v) {
  if (v.size() == 10) {
    uint64_t n = ToNumber(v);
    return n >= 1000000000ULL && n < 4102444800ULL;
  }
  if (v.size() == 13) {
    uint64_t n = ToNumber(v);
    return n >= 1000000000000ULL && n < 4102444800000ULL;
  }
  return false;
}

// YYYY-MM-DD followed by 'T' or ' ' and HH:MM (the rest is not looked at).
bool IsIsoDateTime(std::string_view v) {
  if (v.size() < 16) return false;
  auto digits = [&](size_t at, size_t n) {
    for (size_t i = at; i < at + n; ++i) {
      if (!IsDigit(v[i])) return false;
    }
    return true;
  };
  return digits(0, 4) && v[4] == '-' && digits(5, 2) && v[7] == '-' && digits(8, 2) &&
         (v[10] == 'T' || v[10] == ' ') && digits(11, 2) && v[13] == ':' && digits(14, 2);
}

bool IsEmail(std::string_view v) {
  size_t at = v.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= v.size()) return false;
  if (v.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view local = v.substr(0, at);
  std::string_view domain = v.substr(at + 1);
  for (char c : local) {
    if (!(IsAlpha(c) || IsDigit(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%'))
      return false;
  }
  size_t dot = domain.rfind('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 2 > domain.size()) return false;
  for (char c : domain) {
    if (!(IsAlpha(c) || IsDigit(c) || c == '.' || c == '-')) return false;
  }
  for (char c : domain.substr(dot + 1)) {
    if (!IsAlpha(c)) return false;
  }
  return true;
}

bool IsIpv4(std::string_view v) {
  int parts = 0;
  size_t i = 0;
  while (true) {
    size_t start = i;
    while (i < v.size() && IsDigit(v[i])) ++i;
    size_t n = i - start;
    if (n == 0 || n > 3 || ToNumber(v.substr(start, n)) > 255) return false;
    ++parts;
    if (i == v.size()) break;
    if (v[i] != '.' || parts == 4) return false;
    ++i;
  }
  return parts == 4;
}

// Hex groups separated by ':', at least two colons, at most one "::"; an
// embedded IPv4 tail is accepted. Not a full validator: shapes, not syntax.
bool IsIpv6(std::string_view v) {
  if (v.size() < 2 || v.size() > 45) return false;
  size_t colons = 0;
  size_t last_colon = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == ':') {
      ++colons;
      last_colon = i;
    }
  }
  if (colons < 2 || colons > 7) return false;
  std::string_view tail = v.substr(last_colon + 1);
  std::string_view head = v.substr(0, last_colon + 1);
  bool v4_tail = tail.find('.') != std::string_view::npos;
  bool compressed = v.find("::") != std::string_view::npos;
  if (!compressed && colons < (v4_tail ? 6u : 7u)) return false;
  if (v4_tail) {
    if (!IsIpv4(tail)) return false;
  } else {
    head = v;
  }
  size_t group = 0;
  for (char c : head) {
    if (c == ':') {
      group = 0;
    } else if (!IsHex(c) || ++group > 4) {
      return false;
    }
  }
  size_t first = v.find("::");
  return first == std::string_view::npos || v.find("::", first + 1) == std::string_view::npos;
}

bool IsPort(std::string_view v) { return AllDigits(v) && v.size() <= 5 && ToNumber(v) <= 65535; }

bool IsIpPort(std::string_view v) {
  if (!v.empty() && v[0] == '[') {
    size_t close = v.find("]:");
    return close != std::string_view::npos && IsIpv6(v.substr(1, close - 1)) &&
           IsPort(v.substr(close + 2));
  }
  size_t colon = v.rfind(':');
  return colon != std::string_view::npos && IsIpv4(v.substr(0, colon)) &&
         IsPort(v.substr(colon + 1));
}

// A path segment that is an id: digits, a UUID or a hex id.
bool IsIdSegment(std::string_view s) { return AllDigits(s) || IsUuid(s) || IsHexId(s); }

bool IsUrlPathWithId(std::string_view v) {
  if (v.size() < 2 || v[0] != '/') return false;
  size_t end = v.find_first_of("?#");
  std::string_view path = v.substr(0, end);
  size_t i = 1;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    if (IsIdSegment(path.substr(i, slash - i))) return true;
    i = slash + 1;
  }
  return false;
}

}  // namespace

bool IsUuid(std::string_view v) {
  if (v.size() != 36) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? v[i] != '-' : !IsHex(v[i])) return false;
  }
  return true;
}

std::string_view ShapeName(Shape shape) {
  switch (shape) {
    case Shape::kNone:
      return "";
    case Shape::kUuid:
      return "UUID";
    case Shape::kHexId:
      return "hex id";
    case Shape::kNumericId:
      return "numeric id";
    case Shape::kTimestamp:
      return "timestamp";
    case Shape::kEmail:
      return "e-mail address";
    case Shape::kIp:
      return "IP address";
    case Shape::kIpPort:
      return "IP:port";
    case Shape::kUrlPathWithId:
      return "URL path with an id";
  }
  return "";
}

Shape ClassifyValue(std::string_view v) {
  if (v.empty()) return Shape::kNone;
  char first = v[0];
  if (first == '/') return IsUrlPathWithId(v) ? Shape::kUrlPathWithId : Shape::kNone;
  if (AllDigits(v)) {
    if (IsUnixTimestamp(v)) return Shape::kTimestamp;
    return v.size() >= 6 ? Shape::kNumericId : Shape::kNone;
  }
  if (IsUuid(v)) return Shape::kUuid;
  if (IsHexId(v)) return Shape::kHexId;
  if (IsIsoDateTime(v)) return Shape::kTimestamp;
  if (v.find('@') != std::string_view::npos) return IsEmail(v) ? Shape::kEmail : Shape::kNone;
  if (IsIpv4(v)) return Shape::kIp;
  if (IsIpPort(v)) return Shape::kIpPort;
  if (v.find(':') != std::string_view::npos && IsIpv6(v)) return Shape::kIp;
  return Shape::kNone;
}

}  // namespace ttam::cardinality
