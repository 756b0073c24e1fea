// libFuzzer target for the evaluator: any input that parses and type-checks
// as PromQL (every experimental syntax and function on) is bound and
// evaluated over a small fixed store, as an instant query at three times and
// as a short range query. Errors are fine; crashes, sanitizer reports, hangs
// and unbounded memory are not.
//
// The work is bounded up front: inputs over 4 KiB are ignored, the engine's
// max_samples is low, and expressions whose subqueries would step more than
// kMaxSteps times in all (nested subqueries multiply) are not evaluated, as a
// Prometheus server would bound them by its query timeout instead.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "eval/engine.h"
#include "eval/plan.h"
#include "eval/promqltest.h"
#include "eval/promqltest_load.h"
#include "eval/storage.h"
#include "promql/ast.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "promql/walk.h"

namespace {

namespace eval = ttam::eval;
namespace promql = ttam::promql;

constexpr size_t kMaxInput = 4096;
constexpr double kMaxSteps = 20000;
constexpr int64_t kDefaultSubqueryStepMs = 60 * 1000;

// Counters, gauges with special values and a stale marker, classic histogram
// buckets and a quoted UTF-8 name, every 10 s over two minutes.
constexpr std::string_view kStore =
    "load 10s\n"
    "  http_requests_total{job=\"api\",instance=\"a\"} 0+10x12\n"
    "  http_requests_total{job=\"api\",instance=\"b\"} 5 10 15 2 6 10 stale 20 30 _ 50 60 70\n"
    "  http_requests_total{job=\"db\",instance=\"a\"} 100-1x12\n"
    "  temperature{job=\"api\"} 1.5 -2 NaN Inf -Inf 0 1e308 -1e308 3 3 3 _ 4\n"
    "  temperature{job=\"db\"} 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1 1.1 1.2 1.3\n"
    "  req_seconds_bucket{job=\"api\",le=\"0.1\"} 0+1x12\n"
    "  req_seconds_bucket{job=\"api\",le=\"1\"} 0+3x12\n"
    "  req_seconds_bucket{job=\"api\",le=\"+Inf\"} 0+4x12\n"
    "  req_seconds_bucket{job=\"db\",le=\"0.5\"} 0+2x12\n"
    "  req_seconds_bucket{job=\"db\",le=\"+Inf\"} 0+1x12\n"
    "  {\"utf8.name\", \"a.b\"=\"c\"} 1 2 3 4 5\n";

const eval::Storage& Store() {
  static const eval::Storage* storage = [] {
    auto* s = new eval::Storage;
    eval::promqltest::TestFile file = eval::promqltest::ParseTestFile(kStore);
    if (!file.ok() || file.commands.empty()) std::abort();
    const auto* load = std::get_if<eval::promqltest::LoadCmd>(&file.commands[0]);
    if (load == nullptr || !eval::promqltest::LoadInto(*load, *s).ok()) std::abort();
    return s;
  }();
  return *storage;
}

// The steps all subqueries of the tree take together; infinity when a
// subquery's range or step is a duration expression (not known statically).
double SubquerySteps(const promql::Expr& root) {
  double worst = 1;
  promql::Walk(root, [&](const promql::Expr& node, std::span<const promql::Expr* const> up) {
    const auto* sq = std::get_if<promql::SubqueryExpr>(&node.node);
    if (sq == nullptr) return true;
    if (sq->range_expr || sq->step_expr) {
      worst = kMaxSteps * 2;
      return false;
    }
    double total = 1;
    for (const promql::Expr* e : up) {
      if (const auto* outer = std::get_if<promql::SubqueryExpr>(&e->node)) {
        int64_t step = outer->step_ms.value_or(kDefaultSubqueryStepMs);
        total *=
            static_cast<double>(outer->range_ms) / static_cast<double>(step > 0 ? step : 1) + 1;
      }
    }
    int64_t step = sq->step_ms.value_or(kDefaultSubqueryStepMs);
    total *= static_cast<double>(sq->range_ms) / static_cast<double>(step > 0 ? step : 1) + 1;
    if (total > worst) worst = total;
    return true;
  });
  return worst;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  promql::ParseResult parsed = promql::Parse(input, promql::ParseOptions::All());
  if (!parsed.ok()) return 0;
  promql::CheckOptions check;
  check.enable_experimental_functions = true;
  if (!promql::Check(*parsed.expr, check).empty()) return 0;
  // A range query of 7 steps evaluates every subquery 7 times.
  if (SubquerySteps(*parsed.expr) * 7 > kMaxSteps) return 0;
  ttam::Result<eval::Plan> plan = eval::Plan::Bind(*parsed.expr);
  if (!plan.ok()) return 0;

  eval::EngineOptions options;
  options.max_samples = 2000;
  eval::Annotations annotations;
  for (int64_t t : {0, 65 * 1000, 120 * 1000}) {
    (void)eval::EvalInstant(Store(), *plan, t, options, &annotations);
  }
  options.delayed_name_removal = true;
  (void)eval::EvalRange(Store(), *plan, 30 * 1000, 90 * 1000, 10 * 1000, options, &annotations);
  return 0;
}
