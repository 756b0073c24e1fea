// libFuzzer target for the PromQL front end: any input must parse or fail
// without crashing or tripping a sanitizer. When it parses, the printed form
// must parse again to a structurally Equal tree (printer.h's promise), and
// the type checker must run on it, with and without experimental functions.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "promql/ast.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "promql/printer.h"

namespace {

[[noreturn]] void RoundTripFailure(std::string_view input, const std::string& printed,
                                   const char* what) {
  std::fprintf(stderr, "promql round trip: %s\ninput:   %.*s\nprinted: %s\n", what,
               static_cast<int>(input.size()), input.data(), printed.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace promql = ttam::promql;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Every experimental syntax on: the stable language is a subset, and the
  // feature gates are table-tested.
  const promql::ParseOptions all = promql::ParseOptions::All();
  promql::ParseResult parsed = promql::Parse(input, all);
  if (!parsed.ok()) return 0;

  std::string printed = promql::Print(*parsed.expr);
  promql::ParseResult reparsed = promql::Parse(printed, all);
  if (!reparsed.ok()) RoundTripFailure(input, printed, "the printed form does not parse");
  if (!promql::Equal(*parsed.expr, *reparsed.expr)) {
    RoundTripFailure(input, printed, "the printed form parses to a different tree");
  }

  promql::CheckOptions options;
  options.source = input;
  (void)promql::Check(*parsed.expr, options);
  options.enable_experimental_functions = true;
  (void)promql::Check(*parsed.expr, options);
  (void)promql::TypeOf(*parsed.expr);
  return 0;
}
