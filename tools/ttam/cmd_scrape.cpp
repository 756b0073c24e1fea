// `ttam scrape <URL|FILE|->`: read one exposition; summarise it, dump it as
// JSON, or lint it with --check.
#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common_options.h"
#include "expfmt/parser.h"
#include "expfmt/stats.h"
#include "lint/exposition_check.h"
#include "lint/exposition_linter.h"
#include "scrape/fetch.h"
#include "scrape/read_exposition.h"
#include "scrape_json.h"
#include "subcommands.h"
#include "support/units.h"

namespace ttam::cli {
namespace {

struct ScrapeOptions {
  std::string target;
  bool check = false;
  std::string input_format = "auto";
  std::string timeout = "10s";
  std::string max_bytes = "64MiB";
  std::vector<std::string> headers;
  std::string bearer_token_file;
  std::string basic_auth_user;
  std::string basic_auth_password_file;
  std::string ca_file;
  bool insecure = false;
  std::string require_prefix;
};

/// Reads a secret from a file: its content without the trailing newline.
Result<std::string> ReadSecretFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{std::string("cannot read ") + what + " file " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string secret = ss.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) return Error{std::string(what) + " file " + path + " is empty"};
  return secret;
}

/// Turns the command-line options into read options; an Error is a usage problem.
Result<scrape::ReadOptions> BuildReadOptions(const ScrapeOptions& o) {
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
    auto token = ReadSecretFile(o.bearer_token_file, "--bearer-token-file");
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
      auto password = ReadSecretFile(o.basic_auth_password_file, "--basic-auth-password-file");
      if (!password) return password.error();
      auth.password = *password;
    }
    read.fetch.basic_auth = auth;
  }
  read.fetch.ca_file = o.ca_file;
  read.fetch.insecure = o.insecure;
  return read;
}

std::vector<diag::CheckInfo> AllExpositionChecks() {
  std::vector<diag::CheckInfo> checks;
  for (const auto& c : expfmt::ParserChecks()) checks.push_back(c);
  for (const auto& c : lint::ExpositionChecks()) checks.push_back({c.id, c.severity, c.summary});
  return checks;
}

int RunScrape(const ScrapeOptions& options, const CommonOptions& common, Io& io) {
  auto read = BuildReadOptions(options);
  if (!read) return CannotRun(io, read.error().message);

  Report report(common, io, AllExpositionChecks());
  expfmt::TeeConsumer tee;
  // Only the summary line and the JSON document show the series count.
  expfmt::StatsConsumer stats(!options.check || report.json());
  tee.Add(stats);
  std::optional<JsonDumpConsumer> dump;
  if (!options.check && report.json()) {
    dump.emplace();
    tee.Add(*dump);
  }
  lint::ExpositionOptions lint_options;
  lint_options.require_prefix = options.require_prefix;
  lint_options.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  std::unique_ptr<lint::ExpositionLinter> linter;
  auto client = scrape::MakeHttpClient(TTAM_VERSION);
  std::string display = options.target == "-" ? "<stdin>" : options.target;
  if (options.check) {
    linter = std::make_unique<lint::ExpositionLinter>(
        display, lint_options, report.sink(),
        [&](std::string_view id) { return !report.sink().IsDisabled(id); });
    tee.Add(*linter);
  }

  auto result = scrape::ReadExposition(options.target, *read, *client, tee, report.sink());
  if (!result) {
    report.Abandon();
    return CannotRun(io, result.error().message);
  }
  const scrape::ReadSummary& summary = *result;
  std::vector<diag::JsonExtra> extras;
  if (report.json()) {
    extras.push_back({"scrape", ScrapeSummaryJson(summary, stats, dump ? &*dump : nullptr)});
  } else if (report.text() && !options.check) {
    io.out << summary.target << ": " << stats.families() << " families, " << stats.series()
           << " series, " << stats.samples() << " samples, " << FormatBytes(summary.bytes)
           << " (" << expfmt::FormatName(summary.format) << "), " << summary.elapsed.count()
           << " ms\n";
  }
  return report.Finish(extras);
}

}  // namespace

Runner SetupScrape(CLI::App& app, const CommonOptions& common) {
  auto options = std::make_shared<ScrapeOptions>();
  app.add_option("target", options->target, "http(s) URL, file, or - for stdin")
      ->required()
      ->type_name("URL|FILE|-");
  app.add_flag("--check", options->check, "Lint the exposition");
  app.add_option("--input-format", options->input_format,
                 "Exposition format: auto (Content-Type, or sniffed), text, openmetrics")
      ->check(CLI::IsMember({"auto", "text", "openmetrics"}))
      ->capture_default_str();
  app.add_option("--timeout", options->timeout, "Deadline for the whole request (e.g. 10s)")
      ->type_name("DURATION")
      ->capture_default_str();
  app.add_option("--max-bytes", options->max_bytes, "Largest body to accept (e.g. 64MiB)")
      ->type_name("SIZE")
      ->capture_default_str();
  app.add_option("--header", options->headers, "Extra request header (repeatable)")
      ->type_name("'NAME: VALUE'")
      ->allow_extra_args(false);
  app.add_option("--bearer-token-file", options->bearer_token_file,
                 "Send the file's content as a bearer token")
      ->type_name("FILE");
  app.add_option("--basic-auth-user", options->basic_auth_user, "HTTP basic auth user")
      ->type_name("USER");
  app.add_option("--basic-auth-password-file", options->basic_auth_password_file,
                 "HTTP basic auth password, read from a file")
      ->type_name("FILE");
  app.add_option("--ca-file", options->ca_file, "CA bundle (PEM) to verify the server with")
      ->type_name("FILE");
  app.add_flag("--insecure", options->insecure, "Do not verify the server's TLS certificate");
  app.add_option("--require-prefix", options->require_prefix,
                 "Every metric name must start with this prefix (e.g. primitive_)")
      ->type_name("PREFIX");
  return [options, &common](Io& io) { return RunScrape(*options, common, io); };
}

}  // namespace ttam::cli
