#include "support/byte_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace ttam {

Result<uint64_t> StreamFd(int fd, const std::string& name, const ChunkConsumer& consume,
                          size_t chunk_size) {
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
