// Prometheus loads a rule_files glob that matches nothing without a word: the
// rules are simply not there. A literal path that does not exist is
// config::Load's error (config/missing-file), as in promtool.
#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

bool IsGlob(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

class RuleFilesNoMatch : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const config::RuleFileRef& ref : input.config.config.rule_files) {
      if (!ref.files.empty() || !IsGlob(ref.pattern)) continue;
      out.Report(ref.origin,
                 ref.origin.path + ": the pattern " + Quote(ref.pattern) +
                     " matches no file, so Prometheus loads no rules from it; fix the pattern "
                     "(relative paths are resolved against the config file's directory) or "
                     "remove the entry");
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigRuleFilesNoMatch() { return std::make_unique<RuleFilesNoMatch>(); }

}  // namespace ttam::lint::checks
