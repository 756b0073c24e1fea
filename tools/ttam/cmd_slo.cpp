// `ttam slo generate SPEC.yml [-o rules.yml] [--tests tests.yml]`: an SLO
// spec's recording and alerting rules (sloth's names), and the rule unit
// tests that prove each alert fires at its burn rate and not below it.
//
// The spec's problems are findings (`slo/spec`) in --format; a spec with
// errors writes nothing and exits 2 (the rules could not be made), as every
// ttam command does for input it cannot use. The findings go to stdout,
// except when the rules do (no -o): then to stderr, so that stdout stays a
// rules file.
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "atomic_file.h"
#include "common_options.h"
#include "findings_io.h"
#include "slo/slo_rules.h"
#include "slo/slo_spec.h"
#include "subcommands.h"
#include "support/number.h"

namespace ttam::cli {
namespace {

struct SloGenerateOptions {
  std::string spec;
  std::string output;
  std::string tests;
  std::string min_events = "100";
};

const diag::CheckInfo kSloSpecCheck{
    slo::kSpecCheck, diag::Severity::kError,
    "an SLO spec file's problem: unknown field, bad objective or period, a query that does not "
    "parse"};

// The rules file as the tests file names it: relative to the tests file's
// directory, as promtool resolves rule_files.
std::string SloRulesPathFromTests(const std::string& rules, const std::string& tests) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path rules_abs = fs::absolute(rules, ec);
  fs::path tests_dir = fs::absolute(tests, ec).parent_path();
  fs::path relative = rules_abs.lexically_normal().lexically_relative(tests_dir.lexically_normal());
  return relative.empty() ? rules_abs.string() : relative.generic_string();
}

// Two names of one file (after making them absolute); false when either is
// empty or standard input.
bool SloSamePath(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty() || a == "-" || b == "-") return false;
  namespace fs = std::filesystem;
  std::error_code ec;
  return fs::absolute(a, ec).lexically_normal() == fs::absolute(b, ec).lexically_normal();
}

Status SloWriteAtomically(const std::string& path, const std::string& text) {
  auto file = AtomicFile::Create(path);
  if (!file) return file.error();
  (*file)->stream() << text;
  return (*file)->Commit();
}

int RunSloGenerate(const SloGenerateOptions& o, const CommonOptions& common, Io& io) {
  slo::RulesOptions rules_options;
  if (!ParseFloat(o.min_events, &rules_options.min_events) || !(rules_options.min_events >= 0) ||
      rules_options.min_events > 1e15) {
    return CannotRun(io, "--min-events " + o.min_events +
                             ": give a number of events, e.g. 100 (0 turns the guard off)");
  }
  std::string output = o.output == "-" ? "" : o.output;
  if (!o.tests.empty() && output.empty()) {
    return CannotRun(io, "--tests needs -o: the tests name the rules file they load");
  }
  if (!output.empty() && SloSamePath(output, o.tests)) {
    return CannotRun(io, "-o and --tests name the same file; give two files");
  }
  if (SloSamePath(o.spec, output) || SloSamePath(o.spec, o.tests)) {
    return CannotRun(io, o.spec + " is the spec: write the rules and tests to other files");
  }
  auto text = ReadInput(o.spec, io, io.fs);
  if (!text) return CannotRun(io, text.error().message);

  bool rules_on_stdout = output.empty();
  Io findings_io = FindingsIo(io, rules_on_stdout);
  Report report(common, findings_io, {kSloSpecCheck});
  auto specs = slo::ParseSpecFile(*text, o.spec == "-" ? "<stdin>" : o.spec, report.sink());
  if (!specs) {
    if (!report.AnyFindings()) {
      report.Abandon();
      return CannotRun(io, specs.error().message);
    }
    report.Finish();
    io.out.flush();
    return CannotRun(io, (o.spec == "-" ? "<stdin>" : o.spec) +
                             ": no rules written: fix the spec's errors above");
  }

  std::string rules = slo::GenerateRules(*specs, rules_options);
  if (rules_on_stdout) {
    io.out << rules;
    io.out.flush();
  } else if (Status s = SloWriteAtomically(output, rules); !s) {
    report.Abandon();
    return CannotRun(io, s.error().message);
  }
  nlohmann::json summary{{"rules", output.empty() ? "-" : output},
                         {"slos", nlohmann::json::array()}};
  for (const slo::SloSpec& spec : specs->slos) summary["slos"].push_back(spec.name);
  if (!o.tests.empty()) {
    slo::GeneratedTests tests =
        slo::GenerateTests(*specs, SloRulesPathFromTests(output, o.tests), rules_options);
    for (const std::string& skipped : tests.skipped) {
      io.err << "ttam: warning: no tests for " << skipped << "\n";
    }
    if (Status s = SloWriteAtomically(o.tests, tests.yaml); !s) {
      report.Abandon();
      return CannotRun(io, s.error().message);
    }
    summary["tests"] = o.tests;
    summary["untested"] = tests.skipped;
  }
  // Text output stays quiet on a clean spec (the rules may be on stdout).
  if (report.text() && !report.AnyFindings()) return kExitClean;
  return report.Finish({JsonMember("slo_generate", summary)});
}

}  // namespace

Runner SetupSlo(CLI::App& app, const CommonOptions& common) {
  app.require_subcommand(1);
  auto o = std::make_shared<SloGenerateOptions>();
  CLI::App* generate =
      app.add_subcommand("generate", "Write an SLO spec's recording and alerting rules and tests");
  generate->add_option("spec", o->spec, "The SLO spec (ttam, sloth prometheus/v1 or OpenSLO v1)")
      ->required()
      ->type_name("SPEC.yml");
  generate->add_option("-o,--output", o->output, "Write the rules here (default or -: stdout)")
      ->type_name("FILE");
  generate
      ->add_option("--tests", o->tests,
                   "Also write a promtool rule unit-test file proving the alerts (needs -o)")
      ->type_name("FILE");
  generate
      ->add_option("--min-events", o->min_events,
                   "Low-traffic guard: a window pair alerts only when its short window saw at "
                   "least N events (0: no guard)")
      ->type_name("N")
      ->capture_default_str();
  return [o, &common](Io& io) { return RunSloGenerate(*o, common, io); };
}

}  // namespace ttam::cli
