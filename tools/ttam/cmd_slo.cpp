// `ttam slo generate`: an SLO spec's recording and alerting rules, and the
// rule unit tests that prove them.
#include <memory>

#include "subcommands.h"

namespace ttam::cli {

// TODO(helper h-gen): `slo generate SPEC.yml [-o rules.yml] [--tests tests.yml]`.
Runner SetupSlo(CLI::App& app, const CommonOptions& /*common*/) {
  app.require_subcommand(1);
  CLI::App* generate = app.add_subcommand("generate", "Write an SLO spec's rules and their tests");
  (void)generate;
  return [](Io& io) { return CannotRun(io, "slo generate: not implemented yet"); };
}

}  // namespace ttam::cli
