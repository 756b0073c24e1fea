#include "lint/exposition/checks/histogram_missing_part.h"

namespace ttam::lint::checks {

// _count is how queries get rates of observations; every histogram series needs it.
CheckPtr MakeHistogramMissingCount(const ExpositionOptions& /*options*/) {
  return std::make_unique<MissingHistogramPart>(
      expfmt::Suffix::kCount, expfmt::Suffix::kGCount,
      "expose the number of observations (equal to the +Inf bucket)");
}

}  // namespace ttam::lint::checks
