#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/result.h"

namespace ttam::scrape {

/// The Accept header Prometheus 3 sends when it scrapes by default
/// (OpenMetrics first, then the text format; never protobuf).
extern const char kPrometheusAccept[];

/// Username and password for HTTP basic auth (the password never appears in
/// errors or output).
struct BasicAuth {
  std::string username;
  std::string password;
};

/// How to fetch one URL.
struct FetchOptions {
  std::chrono::milliseconds timeout{10000};  ///< deadline for the whole request
  uint64_t max_bytes = 64ull << 20;          ///< limit on the decoded body
  int max_redirects = 10;                    ///< redirects followed before giving up
  /// Extra request headers; one named like a default (Accept, User-Agent)
  /// replaces it.
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> bearer_token;  ///< sent as Authorization: Bearer
  std::optional<BasicAuth> basic_auth;      ///< exclusive with bearer_token
  std::string ca_file;    ///< PEM bundle to verify the server with; empty = system store
  bool insecure = false;  ///< skip TLS verification
  std::string accept = kPrometheusAccept;  ///< the Accept request header
  /// Deliver the body of a final non-2xx response too (an API's JSON error
  /// text), with its status in ResponseHead, instead of failing with
  /// "server returned HTTP N".
  bool error_bodies = false;
};

/// What the server answered, known before the body is streamed.
struct ResponseHead {
  int status = 0;            ///< 2xx; other statuses are errors unless FetchOptions::error_bodies
  std::string content_type;  ///< as sent, e.g. "text/plain; version=0.0.4"
  std::string content_encoding;  ///< as sent; OnBody gets the decoded body
  std::string final_url;         ///< after redirects, without credentials
};

/// Totals after the body was streamed.
struct FetchStats {
  uint64_t wire_bytes = 0;  ///< bytes as received (compressed)
  uint64_t body_bytes = 0;  ///< bytes handed to the consumer (decoded)
  std::chrono::milliseconds elapsed{0};
};

/// Receives the response: first its head, then the decoded body in chunks.
/// Returning false from either stops the transfer (not an error).
class BodyConsumer {
 public:
  virtual ~BodyConsumer() = default;
  /// Called once, for the final (2xx) response, before any body.
  virtual bool OnHead(const ResponseHead& head) = 0;
  /// Called with each piece of the decoded body, in order.
  virtual bool OnBody(std::string_view chunk) = 0;
};

/// Does HTTP GETs. Behind an interface so tests and later subcommands can
/// pass fakes; the real one uses cpp-httplib.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// GETs `url` (http:// or https://), follows redirects, decodes gzip, and
  /// streams the body to `consumer`. A non-2xx status, a timeout, a body over
  /// max_bytes or a broken gzip stream is an Error with a one-line message.
  virtual Result<FetchStats> Get(const std::string& url, const FetchOptions& options,
                                 BodyConsumer& consumer) = 0;
};

/// The cpp-httplib client. It sends `User-Agent: ttam/<version>`, or just
/// `ttam` when `version` is empty. Credentials are dropped when a redirect
/// leaves the original scheme, host and port.
std::unique_ptr<HttpClient> MakeHttpClient(std::string_view version = {});

/// True when `target` looks like an http:// or https:// URL.
bool IsUrl(std::string_view target);

}  // namespace ttam::scrape
