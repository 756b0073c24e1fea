// `ttam test-rules FILE...`: promtool's rule unit tests (`promtool test
// rules`). Text output is promtool's, followed by each failure as a
// positioned diagnostic at the failing exp_* entry with a diff of what was
// expected and what the rules produced; json, github and sarif go through
// the diagnostics engine; --junit writes promtool's JUnit XML.
#include <time.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common_options.h"
#include "junit.h"
#include "progress.h"
#include "ruletest/runner.h"
#include "subcommands.h"
#include "support/go_regexp.h"
#include "support/text.h"
#include "template/go_time.h"
#include "test_rules_output.h"

namespace ttam::cli {
namespace {

struct TestRulesOptions {
  std::vector<std::string> files;
  std::vector<std::string> run;
  std::string junit;
  std::vector<std::string> features;
  bool ignore_unknown_fields = false;
  bool quiet = false;
  bool debug = false;
  bool diff = false;  // promtool's --diff: accepted; ttam always shows the difference
};

struct RuleTestFeature {
  std::string_view name;
  void (*enable)(ruletest::Options&);
};

// promtool's --enable-feature names that change rule unit tests.
constexpr RuleTestFeature kRuleTestFeatures[] = {
    {"promql-experimental-functions",
     [](ruletest::Options& o) { o.experimental_functions = true; }},
    {"promql-delayed-name-removal", [](ruletest::Options& o) { o.delayed_name_removal = true; }},
    {"promql-duration-expr",
     [](ruletest::Options& o) { o.syntax.experimental_duration_expr = true; }},
    {"promql-extended-range-selectors",
     [](ruletest::Options& o) { o.syntax.extended_range_selectors = true; }},
    {"promql-binop-fill-modifiers",
     [](ruletest::Options& o) { o.syntax.binop_fill_modifiers = true; }},
};

std::string RuleTestFeatureList() {
  std::string list;
  for (const RuleTestFeature& f : kRuleTestFeatures)
    list += (list.empty() ? "" : ", ") + std::string(f.name);
  return list;
}

// Applies `names` to `options`; an unknown name gets promtool's warning on
// stderr and is otherwise ignored, as promtool does.
void ApplyFeatures(const std::vector<std::string>& names, ruletest::Options& options, Io& io) {
  for (const std::string& name : names) {
    if (name.empty()) continue;
    const RuleTestFeature* found = nullptr;
    for (const RuleTestFeature& f : kRuleTestFeatures) {
      if (f.name == name) found = &f;
    }
    if (found == nullptr) {
      io.err << "  WARNING: Unknown feature passed to --enable-feature: " << name << "\n";
      continue;
    }
    found->enable(options);
  }
}

// Source lines for diagnostics, each file read once through io.fs.
class SourceLines {
 public:
  explicit SourceLines(FileSystem& fs) : fs_(fs) {}
  /// Keeps `text` as the content of `path` (already read).
  void Add(const std::string& path, std::string text) { files_[path] = std::move(text); }
  /// The whole text of `path` ("" when it cannot be read).
  const std::string& Text(const std::string& path) {
    auto it = files_.find(path);
    if (it == files_.end()) {
      auto text = fs_.Read(path);
      it = files_.emplace(path, text ? *text : std::string()).first;
    }
    return it->second;
  }
  std::string Get(const std::string& path, int line) {
    if (path.empty() || line <= 0) return "";
    return LineAt(Text(path), line);
  }

 private:
  FileSystem& fs_;
  std::map<std::string, std::string> files_;
};

// promtool's suite timestamp: local time as Go's "2006-01-02T15:04:05".
std::string LocalTimestamp(int64_t now_ms) {
  time_t seconds = static_cast<time_t>(now_ms / 1000);
  struct tm local {};
  localtime_r(&seconds, &local);
  char buffer[32];
  strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &local);
  return buffer;
}

// Every problem of a file: the one that stopped it, then each group's.
std::vector<const ruletest::Problem*> Problems(const ruletest::FileOutcome& f) {
  std::vector<const ruletest::Problem*> out;
  for (const ruletest::GroupOutcome& g : f.groups) {
    for (const ruletest::Problem& p : g.problems) out.push_back(&p);
  }
  if (f.abort) out.push_back(&*f.abort);
  return out;
}

// promtool's --debug lines on stderr: per group, its start, its dump, its end.
void WriteDebug(const ruletest::FileOutcome& outcome, Io& io) {
  for (const ruletest::GroupOutcome& g : outcome.groups) {
    io.err << "DEBUG: Starting test " << g.name << "\n"
           << g.debug_dump << "DEBUG: Test " << g.name << " finished, took "
           << tmpl::GoDurationString(static_cast<int64_t>(g.seconds * 1e9)) << "\n";
  }
  io.err.flush();
}

int RunTestRules(const TestRulesOptions& o, const CommonOptions& common, Io& io) {
  ruletest::Options options;
  options.run = o.run;
  options.ignore_unknown_fields = o.ignore_unknown_fields;
  options.debug = o.debug;
  ApplyFeatures(o.features, options, io);
  if (!o.run.empty()) {
    std::string joined;
    for (const std::string& r : o.run) joined += (joined.empty() ? "" : "|") + r;
    if (auto error = GoRegexpError(joined)) {
      return CannotRun(io, "--run: invalid regular expression \"" + joined + "\": " + *error);
    }
  }
  // As promtool (kingpin's ExistingFiles), every file must exist before any
  // runs; one that cannot be read cannot be run either.
  SourceLines sources(io.fs);
  for (const std::string& path : o.files) {
    if (!io.fs.IsFile(path)) return CannotRun(io, "test file " + path + " does not exist");
    auto content = io.fs.Read(path);
    if (!content) return CannotRun(io, "test file " + path + ": " + content.error().message);
    sources.Add(path, std::move(*content));
  }

  Report report(common, io, TestRulesChecks());
  bool text = report.text();
  diag::Severity fail_on = diag::Severity::kError;
  diag::ParseSeverity(common.fail_on, &fail_on);
  std::string timestamp = LocalTimestamp(io.clock.NowMs());
  bool color =
      common.color == "always" || (common.color == "auto" && io.out_is_terminal && !io.no_color);

  std::vector<ruletest::FileOutcome> outcomes;
  size_t warnings = 0;
  Progress progress(io, io.err_is_terminal && !o.quiet && o.files.size() > 1, "files");
  for (size_t i = 0; i < o.files.size(); ++i) {
    progress.Update(i, o.files.size());
    ruletest::FileOutcome outcome = ruletest::RunTestFile(o.files[i], io.fs, options);
    progress.Clear();
    if (o.debug) WriteDebug(outcome, io);
    if (text) io.out << ruletest::PromtoolText(outcome);
    // promtool's text already holds the warnings.
    warnings += outcome.warnings.size();
    if (!text) {
      for (const std::string& w : outcome.warnings) {
        report.sink().Report(WarningDiagnostic(outcome.path, sources.Text(outcome.path), w));
      }
    }
    for (const ruletest::Problem* p : Problems(outcome)) {
      uint64_t shown_before = report.sink().summary().suppressed;
      report.sink().Report(ProblemDiagnostic(*p, sources.Get(p->position.path, p->position.line),
                                             /*diff_in_message=*/!text));
      bool shown = report.sink().summary().suppressed == shown_before &&
                   !report.sink().IsDisabled(TestRulesCheck(p->kind));
      if (text && shown && !p->diff.empty()) io.out << DiffBlock(*p, color);
    }
    if (text) io.out.flush();
    outcomes.push_back(std::move(outcome));
  }
  progress.Clear();

  bool could_not_run = false;
  if (!o.junit.empty()) {
    std::ofstream junit(o.junit, std::ios::binary | std::ios::trunc);
    junit << JunitXml(outcomes, timestamp);
    junit.close();
    if (!junit) {
      could_not_run = true;
      io.err << "ttam: error: cannot write the JUnit report to " << o.junit << "\n";
    }
  }

  bool failed = false;
  for (const ruletest::FileOutcome& f : outcomes) failed = failed || !f.Passed();
  int rc = kExitClean;
  if (text) {
    if (outcomes.size() > 1) io.out << "total: " << TotalsLine(outcomes) << "\n";
    io.out.flush();
    uint64_t findings = report.sink().summary().AtOrAbove(fail_on);
    if (fail_on <= diag::Severity::kWarning && !report.sink().IsDisabled(kTestRulesWarning)) {
      findings += warnings;
    }
    rc = findings > 0 ? kExitFindings : kExitClean;
  } else {
    std::vector<diag::JsonExtra> extras;
    if (report.json()) {
      // Serialised here rather than through JsonMember to keep the members in order.
      extras.push_back(
          {"test_rules",
           TestRulesJson(outcomes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
    }
    rc = report.Finish(extras);
  }
  // A failed test fails the run whatever --disable and --fail-on say, as in promtool.
  if (failed) rc = kExitFindings;
  return could_not_run ? kExitCannotRun : rc;
}

}  // namespace

Runner SetupTestRules(CLI::App& app, const CommonOptions& common) {
  auto options = std::make_shared<TestRulesOptions>();
  app.add_option("files", options->files, "Rule unit-test files (promtool's format)")
      ->required()
      ->type_name("FILE");
  app.add_option("--run", options->run,
                 "Run only the test groups whose name matches REGEX (Go syntax, unanchored; "
                 "repeatable, joined with |)")
      ->type_name("REGEX")
      ->allow_extra_args(false);
  app.add_option("--junit", options->junit, "Also write the results as JUnit XML to FILE")
      ->type_name("FILE");
  app.add_option("--enable-feature", options->features,
                 "Prometheus feature flags: " + RuleTestFeatureList() + " (unknown ones warn)")
      ->delimiter(',')
      ->type_name("NAME")
      ->allow_extra_args(false);
  app.add_flag("--ignore-unknown-fields", options->ignore_unknown_fields,
               "Ignore unknown fields in the rule files (the test file stays strict)");
  app.add_flag("--quiet", options->quiet, "No progress line on a terminal");
  app.add_flag("--debug", options->debug,
               "As promtool: per test group, DEBUG lines and a dump of every series on stderr");
  app.add_flag("--diff", options->diff,
               "Accepted for promtool compatibility (ttam always shows the difference)");
  return [options, &common](Io& io) { return RunTestRules(*options, common, io); };
}

}  // namespace ttam::cli
