#include "support/byte_stream.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <vector>

namespace ttam {

namespace {

/// Regular files are mapped instead of read: no copy into a buffer. Pages
/// already handed over are released, so memory stays at one window.
bool StreamMapped(int fd, const ChunkConsumer& consume, size_t chunk_size, uint64_t* total) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return false;
  off_t start = lseek(fd, 0, SEEK_CUR);
  if (start != 0) return false;  // someone read part of it already: keep it simple
  size_t size = static_cast<size_t>(st.st_size);
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) return false;
  madvise(map, size, MADV_SEQUENTIAL);
  const char* data = static_cast<const char*>(map);
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t window = std::max<size_t>(chunk_size, 1);
  size_t released = 0;
  for (size_t pos = 0; pos < size;) {
    size_t n = std::min(window, size - pos);
    bool more = consume(std::string_view(data + pos, n));
    pos += n;
    *total = pos;
    size_t done = pos / page * page;
    if (done > released) {
      madvise(const_cast<char*>(data) + released, done - released, MADV_DONTNEED);
      released = done;
    }
    if (!more) break;
  }
  munmap(map, size);
  // Leave the offset where a read() loop would have left it.
  lseek(fd, static_cast<off_t>(*total), SEEK_SET);
  return true;
}

}  // namespace

Result<uint64_t> StreamFd(int fd, const std::string& name, const ChunkConsumer& consume,
                          size_t chunk_size) {
  uint64_t mapped = 0;
  if (StreamMapped(fd, consume, chunk_size, &mapped)) return mapped;
  std::vector<char> buffer(chunk_size);
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{"cannot read " + name + ": " + std::strerror(errno)};
    }
    if (n == 0) return total;
    total += static_cast<uint64_t>(n);
    if (!consume(std::string_view(buffer.data(), static_cast<size_t>(n)))) return total;
  }
}

Result<uint64_t> StreamFile(const std::string& path, const ChunkConsumer& consume,
                            size_t chunk_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  auto result = StreamFd(fd, path, consume, chunk_size);
  ::close(fd);
  return result;
}

}  // namespace ttam
