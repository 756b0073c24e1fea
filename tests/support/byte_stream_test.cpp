#include "support/byte_stream.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/process.h"

namespace ttam {
namespace {

struct Collected {
  std::string data;
  std::vector<size_t> sizes;
  ChunkConsumer Consumer() {
    return [this](std::string_view chunk) {
      data.append(chunk);
      sizes.push_back(chunk.size());
      return true;
    };
  }
};

std::string Pattern(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>('a' + i % 26);
  return out;
}

TEST_CASE("StreamFile hands over the file in bounded chunks") {
  struct Case {
    std::string_view name;
    size_t size;
    size_t chunk_size;
    std::vector<size_t> want_sizes;
  };
  const Case cases[] = {
      {"empty", 0, 3, {}},
      {"shorter than a chunk", 2, 3, {2}},
      {"exact chunks", 9, 3, {3, 3, 3}},
      {"ragged end", 10, 3, {3, 3, 3, 1}},
      {"one byte chunks", 4, 1, {1, 1, 1, 1}},
  };
  test::TempDir dir;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const std::string content = Pattern(c.size);
    std::string path = dir.Write("f.txt", content);
    Collected got;
    auto total = StreamFile(path, got.Consumer(), c.chunk_size);
    REQUIRE(total.ok());
    CHECK(*total == c.size);
    CHECK(got.data == content);
    CHECK(got.sizes == c.want_sizes);
  }
}

TEST_CASE("StreamFile with the default chunk size reads large files whole") {
  test::TempDir dir;
  const std::string content = Pattern(1 << 20 | 123);
  std::string path = dir.Write("big.txt", content);
  Collected got;
  auto total = StreamFile(path, got.Consumer());
  REQUIRE(total.ok());
  CHECK(*total == content.size());
  CHECK(got.data == content);
  for (size_t size : got.sizes) CHECK(size <= (1u << 18));
}

TEST_CASE("StreamFile stops when the consumer returns false") {
  test::TempDir dir;
  std::string path = dir.Write("f.txt", Pattern(100));
  int calls = 0;
  auto total = StreamFile(
      path, [&](std::string_view) { return ++calls < 2; }, 10);
  REQUIRE(total.ok());
  CHECK(calls == 2);
  CHECK(*total == 20);
}

// From 1 MiB a second thread reads ahead: the chunks still arrive whole and
// in order, and stopping early stops the reader too (no hang, no leak).
TEST_CASE("StreamFile reads large files ahead, in order, and stops when told") {
  test::TempDir dir;
  const std::string content = Pattern(3 << 20 | 4567);
  std::string path = dir.Write("big.txt", content);
  for (size_t chunk_size : {size_t{1} << 18, size_t{1000}}) {
    CAPTURE(chunk_size);
    Collected got;
    auto total = StreamFile(path, got.Consumer(), chunk_size);
    REQUIRE(total.ok());
    CHECK(*total == content.size());
    CHECK(got.data == content);
    for (size_t size : got.sizes) CHECK(size <= chunk_size);
  }
  size_t calls = 0;
  std::string seen;
  auto total = StreamFile(path, [&](std::string_view chunk) {
    seen.append(chunk);
    return ++calls < 3;
  });
  REQUIRE(total.ok());
  CHECK(calls == 3);
  CHECK(*total == seen.size());
  CHECK(seen == content.substr(0, seen.size()));
}

TEST_CASE("StreamFile reports a missing file") {
  test::TempDir dir;
  const std::string path = dir.path() + "/missing.prom";
  Collected got;
  auto total = StreamFile(path, got.Consumer());
  REQUIRE_FALSE(total.ok());
  CHECK(total.error().message == "cannot open " + path + ": No such file or directory");
  CHECK(got.sizes.empty());
}

TEST_CASE("StreamFd reports a read error with the given name") {
  test::TempDir dir;
  int fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  Collected got;
  auto total = StreamFd(fd, "<dir>", got.Consumer());
  ::close(fd);
  REQUIRE_FALSE(total.ok());
  CHECK(total.error().message == "cannot read <dir>: Is a directory");
}

TEST_CASE("StreamFd reads a pipe to its end as the writer trickles") {
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  const std::string content = Pattern(5000);
  std::thread writer([&] {
    // Several small writes with pauses, so reads return short.
    for (size_t at = 0; at < content.size(); at += 1000) {
      std::string_view piece = std::string_view(content).substr(at, 1000);
      if (::write(fds[1], piece.data(), piece.size()) < 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ::close(fds[1]);
  });
  Collected got;
  auto total = StreamFd(fds[0], "<stdin>", got.Consumer(), 4096);
  writer.join();
  ::close(fds[0]);
  REQUIRE(total.ok());
  CHECK(*total == content.size());
  CHECK(got.data == content);
  for (size_t size : got.sizes) CHECK(size <= 4096);
}

}  // namespace
}  // namespace ttam
