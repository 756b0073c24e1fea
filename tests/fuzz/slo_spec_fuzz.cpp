// libFuzzer target for SLO specs: ParseSpecFile on arbitrary bytes must
// neither crash nor trip a sanitizer, and a file it accepts must not have
// reported an error; then every window's queries of every SLO it read are
// built and pinned, and its rules and tests generated.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "diag/diagnostic.h"
#include "slo/burn_plan.h"
#include "slo/slo_rules.h"
#include "slo/slo_spec.h"

namespace {

class SpecErrorCounter : public ttam::diag::Sink {
 public:
  void Report(ttam::diag::Diagnostic d) override {
    if (d.severity == ttam::diag::Severity::kError) ++errors;
  }
  size_t errors = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  SpecErrorCounter sink;
  auto file = ttam::slo::ParseSpecFile(text, "fuzz.yml", sink);
  if (!file) return 0;
  if (sink.errors > 0) std::abort();  // accepted, yet an error was reported
  for (const ttam::slo::SloSpec& spec : file->slos) {
    for (int64_t w : ttam::slo::BurnWindows(spec.period_ms)) {
      // The templates were checked with a 5m window; any window must parse.
      if (!ttam::slo::PinAt(ttam::slo::ErrorRatioQuery(spec.sli, w), 1000)) std::abort();
      std::string events = ttam::slo::EventsQuery(spec.sli, w);
      if (!events.empty() && !ttam::slo::PinAt(events, 1000)) std::abort();
    }
  }
  ttam::slo::GenerateRules(*file);
  ttam::slo::GenerateTests(*file, "rules.yml");
  return 0;
}
