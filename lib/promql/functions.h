#pragma once

// The PromQL function and aggregation tables (one row per unit, in
// functions.cpp). The facts follow Prometheus 3's promql/parser/functions.go:
// argument types, the variadic convention and the experimental flag.

#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>

#include "promql/ast.h"

namespace ttam::promql {

/// Most declared argument types of any function (label_replace has 5).
inline constexpr size_t kMaxDeclaredArgs = 5;

/// The declared argument types of a function, in order.
struct ArgTypes {
  constexpr ArgTypes(std::initializer_list<ValueType> types) {
    for (ValueType t : types) storage[count++] = t;
  }
  std::array<ValueType, kMaxDeclaredArgs> storage{};
  size_t count = 0;
};

/// One PromQL function. `variadic` follows Prometheus: 0 means exactly
/// arg_types; -1 means the last type may repeat without limit; n > 0 means
/// the last declared argument is optional and up to n arguments of the last
/// type may be given there.
struct Function {
  std::string_view name;
  ArgTypes args;
  int variadic = 0;
  ValueType return_type = ValueType::kVector;
  bool experimental = false;

  /// The declared argument types.
  std::span<const ValueType> arg_types() const { return {args.storage.data(), args.count}; }
  /// Fewest arguments a call may pass.
  size_t MinArgs() const { return variadic == 0 || args.count == 0 ? args.count : args.count - 1; }
  /// Most arguments a call may pass; nullopt when unlimited.
  std::optional<size_t> MaxArgs() const;
  /// The expected type of argument `i` (0-based); the last declared type
  /// repeats for variadic functions. Requires i < MaxArgs().
  ValueType ArgType(size_t i) const;
};

/// Every function, sorted by name.
std::span<const Function> AllFunctions();

/// The function called `name`, or null when PromQL has no such function.
const Function* FindFunction(std::string_view name);

/// One aggregation operator: its keyword, the type of its parameter (topk's
/// k, count_values' label) if it takes one, and whether it is experimental.
struct Aggregation {
  AggregateOp op;
  std::string_view name;
  std::optional<ValueType> param;
  bool experimental = false;
};

/// Every aggregation operator, one row per AggregateOp.
std::span<const Aggregation> AllAggregations();

/// The row for `op`; every AggregateOp has one.
const Aggregation& FindAggregation(AggregateOp op);

/// The aggregation whose keyword is `name`, or null.
const Aggregation* FindAggregation(std::string_view name);

/// The feature flag that enables experimental functions and aggregations.
inline constexpr std::string_view kExperimentalFunctionsFlag =
    "--enable-feature=promql-experimental-functions";

}  // namespace ttam::promql
