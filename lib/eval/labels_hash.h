#pragma once

// The label-set hash upstream's limit_ratio samples by (HashRatioSampler:
// labels.Hash() / MaxUint64). Prometheus 3 builds the stringlabels
// implementation by default, whose Hash() is xxHash64 (seed 0) of its flat
// encoding: each name and each value preceded by its length, one byte below
// 255, else 255 and three little-endian bytes.

#include <cstdint>
#include <string_view>

#include "model/labels.h"

namespace ttam::eval {

/// upstream's labels.Hash() for `labels` under the default stringlabels build.
uint64_t UpstreamLabelsHash(const model::Labels& labels);

}  // namespace ttam::eval
