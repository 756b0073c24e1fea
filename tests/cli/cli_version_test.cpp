// `ttam version` and `ttam --version`: the version string changes with every
// commit, so these match patterns instead of golden files.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "support/process.h"

namespace {

using ttam::test::ProcessResult;
using ttam::test::RunTtam;

// 0.1.0, 0.1.0-dirty, 0.1.0+g1a2b3c4, 0.1.0+3.g1a2b3c4-dirty, ...
constexpr char kVersionPattern[] =
    R"([0-9]+\.[0-9]+\.[0-9]+(\+([0-9]+\.)?g[0-9a-f]{4,})?(-dirty)?)";

TEST_CASE("ttam version: version, build, compiler and every library") {
  ProcessResult r = RunTtam({"version"});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  std::string v = kVersionPattern;
  std::string lib = R"(  ([A-Za-z0-9-]+) +[^ \n]+[^\n]*\n)";
  std::regex want("ttam " + v + "\n" + R"(build: [A-Za-z]+, [A-Za-z]+ [0-9][0-9.]*\n)" +
                  R"((git: [0-9a-zA-Z.+-]+\n)?)" + "libraries:\n(" + lib + "){7}");
  CHECK_MESSAGE(std::regex_match(r.out, want), r.out);
  for (const char* name : {"\n  CLI11 ", "\n  yaml-cpp ", "\n  cpp-httplib ", "\n  nlohmann-json ",
                           "\n  RE2 ", "\n  zlib ", "\n  OpenSSL "}) {
    CAPTURE(name);
    CHECK(r.out.find(name) != std::string::npos);
  }
  // The libraries that report their loaded version say it.
  CHECK(std::regex_search(r.out, std::regex(R"(\n  zlib +[0-9.]+ \(runtime: [0-9.]+\)\n)")));
  CHECK(std::regex_search(
      r.out, std::regex(R"(\n  OpenSSL +OpenSSL [0-9.]+.*\(runtime: OpenSSL [0-9.]+)")));
  // No library's version is missing.
  CHECK(r.out.find("unknown") == std::string::npos);
}

TEST_CASE("ttam --version: the first line of ttam version") {
  ProcessResult flag = RunTtam({"--version"});
  ProcessResult full = RunTtam({"version"});
  CHECK(flag.exit_code == 0);
  CHECK(std::regex_match(flag.out, std::regex("ttam " + std::string(kVersionPattern) + "\n")));
  CHECK(full.out.starts_with(flag.out));
}

TEST_CASE("ttam version --format json: the version member") {
  for (const auto& args : {std::vector<std::string>{"version", "--format", "json"},
                           std::vector<std::string>{"--format", "json", "version"}}) {
    ProcessResult r = RunTtam(args);
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["diagnostics"] == nlohmann::json::array());
    CHECK(doc["summary"]["errors"] == 0);
    const nlohmann::json& v = doc["version"];
    CHECK(std::regex_match(v["version"].get<std::string>(), std::regex(kVersionPattern)));
    CHECK(v["build_type"].is_string());
    CHECK(v["compiler"].is_string());
    CHECK(v["git_describe"].is_string());
    CHECK(v["libraries"].size() == 7);
    for (const char* name :
         {"CLI11", "yaml-cpp", "cpp-httplib", "nlohmann-json", "RE2", "zlib", "OpenSSL"}) {
      CAPTURE(name);
      CHECK(v["libraries"][name]["built"].is_string());
    }
    CHECK(v["libraries"]["zlib"]["runtime"].is_string());
    CHECK(v["libraries"]["OpenSSL"]["runtime"].is_string());
    // The text output's first line names the same version.
    CHECK(RunTtam({"version"}).out.starts_with("ttam " + v["version"].get<std::string>() + "\n"));
  }
}

TEST_CASE("ttam version --format sarif: an empty log; arguments are refused") {
  ProcessResult sarif = RunTtam({"version", "--format", "sarif"});
  CHECK(sarif.exit_code == 0);
  nlohmann::json log = nlohmann::json::parse(sarif.out);
  CHECK(log["runs"][0]["results"] == nlohmann::json::array());

  ProcessResult extra = RunTtam({"version", "extra"});
  CHECK(extra.exit_code == 2);
  CHECK(extra.out == "");
  CHECK(extra.err.find("extra") != std::string::npos);
}

}  // namespace
