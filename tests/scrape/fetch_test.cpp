#include "scrape/fetch.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "support/fixture_server.h"
#include "support/process.h"

namespace ttam::scrape {
namespace {

using std::chrono::milliseconds;
using test::Behaviour;
using test::FixtureServer;
using test::Route;

constexpr std::string_view kText = "# HELP up Whether the target is up.\n# TYPE up gauge\nup 1\n";

/// Records what the client hands over; can stop after a number of bytes.
struct Recorder : BodyConsumer {
  int heads = 0;
  ResponseHead head;
  std::string body;
  size_t chunks = 0;
  bool stop_at_head = false;
  size_t stop_after_bytes = SIZE_MAX;

  bool OnHead(const ResponseHead& h) override {
    ++heads;
    head = h;
    return !stop_at_head;
  }
  bool OnBody(std::string_view chunk) override {
    body.append(chunk);
    ++chunks;
    return body.size() < stop_after_bytes;
  }
};

struct Fetched {
  Result<FetchStats> result = Error{"not run"};
  milliseconds took{0};
};

Fetched Fetch(const std::string& url, const FetchOptions& options, Recorder& recorder) {
  auto client = MakeHttpClient("test");
  auto start = std::chrono::steady_clock::now();
  Fetched f;
  f.result = client->Get(url, options, recorder);
  f.took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  return f;
}

std::string ErrorOf(const Fetched& f) {
  return f.result.ok() ? "(no error)" : f.result.error().message;
}

TEST_CASE("fetch: plain body, head and stats") {
  FixtureServer server({{.path = "/metrics", .body = std::string(kText)}});
  Recorder r;
  Fetched f = Fetch(server.Url("/metrics"), {}, r);
  REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
  CHECK(r.heads == 1);
  CHECK(r.head.status == 200);
  CHECK(r.head.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(r.head.content_encoding == "");
  CHECK(r.head.final_url == server.Url("/metrics"));
  CHECK(r.body == kText);
  CHECK(f.result->wire_bytes == kText.size());
  CHECK(f.result->body_bytes == kText.size());
  CHECK(f.result->elapsed <= f.took);
}

TEST_CASE("fetch: sends the Prometheus Accept, gzip and a ttam User-Agent") {
  FixtureServer server({{.path = "/metrics", .body = "up 1\n"}});
  Recorder r;
  REQUIRE(Fetch(server.Url("/metrics?x=1"), {}, r).result.ok());
  auto request = server.LastRequest();
  REQUIRE(request.has_value());
  CHECK(request->method == "GET");
  CHECK(request->target == "/metrics?x=1");
  CHECK(request->Header("Accept") == kPrometheusAccept);
  CHECK(request->Header("Accept").find("protobuf") == std::string::npos);
  CHECK(request->Header("Accept-Encoding") == "gzip");
  CHECK(request->Header("User-Agent") == "ttam/test");
  CHECK(request->Header("Host") == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(request->Header("Authorization") == "");
  for (std::string_view name : {"Accept", "Accept-Encoding", "User-Agent", "Host"}) {
    CAPTURE(name);
    CHECK(request->HeaderCount(name) == 1);
  }

  Recorder plain;
  REQUIRE(MakeHttpClient()->Get(server.Url("/metrics"), {}, plain).ok());
  CHECK(server.LastRequest()->Header("User-Agent") == "ttam");
}

TEST_CASE("fetch: bodies in every framing and encoding arrive decoded") {
  const std::string big(200000, 'x');
  std::vector<Route> routes = {
      {.path = "/plain", .body = std::string(kText)},
      {.path = "/gzip", .body = std::string(kText), .gzip = true},
      {.path = "/chunked", .body = std::string(kText), .chunked = true},
      {.path = "/gzip-chunked", .body = std::string(kText), .gzip = true, .chunked = true},
      {.path = "/big-gzip", .body = big, .gzip = true},
      {.path = "/empty", .body = ""},
      {.path = "/empty-gzip", .body = "", .gzip = true},
      {.path = "/om",
       .content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8",
       .body = "up 1\n# EOF\n"},
  };
  FixtureServer server(routes);
  struct Case {
    std::string_view path;
    std::string want_body;
    std::string want_encoding;
    std::string want_type;
  };
  const std::string text_type = "text/plain; version=0.0.4; charset=utf-8";
  const Case cases[] = {
      {"/plain", std::string(kText), "", text_type},
      {"/gzip", std::string(kText), "gzip", text_type},
      {"/chunked", std::string(kText), "", text_type},
      {"/gzip-chunked", std::string(kText), "gzip", text_type},
      {"/big-gzip", big, "gzip", text_type},
      {"/empty", "", "", text_type},
      {"/empty-gzip", "", "gzip", text_type},
      {"/om", "up 1\n# EOF\n", "", "application/openmetrics-text; version=1.0.0; charset=utf-8"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    Recorder r;
    Fetched f = Fetch(server.Url(c.path), {}, r);
    REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
    CHECK(r.heads == 1);
    CHECK(r.body == c.want_body);
    CHECK(r.head.content_encoding == c.want_encoding);
    CHECK(r.head.content_type == c.want_type);
    CHECK(f.result->body_bytes == c.want_body.size());
    if (c.want_encoding == "gzip") {
      CHECK(f.result->wire_bytes > 0);
      if (c.want_body.size() > 1000) CHECK(f.result->wire_bytes < c.want_body.size() / 10);
    } else {
      CHECK(f.result->wire_bytes == c.want_body.size());
    }
  }
}

TEST_CASE("fetch: streams a large body in bounded chunks, gzip or not") {
  constexpr uint64_t kSize = 3'000'000;
  FixtureServer server({
      {.path = "/gen", .behaviour = Behaviour::kGenerated, .generated_bytes = kSize},
      {.path = "/gen-gzip",
       .behaviour = Behaviour::kGenerated,
       .gzip = true,
       .generated_bytes = kSize},
      {.path = "/gen-chunked",
       .behaviour = Behaviour::kGenerated,
       .chunked = true,
       .generated_bytes = kSize},
  });
  Recorder plain, gzipped, chunked;
  Fetched f1 = Fetch(server.Url("/gen"), {}, plain);
  Fetched f2 = Fetch(server.Url("/gen-gzip"), {}, gzipped);
  Fetched f3 = Fetch(server.Url("/gen-chunked"), {}, chunked);
  REQUIRE_MESSAGE(f1.result.ok(), ErrorOf(f1));
  REQUIRE_MESSAGE(f2.result.ok(), ErrorOf(f2));
  REQUIRE_MESSAGE(f3.result.ok(), ErrorOf(f3));
  CHECK(plain.body.size() == kSize);
  CHECK(plain.body.rfind("# HELP ttam_fixture_generated", 0) == 0);
  CHECK(gzipped.body == plain.body);
  CHECK(chunked.body == plain.body);
  CHECK(f2.result->wire_bytes < kSize / 5);
  // Many chunks, none near the whole body: the client never buffers it all.
  CHECK(plain.chunks > 40);
  CHECK(gzipped.chunks > 40);
}

TEST_CASE("fetch: generated bodies have the exact size and whole lines") {
  std::vector<Route> routes;
  const uint64_t sizes[] = {0, 1, 2, 3, 50, 99, 100, 101, 1000, 4097};
  for (uint64_t size : sizes) {
    routes.push_back({.path = "/" + std::to_string(size),
                      .behaviour = Behaviour::kGenerated,
                      .generated_bytes = size});
  }
  FixtureServer server(routes);
  for (uint64_t size : sizes) {
    CAPTURE(size);
    Recorder r;
    Fetched f = Fetch(server.Url("/" + std::to_string(size)), {}, r);
    REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
    REQUIRE(r.body.size() == size);
    if (size > 0) CHECK(r.body.back() == '\n');
    size_t start = 0;
    while (start < r.body.size()) {
      size_t end = r.body.find('\n', start);
      std::string_view line = std::string_view(r.body).substr(start, end - start);
      CAPTURE(line);
      CHECK((line.empty() || line[0] == '#' || line.rfind("ttam_fixture_generated{", 0) == 0));
      start = end + 1;
    }
  }
}

TEST_CASE("fetch: custom headers and credentials reach the server") {
  FixtureServer server({{.path = "/m", .body = "up 1\n"}});
  struct Case {
    std::string_view name;
    FetchOptions options;
    std::string url_userinfo;
    std::string want_authorization;
  };
  FetchOptions bearer;
  bearer.bearer_token = "tok3n";
  FetchOptions basic;
  basic.basic_auth = BasicAuth{"Aladdin", "open sesame"};  // RFC 7617's example
  FetchOptions header;
  header.headers = {{"Authorization", "Custom abc"}};
  const Case cases[] = {
      {"none", {}, "", ""},
      {"bearer", bearer, "", "Bearer tok3n"},
      {"basic", basic, "", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="},
      {"userinfo", {}, "user:pw@", "Basic dXNlcjpwdw=="},
      {"explicit header", header, "", "Custom abc"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Recorder r;
    std::string url =
        "http://" + c.url_userinfo + "127.0.0.1:" + std::to_string(server.port()) + "/m";
    Fetched f = Fetch(url, c.options, r);
    REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
    auto request = server.LastRequest();
    REQUIRE(request.has_value());
    CHECK(request->Header("Authorization") == c.want_authorization);
    CHECK(request->HeaderCount("Authorization") == (c.want_authorization.empty() ? 0 : 1));
  }

  FetchOptions extra;
  extra.headers = {{"X-Scope-OrgID", "team-a"},
                   {"X-Multi", "1"},
                   {"X-Multi", "2"},
                   {"accept", "text/plain;version=0.0.4"},
                   {"User-Agent", "custom/1"}};
  Recorder r;
  REQUIRE(Fetch(server.Url("/m"), extra, r).result.ok());
  auto request = server.LastRequest();
  CHECK(request->Header("X-Scope-OrgID") == "team-a");
  CHECK(request->HeaderCount("X-Multi") == 2);
  CHECK(request->Header("Accept") == "text/plain;version=0.0.4");
  CHECK(request->HeaderCount("Accept") == 1);
  CHECK(request->Header("User-Agent") == "custom/1");
  CHECK(request->HeaderCount("User-Agent") == 1);

  FetchOptions accept;
  accept.accept = "application/openmetrics-text;version=1.0.0";
  REQUIRE(Fetch(server.Url("/m"), accept, r).result.ok());
  CHECK(server.LastRequest()->Header("Accept") == "application/openmetrics-text;version=1.0.0");
}

TEST_CASE("fetch: bad options are errors that name no secret") {
  FixtureServer server({{.path = "/m", .body = "up 1\n"}});
  struct Case {
    std::string_view name;
    FetchOptions options;
    std::string want;
  };
  FetchOptions both;
  both.bearer_token = "tok3n-secret";
  both.basic_auth = BasicAuth{"u", "pw-secret"};
  FetchOptions bad_name;
  bad_name.headers = {{"Bad Name", "v"}};
  FetchOptions bad_value;
  bad_value.headers = {{"X-Key", "secret\r\nInjected: 1"}};
  FetchOptions bad_token;
  bad_token.bearer_token = "tok3n-secret\r\nX: y";
  const std::string prefix = server.Url("/m") + ": ";
  const Case cases[] = {
      {"bearer and basic", both,
       prefix + "give only one of a bearer token, basic auth and an Authorization header"},
      {"header name", bad_name, prefix + "invalid request header name \"Bad Name\""},
      {"header value", bad_value, prefix + "request header X-Key has a line break in its value"},
      {"token", bad_token, prefix + "the bearer token has a line break"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Recorder r;
    Fetched f = Fetch(server.Url("/m"), c.options, r);
    REQUIRE_FALSE(f.result.ok());
    CHECK(f.result.error().message == c.want);
  }
  CHECK(server.Requests().empty());
}

TEST_CASE("fetch: non-2xx statuses are errors and reach no consumer") {
  FixtureServer server({
      {.path = "/boom", .status = 500, .body = "oops\n"},
      {.path = "/forbidden", .status = 403, .body = "no\n"},
  });
  struct Case {
    std::string_view path, want;
  };
  const Case cases[] = {
      {"/missing", ": server returned HTTP 404 Not Found"},
      {"/boom", ": server returned HTTP 500 Internal Server Error"},
      {"/forbidden", ": server returned HTTP 403 Forbidden"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    Recorder r;
    Fetched f = Fetch(server.Url(c.path), {}, r);
    REQUIRE_FALSE(f.result.ok());
    CHECK(f.result.error().message == server.Url(c.path) + std::string(c.want));
    CHECK(r.heads == 0);
    CHECK(r.body.empty());
  }
}

TEST_CASE("fetch: follows redirects, relative and absolute") {
  FixtureServer server({
      {.path = "/metrics", .body = "up 1\n"},
      {.path = "/found", .behaviour = Behaviour::kRedirect, .location = "/metrics"},
      {.path = "/moved",
       .behaviour = Behaviour::kRedirect,
       .status = 301,
       .location = "{base}/metrics"},
      {.path = "/dir/relative",
       .behaviour = Behaviour::kRedirect,
       .status = 307,
       .location = "../metrics"},
      {.path = "/permanent",
       .behaviour = Behaviour::kRedirect,
       .status = 308,
       .location = "/found"},
      {.path = "/to-ftp", .behaviour = Behaviour::kRedirect, .location = "ftp://example.com/x"},
      {.path = "/see-other",
       .behaviour = Behaviour::kRedirect,
       .status = 303,
       .location = "/moved"},
  });
  struct Case {
    std::string_view path;
    int hops;
  };
  const Case cases[] = {
      {"/found", 1}, {"/moved", 1}, {"/dir/relative", 1}, {"/permanent", 2}, {"/see-other", 2},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    size_t before = server.Requests().size();
    Recorder r;
    Fetched f = Fetch(server.Url(c.path), {}, r);
    REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
    CHECK(r.body == "up 1\n");
    CHECK(r.heads == 1);
    CHECK(r.head.status == 200);
    CHECK(r.head.final_url == server.Url("/metrics"));
    auto requests = server.Requests();
    CHECK(requests.size() - before == static_cast<size_t>(c.hops + 1));
    CHECK(requests.back().target == "/metrics");
  }

  Recorder to_ftp;
  Fetched ftp = Fetch(server.Url("/to-ftp"), {}, to_ftp);
  CHECK(ErrorOf(ftp) == server.Url("/to-ftp") +
                            ": bad redirect: ftp://example.com/x: not an http:// or https:// URL");

  FetchOptions one;
  one.max_redirects = 1;
  Recorder r;
  Fetched f = Fetch(server.Url("/permanent"), one, r);
  REQUIRE_FALSE(f.result.ok());
  CHECK(ErrorOf(f) == server.Url("/found") +
                          ": too many redirects (1), last Location: " + server.Url("/metrics"));
}

TEST_CASE("fetch: a redirect loop stops at max_redirects") {
  FixtureServer server({{.path = "/loop", .behaviour = Behaviour::kRedirect, .location = "/loop"}});
  for (int max : {0, 3, 10}) {
    CAPTURE(max);
    size_t before = server.Requests().size();
    FetchOptions options;
    options.max_redirects = max;
    Recorder r;
    Fetched f = Fetch(server.Url("/loop"), options, r);
    REQUIRE_FALSE(f.result.ok());
    CHECK(ErrorOf(f) == server.Url("/loop") + ": too many redirects (" + std::to_string(max) +
                            "), last Location: " + server.Url("/loop"));
    CHECK(server.Requests().size() - before == static_cast<size_t>(max + 1));
    CHECK(r.heads == 0);
  }
}

TEST_CASE("fetch: credentials stay with the origin they were given for") {
  FixtureServer other({{.path = "/m", .body = "up 1\n"}});
  FixtureServer server({
      {.path = "/m", .body = "up 1\n"},
      {.path = "/same", .behaviour = Behaviour::kRedirect, .location = "/m"},
      {.path = "/away", .behaviour = Behaviour::kRedirect, .location = other.Url("/m")},
  });
  FetchOptions options;
  options.bearer_token = "tok3n";
  options.headers = {{"X-Tenant", "a"}};
  Recorder r;
  REQUIRE(Fetch(server.Url("/same"), options, r).result.ok());
  auto same = server.Requests();
  REQUIRE(same.size() == 2);
  CHECK(same[0].Header("Authorization") == "Bearer tok3n");
  CHECK(same[1].Header("Authorization") == "Bearer tok3n");

  Recorder r2;
  Fetched f = Fetch(server.Url("/away"), options, r2);
  REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
  CHECK(r2.head.final_url == other.Url("/m"));
  CHECK(server.LastRequest()->Header("Authorization") == "Bearer tok3n");
  auto away = other.LastRequest();
  REQUIRE(away.has_value());
  CHECK(away->Header("Authorization") == "");
  CHECK(away->Header("X-Tenant") == "a");
}

TEST_CASE("fetch: connection refused is a readable error") {
  int port = test::FreePort();
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/metrics";
  Recorder r;
  Fetched f = Fetch(url, {}, r);
  REQUIRE_FALSE(f.result.ok());
  CHECK(ErrorOf(f) ==
        url + ": cannot connect to 127.0.0.1:" + std::to_string(port) + ": connection refused");
  CHECK(f.took < milliseconds(2000));
}

TEST_CASE("fetch: the timeout is a deadline for the whole request") {
  FixtureServer server({
      {.path = "/stall", .behaviour = Behaviour::kStallAfterHeaders},
      {.path = "/trickle", .behaviour = Behaviour::kTrickle, .body = "up 1\n"},
      {.path = "/to-stall", .behaviour = Behaviour::kRedirect, .location = "/stall"},
  });
  struct Case {
    std::string_view path, failing_path;
    int want_heads;
    bool want_body;
  };
  const Case cases[] = {
      {"/stall", "/stall", 1, false},
      {"/trickle", "/trickle", 1, true},
      {"/to-stall", "/stall", 1, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    FetchOptions options;
    options.timeout = milliseconds(500);
    Recorder r;
    Fetched f = Fetch(server.Url(c.path), options, r);
    REQUIRE_FALSE(f.result.ok());
    CHECK(ErrorOf(f) == server.Url(c.failing_path) + ": timed out after 500ms");
    CHECK(f.took >= milliseconds(450));
    CHECK(f.took < milliseconds(2000));
    CHECK(r.heads == c.want_heads);
    CHECK(!r.body.empty() == c.want_body);
    if (c.want_body) CHECK(r.body.rfind("up 1\n", 0) == 0);
  }

  FetchOptions whole_seconds;
  whole_seconds.timeout = milliseconds(1000);
  Recorder r;
  Fetched f = Fetch(server.Url("/stall"), whole_seconds, r);
  CHECK(ErrorOf(f) == server.Url("/stall") + ": timed out after 1s");
  CHECK(f.took < milliseconds(2500));
}

TEST_CASE("fetch: a server that accepts but never answers times out") {
  // A listening socket nobody accepts on: the kernel completes the handshake,
  // the request is sent, and no byte ever comes back.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 4) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/m";
  FetchOptions options;
  options.timeout = milliseconds(300);
  Recorder r;
  Fetched f = Fetch(url, options, r);
  ::close(fd);
  CHECK(ErrorOf(f) == url + ": timed out after 300ms");
  CHECK(f.took < milliseconds(1500));
  CHECK(r.heads == 0);
}

TEST_CASE("fetch: max_bytes limits the decoded body") {
  const std::string body(1000, 'a');
  FixtureServer server({
      {.path = "/kb", .body = body},
      {.path = "/kb-gzip", .body = body, .gzip = true},
      // Compresses about 30:1, so the limit trips on decoded, not wire, bytes.
      {.path = "/bomb",
       .behaviour = Behaviour::kGenerated,
       .gzip = true,
       .generated_bytes = 50'000'000},
  });
  struct Case {
    std::string_view path;
    uint64_t max_bytes;
    bool want_ok;
  };
  const Case cases[] = {
      {"/kb", 1000, true},      {"/kb", 999, false},      {"/kb-gzip", 1000, true},
      {"/kb-gzip", 999, false}, {"/bomb", 100000, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CAPTURE(c.max_bytes);
    FetchOptions options;
    options.max_bytes = c.max_bytes;
    Recorder r;
    Fetched f = Fetch(server.Url(c.path), options, r);
    CHECK(r.body.size() <= c.max_bytes);
    if (c.want_ok) {
      REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
      CHECK(r.body == body);
    } else {
      REQUIRE_FALSE(f.result.ok());
      CHECK(ErrorOf(f) == server.Url(c.path) + ": body exceeds --max-bytes (" +
                              std::to_string(c.max_bytes) + " bytes)");
      CHECK(f.took < milliseconds(2000));
    }
  }
}

TEST_CASE("fetch: broken bodies are errors, not short scrapes") {
  FixtureServer server({
      {.path = "/truncated", .behaviour = Behaviour::kTruncatedGzip},
      {.path = "/not-gzip", .body = "up 1\n", .headers = {{"Content-Encoding", "gzip"}}},
      {.path = "/brotli", .body = "xx", .headers = {{"Content-Encoding", "br"}}},
      {.path = "/cut", .behaviour = Behaviour::kCutOff, .body = std::string(kText)},
  });
  struct Case {
    std::string_view path, want;
  };
  const Case cases[] = {
      {"/truncated", ": gzip stream ends early (truncated body?)"},
      {"/not-gzip", ": corrupt gzip stream: incorrect header check"},
      {"/brotli", ": unsupported Content-Encoding \"br\""},
      {"/cut", ": connection closed before the response was complete"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    Recorder r;
    Fetched f = Fetch(server.Url(c.path), {}, r);
    REQUIRE_FALSE(f.result.ok());
    CHECK(ErrorOf(f) == server.Url(c.path) + std::string(c.want));
  }
}

TEST_CASE("fetch: the consumer can stop the transfer early") {
  FixtureServer server({
      {.path = "/m", .body = std::string(kText)},
      {.path = "/trickle", .behaviour = Behaviour::kTrickle},
      {.path = "/gen-gzip",
       .behaviour = Behaviour::kGenerated,
       .gzip = true,
       .generated_bytes = 10'000'000},
  });
  Recorder at_head;
  at_head.stop_at_head = true;
  Fetched f = Fetch(server.Url("/m"), {}, at_head);
  REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
  CHECK(at_head.heads == 1);
  CHECK(at_head.body.empty());

  // Without the stop this would run into the 10s timeout.
  Recorder few;
  few.stop_after_bytes = 3;
  f = Fetch(server.Url("/trickle"), {}, few);
  REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
  CHECK(few.body == "# t");
  CHECK(f.took < milliseconds(2000));

  Recorder first;
  first.stop_after_bytes = 1;
  f = Fetch(server.Url("/gen-gzip"), {}, first);
  REQUIRE_MESSAGE(f.result.ok(), ErrorOf(f));
  CHECK(first.chunks == 1);
  CHECK(f.result->body_bytes == first.body.size());
}

TEST_CASE("fetch: no error message contains a secret") {
  FixtureServer server({
      {.path = "/missing-route-is-404", .status = 404},
      {.path = "/stall", .behaviour = Behaviour::kStallAfterHeaders},
      {.path = "/loop", .behaviour = Behaviour::kRedirect, .location = "/loop"},
      {.path = "/truncated", .behaviour = Behaviour::kTruncatedGzip},
      {.path = "/leak",
       .behaviour = Behaviour::kRedirect,
       .location = "http://locuser:loc-pass-9@127.0.0.1:1/x"},
  });
  const std::string token = "tok3n-SECRET-1";
  const std::string password = "pa55-SECRET-2";
  const std::string url_password = "url-SECRET-3";
  const std::string host = "127.0.0.1:" + std::to_string(server.port());
  const std::string refused = "127.0.0.1:" + std::to_string(test::FreePort());
  struct Case {
    std::string_view name;
    std::string url;
    bool bearer;
  };
  const Case cases[] = {
      {"404 bearer", "http://" + host + "/missing-route-is-404", true},
      {"404 basic", "http://" + host + "/missing-route-is-404", false},
      {"timeout", "http://" + host + "/stall", true},
      {"loop", "http://" + host + "/loop", false},
      {"truncated", "http://" + host + "/truncated", true},
      {"location with credentials", "http://" + host + "/leak", true},
      {"refused", "http://" + refused + "/m", false},
      {"userinfo", "http://user:" + url_password + "@" + host + "/missing", true},
      {"userinfo refused", "http://user:" + url_password + "@" + refused + "/m", false},
      {"userinfo bad port", "http://user:" + url_password + "@" + host + "x/m", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    FetchOptions options;
    options.timeout = milliseconds(300);
    options.max_redirects = 2;
    if (c.bearer) {
      options.bearer_token = token;
    } else {
      options.basic_auth = BasicAuth{"user", password};
    }
    Recorder r;
    Fetched f = Fetch(c.url, options, r);
    REQUIRE_FALSE(f.result.ok());
    const std::string message = ErrorOf(f);
    CAPTURE(message);
    CHECK(message.find("SECRET") == std::string::npos);
    CHECK(message.find("loc-pass-9") == std::string::npos);
  }
}

TEST_CASE("fetch: URLs it cannot fetch") {
  Recorder r;
  Fetched f = Fetch("ftp://example.com/metrics", {}, r);
  CHECK(ErrorOf(f) == "ftp://example.com/metrics: not an http:// or https:// URL");
}

TEST_CASE("IsUrl") {
  struct Case {
    std::string_view target;
    bool want;
  };
  const Case cases[] = {
      {"http://h/m", true}, {"https://h/m", true}, {"HTTP://h/m", true},    {"HtTpS://h", true},
      {"http:/h", false},   {"ftp://h", false},    {"metrics.prom", false}, {"", false},
      {"http", false},      {"./http://x", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.target);
    CHECK(IsUrl(c.target) == c.want);
  }
}

}  // namespace
}  // namespace ttam::scrape
