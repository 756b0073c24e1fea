#include "fetch_flags.h"

#include <utility>

#include "support/units.h"

namespace ttam::cli {

namespace {

/// Reads a secret from a file: its content without the trailing newline.
Result<std::string> ReadSecretFile(FileSystem& fs, const std::string& path, const char* what) {
  auto text = fs.Read(path);
  if (!text) return Error{std::string("cannot read ") + what + " file " + path};
  std::string secret = std::move(*text);
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) return Error{std::string(what) + " file " + path + " is empty"};
  return secret;
}

}  // namespace

Result<scrape::ReadOptions> BuildReadOptions(const FetchFlags& o, FileSystem& fs) {
  scrape::ReadOptions read;
  if (o.input_format == "text") {
    read.format = expfmt::Format::kText;
  } else if (o.input_format == "openmetrics") {
    read.format = expfmt::Format::kOpenMetrics;
  }
  auto timeout = ParseDuration(o.timeout);
  if (!timeout) return Error{"--timeout: " + timeout.error().message};
  if (timeout->count() <= 0) return Error{"--timeout must be greater than 0s"};
  read.fetch.timeout = *timeout;
  auto max_bytes = ParseByteSize(o.max_bytes);
  if (!max_bytes) return Error{"--max-bytes: " + max_bytes.error().message};
  if (*max_bytes == 0) return Error{"--max-bytes must be greater than 0"};
  read.fetch.max_bytes = *max_bytes;
  for (const auto& header : o.headers) {
    size_t colon = header.find(':');
    if (colon == std::string::npos || colon == 0) {
      return Error{"--header \"" + header + "\": expected \"Name: value\""};
    }
    std::string name = header.substr(0, colon);
    std::string value = header.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    read.fetch.headers.emplace_back(name, value);
  }
  if (!o.bearer_token_file.empty()) {
    auto token = ReadSecretFile(fs, o.bearer_token_file, "--bearer-token-file");
    if (!token) return token.error();
    read.fetch.bearer_token = *token;
  }
  if (!o.basic_auth_password_file.empty() && o.basic_auth_user.empty()) {
    return Error{"--basic-auth-password-file needs --basic-auth-user"};
  }
  if (!o.basic_auth_user.empty()) {
    if (read.fetch.bearer_token) {
      return Error{"--basic-auth-user and --bearer-token-file cannot be used together"};
    }
    scrape::BasicAuth auth{o.basic_auth_user, ""};
    if (!o.basic_auth_password_file.empty()) {
      auto password = ReadSecretFile(fs, o.basic_auth_password_file, "--basic-auth-password-file");
      if (!password) return password.error();
      auth.password = *password;
    }
    read.fetch.basic_auth = auth;
  }
  read.fetch.ca_file = o.ca_file;
  read.fetch.insecure = o.insecure;
  return read;
}

void AddFetchFlags(CLI::App& app, FetchFlags& flags) {
  app.add_option("--input-format", flags.input_format,
                 "Exposition format: auto (Content-Type, or sniffed), text, openmetrics")
      ->check(CLI::IsMember({"auto", "text", "openmetrics"}))
      ->capture_default_str();
  app.add_option("--timeout", flags.timeout, "Deadline for the whole request (e.g. 10s)")
      ->type_name("DURATION")
      ->capture_default_str();
  app.add_option("--max-bytes", flags.max_bytes, "Largest body to accept (e.g. 64MiB)")
      ->type_name("SIZE")
      ->capture_default_str();
  app.add_option("--header", flags.headers, "Extra request header (repeatable)")
      ->type_name("'NAME: VALUE'")
      ->allow_extra_args(false);
  app.add_option("--bearer-token-file", flags.bearer_token_file,
                 "Send the file's content as a bearer token")
      ->type_name("FILE");
  app.add_option("--basic-auth-user", flags.basic_auth_user, "HTTP basic auth user")
      ->type_name("USER");
  app.add_option("--basic-auth-password-file", flags.basic_auth_password_file,
                 "HTTP basic auth password, read from a file")
      ->type_name("FILE");
  app.add_option("--ca-file", flags.ca_file, "CA bundle (PEM) to verify the server with")
      ->type_name("FILE");
  app.add_flag("--insecure", flags.insecure, "Do not verify the server's TLS certificate");
}

}  // namespace ttam::cli
