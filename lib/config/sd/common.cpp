#include "config/sd/common.h"

#include <cctype>

#include "support/filesystem.h"
#include "support/text.h"

namespace ttam::config::sd {
namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Go's filepath.Match treats these as pattern syntax; escaping them makes a
// glob that matches exactly one existing path (a file or a directory).
std::string EscapeGlob(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

Result<GoUrl> ParseGoUrl(std::string_view text) {
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return Error{"invalid control character in URL"};
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && (i + 2 >= text.size() || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))) {
      return Error{"invalid URL escape " + Quote(text.substr(i, 3))};
    }
  }
  GoUrl url;
  std::string_view rest = text;
  // Go cuts the fragment first; the scheme is [a-zA-Z][a-zA-Z0-9+.-]* before ':'.
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  for (size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (std::isalpha(static_cast<unsigned char>(c))) continue;
    if (i > 0 &&
        (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')) {
      continue;
    }
    if (c == ':') {
      if (i == 0) return Error{"missing protocol scheme"};
      url.scheme = std::string(rest.substr(0, i));
      rest = rest.substr(i + 1);
    }
    break;
  }
  if (size_t q = rest.find('?'); q != std::string_view::npos) rest = rest.substr(0, q);
  if (url.scheme.empty() && !rest.empty() && rest[0] != '/') {
    std::string_view segment = rest.substr(0, rest.find('/'));
    if (segment.find(':') != std::string_view::npos) {
      return Error{"first path segment in URL cannot contain colon"};
    }
  }
  if (rest.substr(0, 2) == "//") {
    std::string_view authority = rest.substr(2);
    authority = authority.substr(0, authority.find('/'));
    if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
      authority = authority.substr(at + 1);
    }
    std::string_view port;
    if (!authority.empty() && authority[0] == '[') {
      size_t close = authority.find(']');
      if (close == std::string_view::npos) return Error{"missing ']' in host"};
      port = authority.substr(close + 1);
      if (!port.empty() && port[0] != ':') {
        return Error{"invalid port " + Quote(port) + " after host"};
      }
    } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
      port = authority.substr(colon);
    }
    for (size_t i = 1; i < port.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(port[i]))) {
        return Error{"invalid port " + Quote(port) + " after host"};
      }
    }
    url.host = std::string(authority);
  }
  return url;
}

std::optional<std::string> Secret(Object& obj, std::string_view name,
                                  std::vector<Origin>* plaintext_secrets) {
  auto value = obj.String(name);
  if (Set(value) && plaintext_secrets != nullptr && obj.node() != nullptr) {
    plaintext_secrets->push_back(
        Origin{&obj.ctx().doc(), obj.node()->Find(name), obj.PathOf(name)});
  }
  return value;
}

std::optional<std::string> File(Object& obj, std::string_view name) {
  auto value = obj.String(name);
  if (!Set(value)) return value;
  Context& ctx = obj.ctx();
  std::string resolved = ResolveRelative(ctx.doc().path, *value);
  if (ctx.fs().IsFile(resolved)) return value;
  // Prometheus (and promtool) only stat the path: a directory passes too.
  auto found = ctx.fs().Glob(EscapeGlob(resolved));
  if (found.ok() && !found->empty()) return value;
  obj.Error(name, kMissingFile,
            "file " + Quote(*value) + " does not exist (resolved to " + resolved + ")");
  return value;
}

void Required(Object& obj, std::string_view name, std::string message) {
  if (obj.node() == nullptr) return;
  obj.Error(name, kRequired, std::move(message));
}

std::optional<std::string> GoUrlField(Object& obj, std::string_view name) {
  auto value = obj.String(name);
  if (!value) return value;
  auto parsed = ParseGoUrl(*value);
  if (!parsed.ok()) {
    obj.Error(name, kValue, "invalid URL " + Quote(*value) + ": " + parsed.error().message);
    return std::nullopt;
  }
  return value;
}

void RefreshInterval(Object& obj) { obj.Duration("refresh_interval"); }

void Port(Object& obj) { obj.Int("port", INT32_MIN, INT32_MAX); }

void Filters(Object& obj, bool values_required) {
  for (Object& filter : obj.List("filters")) {
    filter.String("name");
    auto values = filter.StringList("values");
    if (values_required && (!values || values->empty())) {
      filter.Error("values", kRequired,
                   "filter values cannot be empty: list at least one value to match");
    }
    filter.Finish();
  }
}

}  // namespace ttam::config::sd
