// `ttam burn-rate`: SLO error ratios and burn rates over the workbook's
// windows, from local data or a Prometheus server, and the page/ticket verdict.
#include <memory>

#include "subcommands.h"

namespace ttam::cli {

Runner SetupBurnRate(CLI::App& /*app*/, const CommonOptions& /*common*/) {
  return [](Io& io) { return CannotRun(io, "burn-rate: not implemented yet"); };
}

}  // namespace ttam::cli
