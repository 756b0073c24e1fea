#pragma once

// Loads promqltest `load` blocks into the series store.

#include <cstdint>

#include "eval/promqltest.h"
#include "eval/storage.h"
#include "support/result.h"

namespace ttam::eval::promqltest {

/// Appends the float samples of `load` to `storage`: the k-th value of a
/// series at start_ms + k·step; `_` adds nothing, `stale` a StaleNaN; for
/// series lines with equal labels the last one wins, as upstream's map does.
/// A sample's start timestamp is its time plus its `@st` offset (the series'
/// own line, else a standalone `@st` line's offsets, cycled); `_` or no
/// offsets leave it unknown (0).
/// Histogram literals are not stored (float-only engine). Fails as upstream's
/// storage does on a different value at an existing timestamp.
Status LoadInto(const LoadCmd& load, Storage& storage, int64_t start_ms = 0);

}  // namespace ttam::eval::promqltest
