// promtool's --debug dump of a test group's store.

#include "ruletest/debug_dump.h"

#include "promql/parser.h"
#include "support/number.h"
#include "support/text.h"
#include "template/go_time.h"

namespace ttam::ruletest {

std::string DebugDump(const eval::Storage& storage, const eval::EngineOptions& engine,
                      int64_t mint_ms, int64_t max_eval_ms) {
  // (ts + time.Second).Truncate(time.Second), in ms.
  const int64_t ts = (max_eval_ms + 1000) / 1000 * 1000;
  const std::string duration = tmpl::GoDurationString(ts * 1'000'000);
  const std::string expr = "{__name__=~\".+\"}[" + duration + "]";
  auto failed = [&](const std::string& err) {
    return "DEBUG: Failed query exec, expr: " + GoQuote(expr) + ", err: " + err + "\n";
  };
  promql::ParseResult parsed = promql::Parse(expr);
  if (!parsed.ok()) return failed("the dump query does not parse");
  Result<eval::Plan> plan = eval::Plan::Bind(*parsed.expr);
  if (!plan) return failed(plan.error().message);
  Result<eval::Value> value = eval::EvalInstant(storage, *plan, mint_ms + ts, engine);
  if (!value) return failed(value.error().message);
  const auto* matrix = std::get_if<eval::Matrix>(&*value);
  if (matrix == nullptr) return "DEBUG: Got unexpected type\n";
  std::string out = "DEBUG: Dump of all data (input_series and rules) at " + duration + ":\n";
  for (size_t i = 0; i < matrix->size(); ++i) {
    const eval::MatrixSeries& s = (*matrix)[i];
    if (i > 0) out += "\n";
    out += s.labels.ToString() + " =>";
    for (const eval::Sample& p : s.floats)
      out += "\n" + FormatShortestFixed(p.v) + " @[" + std::to_string(p.t) + "]";
  }
  return out + "\n";
}

}  // namespace ttam::ruletest
