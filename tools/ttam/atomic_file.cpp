#include "atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace ttam::cli {

Result<std::unique_ptr<AtomicFile>> AtomicFile::Create(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) return Error{"cannot write " + path + ": not a file name"};
  std::string pattern = dir + "." + base + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) return Error{"cannot write " + path + ": " + std::strerror(errno)};
  // mkstemp makes 0600; a finished file gets the usual 0666 minus umask.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);
  std::unique_ptr<AtomicFile> file(new AtomicFile(path, name.data()));
  file->out_.open(file->temp_, std::ios::binary | std::ios::trunc);
  if (!file->out_) return Error{"cannot write " + path + ": cannot open " + file->temp_};
  return file;
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::remove(temp_.c_str());
  }
}

Status AtomicFile::Commit() {
  out_.flush();
  out_.close();
  if (!out_) return Error{"cannot write " + path_ + ": writing " + temp_ + " failed"};
  int fd = open(temp_.c_str(), O_RDONLY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    return Error{"cannot write " + path_ + ": " + std::strerror(errno)};
  }
  committed_ = true;
  return Ok();
}

}  // namespace ttam::cli
