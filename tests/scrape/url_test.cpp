#include "scrape/url.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace ttam::scrape {
namespace {

TEST_CASE("ParseUrl splits http and https URLs") {
  struct Case {
    std::string_view name, input, origin, display, target;
  };
  const Case cases[] = {
      {"ip and port", "http://127.0.0.1:9100/metrics", "http://127.0.0.1:9100",
       "http://127.0.0.1:9100/metrics", "/metrics"},
      {"case and fragment", "HTTP://Example.COM/Metrics?x=1#frag", "http://example.com:80",
       "http://example.com/Metrics?x=1", "/Metrics?x=1"},
      {"no path", "https://example.com", "https://example.com:443", "https://example.com/", "/"},
      {"query without path", "https://example.com:8443?a=b", "https://example.com:8443",
       "https://example.com:8443/?a=b", "/?a=b"},
      {"default port written", "http://h:80/x", "http://h:80", "http://h/x", "/x"},
      {"empty port", "http://h:/x", "http://h:80", "http://h/x", "/x"},
      {"ipv6", "http://[::1]:9090/metrics", "http://[::1]:9090", "http://[::1]:9090/metrics",
       "/metrics"},
      {"credentials hidden", "http://user:s3cret@h:1/x", "http://h:1", "http://h:1/x", "/x"},
      {"dot segments", "http://h/a/./b/../c", "http://h:80", "http://h/a/c", "/a/c"},
      {"percent escapes kept", "http://h/a%20b?q=%2F", "http://h:80", "http://h/a%20b?q=%2F",
       "/a%20b?q=%2F"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto url = ParseUrl(c.input);
    REQUIRE(url.ok());
    CHECK(url->Origin() == c.origin);
    CHECK(url->Display() == c.display);
    CHECK(url->target == c.target);
  }
}

TEST_CASE("ParseUrl reads credentials") {
  auto url = ParseUrl("http://us%40er:p%3Ass@h/x");
  REQUIRE(url.ok());
  CHECK(url->username == "us@er");
  CHECK(url->password == "p:ss");
  auto no_password = ParseUrl("http://user@h/x");
  REQUIRE(no_password.ok());
  CHECK(no_password->username == "user");
  CHECK(no_password->password.empty());
}

TEST_CASE("ParseUrl errors name the URL without credentials") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"ftp", "ftp://x/", "ftp://x/: not an http:// or https:// URL"},
      {"no scheme", "localhost:9090", "localhost:9090: not an http:// or https:// URL"},
      {"no host", "http://:80/", "http://:80/: URL has no host"},
      {"port too big", "http://h:99999/", "http://h:99999/: invalid port \"99999\""},
      {"port with password", "http://u:pw@h:abc/", "http://h:abc/: invalid port \"abc\""},
      {"space", "http://h/a b", "http://h/a b: URL contains a space or control character"},
      {"ipv6 unterminated", "http://[::1/x", "http://[::1/x: unterminated [IPv6 address]"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto url = ParseUrl(c.input);
    REQUIRE_FALSE(url.ok());
    CHECK(url.error().message == c.want);
  }
}

TEST_CASE("ResolveReference follows RFC 3986") {
  auto base = ParseUrl("http://h:1/a/b/c?q=1");
  REQUIRE(base.ok());
  struct Case {
    std::string_view name, reference, want;
  };
  const Case cases[] = {
      {"absolute", "http://other/x", "http://other/x"},
      {"absolute https", "HTTPS://other:8443/y?z", "https://other:8443/y?z"},
      {"scheme-relative", "//other:2/y", "http://other:2/y"},
      {"absolute path", "/z", "http://h:1/z"},
      {"relative", "d", "http://h:1/a/b/d"},
      {"parent", "../d?x", "http://h:1/a/d?x"},
      {"above root", "../../../../x", "http://h:1/x"},
      {"directory", "./", "http://h:1/a/b/"},
      {"query only", "?r=2", "http://h:1/a/b/c?r=2"},
      {"empty", "", "http://h:1/a/b/c?q=1"},
      {"fragment only", "#f", "http://h:1/a/b/c?q=1"},
      {"space encoded", "/a b", "http://h:1/a%20b"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto url = ResolveReference(*base, c.reference);
    REQUIRE(url.ok());
    CHECK(url->Display() == c.want);
  }
  auto ftp = ResolveReference(*base, "ftp://files/x");
  REQUIRE_FALSE(ftp.ok());
  CHECK(ftp.error().message == "ftp://files/x: not an http:// or https:// URL");
}

TEST_CASE("ResolveReference keeps credentials only on relative references") {
  auto base = ParseUrl("http://u:p@h/a");
  REQUIRE(base.ok());
  auto relative = ResolveReference(*base, "/b");
  REQUIRE(relative.ok());
  CHECK(relative->password == "p");
  auto absolute = ResolveReference(*base, "http://h/b");
  REQUIRE(absolute.ok());
  CHECK(absolute->password.empty());
}

TEST_CASE("Url::SameOrigin") {
  auto a = ParseUrl("http://h/x");
  REQUIRE(a.ok());
  struct Case {
    std::string_view other;
    bool want;
  };
  const Case cases[] = {
      {"http://H:80/y", true},
      {"https://h/x", false},
      {"http://h:81/x", false},
      {"http://g/x", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.other);
    auto b = ParseUrl(c.other);
    REQUIRE(b.ok());
    CHECK(a->SameOrigin(*b) == c.want);
  }
}

TEST_CASE("RedactUrl") {
  struct Case {
    std::string_view input, want;
  };
  const Case cases[] = {
      {"http://u:p@h/x", "http://h/x"},
      {"https://token@h:1", "https://h:1"},
      {"http://h/x@y", "http://h/x@y"},
      {"http://h/?u=a@b", "http://h/?u=a@b"},
      {"u:p@h", "h"},
      {"http://h/x", "http://h/x"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(RedactUrl(c.input) == c.want);
  }
}

}  // namespace
}  // namespace ttam::scrape
