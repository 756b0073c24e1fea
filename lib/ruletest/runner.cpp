// RunTestFile: reads a unit-test file, globs and loads its rule files, and
// runs each selected test group (group_eval.cpp); PromtoolText prints the
// outcome as promtool does.

#include "ruletest/runner.h"

#include <re2/re2.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "ruletest/group_eval.h"
#include "ruletest/rule_set.h"
#include "ruletest/test_file.h"
#include "support/go_regexp.h"

namespace ttam::ruletest {
namespace {

// Go's filepath.Clean: no `.`, `..` resolved lexically, single slashes.
std::string CleanPath(const std::string& path) {
  if (path.empty()) return ".";
  const bool rooted = path[0] == '/';
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += "/";
    out += parts[k];
  }
  return out.empty() ? "." : out;
}

// promtool's resolveAndGlobFilepaths: relative patterns joined to the test
// file's directory (filepath.Join, which cleans), absolute ones as written.
std::string ResolvePattern(const std::string& test_file, const std::string& pattern) {
  if (pattern.empty() || pattern[0] == '/') return pattern;
  size_t slash = test_file.rfind('/');
  std::string dir = slash == std::string::npos ? "." : test_file.substr(0, slash + 1);
  return CleanPath(dir + "/" + pattern);
}

}  // namespace

bool FileOutcome::Passed() const {
  if (abort) return false;
  for (const GroupOutcome& g : groups)
    if (!g.problems.empty()) return false;
  return true;
}

FileOutcome RunTestFile(const std::string& path, FileSystem& fs, const Options& given) {
  // Duration expressions are always on in promtool 3.x (promql-duration-expr is a no-op).
  Options options = given;
  options.syntax.experimental_duration_expr = true;
  FileOutcome out;
  out.path = path;
  auto abort = [&](std::string text, int line = 0, int column = 0) {
    Problem p;
    p.kind = ProblemKind::kFile;
    p.summary = text;
    p.text = std::move(text);
    p.position = Position{path, line, column};
    out.abort = std::move(p);
    return out;
  };
  std::variant<TestFile, FileError> parsed;
  {
    // The text is not needed once parsed (the model owns its strings).
    Result<std::string> text = fs.Read(path);
    if (!text) return abort(text.error().message);
    parsed = ParseTestFile(path, *text);
  }
  if (auto* e = std::get_if<FileError>(&parsed))
    return abort(e->text, e->mark.line, e->mark.column);
  const TestFile& file = std::get<TestFile>(parsed);

  std::vector<std::string> rule_files;
  for (const std::string& pattern : file.rule_files) {
    std::string resolved = ResolvePattern(path, pattern);
    Result<std::vector<std::string>> matches = fs.Glob(resolved);
    if (!matches) return abort(matches.error().message);
    if (matches->empty()) out.warnings.push_back("no file match pattern " + resolved);
    for (std::string& m : *matches) rule_files.push_back(std::move(m));
  }

  std::unique_ptr<re2::RE2> run;
  if (!options.run.empty()) {
    std::string joined;
    for (size_t i = 0; i < options.run.size(); ++i) {
      if (i > 0) joined += "|";
      joined += options.run[i];
    }
    if (std::optional<std::string> bad = GoRegexpError(joined))
      return abort("invalid --run pattern " + joined + ": " + *bad);
    run = CompileGoRegexp(".*(?:" + joined + ").*");
  }

  RuleSet rules = LoadRuleSet(rule_files, fs, options);
  GroupContext context;
  context.path = &out.path;
  context.file = &file;
  context.rules = &rules;
  context.order = EvaluationOrder(rules, file.group_eval_order);
  context.options = &options;
  for (size_t i = 0; i < file.tests.size(); ++i) {
    const TestGroup& group = file.tests[i];
    if (run && !re2::RE2::FullMatch(group.name, *run)) continue;
    GroupOutcome g;
    g.name = group.name;
    g.index = i;
    g.position = Position{path, group.mark.line, group.mark.column};
    auto start = std::chrono::steady_clock::now();
    g.problems = RunGroup(group, context, options.debug ? &g.debug_dump : nullptr);
    g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.groups.push_back(std::move(g));
  }
  return out;
}

std::string PromtoolText(const FileOutcome& outcome) {
  std::string out;
  for (const std::string& w : outcome.warnings) out += "  WARNING: " + w + "\n";
  if (outcome.Passed()) return out + "  SUCCESS\n\n";
  out += "  FAILED:\n";
  if (outcome.abort) {
    out += outcome.abort->text + "\n\n";
  } else {
    for (const GroupOutcome& g : outcome.groups)
      for (const Problem& p : g.problems) out += p.text + "\n\n";
  }
  return out + "\n";
}

}  // namespace ttam::ruletest
