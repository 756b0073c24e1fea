#pragma once

// Small text helpers of the promqltest reader: Go string literals.

#include <cstddef>
#include <string>
#include <string_view>

namespace ttam::eval::promqltest {

/// Reads the Go/PromQL string literal ("…", '…' or `…`) at the start of `s`
/// into `out`; `consumed` is its length in `s`. False with a message when it
/// is not a well-formed literal.
bool UnquotePrefix(std::string_view s, std::string* out, size_t* consumed, std::string* message);

/// strconv.Unquote: `s` must be exactly one literal.
bool Unquote(std::string_view s, std::string* out);

}  // namespace ttam::eval::promqltest
