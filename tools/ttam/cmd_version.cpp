// ttam version: the version, the build and the libraries it was built with.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "build_info.h"
#include "common_options.h"
#include "http_module.h"
#include "subcommands.h"

namespace ttam::cli {

namespace {

void WriteVersionText(const BuildInfo& info, std::ostream& out) {
  out << "ttam " << info.version << "\n";
  out << "build: " << info.build_type << ", " << info.compiler << "\n";
  if (!info.git_describe.empty()) out << "git: " << info.git_describe << "\n";
  out << "libraries:\n";
  size_t width = 0;
  for (const LibraryVersion& lib : info.libraries) width = std::max(width, lib.name.size());
  for (const LibraryVersion& lib : info.libraries) {
    out << "  " << lib.name << std::string(width - lib.name.size() + 2, ' ') << lib.built;
    if (!lib.runtime.empty()) out << " (runtime: " << lib.runtime << ")";
    out << "\n";
  }
}

nlohmann::json VersionJson(const BuildInfo& info) {
  nlohmann::json libraries = nlohmann::json::object();
  for (const LibraryVersion& lib : info.libraries) {
    nlohmann::json entry = {{"built", lib.built}};
    if (!lib.runtime.empty()) entry["runtime"] = lib.runtime;
    libraries[lib.name] = std::move(entry);
  }
  return {{"version", info.version},
          {"git_describe", info.git_describe},
          {"build_type", info.build_type},
          {"compiler", info.compiler},
          {"libraries", std::move(libraries)}};
}

int RunVersion(const CommonOptions& common, Io& io) {
  BuildInfo info = GetBuildInfo();
  // OpenSSL is loaded with the HTTP module only: ask it.
  std::string http_error;
  const HttpModule* http = LoadHttpModule(&http_error);
  for (LibraryVersion& lib : info.libraries) {
    if (lib.name != "OpenSSL") continue;
    lib.runtime = http != nullptr ? http->openssl_version : "unavailable: " + http_error;
  }
  // text and github: the lines a person reads (GitHub's log shows them as
  // they are); json, sarif and gitlab: the diagnostics engine's document,
  // which for json carries a "version" member.
  if (common.format == "text" || common.format == "github") {
    WriteVersionText(info, io.out);
    io.out.flush();
    return kExitClean;
  }
  Report report(common, io, {});
  return report.Finish({JsonMember("version", VersionJson(info))});
}

}  // namespace

Runner SetupVersion(CLI::App& app, const CommonOptions& common) {
  (void)app;
  return [&common](Io& io) { return RunVersion(common, io); };
}

}  // namespace ttam::cli
