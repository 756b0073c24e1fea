#include "support/filesystem.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

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
    // One read into a string of the file's size (a stream copy costs two
    // copies and many small writes: a tenth of lint-config's time on a large
    // config); pipes and growing files are read on until the end.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{"cannot open " + path + ": " + std::strerror(errno)};
    std::string out;
    out.resize(S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 65536);
    size_t used = 0;
    char more[4096];
    for (;;) {
      bool full = used == out.size();
      ssize_t n =
          full ? ::read(fd, more, sizeof more) : ::read(fd, out.data() + used, out.size() - used);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // end, or an error: what was read so far, as the stream read did
      if (full) out.append(more, static_cast<size_t>(n));
      used += static_cast<size_t>(n);
    }
    ::close(fd);
    out.resize(used);
    return out;
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
