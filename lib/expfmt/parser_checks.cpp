#include "expfmt/parser.h"

namespace ttam::expfmt {

std::span<const diag::CheckInfo> ParserChecks() {
  static constexpr diag::CheckInfo kChecks[] = {
      {"exposition/syntax", diag::Severity::kError,
       "a line that is not valid Prometheus text or OpenMetrics"},
      {"exposition/missing-eof", diag::Severity::kError,
       "OpenMetrics input that does not end with # EOF"},
      {"exposition/empty", diag::Severity::kError, "an input with no lines at all"},
      {"exposition/after-eof", diag::Severity::kError, "content after OpenMetrics' # EOF"},
      {"exposition/invalid-utf8", diag::Severity::kError, "a line that is not valid UTF-8"},
      {"exposition/line-too-long", diag::Severity::kError,
       "a line longer than 1 MiB (skipped to keep memory bounded)"},
  };
  return kChecks;
}

}  // namespace ttam::expfmt
