#pragma once
// The HTTP client lives in a module, ttam-http.so, that ttam loads the first
// time it fetches a URL: cpp-httplib and OpenSSL (which initialises itself as
// soon as it is loaded) then cost nothing to the commands that read files.
// Measured on the 2-core CI machine: `ttam version` 14 → 7 ms, and about
// 4 MB less resident memory for every command that fetches nothing.
// http_module.cpp is the module's side, http_module_loader.cpp ttam's.

#include <memory>
#include <string>
#include <string_view>

#include "scrape/fetch.h"

namespace ttam::cli {

/// What the module gives ttam. Module and executable come from the same
/// build: `build` must match ttam's, or the module is refused (the types
/// passed across are C++ types laid out by that build).
struct HttpModule {
  const char* build;  ///< BuildId() of the module's build
  /// The cpp-httplib client (scrape::MakeHttpClient of library ttam_http).
  std::unique_ptr<scrape::HttpClient> (*make_client)(std::string_view version);
  const char* openssl_version;  ///< OpenSSL's version, as the module runs it
};

/// The name of the module's one exported function, returning its
/// HttpModule: `extern "C" const HttpModule* ttam_http_module_v1()`.
inline constexpr char kHttpModuleEntry[] = "ttam_http_module_v1";
/// The module's file name.
inline constexpr char kHttpModuleFile[] = "ttam-http.so";

/// Loads the module once (later calls return the first result): next to the
/// executable (the build tree), then in TTAM_HTTP_MODULE_DIR relative to it
/// (installed: ../libexec/ttam). nullptr when it cannot be loaded, with the
/// reason in `*error`.
const HttpModule* LoadHttpModule(std::string* error);

}  // namespace ttam::cli
