#include "scrape/url.h"

#include <cctype>
#include <charconv>
#include <vector>

#include "support/text.h"

namespace ttam::scrape {
namespace {

int DefaultPort(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool HasScheme(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return false;
}

// RFC 3986 section 5.2.4, on a path that starts with '/'.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  std::string_view rest = path.substr(1);
  for (;;) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    bool last = slash == std::string_view::npos;
    if (segment == ".") {
      if (last) out.emplace_back();
    } else if (segment == "..") {
      if (!out.empty()) out.pop_back();
      if (last) out.emplace_back();
    } else {
      out.push_back(segment);
    }
    if (last) break;
    rest.remove_prefix(slash + 1);
  }
  std::string result;
  for (std::string_view segment : out) {
    result += '/';
    result += segment;
  }
  return result.empty() ? "/" : result;
}

std::string_view StripFragment(std::string_view s) { return s.substr(0, s.find('#')); }

// Joins a path that may hold dot segments with its query.
std::string NormaliseTarget(std::string_view target) {
  size_t query = target.find('?');
  std::string out = RemoveDotSegments(target.substr(0, query));
  if (query != std::string_view::npos) out += target.substr(query);
  return out;
}

}  // namespace

std::string Url::Origin() const { return scheme + "://" + host + ":" + std::to_string(port); }

std::string Url::Display() const {
  std::string out = scheme + "://" + host;
  if (port != DefaultPort(scheme)) out += ":" + std::to_string(port);
  return out + target;
}

bool Url::SameOrigin(const Url& other) const {
  return scheme == other.scheme && host == other.host && port == other.port;
}

std::string RedactUrl(std::string_view text) {
  size_t start = text.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t end = text.find_first_of("/?#", start);
  std::string_view authority =
      text.substr(start, end == std::string_view::npos ? end : end - start);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(text);
  return std::string(text.substr(0, start)) + std::string(text.substr(start + at + 1));
}

Result<Url> ParseUrl(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return Error{RedactUrl(text) + ": " + std::string(why)};
  };
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return fail("URL contains a space or control character");
    }
  }
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return fail("not an http:// or https:// URL");
  Url url;
  url.scheme = Lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") {
    return fail("not an http:// or https:// URL");
  }
  std::string_view rest = StripFragment(text.substr(sep + 3));
  size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    url.username = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) url.password = PercentDecode(userinfo.substr(colon + 1));
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated [IPv6 address]");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected text after [IPv6 address]");
      port = after.substr(1);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]") return fail("URL has no host");
  url.host = Lower(host);
  url.port = DefaultPort(url.scheme);
  if (!port.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return fail("invalid port \"" + std::string(port) + "\"");
    }
    url.port = value;
  }
  url.target =
      target.empty() || target.front() == '?' ? "/" + std::string(target) : std::string(target);
  url.target = NormaliseTarget(url.target);
  return url;
}

Result<Url> ResolveReference(const Url& base, std::string_view reference) {
  // Some servers send spaces in Location; percent-encode rather than fail.
  std::string ref;
  for (char c : reference) {
    if (c == ' ') {
      ref += "%20";
    } else {
      ref += c;
    }
  }
  if (HasScheme(ref)) return ParseUrl(ref);
  if (ref.rfind("//", 0) == 0) return ParseUrl(base.scheme + ":" + ref);
  for (char c : ref) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Error{"Location contains a control character"};
    }
  }
  std::string_view rel = StripFragment(ref);
  Url out = base;
  if (rel.empty()) return out;
  if (rel.front() == '/') {
    out.target = NormaliseTarget(rel);
  } else if (rel.front() == '?') {
    out.target = base.target.substr(0, base.target.find('?')) + std::string(rel);
  } else {
    std::string_view base_path = std::string_view(base.target).substr(0, base.target.find('?'));
    out.target = NormaliseTarget(std::string(base_path.substr(0, base_path.rfind('/') + 1)) +
                                 std::string(rel));
  }
  return out;
}

std::string QueryEscape(std::string_view s, bool space_as_plus) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ' && space_as_plus) {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace ttam::scrape
