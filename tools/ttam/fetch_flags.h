#pragma once

// The options that say how to read an exposition (format, deadline, size
// limit, headers, auth, TLS), shared by `scrape` and `cardinality`.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "scrape/read_exposition.h"
#include "support/filesystem.h"
#include "support/result.h"

namespace ttam::cli {

/// The flags as given.
struct FetchFlags {
  std::string input_format = "auto";
  std::string timeout = "10s";
  std::string max_bytes = "64MiB";
  std::vector<std::string> headers;
  std::string bearer_token_file;
  std::string basic_auth_user;
  std::string basic_auth_password_file;
  std::string ca_file;
  bool insecure = false;
};

/// Registers --input-format, --timeout, --max-bytes, --header,
/// --bearer-token-file, --basic-auth-user, --basic-auth-password-file,
/// --ca-file and --insecure on `app`.
void AddFetchFlags(CLI::App& app, FetchFlags& flags);

/// Turns the flags into read options (reading the secret files); an Error is
/// a usage problem.
Result<scrape::ReadOptions> BuildReadOptions(const FetchFlags& flags, FileSystem& fs);

}  // namespace ttam::cli
