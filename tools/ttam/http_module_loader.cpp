// ttam's side of the HTTP module (see http_module.h): finding and loading
// ttam-http.so, and the HttpClient every command gets, which loads the module
// on its first request.
#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "build_info.h"
#include "http_module.h"

namespace ttam::cli {
namespace {

struct LoadedHttpModule {
  const HttpModule* module = nullptr;
  std::string error;
};

LoadedHttpModule LoadHttpModuleOnce() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {nullptr, "cannot find ttam's own path (/proc/self/exe): " + ec.message()};
  std::filesystem::path dir = exe.parent_path();
  std::vector<std::filesystem::path> candidates = {
      dir / kHttpModuleFile,
      (dir / TTAM_HTTP_MODULE_DIR / kHttpModuleFile).lexically_normal(),
  };
  std::string tried;
  for (const std::filesystem::path& path : candidates) {
    if (!tried.empty()) tried += ", ";
    tried += path.string();
    if (!std::filesystem::exists(path, ec)) continue;
    void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      return {nullptr, "cannot load " + path.string() + ": " + (why != nullptr ? why : "?")};
    }
    using Entry = const HttpModule* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, kHttpModuleEntry));
    if (entry == nullptr) return {nullptr, path.string() + " is not ttam's HTTP module"};
    const HttpModule* module = entry();
    std::string mine = BuildId(GetBuildInfo());
    if (module == nullptr || module->build != mine) {
      return {nullptr, path.string() + " comes from another build of ttam (" +
                           (module != nullptr ? module->build : "?") + "; this ttam is " + mine +
                           "): reinstall ttam"};
    }
    return {module, ""};
  }
  return {nullptr, std::string(kHttpModuleFile) + " was not found (looked for " + tried +
                       "): reinstall ttam"};
}

// Loads the module on the first request; until then nothing is loaded.
class LazyHttpClient final : public scrape::HttpClient {
 public:
  explicit LazyHttpClient(std::string version) : version_(std::move(version)) {}

  Result<scrape::FetchStats> Get(const std::string& url, const scrape::FetchOptions& options,
                                 scrape::BodyConsumer& consumer) override {
    if (real_ == nullptr) {
      std::string error;
      const HttpModule* module = LoadHttpModule(&error);
      if (module == nullptr) return Error{"cannot fetch URLs: " + error};
      real_ = module->make_client(version_);
    }
    return real_->Get(url, options, consumer);
  }

 private:
  std::string version_;
  std::unique_ptr<scrape::HttpClient> real_;
};

}  // namespace

const HttpModule* LoadHttpModule(std::string* error) {
  static std::once_flag once;
  static LoadedHttpModule loaded;
  std::call_once(once, [] { loaded = LoadHttpModuleOnce(); });
  if (loaded.module == nullptr && error != nullptr) *error = loaded.error;
  return loaded.module;
}

}  // namespace ttam::cli

namespace ttam::scrape {

// The executable's definition (library ttam_http has the direct one, for the
// tests and for the module): a client that loads the module when first used.
std::unique_ptr<HttpClient> MakeHttpClient(std::string_view version) {
  return std::make_unique<cli::LazyHttpClient>(std::string(version));
}

}  // namespace ttam::scrape
