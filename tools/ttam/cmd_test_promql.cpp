// `ttam test-promql FILE...`: runs files in Prometheus's promqltest language
// (upstream's PromQL conformance suite format) against ttam's evaluator and
// reports each file's passed, failed and skipped evals; failures are
// positioned diagnostics with upstream's expected/got text.
#include <re2/re2.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common_options.h"
#include "eval/promqltest.h"
#include "eval/promqltest_run.h"
#include "progress.h"
#include "subcommands.h"
#include "support/text.h"
#include "test_promql_output.h"

namespace ttam::cli {
namespace {

namespace pt = eval::promqltest;

struct TestPromqlOptions {
  std::vector<std::string> files;
  std::string run;
  bool at_modifier_runs = false;
  bool quiet = false;
};

constexpr char kParseError[] = "promqltest/parse-error";
constexpr char kLoadError[] = "promqltest/load-error";
constexpr char kEvalFailed[] = "promqltest/eval-failed";

std::vector<diag::CheckInfo> TestPromqlChecks() {
  return {{kParseError, diag::Severity::kError, "The test file is not valid promqltest syntax"},
          {kLoadError, diag::Severity::kError, "A load block cannot be stored"},
          {kEvalFailed, diag::Severity::kError, "An eval's result differs from its expectation"}};
}

const pt::EvalCmd* FindEval(const pt::TestFile& file, int line) {
  for (const pt::Command& c : file.commands) {
    if (const auto* e = std::get_if<pt::EvalCmd>(&c); e != nullptr && e->line == line) return e;
  }
  return nullptr;
}

diag::Diagnostic Positioned(const std::string& path, std::string_view text, int line, int column,
                            const char* check, std::string message) {
  diag::Diagnostic d;
  d.path = path;
  d.line = static_cast<uint32_t>(line);
  d.column = static_cast<uint32_t>(column);
  d.check = check;
  d.message = std::move(message);
  d.source_line = LineAt(text, line);
  return d;
}

int RunTestPromql(const TestPromqlOptions& o, const CommonOptions& common, Io& io) {
  pt::RunOptions run;
  run.at_modifier_runs = o.at_modifier_runs;
  std::shared_ptr<RE2> filter;
  if (!o.run.empty()) {
    filter = std::make_shared<RE2>(o.run, RE2::Quiet);
    if (!filter->ok())
      return CannotRun(io, "--run: invalid regular expression: " + filter->error());
    run.select = [filter](const pt::EvalCmd& cmd) { return RE2::PartialMatch(cmd.expr, *filter); };
  }
  // JSON has its own document on stdout; the other formats report through
  // the diagnostics pipeline. With JSON, positioned errors (a malformed
  // file) go to stderr as text diagnostics.
  bool json = common.format == "json";
  CommonOptions diag_options = common;
  Io diag_io{.in = io.in,
             .out = json ? io.err : io.out,
             .err = io.err,
             .fs = io.fs,
             .clock = io.clock,
             .out_is_terminal = json ? io.err_is_terminal : io.out_is_terminal,
             .err_is_terminal = io.err_is_terminal,
             .no_color = io.no_color};
  if (json) diag_options.format = "text";
  Report report(diag_options, diag_io, TestPromqlChecks());
  bool text = !json && report.text();

  bool could_not_run = false;
  std::vector<TestedFile> tested;
  std::vector<const pt::EvalOutcome*> all;
  Progress progress(io, io.err_is_terminal && !o.quiet && o.files.size() > 1, "files");
  for (size_t i = 0; i < o.files.size(); ++i) {
    progress.Update(i, o.files.size());
    const std::string& path = o.files[i];
    auto content = ReadInput(path, io, io.fs);
    std::string display = path == "-" ? "<stdin>" : path;
    if (!content) {
      progress.Clear();
      io.err << "ttam: error: " << content.error().message << "\n";
      could_not_run = true;
      continue;
    }
    pt::TestFile file = pt::ParseTestFile(*content);
    TestedFile t{display, {}};
    if (!file.ok()) {
      progress.Clear();
      report.sink().Report(Positioned(display, *content, file.error->line, file.error->column,
                                      kParseError, file.error->message));
      could_not_run = true;
      if (json) tested.push_back(std::move(t));
      continue;
    }
    t.outcome = pt::RunTestFile(file, run);
    progress.Clear();
    if (t.outcome.load_error) {
      report.sink().Report(Positioned(display, *content, t.outcome.load_error_line, 1, kLoadError,
                                      *t.outcome.load_error));
      could_not_run = true;
    }
    if (!json) {
      for (const pt::EvalOutcome& e : t.outcome.evals) {
        if (e.status != pt::EvalStatus::kFailed) continue;
        const pt::EvalCmd* cmd = FindEval(file, e.line);
        diag::Diagnostic d =
            Positioned(display, *content, e.line, cmd != nullptr ? cmd->expr_column : 1,
                       kEvalFailed, e.message);
        if (cmd != nullptr) d.end_column = d.column + static_cast<uint32_t>(cmd->expr.size());
        report.sink().Report(std::move(d));
      }
    }
    tested.push_back(std::move(t));
    std::vector<const pt::EvalOutcome*> evals;
    for (const pt::EvalOutcome& e : tested.back().outcome.evals) evals.push_back(&e);
    if (text) io.out << display << ": " << CountsLine(evals) << "\n";
  }
  progress.Clear();
  int failed = 0;
  for (const TestedFile& t : tested) {
    failed += t.outcome.Count(pt::EvalStatus::kFailed);
    for (const pt::EvalOutcome& e : t.outcome.evals) all.push_back(&e);
  }
  if (json) {
    io.out << TestPromqlJson(tested).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
    io.out.flush();
    if (could_not_run) return kExitCannotRun;
    return failed > 0 ? kExitFindings : kExitClean;
  }
  if (text) {
    if (o.files.size() > 1) io.out << "total: " << CountsLine(all) << "\n";
    io.out.flush();
    if (could_not_run) return kExitCannotRun;
    // Every finding is an error, so any --fail-on level fails on a failed eval.
    return failed > 0 ? kExitFindings : kExitClean;
  }
  int rc = report.Finish();
  return could_not_run ? kExitCannotRun : rc;
}

}  // namespace

Runner SetupTestPromql(CLI::App& app, const CommonOptions& common) {
  auto options = std::make_shared<TestPromqlOptions>();
  app.add_option("files", options->files, "promqltest files (*.test)")
      ->required()
      ->type_name("FILE");
  app.add_option("--run", options->run,
                 "Run only the evals whose expression matches REGEX (RE2, unanchored)")
      ->type_name("REGEX");
  app.add_flag("--at-modifier-runs", options->at_modifier_runs,
               "Also run upstream's @ re-runs of instant evals (the expression pinned with @ T, "
               "re-printed, at -10T, 0, T/5, T and 10T)");
  app.add_flag("--quiet", options->quiet, "No progress line on a terminal");
  return [options, &common](Io& io) { return RunTestPromql(*options, common, io); };
}

}  // namespace ttam::cli
