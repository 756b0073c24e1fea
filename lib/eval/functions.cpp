#include "eval/functions.h"

#include <algorithm>
#include <array>

namespace ttam::eval {
namespace {

Result<Value> FuncTime(const FunctionArgs& in) {
  return Value(Scalar{in.t, static_cast<double>(in.t) / 1000.0});
}

constexpr std::array kFunctions = {
    FunctionImpl{"time", &FuncTime},
};

}  // namespace

std::span<const FunctionImpl> AllFunctionImpls() { return kFunctions; }

const FunctionImpl* FindFunctionImpl(const promql::Function& function) {
  auto it = std::lower_bound(kFunctions.begin(), kFunctions.end(), function.name,
                             [](const FunctionImpl& f, std::string_view n) { return f.name < n; });
  return it != kFunctions.end() && it->name == function.name ? &*it : nullptr;
}

}  // namespace ttam::eval
