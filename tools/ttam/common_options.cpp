#include "common_options.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>

namespace ttam::cli {

void AddCommonOptions(CLI::App& app, CommonOptions& options) {
  app.option_defaults()->always_capture_default();
  app.add_option("--format", options.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "github", "sarif", "gitlab"}))
      ->capture_default_str();
  app.add_option("--color", options.color, "Colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--fail-on", options.fail_on,
                 "Exit 1 when a finding at or above this severity is reported (burn-rate: "
                 "page = error, ticket = warning)")
      ->check(CLI::IsMember({"error", "warning", "info", "page", "ticket"}))
      ->capture_default_str();
  app.add_option("--disable", options.disable,
                 "Do not report this check id, group (metrics/*) or * (repeatable)")
      ->type_name("ID")
      ->allow_extra_args(false);
  app.add_option("--enable", options.enable,
                 "Also run this off-by-default check id, group (rules/*), or strict for every "
                 "check (repeatable; --disable wins)")
      ->type_name("ID")
      ->allow_extra_args(false);
  app.add_option("--max-findings", options.max_findings,
                 "Report at most N findings, the most severe first (0 = no limit)")
      ->capture_default_str();
  app.add_option("--group-after", options.group_after,
                 "Text output: after N findings of one check in one file, one line counts the "
                 "rest (0 = show every finding)")
      ->capture_default_str();
}

Report::Report(const CommonOptions& options, Io& io, std::vector<diag::CheckInfo> checks) {
  diag::ParseFormat(options.format, &format_);
  fail_on_ = diag::Severity::kError;
  // burn-rate's verdicts are its severities: page is an error, ticket a warning.
  std::string fail_on = options.fail_on == "page"     ? "error"
                        : options.fail_on == "ticket" ? "warning"
                                                      : options.fail_on;
  diag::ParseSeverity(fail_on, &fail_on_);
  diag::RenderOptions render;
  render.color =
      options.color == "always" || (options.color == "auto" && io.out_is_terminal && !io.no_color);
  render.tool_version = TTAM_VERSION;
  render.information_uri = "https://github.com/ttam-dev/ttam";
  enable_ = options.enable;
  for (const diag::CheckInfo& info : checks) {
    if (info.enablement == diag::Enablement::kOffByDefault) off_by_default_.push_back(info.id);
  }
  // A misspelt --enable would otherwise change nothing, silently.
  for (const std::string& pattern : enable_) {
    bool names_one = pattern == "strict" ||
                     std::any_of(checks.begin(), checks.end(), [&](const diag::CheckInfo& info) {
                       return diag::CheckMatches(pattern, info.id);
                     });
    if (!names_one)
      io.err << "ttam: warning: --enable " << pattern << " names no check of this command\n";
  }
  render.checks = std::move(checks);
  render.group_after = options.group_after;
  renderer_ = diag::MakeRenderer(format_, io.out, std::move(render));
  filter_ = std::make_unique<diag::FilterSink>(*renderer_, options.disable, options.max_findings);
}

bool Report::Runs(std::string_view id) const {
  if (filter_->IsDisabled(id)) return false;
  if (std::find(off_by_default_.begin(), off_by_default_.end(), id) == off_by_default_.end()) {
    return true;
  }
  return std::any_of(enable_.begin(), enable_.end(), [&](const std::string& pattern) {
    return pattern == "strict" || diag::CheckMatches(pattern, id);
  });
}

int Report::Finish(const std::vector<diag::JsonExtra>& extras) {
  filter_->Flush();
  diag::Summary summary = filter_->summary();
  summary.nothing_checked = nothing_checked_ || filter_->AllDisabled();
  renderer_->Finish(summary, extras);
  return summary.AtOrAbove(fail_on_) > 0 ? kExitFindings : kExitClean;
}

void Report::Abandon() {
  filter_->Flush();
  if (format_ == diag::Format::kJson || format_ == diag::Format::kSarif ||
      format_ == diag::Format::kGitlab) {
    renderer_->Finish(filter_->summary());
  }
}

int CannotRun(Io& io, const std::string& message) {
  io.err << "ttam: error: " << message << "\n";
  io.err.flush();
  return kExitCannotRun;
}

Result<std::string> ReadInput(const std::string& file, Io& io, FileSystem& fs) {
  if (file != "-") return fs.Read(file);
  std::string text((std::istreambuf_iterator<char>(io.in)), std::istreambuf_iterator<char>());
  if (io.in.bad()) return Error{"cannot read standard input"};
  return text;
}

diag::JsonExtra JsonMember(std::string name, const nlohmann::json& value) {
  return {std::move(name), value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

}  // namespace ttam::cli
