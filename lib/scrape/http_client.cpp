// The cpp-httplib HttpClient (library ttam_http): the only code that needs
// cpp-httplib and OpenSSL. The ttam executable loads it lazily, built into the
// module ttam-http.so (tools/ttam/http_module.cpp), so that commands that
// fetch nothing never load those libraries.
#include <httplib.h>
#include <netdb.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>

#include "scrape/fetch.h"
#include "scrape/url.h"
#include "support/gunzip.h"
#include "support/text.h"

namespace ttam::scrape {

namespace {

using Clock = std::chrono::steady_clock;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string FormatDuration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool HasLineBreak(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

/// Calls `on_expiry` once `deadline` passes, and again every 20ms until
/// destroyed: httplib's stop() only interrupts a request whose socket exists,
/// so one early call could miss it.
class Watchdog {
 public:
  Watchdog(Clock::time_point deadline, std::function<void()> on_expiry)
      : thread_([this, deadline, on_expiry = std::move(on_expiry)] { Run(deadline, on_expiry); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  bool expired() const { return expired_.load(); }

 private:
  void Run(Clock::time_point deadline, const std::function<void()>& on_expiry) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (cv_.wait_until(lock, deadline, [this] { return finished_; })) return;
    expired_.store(true);
    while (!finished_) {
      lock.unlock();
      on_expiry();
      lock.lock();
      cv_.wait_for(lock, std::chrono::milliseconds(20), [this] { return finished_; });
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  bool finished_ = false;
  std::atomic<bool> expired_{false};
  std::thread thread_;  // last: starts once the members above exist
};

/// httplib reports every failed connect as Error::Connection; connect once
/// more ourselves to say why (refused, unreachable, unknown host).
std::string ExplainConnectFailure(const Url& url, Clock::time_point deadline) {
  std::string host = url.host;
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  std::string where = url.host + ":" + std::to_string(url.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(url.port).c_str(), &hints, &addresses);
  if (rc != 0) return "cannot resolve host \"" + host + "\": " + ::gai_strerror(rc);
  std::string reason;
  for (addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    int err = 0;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      err = errno;
      if (err == EINPROGRESS) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd pfd{fd, POLLOUT, 0};
        int timeout_ms = static_cast<int>(std::clamp<int64_t>(left.count(), 0, 2000));
        if (::poll(&pfd, 1, timeout_ms) == 1) {
          socklen_t len = sizeof err;
          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        } else {
          err = ETIMEDOUT;
        }
      }
    }
    ::close(fd);
    if (err == 0) continue;
    reason = Lower(std::strerror(err));
    break;
  }
  ::freeaddrinfo(addresses);
  if (reason.empty()) return "cannot connect to " + where;
  return "cannot connect to " + where + ": " + reason;
}

std::string DescribeError(httplib::Error error, const Url& url, const FetchOptions& options,
                          httplib::Client& client, Clock::time_point deadline) {
  switch (error) {
    case httplib::Error::Connection:
      return ExplainConnectFailure(url, deadline);
    case httplib::Error::ConnectionTimeout:
      return "connection timed out";
    case httplib::Error::Read:
      return "connection closed before the response was complete";
    case httplib::Error::Write:
      return "cannot send the request (connection closed)";
    case httplib::Error::SSLConnection:
      return "TLS handshake failed";
    case httplib::Error::SSLLoadingCerts:
      return options.ca_file.empty() ? "cannot load the system's CA certificates"
                                     : "cannot load CA certificates from " + options.ca_file;
    case httplib::Error::SSLServerVerification: {
      long result = client.get_openssl_verify_result();
      if (result == X509_V_OK) {
        return "TLS certificate does not match host " + url.host;
      }
      return std::string("TLS certificate verification failed: ") +
             X509_verify_cert_error_string(result);
    }
    case httplib::Error::BindIPAddress:
      return "cannot bind the local address";
    case httplib::Error::Success:
    case httplib::Error::Unknown:
    case httplib::Error::ExceedRedirectCount:
    case httplib::Error::Canceled:
    case httplib::Error::UnsupportedMultipartBoundaryChars:
    case httplib::Error::Compression:
      break;
  }
  return "request failed (" + httplib::to_string(error) + ")";
}

/// The request headers, or an Error that names no secret.
Result<httplib::Headers> BuildHeaders(const FetchOptions& options, const std::string& user_agent,
                                      const Url& original, bool send_credentials) {
  httplib::Headers headers;
  auto overridden = [&](std::string_view name) {
    for (const auto& [key, value] : options.headers) {
      if (EqualsIgnoreCase(key, name)) return true;
    }
    return false;
  };
  bool explicit_authorization = false;
  for (const auto& [name, value] : options.headers) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) {
      return Error{"invalid request header name \"" + name + "\""};
    }
    if (HasLineBreak(value)) {
      return Error{"request header " + name + " has a line break in its value"};
    }
    bool credential = EqualsIgnoreCase(name, "Authorization") || EqualsIgnoreCase(name, "Cookie");
    if (EqualsIgnoreCase(name, "Authorization")) explicit_authorization = true;
    if (credential && !send_credentials) continue;
    headers.emplace(name, value);
  }
  if (!options.accept.empty() && !overridden("Accept")) {
    if (HasLineBreak(options.accept)) return Error{"the Accept header has a line break"};
    headers.emplace("Accept", options.accept);
  }
  if (!overridden("Accept-Encoding")) headers.emplace("Accept-Encoding", "gzip");
  if (!overridden("User-Agent")) headers.emplace("User-Agent", user_agent);

  int auth_sources = (options.bearer_token ? 1 : 0) + (options.basic_auth ? 1 : 0) +
                     (explicit_authorization ? 1 : 0);
  if (auth_sources > 1) {
    return Error{"give only one of a bearer token, basic auth and an Authorization header"};
  }
  if (!send_credentials) return headers;
  if (options.bearer_token) {
    if (HasLineBreak(*options.bearer_token)) return Error{"the bearer token has a line break"};
    headers.emplace("Authorization", "Bearer " + *options.bearer_token);
  } else if (options.basic_auth || (!explicit_authorization && !original.username.empty())) {
    const std::string& user = options.basic_auth ? options.basic_auth->username : original.username;
    const std::string& pass = options.basic_auth ? options.basic_auth->password : original.password;
    if (user.find(':') != std::string::npos) {
      return Error{"a basic auth username cannot contain ':'"};
    }
    headers.emplace("Authorization", "Basic " + Base64(user + ":" + pass));
  }
  return headers;
}

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

enum class Encoding { kIdentity, kGzip };

class HttplibClient final : public HttpClient {
 public:
  explicit HttplibClient(std::string user_agent) : user_agent_(std::move(user_agent)) {}

  Result<FetchStats> Get(const std::string& url, const FetchOptions& options,
                         BodyConsumer& consumer) override;

 private:
  std::string user_agent_;
};

/// What one request/response exchange (one hop of a redirect chain) ended with.
struct Hop {
  int status = 0;
  std::string reason;
  std::string location;  ///< set when the response is a redirect
  bool consumer_stopped = false;
  bool too_big = false;
  bool deadline_hit = false;
  std::string failure;  ///< a decoding or protocol error found by a callback
};

Result<FetchStats> HttplibClient::Get(const std::string& url_text, const FetchOptions& options,
                                      BodyConsumer& consumer) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + options.timeout;
  auto parsed = ParseUrl(url_text);
  if (!parsed) return parsed.error();
  const Url original = *parsed;
  Url current = original;
  FetchStats stats;

  for (int redirects = 0;; ++redirects) {
    const std::string shown = current.Display();
    auto fail = [&](const std::string& why) { return Error{shown + ": " + why}; };
    auto timed_out = [&] { return fail("timed out after " + FormatDuration(options.timeout)); };

    auto headers = BuildHeaders(options, user_agent_, original, current.SameOrigin(original));
    if (!headers) return fail(headers.error().message);
    auto remaining = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) return timed_out();

    httplib::Client client(current.Origin());
    if (!client.is_valid()) return fail("cannot set up an HTTP client for " + current.Origin());
    // Redirects and gzip are handled here: httplib's own would hide a
    // truncated gzip body and follow redirects without our limits.
    client.set_follow_location(false);
    client.set_decompress(false);
    client.set_keep_alive(false);
    // The watchdog enforces the deadline; httplib's own timeouts (which it
    // rounds down to milliseconds) are a backstop set a little later, so a
    // stall is reported as our timeout. Connecting and the TLS handshake hold
    // a lock that stop() waits for, so they may overrun by this margin.
    const auto backstop = remaining + std::chrono::milliseconds(100);
    client.set_connection_timeout(backstop);
    client.set_read_timeout(backstop);
    client.set_write_timeout(backstop);
    if (current.scheme == "https") {
      if (!options.ca_file.empty()) client.set_ca_cert_path(options.ca_file);
      client.enable_server_certificate_verification(!options.insecure);
    }

    Hop hop;
    Encoding encoding = Encoding::kIdentity;
    GzipDecoder decoder;
    auto deliver = [&](std::string_view chunk) {
      if (chunk.size() > options.max_bytes - stats.body_bytes) {
        hop.too_big = true;
        return false;
      }
      stats.body_bytes += chunk.size();
      if (!consumer.OnBody(chunk)) {
        hop.consumer_stopped = true;
        return false;
      }
      return true;
    };
    auto on_response = [&](const httplib::Response& response) {
      hop.status = response.status;
      hop.reason = response.reason;
      if (IsRedirect(response.status) && response.has_header("Location")) {
        hop.location = response.get_header_value("Location");
        return false;
      }
      if ((response.status < 200 || response.status > 299) && !options.error_bodies) return false;
      ResponseHead head;
      head.status = response.status;
      head.content_type = response.get_header_value("Content-Type");
      head.content_encoding = response.get_header_value("Content-Encoding");
      head.final_url = shown;
      std::string coding = Lower(Trim(head.content_encoding));
      if (coding == "gzip" || coding == "x-gzip") {
        encoding = Encoding::kGzip;
      } else if (!coding.empty() && coding != "identity") {
        hop.failure = "unsupported Content-Encoding \"" + head.content_encoding + "\"";
        return false;
      }
      if (!consumer.OnHead(head)) {
        hop.consumer_stopped = true;
        return false;
      }
      return true;
    };
    auto on_body = [&](const char* data, size_t size) {
      if (Clock::now() >= deadline) {
        hop.deadline_hit = true;
        return false;
      }
      stats.wire_bytes += size;
      std::string_view chunk(data, size);
      switch (encoding) {
        case Encoding::kIdentity:
          return deliver(chunk);
        case Encoding::kGzip:
          if (Status fed = decoder.Feed(chunk, deliver); !fed) {
            hop.failure = fed.error().message;
            return false;
          }
          return !decoder.stopped();
      }
      return false;
    };

    httplib::Result result(nullptr, httplib::Error::Unknown);
    bool watchdog_expired = false;
    {
      Watchdog watchdog(deadline, [&client] { client.stop(); });
      result = client.Get(current.target, *headers, on_response, on_body);
      watchdog_expired = watchdog.expired();
    }

    if (hop.consumer_stopped) break;
    if (hop.too_big) {
      return fail("body exceeds --max-bytes (" + std::to_string(options.max_bytes) + " bytes)");
    }
    if (!hop.failure.empty()) return fail(hop.failure);
    if (!hop.location.empty()) {
      auto next = ResolveReference(current, hop.location);
      std::string shown_location = next ? next->Display() : RedactUrl(hop.location);
      if (redirects >= options.max_redirects) {
        return fail("too many redirects (" + std::to_string(options.max_redirects) +
                    "), last Location: " + shown_location);
      }
      if (!next) return fail("bad redirect: " + next.error().message);
      current = *next;
      continue;
    }
    if (hop.status != 0 && (hop.status < 200 || hop.status > 299) && !options.error_bodies) {
      std::string status = "server returned HTTP " + std::to_string(hop.status);
      if (!hop.reason.empty()) status += " " + hop.reason;
      return fail(status);
    }
    if (!result || result.error() != httplib::Error::Success) {
      if (hop.deadline_hit || watchdog_expired || Clock::now() >= deadline) return timed_out();
      return fail(DescribeError(result.error(), current, options, client, deadline));
    }
    if (encoding == Encoding::kGzip) {
      if (Status finished = decoder.Finish(); !finished) return fail(finished.error().message);
    }
    break;
  }
  stats.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return stats;
}

}  // namespace

std::unique_ptr<HttpClient> MakeHttpClient(std::string_view version) {
  std::string user_agent = "ttam";
  if (!version.empty()) user_agent += "/" + std::string(version);
  return std::make_unique<HttplibClient>(std::move(user_agent));
}

}  // namespace ttam::scrape
