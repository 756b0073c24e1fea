#include "lint/exposition/checks/histogram_missing_part.h"

namespace ttam::lint::checks {

// Without _sum nobody can compute an average; histograms should expose it.
CheckPtr MakeHistogramMissingSum(const ExpositionOptions& /*options*/) {
  return std::make_unique<MissingHistogramPart>(
      expfmt::Suffix::kSum, expfmt::Suffix::kGSum,
      "expose the sum of observations so that averages (rate(_sum) / rate(_count)) can be "
      "computed");
}

}  // namespace ttam::lint::checks
