#pragma once

// The evaluator's function table (STYLE 9): one row per implemented PromQL
// function, pinned by name to promql's table (lib/promql/functions.h), which
// owns names, argument types and arity. The planner resolves calls here once;
// a function without a row is reported as not implemented.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "eval/value.h"
#include "promql/functions.h"
#include "support/result.h"

namespace ttam::eval {

/// What a function implementation sees: the evaluation time, its evaluated
/// arguments and, for a range vector argument, the window it was read over.
struct FunctionArgs {
  int64_t t = 0;                       ///< Evaluation time in ms.
  std::span<const Value> args;         ///< Arguments, already evaluated, in order.
  const promql::Call* call = nullptr;  ///< The call as written (absent() reads its selector).
  int64_t range_start = 0;             ///< The range argument's window start in ms (exclusive).
  int64_t range_end = 0;               ///< The range argument's window end in ms (inclusive).
  double range_seconds = 0;            ///< The range argument's duration in seconds.
  /// The range argument is an `anchored` selector: its samples reach one lookback further back.
  bool anchored = false;
  /// The range argument is a `smoothed` selector: its samples reach one lookback further back
  /// and one lookback past the end.
  bool smoothed = false;
  promql::Span span{};                 ///< The call's span, for annotations.
  Annotations* annotations = nullptr;  ///< Where to add warnings and infos; never null.
  /// Delayed name removal: a name-dropping function keeps the labels and sets
  /// the output's drop_name (NameDropped()), and skips the duplicate-labels check.
  bool delayed_name_removal = false;
  /// The start timestamps (ms, 0 = unknown) of the instant vector argument's
  /// samples, in order, when that argument is a plain selector
  /// (start_timestamp()); empty otherwise.
  std::span<const int64_t> start_timestamps{};
};

/// One series' samples within a range, as a range function sees them.
struct SeriesWindow {
  const model::Labels& labels;
  std::span<const Sample> floats;  ///< In time order; never empty.
  /// Start timestamps (ms, 0 = unknown) parallel to `floats`; empty when unknown.
  std::span<const int64_t> start_timestamps;
};

/// A range function's value over one series' window; nullopt: no output
/// sample for that series.
using WindowFn = std::optional<double> (*)(const FunctionArgs& in, const SeriesWindow& s);

/// One implemented function.
struct FunctionImpl {
  std::string_view name;                          ///< As in promql::AllFunctions().
  Result<Value> (*call)(const FunctionArgs& in);  ///< The implementation.
  /// Range functions that see one series at a time: the value over one
  /// window, which `call` applies to each series of the argument (so the
  /// engine may call it series by series for every step of a range query);
  /// null for other functions.
  WindowFn window = nullptr;
  /// With `window`: the output keeps the metric name (first_over_time, last_over_time).
  bool keeps_name = false;
};

/// Every implemented function, sorted by name.
std::span<const FunctionImpl> AllFunctionImpls();

/// The implementation of `function`, or null when not implemented yet.
const FunctionImpl* FindFunctionImpl(const promql::Function& function);

}  // namespace ttam::eval
