#include "support/gunzip.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace ttam {

bool LooksGzipped(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

struct GzipDecoder::State {
  z_stream stream{};
  bool initialised = false;
};

GzipDecoder::GzipDecoder(size_t chunk_size)
    : state_(std::make_unique<State>()), buffer_(std::max<size_t>(chunk_size, 1), '\0') {
  // 16 + MAX_WBITS: accept the gzip wrapper only, so a zlib or raw deflate
  // stream is reported as corrupt rather than silently decoded.
  if (inflateInit2(&state_->stream, 16 + MAX_WBITS) == Z_OK) {
    state_->initialised = true;
  } else {
    error_ = "cannot initialise the gzip decoder";
  }
}

GzipDecoder::~GzipDecoder() {
  if (state_->initialised) inflateEnd(&state_->stream);
}

Status GzipDecoder::Feed(std::string_view compressed, const ChunkConsumer& out) {
  if (!error_.empty()) return Error{error_};
  if (stopped_) return Ok();
  bytes_in_ += compressed.size();
  z_stream& zs = state_->stream;
  // avail_in is 32 bits wide; feed larger views in slices.
  constexpr size_t kMaxSlice = std::numeric_limits<uInt>::max();
  while (!compressed.empty()) {
    size_t slice = std::min(compressed.size(), kMaxSlice);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    zs.avail_in = static_cast<uInt>(slice);
    compressed.remove_prefix(slice);
    for (;;) {
      zs.next_out = reinterpret_cast<Bytef*>(buffer_.data());
      zs.avail_out = static_cast<uInt>(std::min(buffer_.size(), kMaxSlice));
      uInt avail_out_before = zs.avail_out;
      if (zs.avail_in > 0) in_member_ = true;
      int rc = inflate(&zs, Z_NO_FLUSH);
      size_t produced = avail_out_before - zs.avail_out;
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        error_ = std::string("corrupt gzip stream: ") +
                 (zs.msg != nullptr ? zs.msg : "inflate error " + std::to_string(rc));
        return Error{error_};
      }
      if (produced > 0) {
        bytes_out_ += produced;
        if (!out(std::string_view(buffer_.data(), produced))) {
          stopped_ = true;
          return Ok();
        }
      }
      if (rc == Z_STREAM_END) {
        // One member is complete; another may follow (concatenated gzip).
        in_member_ = false;
        inflateReset(&zs);
        if (zs.avail_in == 0) break;
        continue;
      }
      // A full output buffer may mean more output is pending even when all
      // input was consumed.
      if (zs.avail_in == 0 && zs.avail_out != 0) break;
      if (rc == Z_BUF_ERROR && produced == 0) break;
    }
  }
  return Ok();
}

Status GzipDecoder::Finish() {
  if (!error_.empty()) return Error{error_};
  if (stopped_) return Ok();
  if (in_member_) {
    error_ = "gzip stream ends early (truncated body?)";
    return Error{error_};
  }
  return Ok();
}

}  // namespace ttam
