#pragma once

#include <string>
#include <vector>

namespace ttam::cli {

/// A library ttam was built with: the version its headers (or, for those
/// without a version macro, pkg-config or CMake at configure time) gave, and
/// the version of the shared library loaded now when it says one.
struct LibraryVersion {
  std::string name;
  std::string built;    ///< at build time
  std::string runtime;  ///< loaded at run time; empty when the library cannot say
};

/// What `ttam version` reports.
struct BuildInfo {
  std::string version;       ///< e.g. "0.1.0", "0.1.0+g1a2b3c4-dirty"
  std::string git_describe;  ///< `git describe --tags --always --dirty`; empty outside a clone
  std::string build_type;    ///< CMAKE_BUILD_TYPE, e.g. "Release"
  std::string compiler;      ///< e.g. "GNU 12.2.0"
  std::vector<LibraryVersion> libraries;
};

/// The build's version, type, compiler and library versions.
BuildInfo GetBuildInfo();

/// The version, build type and compiler in one string: what the HTTP module
/// must match (http_module.cpp builds the same string from the generated
/// header).
std::string BuildId(const BuildInfo& info);

}  // namespace ttam::cli
