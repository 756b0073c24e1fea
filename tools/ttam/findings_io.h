#pragma once

// Where a command that prints results of its own sends its findings.

#include <string>

#include "common_options.h"

namespace ttam::cli {

/// True for the --format values that carry findings only (github, sarif,
/// gitlab): a command with results of its own then prints just the findings.
inline bool FindingsOnlyFormat(const std::string& format) {
  return format == "github" || format == "sarif" || format == "gitlab";
}

/// The process's streams with the findings moved to standard error when
/// `to_stderr` (standard output holds the command's results, e.g. a table
/// or generated rules), or left on standard output; colour follows the
/// stream the findings go to.
inline Io FindingsIo(Io& io, bool to_stderr) {
  return Io{.in = io.in,
            .out = to_stderr ? io.err : io.out,
            .err = io.err,
            .fs = io.fs,
            .clock = io.clock,
            .out_is_terminal = to_stderr ? io.err_is_terminal : io.out_is_terminal,
            .err_is_terminal = io.err_is_terminal,
            .no_color = io.no_color};
}

}  // namespace ttam::cli
