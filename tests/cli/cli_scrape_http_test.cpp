// `ttam scrape URL` against fixture servers on 127.0.0.1: content
// negotiation, auth, and every way a server can misbehave. Each failure must
// be one clear line on stderr and exit 2, well within the deadline.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/fixture_server.h"
#include "support/process.h"

using ttam::test::Behaviour;
using ttam::test::FixtureServer;
using ttam::test::ProcessResult;
using ttam::test::Route;
using ttam::test::RunTtam;
using ttam::test::TempDir;

namespace {

const char* kBody =
    "# HELP up_total Things.\n# TYPE up_total counter\nup_total{job=\"a\"} 1\n"
    "up_total{job=\"b\"} 2\n";

const char* kOpenMetricsBody =
    "# TYPE up counter\n# HELP up Things.\nup_total{job=\"a\"} 1 # {trace_id=\"t\"} 1\n# EOF\n";

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("cli http: content negotiation picks the parser") {
  FixtureServer server({
      {.path = "/text", .body = kBody},
      {.path = "/om",
       .content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8",
       .body = kOpenMetricsBody},
      {.path = "/gzip", .body = kBody, .gzip = true},
      {.path = "/chunked", .body = kBody, .chunked = true},
  });
  struct Case {
    const char* path;
    const char* format;
    int samples;
  };
  const Case cases[] = {{"/text", "text", 2},
                        {"/om", "openmetrics", 1},
                        {"/gzip", "text", 2},
                        {"/chunked", "text", 2}};
  for (const auto& c : cases) {
    CAPTURE(c.path);
    ProcessResult r = RunTtam({"scrape", "--format", "json", server.Url(c.path)});
    REQUIRE(r.exit_code == 0);
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["scrape"]["format"] == c.format);
    CHECK(doc["scrape"]["samples"] == c.samples);
    CHECK(doc["summary"]["errors"] == 0);
  }
  auto request = server.LastRequest();
  REQUIRE(request.has_value());
  CHECK(request->Header("Accept").find("application/openmetrics-text") == 0);
  CHECK(request->Header("Accept").find("text/plain;version=0.0.4") != std::string::npos);
  CHECK(request->Header("Accept-Encoding").find("gzip") != std::string::npos);
}

TEST_CASE("cli http: headers, bearer token and basic auth reach the server; secrets never print") {
  FixtureServer server({{.path = "/m", .body = kBody}, {.path = "/missing", .status = 404}});
  TempDir dir;
  std::string token = dir.Write("token", "s3cret-token\n");
  std::string password = dir.Write("password", "hunter2\n");

  ProcessResult r = RunTtam({"scrape", "--header", "X-Scope-OrgID: team-a", "--bearer-token-file",
                             token, server.Url("/m")});
  CHECK(r.exit_code == 0);
  auto request = server.LastRequest();
  REQUIRE(request.has_value());
  CHECK(request->Header("X-Scope-OrgID") == "team-a");
  CHECK(request->Header("Authorization") == "Bearer s3cret-token");

  ProcessResult basic = RunTtam({"scrape", "--basic-auth-user", "alice",
                                 "--basic-auth-password-file", password, server.Url("/m")});
  CHECK(basic.exit_code == 0);
  CHECK(server.LastRequest()->Header("Authorization") == "Basic YWxpY2U6aHVudGVyMg==");

  ProcessResult failed =
      RunTtam({"scrape", "--format", "json", "--bearer-token-file", token, server.Url("/missing")});
  CHECK(failed.exit_code == 2);
  CHECK(failed.out.find("s3cret") == std::string::npos);
  CHECK(failed.err.find("s3cret") == std::string::npos);
  ProcessResult url_secret = RunTtam(
      {"scrape", "http://bob:pa55word@127.0.0.1:" + std::to_string(server.port()) + "/missing"});
  CHECK(url_secret.exit_code == 2);
  CHECK(url_secret.err.find("pa55word") == std::string::npos);
}

TEST_CASE("cli http: misbehaving servers give one clear line and exit 2") {
  FixtureServer server({
      {.path = "/404", .status = 404, .body = "not here"},
      {.path = "/500", .status = 500, .body = "boom"},
      {.path = "/loop", .behaviour = Behaviour::kRedirect, .location = "{base}/loop"},
      {.path = "/stall", .behaviour = Behaviour::kStallAfterHeaders},
      {.path = "/trickle", .behaviour = Behaviour::kTrickle, .body = "a 1\n"},
      {.path = "/big", .behaviour = Behaviour::kGenerated, .generated_bytes = 3 << 20},
      {.path = "/badgzip", .behaviour = Behaviour::kTruncatedGzip, .body = kBody},
      {.path = "/cut", .behaviour = Behaviour::kCutOff, .body = kBody},
  });
  int refused_port = ttam::test::FreePort();
  struct Case {
    std::string name;
    std::vector<std::string> args;
    std::string want;  // in the error line
  };
  const Case cases[] = {
      {"404", {server.Url("/404")}, "HTTP 404"},
      {"500", {server.Url("/500")}, "HTTP 500"},
      {"redirect loop", {server.Url("/loop")}, "redirects"},
      {"headers then stall", {"--timeout", "500ms", server.Url("/stall")}, "timed out"},
      {"body never ends", {"--timeout", "500ms", server.Url("/trickle")}, "timed out"},
      {"body too large", {"--max-bytes", "1MiB", server.Url("/big")}, "--max-bytes"},
      {"truncated gzip", {server.Url("/badgzip")}, "gzip"},
      {"body cut off", {server.Url("/cut")}, server.Url("/cut")},
      {"connection refused",
       {"http://127.0.0.1:" + std::to_string(refused_port) + "/metrics"},
       "refused"},
      {"unsupported scheme", {"ftp://127.0.0.1/metrics"}, "unsupported URL scheme \"ftp\""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    std::vector<std::string> args{"scrape", "--check"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto started = std::chrono::steady_clock::now();
    ProcessResult r = RunTtam(args, "", std::chrono::seconds(20));
    auto took = std::chrono::steady_clock::now() - started;
    CHECK_FALSE(r.timed_out);
    CHECK(r.signal == 0);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("ttam: error: ", 0) == 0);
    CHECK(r.err.find(c.want) != std::string::npos);
    CHECK(Lines(r.err) == 1);
    CHECK(took < std::chrono::seconds(5));
    MESSAGE(c.name << ": " << r.err.substr(0, r.err.size() - 1));
  }
}

TEST_CASE("cli http: a large body streams with bounded memory") {
  FixtureServer server(
      {{.path = "/big", .behaviour = Behaviour::kGenerated, .generated_bytes = 48ull << 20}});
  ProcessResult r = ttam::test::RunTtamMeasured(
      {"scrape", "--check", "--format", "json", "--disable", "*", server.Url("/big")});
  CHECK(r.exit_code == 0);
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["scrape"]["bytes"].get<uint64_t>() >= (48ull << 20));
  MESSAGE("48 MiB body: peak memory " << r.max_rss_kb / 1024 << " MiB");
  CHECK(r.max_rss_kb > 0);
  CHECK(r.max_rss_kb < 200 * 1024);
}

TEST_CASE("cli http: without its HTTP module ttam says so, and reading files still works") {
  // A copy of ttam with no ttam-http.so beside it or in ../libexec/ttam; then
  // one beside it that is not a shared object.
  TempDir dir;
  std::filesystem::path bin = std::filesystem::path(dir.path()) / "bin";
  std::filesystem::create_directories(bin);
  std::filesystem::copy_file(TTAM_BINARY, bin / "ttam");
  std::string ttam = (bin / "ttam").string();
  std::string exposition = dir.Write("m.prom", kBody);
  FixtureServer server({{.path = "/metrics", .body = kBody}});

  ProcessResult missing = ttam::test::RunProcess({ttam, "scrape", server.Url("/metrics")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.out == "");
  CHECK_MESSAGE(missing.err.find("cannot fetch URLs: ttam-http.so was not found (looked for " +
                                 (bin / "ttam-http.so").string()) != std::string::npos,
                missing.err);
  CHECK(missing.err.find("reinstall ttam") != std::string::npos);
  CHECK(Lines(missing.err) == 1);
  // Files need no module.
  ProcessResult file = ttam::test::RunProcess({ttam, "scrape", "--check", exposition});
  CHECK(file.exit_code == 0);

  std::ofstream(bin / "ttam-http.so") << "not a shared object\n";
  ProcessResult broken = ttam::test::RunProcess({ttam, "scrape", server.Url("/metrics")});
  CHECK(broken.exit_code == 2);
  CHECK_MESSAGE(
      broken.err.find("cannot load " + (bin / "ttam-http.so").string()) != std::string::npos,
      broken.err);
  // `ttam version` still runs, and says why OpenSSL's run-time version is unknown.
  ProcessResult version = ttam::test::RunProcess({ttam, "version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.find("(runtime: unavailable: cannot load ") != std::string::npos);
}
