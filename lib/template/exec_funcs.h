#pragma once

// The functions an executing alert template can call: Go's text/template
// builtins and Prometheus's function map, each with its Go signature (the
// parameter types decide how arguments are converted and which type errors
// Go reports) and its implementation.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "template/expand.h"
#include "template/value.h"

namespace ttam::tmpl {

/// A parameter's Go type.
enum class Param : uint8_t {
  kAny,      ///< interface{}
  kReflect,  ///< reflect.Value (the builtins: eq, index, len, and, ...)
  kString,   ///< string
  kFloat,    ///< float64
  kInt,      ///< int
  kBool,     ///< bool
  kSamples,  ///< template.queryResult
  kSample,   ///< *template.sample
};

/// The Go spelling of a parameter type, for error messages.
std::string_view ParamTypeName(Param p);

/// A function's error (Go's returned error or recovered panic), reported as
/// `error calling NAME: MESSAGE`.
struct CallError {
  std::string message;
};

/// What a function may use besides its arguments.
struct CallContext {
  const ExpandOptions* options = nullptr;
  const AlertData* data = nullptr;
};

/// One callable function.
struct ExecFunction {
  std::string_view name;
  std::vector<Param> params;  ///< the fixed parameters
  bool variadic = false;      ///< then also any number of `variadic_param`
  Param variadic_param = Param::kAny;
  /// Runs the function; throws CallError.
  Value (*impl)(const CallContext& ctx, std::vector<Value>& args) = nullptr;
};

/// The function named `name`, or nullptr.
const ExecFunction* FindExecFunction(std::string_view name);

/// text/template's truth (isTrue): false for nil, zero numbers, false and
/// empty strings, maps and slices; true otherwise (every value an alert
/// template can hold has a truth value).
bool IsTrue(const Value& v);

}  // namespace ttam::tmpl
