// The real file system's Read: whole files of every size, exactly.
#include "support/filesystem.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace {

/// A file under a fresh temporary directory, removed with it.
class TempFile {
 public:
  TempFile() {
    char dir[] = "/tmp/ttam-fs-test-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    dir_ = dir;
    path_ = dir_ + "/f";
  }
  ~TempFile() {
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }
  void Write(const std::string& content) {
    std::ofstream out(path_, std::ios::binary);
    out << content;
  }

 private:
  std::string dir_;
  std::string path_;
};

}  // namespace

TEST_CASE("filesystem: Read returns the whole file, whatever its size") {
  ttam::FileSystem& fs = ttam::RealFileSystem();
  TempFile file;
  for (size_t size : {size_t{0}, size_t{1}, size_t{4095}, size_t{4096}, size_t{65536},
                      size_t{65537}, size_t{300000}}) {
    CAPTURE(size);
    std::string content;
    for (size_t i = 0; i < size; ++i) content += static_cast<char>('a' + i % 26);
    if (size > 0) content[size / 2] = '\0';  // bytes are bytes
    file.Write(content);
    auto read = fs.Read(file.path());
    REQUIRE(read);
    CHECK(*read == content);
  }
}

TEST_CASE("filesystem: Read reports missing files and directories") {
  ttam::FileSystem& fs = ttam::RealFileSystem();
  TempFile file;
  auto missing = fs.Read(file.dir() + "/absent");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message ==
        "cannot open " + file.dir() + "/absent: No such file or directory");
  auto dir = fs.Read(file.dir());
  REQUIRE_FALSE(dir);
  CHECK(dir.error().message == "cannot read " + file.dir() + ": it is a directory");
}

TEST_CASE("filesystem: Read reads a character device to its end") {
  ttam::FileSystem& fs = ttam::RealFileSystem();
  auto null = fs.Read("/dev/null");
  REQUIRE(null);
  CHECK(null->empty());
}
