// HTTPS against an in-process cpp-httplib TLS server with a throwaway
// self-signed certificate for 127.0.0.1, made with OpenSSL at test time.
#include <doctest/doctest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "scrape/fetch.h"
#include "support/process.h"

namespace ttam::scrape {
namespace {

/// A self-signed certificate (EC P-256) valid for IP 127.0.0.1.
struct SelfSigned {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;

  SelfSigned() {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr);
    REQUIRE(ctx != nullptr);
    REQUIRE(EVP_PKEY_keygen_init(ctx) == 1);
    REQUIRE(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, NID_X9_62_prime256v1) == 1);
    REQUIRE(EVP_PKEY_keygen(ctx, &key) == 1);
    EVP_PKEY_CTX_free(ctx);

    cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, const_cast<char*>("IP:127.0.0.1"));
    REQUIRE(san != nullptr);
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  }
  ~SelfSigned() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  SelfSigned(const SelfSigned&) = delete;
  SelfSigned& operator=(const SelfSigned&) = delete;

  /// Writes the certificate as PEM, for use as a CA file.
  std::string WritePem(const test::TempDir& dir) const {
    std::string path = dir.path() + "/ca.pem";
    FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f != nullptr);
    REQUIRE(PEM_write_X509(f, cert) == 1);
    std::fclose(f);
    return path;
  }
};

/// An HTTPS server on 127.0.0.1 answering /metrics, stopped on destruction.
class TlsServer {
 public:
  explicit TlsServer(const SelfSigned& identity) : server_(identity.cert, identity.key) {
    REQUIRE(server_.is_valid());
    server_.Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("up 1\n", "text/plain; version=0.0.4");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // httplib's stop() is a no-op until the accept loop runs, so a server
    // stopped too soon would never return from listen_after_bind().
    for (int i = 0; i < 500 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(server_.is_running());
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& host = "127.0.0.1") const {
    return "https://" + host + ":" + std::to_string(port_) + "/metrics";
  }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

struct TlsRecorder : BodyConsumer {
  std::string body;
  bool OnHead(const ResponseHead&) override { return true; }
  bool OnBody(std::string_view chunk) override {
    body.append(chunk);
    return true;
  }
};

TEST_CASE("fetch over TLS: verification, CA file and insecure") {
  SelfSigned identity;
  test::TempDir dir;
  const std::string ca_file = identity.WritePem(dir);
  TlsServer server(identity);
  auto client = MakeHttpClient("test");

  SUBCASE("the system store does not trust a self-signed certificate") {
    TlsRecorder r;
    auto result = client->Get(server.Url(), {}, r);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message == server.Url() +
                                        ": TLS certificate verification failed: "
                                        "self-signed certificate");
    CHECK(r.body.empty());
  }
  SUBCASE("a CA file with the certificate makes it trusted") {
    FetchOptions options;
    options.ca_file = ca_file;
    TlsRecorder r;
    auto result = client->Get(server.Url(), options, r);
    REQUIRE_MESSAGE(result.ok(), result.error().message);
    CHECK(r.body == "up 1\n");
  }
  SUBCASE("insecure skips verification") {
    FetchOptions options;
    options.insecure = true;
    TlsRecorder r;
    auto result = client->Get(server.Url(), options, r);
    REQUIRE_MESSAGE(result.ok(), result.error().message);
    CHECK(r.body == "up 1\n");
  }
  SUBCASE("the certificate must name the host") {
    FetchOptions options;
    options.ca_file = ca_file;
    TlsRecorder r;
    auto result = client->Get(server.Url("localhost"), options, r);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message ==
          server.Url("localhost") + ": TLS certificate does not match host localhost");
  }
  SUBCASE("a missing CA file is reported") {
    FetchOptions options;
    options.ca_file = dir.path() + "/missing.pem";
    TlsRecorder r;
    auto result = client->Get(server.Url(), options, r);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message ==
          server.Url() + ": cannot load CA certificates from " + options.ca_file);
  }
  SUBCASE("plain HTTP to a TLS port fails cleanly") {
    FetchOptions options;
    options.timeout = std::chrono::milliseconds(2000);
    TlsRecorder r;
    std::string url = server.Url();
    url.replace(0, 5, "http");
    auto result = client->Get(url, options, r);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.rfind(url + ": ", 0) == 0);
  }
}

// The ttam executable fetches through its module ttam-http.so (loaded on the
// first request): HTTPS works there too, with the same verification.
TEST_CASE("ttam scrape over TLS: the binary's HTTP module verifies with --ca-file") {
  SelfSigned identity;
  TlsServer server(identity);
  test::TempDir dir;
  std::string ca = identity.WritePem(dir);

  test::ProcessResult ok = test::RunTtam({"scrape", "--ca-file", ca, server.Url()});
  CHECK_MESSAGE(ok.exit_code == 0, ok.err);
  CHECK_MESSAGE(ok.out.find(": 1 families, 1 series, 1 samples") != std::string::npos, ok.out);

  test::ProcessResult unverified = test::RunTtam({"scrape", server.Url()});
  CHECK(unverified.exit_code == 2);
  CHECK_MESSAGE(unverified.err.find("TLS certificate verification failed") != std::string::npos,
                unverified.err);

  test::ProcessResult insecure = test::RunTtam({"scrape", "--insecure", server.Url()});
  CHECK_MESSAGE(insecure.exit_code == 0, insecure.err);
}

}  // namespace
}  // namespace ttam::scrape
