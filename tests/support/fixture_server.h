#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace ttam::test {

/// How a route answers.
enum class Behaviour {
  kBody,               ///< `status`, `content_type`, `body` (gzip/chunked if asked)
  kGenerated,          ///< like kBody, the body being `generated_bytes` bytes of valid
                       ///< exposition text (streamed, so it may be huge)
  kRedirect,           ///< `status` (302 when left at 200) with `Location: location`
  kStallAfterHeaders,  ///< sends the head (Content-Length: 1000000), then nothing
                       ///< until the client leaves or the server stops
  kTrickle,            ///< chunked body, one byte of `body` (cycled) every 10ms,
                       ///< never ending until the client leaves or the server stops
  kTruncatedGzip,      ///< Content-Encoding: gzip whose gzip stream is cut in half;
                       ///< the HTTP framing (Content-Length) is complete
  kCutOff,             ///< announces Content-Length of `body`, sends half, closes
};

/// One path the server answers, and how. Every member has a default, so
/// designated initializers work: `{.path = "/m", .body = "up 1\n"}`.
struct Route {
  std::string path{};  ///< matched exactly against the request path (query ignored)
  Behaviour behaviour = Behaviour::kBody;
  int status = 200;
  std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
  std::string body{};
  /// For kRedirect; a leading "{base}" becomes "http://127.0.0.1:<port>",
  /// anything else is sent as is (so "/x" tests a relative Location).
  std::string location{};
  bool gzip = false;             ///< for kBody and kGenerated: gzip, with Content-Encoding
  bool chunked = false;          ///< for kBody and kGenerated: chunked, in small chunks
  uint64_t generated_bytes = 0;  ///< body size for kGenerated
  std::vector<std::pair<std::string, std::string>> headers{};  ///< extra response headers
};

/// A request the server received.
struct RecordedRequest {
  std::string method;
  std::string target;  ///< as on the request line, with the query
  std::vector<std::pair<std::string, std::string>> headers;  ///< in order received
  /// The value of header `name` (case-insensitive); empty when absent.
  std::string Header(std::string_view name) const;
  /// How many times header `name` was sent.
  int HeaderCount(std::string_view name) const;
};

/// A small HTTP/1.1 server on 127.0.0.1 and a free port, answering from a
/// route table on its own threads (one per connection; each response ends
/// with Connection: close). Unknown paths get 404. Destruction stops it,
/// interrupting stalled and trickling responses, and joins every thread.
class FixtureServer {
 public:
  /// Binds and starts listening before returning, so Url() works at once.
  /// Aborts the test binary when no socket can be bound.
  explicit FixtureServer(std::vector<Route> routes);
  /// Same, for a braced list: `FixtureServer server({{.path = "/m"}});`.
  explicit FixtureServer(std::initializer_list<Route> routes)
      : FixtureServer(std::vector<Route>(routes)) {}
  ~FixtureServer();
  FixtureServer(const FixtureServer&) = delete;
  FixtureServer& operator=(const FixtureServer&) = delete;

  /// The port it listens on.
  int port() const { return port_; }
  /// "http://127.0.0.1:<port>" followed by `path`.
  std::string Url(std::string_view path) const;
  /// Every request received so far, oldest first.
  std::vector<RecordedRequest> Requests() const;
  /// The newest request; nullopt when none arrived yet.
  std::optional<RecordedRequest> LastRequest() const;

 private:
  struct Connection {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  void AcceptLoop();
  void Serve(int fd);
  const Route* Find(std::string_view path) const;

  std::vector<Route> routes_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  ///< eventfd, readable once the server stops
  int port_ = 0;
  std::thread acceptor_;
  std::list<Connection> connections_;  ///< only touched by the acceptor thread
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace ttam::test
