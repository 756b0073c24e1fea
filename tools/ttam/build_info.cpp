// Compiled on its own (not in tools/ttam's unity unit): the generated header
// changes with every commit, and only this file should recompile then.
#include "build_info.h"

#include <openssl/opensslv.h>
#include <zlib.h>

#include <CLI/Version.hpp>
#include <nlohmann/json_fwd.hpp>

#include "ttam_build_info.h"

#define TTAM_STRINGIFY_VALUE(x) #x
#define TTAM_STRINGIFY(x) TTAM_STRINGIFY_VALUE(x)

namespace ttam::cli {

BuildInfo GetBuildInfo() {
  BuildInfo info;
  info.version = TTAM_BUILD_VERSION;
  info.git_describe = TTAM_BUILD_GIT_DESCRIBE;
  info.build_type = TTAM_BUILD_TYPE;
  info.compiler = TTAM_BUILD_COMPILER;
  info.libraries = {
      {"CLI11", CLI11_VERSION, ""},
      {"yaml-cpp", TTAM_BUILD_YAML_CPP_VERSION, ""},
      {"cpp-httplib", TTAM_BUILD_HTTPLIB_VERSION, ""},
      {"nlohmann-json",
       TTAM_STRINGIFY(NLOHMANN_JSON_VERSION_MAJOR) "." TTAM_STRINGIFY(
           NLOHMANN_JSON_VERSION_MINOR) "." TTAM_STRINGIFY(NLOHMANN_JSON_VERSION_PATCH),
       ""},
      {"RE2", TTAM_BUILD_RE2_VERSION, ""},
      {"zlib", ZLIB_VERSION, zlibVersion()},
      // Its run-time version comes from the HTTP module (ttam version asks it).
      {"OpenSSL", OPENSSL_VERSION_TEXT, ""},
  };
  return info;
}

std::string BuildId(const BuildInfo& info) {
  return info.version + " " + info.build_type + " " + info.compiler;
}

}  // namespace ttam::cli
