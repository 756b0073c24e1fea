#include "support/fixture_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

namespace ttam::test {
namespace {

constexpr std::chrono::milliseconds kTrickleInterval{10};
constexpr size_t kMaxRequestHead = 64 * 1024;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "FixtureServer: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

/// Socket I/O for one connection that gives up as soon as the server stops.
class Conn {
 public:
  Conn(int fd, int wake_fd) : fd_(fd), wake_fd_(wake_fd) {}

  /// Waits up to `timeout` for `events` on the socket. False when the server
  /// stopped or the wait timed out.
  bool Wait(short events, int timeout_ms) {
    pollfd fds[2] = {{fd_, events, 0}, {wake_fd_, POLLIN, 0}};
    for (;;) {
      int n = ::poll(fds, 2, timeout_ms);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      if (fds[1].revents != 0) return false;
      return true;
    }
  }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      if (!Wait(POLLOUT, -1)) return false;
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
        return false;
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  /// Sleeps for `ms`, returning false early when the server stops or the
  /// client hangs up (so stalled responses end with their client).
  bool Sleep(int ms) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      until - std::chrono::steady_clock::now())
                      .count();
      if (left <= 0) return true;
      pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      int n = ::poll(fds, 2, static_cast<int>(left));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      if (fds[1].revents != 0) return false;
      if (fds[0].revents != 0) {
        char buf[1024];
        ssize_t got = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
        if (got == 0) return false;
        if (got < 0 && errno != EAGAIN && errno != EINTR) return false;
      }
    }
  }

  /// Reads up to the blank line that ends a request head.
  bool ReadHead(std::string& head) {
    char buf[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      if (head.size() > kMaxRequestHead) return false;
      if (!Wait(POLLIN, 10000)) return false;
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      head.append(buf, static_cast<size_t>(n));
    }
    return true;
  }

 private:
  int fd_;
  int wake_fd_;
};

/// Streaming gzip compression (one member).
class Gzipper {
 public:
  Gzipper() {
    if (deflateInit2(&zs_, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      std::abort();
    }
  }
  ~Gzipper() { deflateEnd(&zs_); }
  Gzipper(const Gzipper&) = delete;
  Gzipper& operator=(const Gzipper&) = delete;

  std::string Add(std::string_view in, bool finish) {
    std::string out;
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs_.avail_in = static_cast<uInt>(in.size());
    char buf[16384];
    int rc;
    do {
      zs_.next_out = reinterpret_cast<Bytef*>(buf);
      zs_.avail_out = sizeof buf;
      rc = deflate(&zs_, finish ? Z_FINISH : Z_NO_FLUSH);
      out.append(buf, sizeof buf - zs_.avail_out);
    } while (zs_.avail_out == 0 || (finish && rc != Z_STREAM_END));
    return out;
  }

 private:
  z_stream zs_{};
};

std::string Gzip(std::string_view data) { return Gzipper().Add(data, true); }

/// Produces exactly `total` bytes of valid Prometheus text format in blocks.
class Generator {
 public:
  explicit Generator(uint64_t total) : left_(total) {}
  bool done() const { return left_ == 0; }

  std::string Next(size_t block) {
    std::string out;
    while (left_ > 0 && out.size() < block) {
      std::string line = NextLine();
      if (line.size() > left_) {
        // Pad with a comment (or a blank line) so the size is exact and the
        // text stays valid.
        line = left_ == 1   ? std::string("\n")
               : left_ == 2 ? std::string("#\n")
                            : "# " + std::string(left_ - 3, 'x') + "\n";
      }
      left_ -= line.size();
      out += line;
    }
    return out;
  }

 private:
  std::string NextLine() {
    if (index_ == 0) {
      ++index_;
      return "# HELP ttam_fixture_generated Generated by the fixture server.\n"
             "# TYPE ttam_fixture_generated gauge\n";
    }
    char line[96];
    std::snprintf(line, sizeof line, "ttam_fixture_generated{i=\"%010llu\"} %llu\n",
                  static_cast<unsigned long long>(index_),
                  static_cast<unsigned long long>(index_ % 1000));
    ++index_;
    return line;
  }

  uint64_t left_;
  uint64_t index_ = 0;
};

std::string Chunked(std::string_view data, size_t piece) {
  std::string out;
  while (!data.empty()) {
    size_t n = std::min(piece, data.size());
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
    out += size_line;
    out.append(data.substr(0, n));
    out += "\r\n";
    data.remove_prefix(n);
  }
  return out;
}

std::string Head(const Route& route, int status, const std::vector<std::string>& framing) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) + "\r\n";
  if (!route.content_type.empty()) head += "Content-Type: " + route.content_type + "\r\n";
  for (const auto& [name, value] : route.headers) head += name + ": " + value + "\r\n";
  for (const auto& line : framing) head += line + "\r\n";
  head += "Connection: close\r\n\r\n";
  return head;
}

void SendBody(Conn& conn, const Route& route) {
  std::vector<std::string> framing;
  if (route.gzip) framing.push_back("Content-Encoding: gzip");
  if (route.behaviour == Behaviour::kGenerated) {
    // Generated bodies stream; gzip then has no length known up front.
    bool chunked = route.chunked || route.gzip;
    if (chunked) {
      framing.push_back("Transfer-Encoding: chunked");
    } else {
      framing.push_back("Content-Length: " + std::to_string(route.generated_bytes));
    }
    if (!conn.Send(Head(route, route.status, framing))) return;
    Generator generator(route.generated_bytes);
    Gzipper gzipper;
    while (!generator.done()) {
      std::string block = generator.Next(64 * 1024);
      if (route.gzip) block = gzipper.Add(block, generator.done());
      if (chunked) block = Chunked(block, 4096);
      if (!conn.Send(block)) return;
    }
    if (route.gzip && route.generated_bytes == 0) {
      std::string tail = gzipper.Add("", true);
      if (!conn.Send(chunked ? Chunked(tail, 4096) : tail)) return;
    }
    if (chunked) conn.Send("0\r\n\r\n");
    return;
  }
  std::string payload = route.gzip ? Gzip(route.body) : route.body;
  if (route.chunked) {
    framing.push_back("Transfer-Encoding: chunked");
    if (!conn.Send(Head(route, route.status, framing))) return;
    // Small chunks in separate writes, so clients see many pieces.
    for (size_t at = 0; at < payload.size(); at += 64) {
      if (!conn.Send(Chunked(std::string_view(payload).substr(at, 64), 64))) return;
    }
    conn.Send("0\r\n\r\n");
    return;
  }
  framing.push_back("Content-Length: " + std::to_string(payload.size()));
  if (conn.Send(Head(route, route.status, framing))) conn.Send(payload);
}

void Respond(Conn& conn, const Route& route, int port) {
  switch (route.behaviour) {
    case Behaviour::kBody:
    case Behaviour::kGenerated:
      SendBody(conn, route);
      return;
    case Behaviour::kRedirect: {
      std::string location = route.location;
      if (location.rfind("{base}", 0) == 0) {
        location = "http://127.0.0.1:" + std::to_string(port) + location.substr(6);
      }
      int status = route.status == 200 ? 302 : route.status;
      conn.Send(Head(route, status, {"Location: " + location, "Content-Length: 0"}));
      return;
    }
    case Behaviour::kStallAfterHeaders:
      if (!conn.Send(Head(route, route.status, {"Content-Length: 1000000"}))) return;
      while (conn.Sleep(1000)) {
      }
      return;
    case Behaviour::kTrickle: {
      if (!conn.Send(Head(route, route.status, {"Transfer-Encoding: chunked"}))) return;
      std::string text = route.body.empty() ? "# trickle\n" : route.body;
      for (size_t i = 0;; i = (i + 1) % text.size()) {
        if (!conn.Send(Chunked(std::string_view(text).substr(i, 1), 1))) return;
        if (!conn.Sleep(static_cast<int>(kTrickleInterval.count()))) return;
      }
    }
    case Behaviour::kTruncatedGzip: {
      std::string text =
          route.body.empty() ? "# HELP up Whether up.\n# TYPE up gauge\nup 1\n" : route.body;
      std::string gz = Gzip(text);
      gz.resize(gz.size() / 2);
      if (conn.Send(
              Head(route, route.status,
                   {"Content-Encoding: gzip", "Content-Length: " + std::to_string(gz.size())}))) {
        conn.Send(gz);
      }
      return;
    }
    case Behaviour::kCutOff: {
      if (conn.Send(Head(route, route.status,
                         {"Content-Length: " + std::to_string(route.body.size())}))) {
        conn.Send(std::string_view(route.body).substr(0, route.body.size() / 2));
      }
      return;
    }
  }
}

}  // namespace

std::string RecordedRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

int RecordedRequest::HeaderCount(std::string_view name) const {
  return static_cast<int>(std::count_if(headers.begin(), headers.end(), [&](const auto& h) {
    return EqualsIgnoreCase(h.first, name);
  }));
}

FixtureServer::FixtureServer(std::vector<Route> routes) : routes_(std::move(routes)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) Die("socket");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Die("bind");
  if (::listen(listen_fd_, 64) != 0) Die("listen");
  socklen_t len = sizeof addr;
  if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    Die("getsockname");
  }
  port_ = ntohs(addr.sin_port);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) Die("eventfd");
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FixtureServer::~FixtureServer() {
  uint64_t one = 1;
  // The eventfd stays readable from now on, waking every poll in every thread.
  while (::write(wake_fd_, &one, sizeof one) < 0 && errno == EINTR) {
  }
  acceptor_.join();
  for (auto& connection : connections_) connection.thread.join();
  ::close(listen_fd_);
  ::close(wake_fd_);
}

std::string FixtureServer::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::vector<RecordedRequest> FixtureServer::Requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::optional<RecordedRequest> FixtureServer::LastRequest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (requests_.empty()) return std::nullopt;
  return requests_.back();
}

const Route* FixtureServer::Find(std::string_view path) const {
  for (const auto& route : routes_) {
    if (route.path == path) return &route;
  }
  return nullptr;
}

void FixtureServer::AcceptLoop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int n = ::poll(fds, 2, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    connections_.remove_if([](Connection& c) {
      if (!c.done->load()) return false;
      c.thread.join();
      return true;
    });
    auto done = std::make_shared<std::atomic<bool>>(false);
    connections_.push_back({std::thread([this, fd, done] {
                              Serve(fd);
                              ::close(fd);
                              done->store(true);
                            }),
                            done});
  }
}

void FixtureServer::Serve(int fd) {
  Conn conn(fd, wake_fd_);
  std::string head;
  if (!conn.ReadHead(head)) return;
  RecordedRequest request;
  std::string_view rest(head.data(), head.find("\r\n\r\n") + 2);
  size_t eol = rest.find("\r\n");
  std::string_view request_line = rest.substr(0, eol);
  rest.remove_prefix(eol + 2);
  size_t sp1 = request_line.find(' ');
  size_t sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) {
    Route bad{.path = "", .status = 400, .body = "bad request line\n"};
    SendBody(conn, bad);
    return;
  }
  request.method = std::string(request_line.substr(0, sp1));
  request.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  while (!rest.empty()) {
    eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                 std::string(Trim(line.substr(colon + 1))));
  }
  std::string path = request.target.substr(0, request.target.find('?'));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
  }
  if (const Route* route = Find(path)) {
    Respond(conn, *route, port_);
  } else {
    Route missing{.path = path, .status = 404, .body = "not found\n"};
    SendBody(conn, missing);
  }
  // Half-close first so the client reads a clean end of stream.
  ::shutdown(fd, SHUT_WR);
}

}  // namespace ttam::test
