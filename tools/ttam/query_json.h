#pragma once

// `ttam query --format json`: the body Prometheus's HTTP API sends for
// /api/v1/query and /api/v1/query_range, byte for byte (web/api/v1's
// Response with jsoniter's standard-library-compatible encoding).

#include <string>
#include <string_view>
#include <vector>

#include "eval/value.h"

namespace ttam::cli {

/// A string as Prometheus's API writes it: quoted, `"` `\` and control
/// characters escaped, `<` `>` `&` as \u003c \u003e \u0026, U+2028 and U+2029
/// escaped, invalid UTF-8 as \ufffd. Label sets go through Go's
/// encoding/json, which also writes \b and \f (`encoding_json`); other
/// strings through jsoniter, which writes \u0008 and \u000c.
std::string GoJsonString(std::string_view text, bool encoding_json = false);

/// `{"status":"success","data":{"resultType":…,"result":…},"warnings":[…],"infos":[…]}`,
/// the annotation lists left out when empty; no trailing newline.
std::string ApiSuccessBody(const eval::Value& value, const std::vector<std::string>& warnings,
                           const std::vector<std::string>& infos);

}  // namespace ttam::cli
