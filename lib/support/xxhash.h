#pragma once

// XXH64, the hash behind Prometheus's label hashes (Go's cespare/xxhash).

#include <cstdint>
#include <string_view>

namespace ttam {

/// XXH64 with seed 0 (Go's cespare/xxhash.Sum64), written from the
/// published algorithm's specification.
uint64_t Xxh64(std::string_view data);

}  // namespace ttam
