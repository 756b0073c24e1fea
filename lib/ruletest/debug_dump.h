#pragma once

// promtool's `--debug` dump of a test group: every series of the group's
// store (input series, rule outputs, ALERTS) over the group's time, read
// with the query promtool runs and printed as its Matrix.String().

#include <cstdint>
#include <string>

#include "eval/engine.h"
#include "eval/storage.h"

namespace ttam::ruletest {

/// What promtool writes for `--debug` after a group's tests: `DEBUG: Dump of
/// all data (input_series and rules) at <ts>:` and the matrix of
/// `{__name__=~".+"}[<ts>]` at `mint_ms` + ts, where ts is `max_eval_ms`
/// plus one second truncated to whole seconds; each series `labels =>`
/// then `value @[t]` lines. A failing query gives promtool's
/// `DEBUG: Failed query exec, expr: "...", err: ...` instead. Ends with a
/// newline.
std::string DebugDump(const eval::Storage& storage, const eval::EngineOptions& engine,
                      int64_t mint_ms, int64_t max_eval_ms);

}  // namespace ttam::ruletest
