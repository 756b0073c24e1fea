#include "promql/functions.h"

#include <algorithm>
#include <cassert>

namespace ttam::promql {
namespace {

// One-letter names keep each row of the tables on one line.
constexpr ValueType S = ValueType::kScalar;
constexpr ValueType V = ValueType::kVector;
constexpr ValueType M = ValueType::kMatrix;
constexpr ValueType Str = ValueType::kString;

constexpr int kUnlimited = -1;
constexpr bool kExperimental = true;

// Sorted by name (FindFunction binary-searches; a test checks the order).
// Facts from Prometheus 3's promql/parser/functions.go, up to 3.14 (the
// corpus's version): min_of/max_of arrived in 3.13 (prometheus#18687) and
// start_timestamp in 3.14 (prometheus#19089), all experimental.
constexpr Function kFunctions[] = {
    // name, argument types, variadic, return type, experimental
    {"abs", {V}, 0, V},
    {"absent", {V}, 0, V},
    {"absent_over_time", {M}, 0, V},
    {"acos", {V}, 0, V},
    {"acosh", {V}, 0, V},
    {"asin", {V}, 0, V},
    {"asinh", {V}, 0, V},
    {"atan", {V}, 0, V},
    {"atanh", {V}, 0, V},
    {"avg_over_time", {M}, 0, V},
    {"ceil", {V}, 0, V},
    {"changes", {M}, 0, V},
    {"clamp", {V, S, S}, 0, V},
    {"clamp_max", {V, S}, 0, V},
    {"clamp_min", {V, S}, 0, V},
    {"cos", {V}, 0, V},
    {"cosh", {V}, 0, V},
    {"count_over_time", {M}, 0, V},
    {"day_of_month", {V}, 1, V},
    {"day_of_week", {V}, 1, V},
    {"day_of_year", {V}, 1, V},
    {"days_in_month", {V}, 1, V},
    {"deg", {V}, 0, V},
    {"delta", {M}, 0, V},
    {"deriv", {M}, 0, V},
    {"double_exponential_smoothing", {M, S, S}, 0, V, kExperimental},
    {"end", {}, 0, S, kExperimental},
    {"exp", {V}, 0, V},
    {"first_over_time", {M}, 0, V, kExperimental},
    {"floor", {V}, 0, V},
    {"histogram_avg", {V}, 0, V},
    {"histogram_count", {V}, 0, V},
    {"histogram_fraction", {S, S, V}, 0, V},
    {"histogram_quantile", {S, V}, 0, V},
    {"histogram_quantiles", {V, Str, S, S}, 9, V, kExperimental},
    {"histogram_stddev", {V}, 0, V},
    {"histogram_stdvar", {V}, 0, V},
    {"histogram_sum", {V}, 0, V},
    {"hour", {V}, 1, V},
    {"idelta", {M}, 0, V},
    {"increase", {M}, 0, V},
    {"info", {V, V}, 1, V, kExperimental},
    {"integral", {M, S}, 1, V, kExperimental},
    {"irate", {M}, 0, V},
    {"label_join", {V, Str, Str, Str}, kUnlimited, V},
    {"label_replace", {V, Str, Str, Str, Str}, 0, V},
    {"last_over_time", {M}, 0, V},
    {"ln", {V}, 0, V},
    {"log10", {V}, 0, V},
    {"log2", {V}, 0, V},
    {"mad_over_time", {M}, 0, V, kExperimental},
    {"max_of", {S, S}, 0, S, kExperimental},
    {"max_over_time", {M}, 0, V},
    {"min_of", {S, S}, 0, S, kExperimental},
    {"min_over_time", {M}, 0, V},
    {"minute", {V}, 1, V},
    {"month", {V}, 1, V},
    {"pi", {}, 0, S},
    {"predict_linear", {M, S}, 0, V},
    {"present_over_time", {M}, 0, V},
    {"quantile_over_time", {S, M}, 0, V},
    {"rad", {V}, 0, V},
    {"range", {}, 0, S, kExperimental},
    {"rate", {M}, 0, V},
    {"resets", {M}, 0, V},
    {"round", {V, S}, 1, V},
    {"scalar", {V}, 0, S},
    {"sgn", {V}, 0, V},
    {"sin", {V}, 0, V},
    {"sinh", {V}, 0, V},
    {"sort", {V}, 0, V},
    {"sort_by_label", {V, Str}, kUnlimited, V, kExperimental},
    {"sort_by_label_desc", {V, Str}, kUnlimited, V, kExperimental},
    {"sort_desc", {V}, 0, V},
    {"sqrt", {V}, 0, V},
    {"start", {}, 0, S, kExperimental},
    {"start_timestamp", {V}, 0, V, kExperimental},
    {"stddev_over_time", {M}, 0, V},
    {"stdvar_over_time", {M}, 0, V},
    {"step", {}, 0, S, kExperimental},
    {"sum_over_time", {M}, 0, V},
    {"tan", {V}, 0, V},
    {"tanh", {V}, 0, V},
    {"time", {}, 0, S},
    {"timestamp", {V}, 0, V},
    {"ts_of_first_over_time", {M}, 0, V, kExperimental},
    {"ts_of_last_over_time", {M}, 0, V, kExperimental},
    {"ts_of_max_over_time", {M}, 0, V, kExperimental},
    {"ts_of_min_over_time", {M}, 0, V, kExperimental},
    {"vector", {S}, 0, V},
    {"year", {V}, 1, V},
};

// One row per AggregateOp, in enum order (FindAggregation indexes by it).
constexpr Aggregation kAggregations[] = {
    // op, keyword, parameter type, experimental
    {AggregateOp::kSum, "sum", std::nullopt},
    {AggregateOp::kAvg, "avg", std::nullopt},
    {AggregateOp::kCount, "count", std::nullopt},
    {AggregateOp::kMin, "min", std::nullopt},
    {AggregateOp::kMax, "max", std::nullopt},
    {AggregateOp::kGroup, "group", std::nullopt},
    {AggregateOp::kStddev, "stddev", std::nullopt},
    {AggregateOp::kStdvar, "stdvar", std::nullopt},
    {AggregateOp::kTopk, "topk", S},
    {AggregateOp::kBottomk, "bottomk", S},
    {AggregateOp::kCountValues, "count_values", Str},
    {AggregateOp::kQuantile, "quantile", S},
    {AggregateOp::kLimitk, "limitk", S, kExperimental},
    {AggregateOp::kLimitRatio, "limit_ratio", S, kExperimental},
};

}  // namespace

std::optional<size_t> Function::MaxArgs() const {
  if (variadic < 0) return std::nullopt;
  if (variadic == 0) return args.count;
  return args.count - 1 + static_cast<size_t>(variadic);
}

ValueType Function::ArgType(size_t i) const {
  assert(args.count > 0);
  return i < args.count ? args.storage[i] : args.storage[args.count - 1];
}

std::span<const Function> AllFunctions() { return kFunctions; }

const Function* FindFunction(std::string_view name) {
  const auto* it =
      std::lower_bound(std::begin(kFunctions), std::end(kFunctions), name,
                       [](const Function& f, std::string_view n) { return f.name < n; });
  if (it == std::end(kFunctions) || it->name != name) return nullptr;
  return it;
}

std::span<const Aggregation> AllAggregations() { return kAggregations; }

const Aggregation& FindAggregation(AggregateOp op) {
  const Aggregation& row = kAggregations[static_cast<size_t>(op)];
  assert(row.op == op);
  return row;
}

const Aggregation* FindAggregation(std::string_view name) {
  for (const Aggregation& row : kAggregations) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

}  // namespace ttam::promql
