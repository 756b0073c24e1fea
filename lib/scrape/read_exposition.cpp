#include "scrape/read_exposition.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "expfmt/parser.h"
#include "scrape/url.h"
#include "support/byte_stream.h"
#include "support/gunzip.h"

namespace ttam::scrape {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;

/// Turns raw bytes into parser input: holds back the first bytes until the
/// format is known, gunzips when the stream starts with the gzip magic.
class Pipeline {
 public:
  Pipeline(std::string path, std::optional<expfmt::Format> format, std::string tail,
           expfmt::Consumer& consumer, diag::Sink& sink)
      : path_(std::move(path)),
        forced_(format),
        tail_(std::move(tail)),
        consumer_(consumer),
        sink_(sink) {}

  /// Raw bytes as received.
  Status Feed(std::string_view raw) {
    wire_bytes_ += raw.size();
    if (!decided_gzip_ && head_raw_.empty() && raw.size() >= 2) {
      // The usual first chunk decides at once, without a copy.
      decided_gzip_ = true;
      if (LooksGzipped(raw)) gunzip_ = std::make_unique<GzipDecoder>();
      return FeedDecoded(raw);
    }
    if (!decided_gzip_) {
      head_raw_.append(raw);
      if (head_raw_.size() < 2) return Ok();
      decided_gzip_ = true;
      if (LooksGzipped(head_raw_)) gunzip_ = std::make_unique<GzipDecoder>();
      std::string pending;
      pending.swap(head_raw_);
      return FeedDecoded(pending);
    }
    return FeedDecoded(raw);
  }

  Status Finish() {
    if (!decided_gzip_) {
      decided_gzip_ = true;
      std::string pending;
      pending.swap(head_raw_);
      FeedPlain(pending);
    }
    if (gunzip_) {
      if (auto s = gunzip_->Finish(); !s) return s;
    }
    if (!parser_) StartParser();
    parser_->Finish();
    return Ok();
  }

  uint64_t bytes() const { return bytes_; }
  uint64_t wire_bytes() const { return wire_bytes_; }
  expfmt::Format format() const { return format_; }
  const expfmt::Parser* parser() const { return parser_.get(); }

 private:
  Status FeedDecoded(std::string_view raw) {
    if (!gunzip_) {
      FeedPlain(raw);
      return Ok();
    }
    return gunzip_->Feed(raw, [this](std::string_view chunk) {
      FeedPlain(chunk);
      return true;
    });
  }

  void FeedPlain(std::string_view chunk) {
    bytes_ += chunk.size();
    if (parser_) {
      parser_->Feed(chunk);
      return;
    }
    if (sniff_.empty() && (chunk.size() >= kSniffBytes || forced_)) {
      // A first chunk long enough to sniff is parsed where it lies.
      StartParser(chunk);
      return;
    }
    sniff_.append(chunk);
    if (sniff_.size() >= kSniffBytes || forced_) StartParser();
  }

  /// Starts the parser on what sniff_ holds.
  void StartParser() {
    std::string pending;
    pending.swap(sniff_);
    StartParser(pending);
  }

  /// Picks the format from `head` (the input's first bytes) and parses them.
  void StartParser(std::string_view head) {
    format_ = forced_ ? *forced_ : expfmt::SniffFormat(head, tail_);
    parser_ = std::make_unique<expfmt::Parser>(format_, path_, consumer_, sink_);
    parser_->Feed(head);
  }

  std::string path_;
  std::optional<expfmt::Format> forced_;
  std::string tail_;
  expfmt::Consumer& consumer_;
  diag::Sink& sink_;
  bool decided_gzip_ = false;
  std::string head_raw_;
  std::unique_ptr<GzipDecoder> gunzip_;
  std::string sniff_;
  std::unique_ptr<expfmt::Parser> parser_;
  expfmt::Format format_ = expfmt::Format::kText;
  uint64_t bytes_ = 0;
  uint64_t wire_bytes_ = 0;
};

/// The last bytes of a regular file, to see a closing "# EOF" before parsing.
std::string ReadTail(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 2) return {};
  off_t size = st.st_size;
  off_t start = size > 4096 ? size - 4096 : 0;
  std::string tail(static_cast<size_t>(size - start), '\0');
  ssize_t n = pread(fd, tail.data(), tail.size(), start);
  if (n < 0) return {};
  tail.resize(static_cast<size_t>(n));
  return tail;
}

class HttpPipeline : public BodyConsumer {
 public:
  HttpPipeline(const std::string& display, const ReadOptions& options, expfmt::Consumer& consumer,
               diag::Sink& sink)
      : display_(display), options_(options), consumer_(consumer), sink_(sink) {}

  bool OnHead(const ResponseHead& head) override {
    head_ = head;
    std::optional<expfmt::Format> format = options_.format;
    if (!format) format = expfmt::FormatFromContentType(head.content_type);
    pipeline_ = std::make_unique<Pipeline>(display_, format, "", consumer_, sink_);
    return true;
  }
  bool OnBody(std::string_view chunk) override {
    auto status = pipeline_->Feed(chunk);
    if (!status) {
      error_ = status.error().message;
      return false;
    }
    return true;
  }

  std::string display_;
  const ReadOptions& options_;
  expfmt::Consumer& consumer_;
  diag::Sink& sink_;
  ResponseHead head_;
  std::unique_ptr<Pipeline> pipeline_;
  std::string error_;
};

}  // namespace

Result<ReadSummary> ReadExposition(const std::string& target, const ReadOptions& options,
                                   HttpClient& client, expfmt::Consumer& consumer,
                                   diag::Sink& sink) {
  ReadSummary summary;
  auto started = std::chrono::steady_clock::now();
  auto finish = [&](Pipeline& pipeline) {
    summary.format = pipeline.format();
    summary.bytes = pipeline.bytes();
    if (summary.wire_bytes == 0) summary.wire_bytes = pipeline.wire_bytes();
    if (const auto* parser = pipeline.parser()) {
      summary.lines = parser->lines();
      summary.samples = parser->samples();
      summary.syntax_errors = parser->syntax_errors();
    }
    summary.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
  };

  if (IsUrl(target)) {
    summary.target = RedactUrl(target);
    HttpPipeline http(summary.target, options, consumer, sink);
    auto fetched = client.Get(target, options.fetch, http);
    if (!http.error_.empty()) return Error{summary.target + ": " + http.error_};
    if (!fetched) return fetched.error();
    if (!http.pipeline_) return Error{summary.target + ": no response"};
    if (auto s = http.pipeline_->Finish(); !s) {
      return Error{summary.target + ": " + s.error().message};
    }
    summary.content_type = http.head_.content_type;
    summary.wire_bytes = fetched->wire_bytes;
    finish(*http.pipeline_);
    return summary;
  }

  if (size_t scheme_end = target.find("://");
      scheme_end != std::string::npos && scheme_end > 0 && target.find('/') > scheme_end) {
    return Error{"unsupported URL scheme \"" + target.substr(0, scheme_end) +
                 "\": ttam reads http:// and https:// URLs, files, and - for stdin"};
  }
  int fd = options.stdin_fd;
  bool is_stdin = target == "-";
  summary.target = is_stdin ? "<stdin>" : target;
  if (!is_stdin) {
    fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{"cannot open " + target + ": " + std::strerror(errno)};
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Error{"cannot read " + target + ": it is a directory"};
    }
  }
  Pipeline pipeline(summary.target, options.format, ReadTail(fd), consumer, sink);
  std::string error;
  auto read = StreamFd(fd, summary.target, [&](std::string_view chunk) {
    auto status = pipeline.Feed(chunk);
    if (!status) {
      error = status.error().message;
      return false;
    }
    return true;
  });
  if (!is_stdin) ::close(fd);
  if (!read) return read.error();
  if (!error.empty()) return Error{summary.target + ": " + error};
  if (auto s = pipeline.Finish(); !s) return Error{summary.target + ": " + s.error().message};
  finish(pipeline);
  return summary;
}

}  // namespace ttam::scrape
