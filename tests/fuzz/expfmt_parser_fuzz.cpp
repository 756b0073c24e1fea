// libFuzzer target for the exposition parser and the exposition checks: any
// input, fed in two chunks split at an input-chosen point, in both formats,
// must neither crash nor trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "diag/diagnostic.h"
#include "expfmt/parser.h"
#include "lint/exposition/linter.h"

namespace {

class CountingSink : public ttam::diag::Sink {
 public:
  void Report(ttam::diag::Diagnostic) override { ++count; }
  size_t count = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = size > 0 ? data[0] % (size + 1) : 0;
  for (auto format : {ttam::expfmt::Format::kText, ttam::expfmt::Format::kOpenMetrics}) {
    CountingSink sink;
    ttam::lint::ExpositionOptions options;
    options.require_prefix = "app_";
    options.now_ms = 1700000000000;
    options.max_series_per_metric = 3;
    ttam::lint::ExpositionLinter linter("fuzz", options, sink, nullptr);
    ttam::expfmt::ParserLimits limits;
    limits.max_line_bytes = 4096;
    ttam::expfmt::Parser parser(format, "fuzz", linter, sink, limits);
    parser.Feed(input.substr(0, split));
    parser.Feed(input.substr(split));
    parser.Finish();
  }
  return 0;
}
