#pragma once

// The text report of `ttam cardinality`: series per metric (with a bar chart
// on a terminal), values per label with their top values, suspect labels.
#include <ostream>

#include "cardinality/report.h"

namespace ttam::cli {

/// Writes `m` as aligned tables; `bars` adds a horizontal bar per metric.
void WriteCardinalityText(const cardinality::Measurement& m, std::ostream& out, bool bars);

}  // namespace ttam::cli
