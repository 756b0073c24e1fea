#pragma once

#include <string>
#include <string_view>

#include "support/result.h"

namespace ttam::scrape {

/// An http:// or https:// URL split into what a request needs.
struct Url {
  std::string scheme;    ///< "http" or "https", lower-case
  std::string host;      ///< lower-case; IPv6 literals keep their brackets
  int port = 0;          ///< explicit, or 80/443 from the scheme
  std::string target;    ///< path and query (no fragment), at least "/"
  std::string username;  ///< from user:password@, percent-decoded
  std::string password;  ///< from user:password@; never shown

  /// "scheme://host:port", always with the port.
  std::string Origin() const;
  /// The URL for messages: no credentials, port only when not the default.
  std::string Display() const;
  /// True when both URLs reach the same scheme, host and port.
  bool SameOrigin(const Url& other) const;
};

/// Parses an absolute http(s) URL. Error messages never repeat credentials.
Result<Url> ParseUrl(std::string_view text);

/// Resolves a Location header value (absolute, scheme-relative, absolute-path
/// or relative) against `base`, as RFC 3986 section 5.2 describes.
Result<Url> ResolveReference(const Url& base, std::string_view reference);

/// `text` with any user:password@ part removed, for messages.
std::string RedactUrl(std::string_view text);

/// Escapes `s` for a URL query, as Go's url.QueryEscape does (space as '+');
/// with `space_as_plus` false a space is %20 (safe through clients that
/// re-encode '+').
std::string QueryEscape(std::string_view s, bool space_as_plus = true);

}  // namespace ttam::scrape
