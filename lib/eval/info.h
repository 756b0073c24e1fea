#pragma once

// The experimental info() function (upstream's promql/info.go):
// info(v [, {data-label selector}]) adds to each series of v the data labels
// of the info series (target_info unless the selector names others with
// __name__ matchers) that share its identifying labels, instance and job.

#include <cstdint>
#include <span>

#include "eval/storage.h"
#include "eval/value.h"
#include "promql/ast.h"
#include "support/result.h"

namespace ttam::eval {

/// The time info() reads the info series at: the reference time of the first
/// selector of `arg` (in the order upstream walks the tree), after its @ and
/// offset and those of the subqueries around it, evaluated at `t`;
/// `start` and `end` are the query's, for `@ start()` and `@ end()`.
int64_t InfoReferenceTime(const promql::Expr& arg, int64_t t, int64_t start, int64_t end);

/// info() at one evaluation step: `base` is the evaluated first argument,
/// `selector` the compiled matchers of the second (null when absent), `ref`
/// the time the info series are read at (InfoReferenceTime) with `lookback_ms`.
/// Fails on a label two info metrics give different values, and on two info
/// series of one metric and identity whose newest samples have the same time.
Result<Vector> EvalInfo(const Vector& base, const Storage& storage,
                        std::span<const Matcher> selector, bool has_selector, int64_t ref,
                        int64_t lookback_ms);

}  // namespace ttam::eval
