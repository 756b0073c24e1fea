#include "support/filesystem.h"

#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ttam {
namespace {

class Real : public FileSystem {
 public:
  Result<std::string> Read(const std::string& path) override {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      return Error{"cannot open " + path + ": " + std::strerror(errno)};
    }
    if (S_ISDIR(st.st_mode)) return Error{"cannot read " + path + ": it is a directory"};
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot open " + path + ": " + std::strerror(errno)};
    // One read of the size stat reports (no stream growing by doubling:
    // that took 14% of linting a 7 MB rule file), then whatever follows (a
    // growing file, or one such as /proc's that reports no size).
    std::string text;
    if (st.st_size > 0) {
      text.resize(static_cast<size_t>(st.st_size));
      in.read(text.data(), st.st_size);
      text.resize(static_cast<size_t>(in.gcount()));
    }
    if (in) {
      std::ostringstream rest;
      rest << in.rdbuf();
      text += rest.str();
    }
    if (in.bad()) return Error{"cannot read " + path};
    return text;
  }

  bool IsFile(const std::string& path) override {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  }

  Result<std::vector<std::string>> Glob(const std::string& pattern) override {
    glob_t g{};
    int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &g);
    std::vector<std::string> out;
    if (rc == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
    }
    globfree(&g);
    if (rc != 0 && rc != GLOB_NOMATCH && rc != GLOB_ABORTED) {
      return Error{"invalid glob pattern \"" + pattern + "\""};
    }
    // A malformed character class is a syntax error in Go's filepath.Match.
    size_t open = pattern.find('[');
    if (open != std::string::npos && pattern.find(']', open) == std::string::npos) {
      return Error{"invalid glob pattern \"" + pattern + "\": '[' without ']'"};
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

FileSystem& RealFileSystem() {
  static Real fs;
  return fs;
}

std::string ResolveRelative(const std::string& base_file, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  size_t slash = base_file.rfind('/');
  if (slash == std::string::npos) return path;
  return base_file.substr(0, slash + 1) + path;
}

}  // namespace ttam
