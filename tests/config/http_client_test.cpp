#include "config/http_client.h"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>

#include "support/memory_fs.h"

namespace ttam::config {
namespace {

// Files that exist for the tests, relative to /etc/prom/prometheus.yml.
testing::MemoryFileSystem TestFiles() {
  testing::MemoryFileSystem fs;
  fs.files = {
      {"/etc/prom/ca.pem", "ca"},   {"/etc/prom/cert.pem", "cert"},
      {"/etc/prom/key.pem", "key"}, {"/etc/prom/password", "secret"},
      {"/etc/prom/token", "token"},
  };
  fs.dirs = {"/etc/prom", "/etc/prom/."};
  return fs;
}

struct Outcome {
  std::string diagnostics;  // "line:col: message [check]" per finding
  std::string secrets;      // field paths of plain-text credentials
};

Outcome Run(std::string_view input) {
  diag::CollectingSink sink;
  testing::MemoryFileSystem fs = TestFiles();
  auto doc = yaml::Parse("/etc/prom/prometheus.yml", std::string(input), sink);
  REQUIRE(doc != nullptr);
  Context ctx(*doc, sink, fs, ReaderIds());
  Object root(ctx, &doc->root, "job");
  std::vector<Origin> secrets;
  ReadHttpClientConfig(root, &secrets);
  root.Finish();
  Outcome out;
  std::ostringstream ss;
  for (const diag::Diagnostic& d : sink.diagnostics) {
    ss << d.line << ":" << d.column << ": " << d.message << " [" << d.check << "]\n";
  }
  out.diagnostics = ss.str();
  for (const Origin& o : secrets) out.secrets += o.path + "\n";
  return out;
}

struct Case {
  std::string_view name, input, want;
};

constexpr Case kCases[] = {
    {"empty", "{}", ""},
    {"basic auth with password file", "basic_auth: {username: u, password_file: password}", ""},
    {"password and password_file",
     "basic_auth:\n  username: u\n  password: p\n  password_file: password\n",
     "4:18: job.basic_auth.password_file: set only one of password, password_file and "
     "password_ref [config/conflict]\n"},
    {"username and username_file", "basic_auth:\n  username: u\n  username_file: password\n",
     "3:18: job.basic_auth.username_file: set only one of username, username_file and "
     "username_ref [config/conflict]\n"},
    {"unknown basic_auth field", "basic_auth:\n  user: u\n",
     "2:3: unknown field \"user\" in job.basic_auth (Prometheus rejects fields it does not "
     "know) [config/unknown-field]\n"},
    {"authorization with credentials file", "authorization: {credentials_file: token}", ""},
    {"authorization default type", "authorization:\n  credentials: abc\n", ""},
    {"credentials and credentials_file",
     "authorization:\n  credentials: abc\n  credentials_file: token\n",
     "3:21: job.authorization.credentials_file: set only one of credentials, credentials_file "
     "and credentials_ref [config/conflict]\n"},
    {"authorization type basic", "authorization:\n  type: ' Basic '\n  credentials: abc\n",
     "2:9: job.authorization.type: authorization type cannot be \"Basic\": use basic_auth with "
     "a username and password instead [config/value]\n"},
    {"missing credentials file", "authorization:\n  credentials_file: nope\n",
     "2:21: job.authorization.credentials_file: file \"nope\" does not exist (resolved to "
     "/etc/prom/nope) [config/missing-file]\n"},
    {"credentials file may name a directory", "authorization: {credentials_file: .}", ""},
    {"bearer token alone", "bearer_token: abc\n", ""},
    {"bearer token and file", "bearer_token: abc\nbearer_token_file: token\n",
     "2:20: job.bearer_token_file: set only one of bearer_token and bearer_token_file (better: "
     "authorization with credentials_file) [config/conflict]\n"},
    {"bearer token and basic auth", "bearer_token: 1234\nbasic_auth: {username: u}\n",
     "1:15: job.bearer_token: bearer_token cannot be combined with basic_auth: configure one "
     "authentication method [config/conflict]\n"},
    {"bearer token file and authorization",
     "bearer_token_file: token\nauthorization: {credentials: x}\n",
     "1:20: job.bearer_token_file: authorization cannot be combined with bearer_token or "
     "bearer_token_file: move the token into authorization.credentials (or credentials_file) "
     "[config/conflict]\n"},
    {"authorization and basic auth", "authorization: {credentials: x}\nbasic_auth: {username: u}\n",
     "1:16: job.authorization: authorization cannot be combined with basic_auth: configure "
     "one authentication method [config/conflict]\n"},
    {"oauth2 and basic auth",
     "oauth2: {client_id: a, token_url: 'http://t'}\nbasic_auth: {username: u}\n",
     "1:9: job.oauth2: oauth2 cannot be combined with basic_auth: configure one "
     "authentication method [config/conflict]\n"},
    {"oauth2 good",
     "oauth2:\n  client_id: a\n  client_secret_file: password\n  token_url: http://t/token\n"
     "  scopes: [x]\n  endpoint_params: {a: b}\n  tls_config: {ca_file: ca.pem}\n"
     "  proxy_url: http://proxy:3128\n",
     ""},
    {"oauth2 missing client_id and token_url", "oauth2:\n  client_secret: s\n",
     "2:3: job.oauth2.client_id: oauth2 needs a client_id [config/required]\n"
     "2:3: job.oauth2.token_url: oauth2 needs a token_url [config/required]\n"},
    {"oauth2 secret and file",
     "oauth2:\n  client_id: a\n  token_url: http://t\n  client_secret: s\n"
     "  client_secret_file: password\n",
     "5:23: job.oauth2.client_secret_file: set only one of client_secret, client_secret_file "
     "and client_secret_ref [config/conflict]\n"},
    {"tls good", "tls_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  min_version: TLS12\n",
     ""},
    {"tls cert without key", "tls_config:\n  cert_file: cert.pem\n",
     "2:14: job.tls_config.cert_file: a client certificate needs its private key: set key or "
     "key_file [config/required]\n"},
    {"tls key without cert", "tls_config:\n  key: abc\n",
     "2:8: job.tls_config.key: a client key needs its certificate: set cert or cert_file "
     "[config/required]\n"},
    {"tls ca and ca_file", "tls_config:\n  ca: abc\n  ca_file: ca.pem\n",
     "3:12: job.tls_config.ca_file: set only one of ca, ca_file and ca_ref [config/conflict]\n"},
    {"tls missing files", "tls_config:\n  cert_file: c.pem\n  key_file: key.pem\n",
     "2:14: job.tls_config.cert_file: file \"c.pem\" does not exist (resolved to "
     "/etc/prom/c.pem) [config/missing-file]\n"},
    {"tls unknown version", "tls_config:\n  min_version: TLS14\n",
     "2:16: job.tls_config.min_version: unknown value \"TLS14\"; use one of TLS10, TLS11, "
     "TLS12, TLS13 [config/value]\n"},
    {"tls max below min", "tls_config:\n  min_version: TLS13\n  max_version: TLS12\n",
     "3:16: job.tls_config.max_version: max_version is lower than min_version: every "
     "connection will fail [config/value]\n"},
    {"proxy good",
     "proxy_url: http://proxy:3128\nno_proxy: localhost\n"
     "proxy_connect_header: {X-A: [b]}\n",
     ""},
    {"proxy from environment good",
     "proxy_from_environment: true\nproxy_connect_header: {X-A: [b]}\n", ""},
    {"no_proxy without proxy_url", "no_proxy: localhost\n",
     "1:11: job.no_proxy: no_proxy only applies with a proxy_url: set proxy_url "
     "[config/required]\n"},
    {"proxy_url with proxy_from_environment", "proxy_url: http://p\nproxy_from_environment: true\n",
     "1:12: job.proxy_url: proxy_url cannot be combined with proxy_from_environment: keep one "
     "of them [config/conflict]\n"},
    {"proxy_connect_header without proxy", "proxy_connect_header: {X-A: [b]}\n",
     "1:23: job.proxy_connect_header: proxy_connect_header needs a proxy: set proxy_url or "
     "proxy_from_environment [config/required]\n"},
    {"invalid proxy url", "proxy_url: ':x'\n",
     "1:12: job.proxy_url: invalid URL \":x\": missing protocol scheme [config/value]\n"},
    {"http headers good",
     "http_headers:\n  X-Foo:\n    values: [a]\n    secrets: [b]\n    files: [token]\n", ""},
    {"reserved http header", "http_headers:\n  user-agent:\n    values: [a]\n",
     "2:3: job.http_headers.user-agent: setting header \"User-Agent\" is not allowed: "
     "Prometheus sets it itself (use basic_auth, authorization or oauth2 for credentials) "
     "[config/value]\n"},
    {"booleans", "follow_redirects: false\nenable_http2: no\n", ""},
    {"unknown field stays for the caller", "bearer_tokn: x\n",
     "1:1: unknown field \"bearer_tokn\" in job; did you mean \"bearer_token\"? "
     "[config/unknown-field]\n"},
};

TEST_CASE("ReadHttpClientConfig") {
  for (const Case& c : kCases) {
    CAPTURE(c.name);
    CHECK(Run(c.input).diagnostics == c.want);
  }
}

TEST_CASE("ReadHttpClientConfig collects plain-text credentials") {
  Outcome out =
      Run("basic_auth: {username: u, password: p}\n"
          "oauth2: {client_id: a, client_secret: s, token_url: 'http://t'}\n"
          "tls_config: {cert_file: cert.pem, key: k}\n");
  CHECK(out.secrets == "job.basic_auth.password\njob.oauth2.client_secret\njob.tls_config.key\n");
  CHECK(Run("authorization: {credentials_file: token}\nbearer_token: x\n").secrets ==
        "job.bearer_token\n");
}

}  // namespace
}  // namespace ttam::config
