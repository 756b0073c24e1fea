#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "expfmt/events.h"

namespace ttam::expfmt {

/// A 64-bit hash of a series identity (sample name and label set); the
/// order labels are written in does not matter. Lets checks and counters
/// remember series in 8 bytes each.
uint64_t SeriesHash(std::string_view name, std::span<const Label> labels);

}  // namespace ttam::expfmt
