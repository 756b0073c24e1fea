#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "diag/diagnostic.h"
#include "expfmt/events.h"
#include "scrape/fetch.h"
#include "support/result.h"

namespace ttam::scrape {

/// Where an exposition comes from and how to read it.
struct ReadOptions {
  FetchOptions fetch;                    ///< for URLs
  std::optional<expfmt::Format> format;  ///< forced; otherwise Content-Type or sniffing
  int stdin_fd = 0;                      ///< what "-" reads (the caller owns the choice)
};

/// What was read.
struct ReadSummary {
  std::string target;  ///< URL (without credentials), path, or "<stdin>"
  expfmt::Format format = expfmt::Format::kText;
  std::string content_type;  ///< URLs only
  uint64_t bytes = 0;        ///< decoded bytes parsed
  uint64_t wire_bytes = 0;   ///< bytes received or read (before gunzip)
  std::chrono::milliseconds elapsed{0};
  uint64_t lines = 0;
  uint64_t samples = 0;
  uint64_t syntax_errors = 0;
};

/// Reads one exposition (an http(s) URL, a file path, or "-" for the
/// caller's stdin), gunzips it when it is gzip-compressed, picks the format
/// (forced, Content-Type, or sniffed) and streams it through the parser to
/// `consumer`, with parse errors going to `sink`. Nothing is buffered whole.
/// An Error means the input could not be read (network, file, limits).
Result<ReadSummary> ReadExposition(const std::string& target, const ReadOptions& options,
                                   HttpClient& client, expfmt::Consumer& consumer,
                                   diag::Sink& sink);

}  // namespace ttam::scrape
