// libFuzzer target for rule files: LoadRuleFile on arbitrary bytes must
// neither crash nor trip a sanitizer, and a file it calls valid must not
// have reported an error; then every rule lint runs on what loaded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "diag/diagnostic.h"
#include "lint/rules/linter.h"
#include "rules/rule_file.h"

namespace {

class CountingSink : public ttam::diag::Sink {
 public:
  void Report(ttam::diag::Diagnostic d) override {
    ++count;
    if (d.severity == ttam::diag::Severity::kError) ++errors;
  }
  size_t count = 0;
  size_t errors = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  CountingSink sink;
  ttam::rules::RuleFile file =
      ttam::rules::LoadRuleFile("fuzz.yml", std::move(text), sink, ttam::RealFileSystem());
  if (file.valid && sink.errors > 0) std::abort();
  for (const auto& group : file.groups) {
    for (const auto& rule : group.rules) {
      // A rule in a valid file always has a valid expression.
      if (file.valid && !rule.expr_valid) std::abort();
    }
  }
  const ttam::rules::RuleFile* files[] = {&file};
  // Every check, the off-by-default ones too.
  ttam::lint::LintRules({files, nullptr}, sink, [](std::string_view) { return true; });
  return 0;
}
