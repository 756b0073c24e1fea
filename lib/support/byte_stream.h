#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "support/result.h"

namespace ttam {

/// Receives a stream of bytes chunk by chunk; returns false to stop early.
using ChunkConsumer = std::function<bool(std::string_view chunk)>;

/// Reads an open file descriptor to its end, handing it over in chunks of at
/// most `chunk_size` bytes. Stops early (without error) when `consume` returns
/// false. `name` is used in error messages. Returns the number of bytes read.
/// A regular file of 1 MiB or more is read ahead by a second thread (chunks
/// of at most 128 KiB then) while `consume` works; a chunk is only valid
/// during its call, as always.
Result<uint64_t> StreamFd(int fd, const std::string& name, const ChunkConsumer& consume,
                          size_t chunk_size = 1 << 18);

/// Opens `path` and streams it like StreamFd.
Result<uint64_t> StreamFile(const std::string& path, const ChunkConsumer& consume,
                            size_t chunk_size = 1 << 18);

}  // namespace ttam
