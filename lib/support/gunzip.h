#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "support/byte_stream.h"
#include "support/result.h"

namespace ttam {

/// True when `head` (the first bytes of a stream, at least two) starts with
/// the gzip magic bytes 1f 8b.
bool LooksGzipped(std::string_view head);

/// Decodes a gzip stream fed in pieces of any size, handing the decoded bytes
/// to a consumer in chunks of at most `chunk_size` bytes. Concatenated gzip
/// members (as written by `cat a.gz b.gz`) decode as one stream.
class GzipDecoder {
 public:
  /// Output chunks are at most `chunk_size` bytes (at least 1).
  explicit GzipDecoder(size_t chunk_size = 1 << 16);
  ~GzipDecoder();
  GzipDecoder(const GzipDecoder&) = delete;
  GzipDecoder& operator=(const GzipDecoder&) = delete;

  /// Decodes `compressed` and passes what it yields to `out`. When `out`
  /// returns false decoding stops, stopped() becomes true and later calls do
  /// nothing. Corrupt data is an Error; after one, every call returns it.
  Status Feed(std::string_view compressed, const ChunkConsumer& out);

  /// Checks that the stream ended cleanly: an Error when it stops inside a
  /// gzip member. An empty stream (nothing fed) is accepted.
  Status Finish();

  /// True once the consumer returned false.
  bool stopped() const { return stopped_; }
  /// Compressed bytes fed so far.
  uint64_t bytes_in() const { return bytes_in_; }
  /// Decoded bytes handed to consumers so far.
  uint64_t bytes_out() const { return bytes_out_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string buffer_;
  bool in_member_ = false;
  bool stopped_ = false;
  std::string error_;
  uint64_t bytes_in_ = 0;
  uint64_t bytes_out_ = 0;
};

}  // namespace ttam
