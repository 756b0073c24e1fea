// The module ttam-http.so (see http_module.h): cpp-httplib's client and the
// OpenSSL it needs, loaded by ttam on its first fetch. Compiled into the
// module only, never into ttam itself.
#include "http_module.h"

#include <openssl/crypto.h>

#include "ttam_build_info.h"

extern "C" __attribute__((visibility("default"))) const ttam::cli::HttpModule*
ttam_http_module_v1() {
  static const ttam::cli::HttpModule module{
      // BuildId() of build_info.cpp, from the same generated header.
      .build = TTAM_BUILD_VERSION " " TTAM_BUILD_TYPE " " TTAM_BUILD_COMPILER,
      .make_client = &ttam::scrape::MakeHttpClient,
      .openssl_version = OpenSSL_version(OPENSSL_VERSION),
  };
  return &module;
}
