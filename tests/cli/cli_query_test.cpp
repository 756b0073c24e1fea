// `ttam query --prometheus` on the built binary against fixture servers on
// 127.0.0.1: the request it sends, the table and JSON it prints from the
// server's answer, and its errors (API errors, non-API replies, nothing
// listening). The local mode's cases are goldens in tests/cli/query/.
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "support/fixture_server.h"
#include "support/process.h"

namespace {

using ttam::test::FixtureServer;
using ttam::test::FreePort;
using ttam::test::ProcessResult;
using ttam::test::RunTtam;
using ttam::test::TempDir;

constexpr char kVector[] = R"({"status":"success","data":{"resultType":"vector","result":[)"
                           R"({"metric":{"__name__":"up","job":"api"},"value":[1700000000,"1"]},)"
                           R"({"metric":{"__name__":"up","job":"db"},"value":[1700000000,"0"]}]},)"
                           R"x("warnings":["PromQL warning: something (1:1)"]})x";

constexpr char kMatrix[] = R"({"status":"success","data":{"resultType":"matrix","result":[)"
                           R"({"metric":{"job":"api"},"values":[[60,"1"],[120,"2"],[240,"4"]]}]}})";

TEST_CASE("remote instant query: GET /api/v1/query, the same table and JSON as locally") {
  FixtureServer server(
      {{.path = "/api/v1/query", .content_type = "application/json", .body = kVector}});
  ProcessResult r = RunTtam({"query", "up", "--prometheus", server.Url(""), "--time",
                             "2023-11-14T22:13:20Z", "--header", "X-Scope-OrgID: team"});
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        "SERIES         VALUE\n"
        "up{job=\"api\"}  1\n"
        "up{job=\"db\"}   0\n");
  CHECK(r.err ==
        "warning: PromQL warning: something (1:1) [query/warning]\n"
        "0 errors, 1 warning, 0 infos\n");
  auto req = server.LastRequest();
  REQUIRE(req.has_value());
  CHECK(req->target == "/api/v1/query?query=up&time=1700000000");
  CHECK(req->Header("X-Scope-OrgID") == "team");
  CHECK(req->Header("Accept") == "application/json");

  r = RunTtam({"query", "--format", "json", "up", "--prometheus", server.Url("/")});
  CHECK(r.exit_code == 0);
  CHECK(r.out == std::string(kVector) + "\n");
  CHECK(server.LastRequest()->target == "/api/v1/query?query=up");
}

TEST_CASE("remote range query: GET /api/v1/query_range with start, end and step") {
  FixtureServer server(
      {{.path = "/prom/api/v1/query_range", .content_type = "application/json", .body = kMatrix}});
  ProcessResult r = RunTtam({"query", "sum by (job) (x)", "--prometheus", server.Url("/prom"),
                             "--start", "60", "--end", "240", "--step", "1m", "--lookback", "2m"});
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        "SERIES       VALUES\n"
        "{job=\"api\"}  1 2 _ 4\n");
  CHECK(server.LastRequest()->target ==
        "/prom/api/v1/query_range?query=sum%20by%20%28job%29%20%28x%29&start=60&end=240&step=60"
        "&lookback_delta=120");
  r = RunTtam({"query", "--format", "json", "x", "--prometheus", server.Url("/prom"), "--start",
               "60", "--end", "240", "--step", "60"});
  CHECK(r.out == std::string(kMatrix) + "\n");
}

TEST_CASE("remote errors: the API's errorType and text, non-API replies, nothing listening") {
  FixtureServer server({
      {.path = "/api/v1/query",
       .status = 400,
       .content_type = "application/json",
       .body =
           R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:4: parse error: unexpected end of input"})"},
      {.path = "/html/api/v1/query", .content_type = "text/html", .body = "<html>login</html>"},
  });
  ProcessResult r = RunTtam({"query", "up(", "--prometheus", server.Url("")});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(r.err == "ttam: error: Prometheus at " + server.Url("") +
                     " rejected the query (bad_data): invalid parameter \"query\": 1:4: parse "
                     "error: unexpected end of input\n");

  r = RunTtam({"query", "up", "--prometheus", server.Url("/html")});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "ttam: error: Prometheus at " + server.Url("/html") +
                     " answered with HTML, not the Prometheus API: check that the URL is a "
                     "Prometheus server's root\n");

  int port = FreePort();  // nothing listens there
  std::string url = "http://127.0.0.1:" + std::to_string(port);
  r = RunTtam({"query", "up", "--prometheus", url, "--timeout", "5s"});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(r.err.find("ttam: error: cannot query Prometheus at " + url + ": ") == 0);
  CHECK(r.err.find("refused") != std::string::npos);
}

TEST_CASE("remote: local-only options are refused, --data and --prometheus exclusive") {
  ProcessResult r =
      RunTtam({"query", "up", "--prometheus", "http://127.0.0.1:1", "--max-samples", "10"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "ttam: error: --max-samples applies to local evaluation; the server has its own "
        "--query.max-samples\n");
  TempDir dir;
  std::string file = dir.Write("a.prom", "up 1 1000\n");
  r = RunTtam({"query", "up", "--prometheus", "http://127.0.0.1:1", "--data", file});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--data and --prometheus cannot be combined") != std::string::npos);
}

}  // namespace

namespace {

TEST_CASE("on a terminal a range result is one sparkline per series, with min, max and last") {
  const std::string script = "/usr/bin/script";
  if (access(script.c_str(), X_OK) != 0) {
    MESSAGE("SKIPPED: " << script << " (util-linux) runs ttam on a pseudo-terminal");
    return;
  }
  TempDir dir;
  // Rising, then a gap of two steps, then falling; a flat series.
  std::string file = dir.Write("d.test",
                               "load 1m\n"
                               "  a{k=\"up\"} 0 1 2 3 _ _ _ _ _ _ 7 6 5\n"
                               "  a{k=\"flat\"} 4x12\n");
  std::string command =
      std::string(TTAM_BINARY) + " query --data " + file + " --start 0 --end 720 --step 60 a";
  ProcessResult r = ttam::test::RunProcess({script, "-qec", command, "/dev/null"});
  CHECK(r.exit_code == 0);
  std::string out = r.out;
  for (size_t at = out.find('\r'); at != std::string::npos; at = out.find('\r')) out.erase(at, 1);
  CHECK(out ==
        "SERIES       POINTS         MIN  MAX  LAST\n"
        "a{k=\"flat\"}  ▄▄▄▄▄▄▄▄▄▄▄▄▄  4    4    4\n"
        "a{k=\"up\"}    ▁▂▃▄▄▄▄▄  █▇▆  0    7    5\n");
}

}  // namespace
