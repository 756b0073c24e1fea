// Differential test of `ttam test-rules` (lib/ruletest) against `promtool
// test rules` 2.42. ruletest_gen.h generates (rule file, unit-test file)
// pairs with empty expectations; promtool runs them and its failure output
// (spec §4.6: the `got:` alert lists and sample lists) fills in the real
// expectations; the final files must pass under promtool and under
// ruletest::RunTestFile. Then one mutant per file (an expected value, label
// or annotation changed) must fail under both, and ttam's promtool-style
// text of the failure (ruletest::PromtoolText) must be promtool's exactly.
//
// To study a file: TTAM_RULETEST_DIFF_KEEP=DIR keeps the generated files.

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ruletest_gen.h"
#include "support/process.h"
#include "support/promtool.h"

#ifdef TTAM_HAVE_RULETEST
#include "ruletest/runner.h"
#include "support/filesystem.h"
#endif

namespace ttam {
namespace {

using test::ruletestdiff::AlertItem;
using test::ruletestdiff::ExpAlert;
using test::ruletestdiff::ExprItem;
using test::ruletestdiff::ExpSample;
using test::ruletestdiff::GeneratedCase;
using test::ruletestdiff::TestGroup;

const std::string kPromtool = test::FindPromtool();
constexpr uint32_t kSeed = 20261205;
constexpr size_t kFiles = 320;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Reads a Go-quoted string starting at s[pos] == '"'; advances pos past it.
std::string GoUnquote(std::string_view s, size_t& pos) {
  std::string out;
  ++pos;
  while (pos < s.size() && s[pos] != '"') {
    if (s[pos] == '\\' && pos + 1 < s.size()) {
      char c = s[++pos];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[pos];
    }
    ++pos;
  }
  ++pos;
  return out;
}

// `{a="b", c="d"}` (labels.String()) as a map.
std::map<std::string, std::string> ParseLabels(std::string_view s) {
  std::map<std::string, std::string> out;
  size_t pos = s.find('{');
  if (pos == std::string_view::npos) return out;
  ++pos;
  while (pos < s.size() && s[pos] != '}') {
    while (s[pos] == ' ' || s[pos] == ',') ++pos;
    size_t eq = s.find('=', pos);
    std::string name(s.substr(pos, eq - pos));
    pos = eq + 1;
    out[name] = GoUnquote(s, pos);
  }
  return out;
}

// The samples of a `got:` line: `nil` or `{…} 1E+00, {…} 2E+00`.
std::vector<ExpSample> ParseSamples(std::string_view s) {
  std::vector<ExpSample> out;
  if (s == "nil") return out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t begin = pos;
    // Past the braces, skipping quoted values.
    while (pos < s.size() && s[pos] != '}') {
      if (s[pos] == '"') {
        GoUnquote(s, pos);
      } else {
        ++pos;
      }
    }
    ExpSample sample;
    sample.labels = std::string(s.substr(begin, pos + 1 - begin));
    pos += 2;  // "} "
    size_t end = s.find(", ", pos);
    if (end == std::string_view::npos) end = s.size();
    sample.value = std::strtod(std::string(s.substr(pos, end - pos)).c_str(), nullptr);
    out.push_back(sample);
    pos = end == s.size() ? end : end + 2;
  }
  return out;
}

// One file's section of promtool's output: whether it passed and, if not,
// what its failures say.
struct Section {
  bool success = false;
  std::vector<std::string> lines;
};

// Splits promtool 2.42's output of several files (`Unit Testing:  <file>`
// headers; stdout and stderr merged) by file.
std::map<std::string, Section> SplitSections(const std::string& output) {
  std::map<std::string, Section> out;
  Section* current = nullptr;
  for (const std::string& line : Lines(output)) {
    if (line.starts_with("Unit Testing:  ")) {
      current = &out[line.substr(15)];
    } else if (current != nullptr) {
      if (line == "  SUCCESS") current->success = true;
      current->lines.push_back(line);
    }
  }
  return out;
}

// Fills the expectations of `c` from its failure lines; false with a
// reason when a failure is not one of an alert or expression list.
bool FillExpectations(GeneratedCase& c, const Section& section, std::string& why) {
  const std::vector<std::string>& lines = section.lines;
  std::string group;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty() || line == "  FAILED:" || line == "  SUCCESS") continue;
    if (line.starts_with("    name: ")) {
      group = line.substr(10, line.size() - 11);
      continue;
    }
    if (line.starts_with("    alertname: ")) {
      size_t comma = line.find(", time: ");
      std::string name = line.substr(15, comma - 15);
      std::string time = line.substr(comma + 8, line.find(',', comma + 8) - comma - 8);
      AlertItem* item = nullptr;
      for (TestGroup& g : c.test.tests) {
        if (g.name != group) continue;
        for (AlertItem& a : g.alerts) {
          if (a.alertname == name && a.eval_time == time) item = &a;
        }
      }
      if (item == nullptr) {
        why = "no alert test for: " + line;
        return false;
      }
      // exp line, then got:[ ... ] or got:[]
      i += 2;
      if (i >= lines.size() || lines[i] == "        got:[]") continue;
      for (++i; i < lines.size() && lines[i] != "            ]"; ++i) {
        std::string_view l = lines[i];
        size_t at = l.find("Labels:{");
        if (at == std::string_view::npos || l.find("Annotations:") != std::string_view::npos) {
          continue;
        }
        ExpAlert alert;
        alert.labels = ParseLabels(l.substr(at + 7));
        alert.labels.erase("alertname");
        if (i + 1 < lines.size()) {
          std::string_view next = lines[i + 1];
          size_t an = next.find("Annotations:{");
          if (an != std::string_view::npos) alert.annotations = ParseLabels(next.substr(an + 12));
        }
        item->exp.push_back(alert);
      }
      continue;
    }
    if (line.starts_with("    expr: \"")) {
      size_t pos = 10;
      std::string expr = GoUnquote(line, pos);
      std::string rest = line.substr(pos);  // ", time: 5m5s," or with ", err: …"
      if (rest.find(", err: ") != std::string::npos) {
        why = "query error: " + line;
        return false;
      }
      std::string time = rest.substr(8, rest.size() - 9);
      ExprItem* item = nullptr;
      for (TestGroup& g : c.test.tests) {
        for (ExprItem& e : g.exprs) {
          if (e.expr == expr && e.eval_time == time) item = &e;
        }
      }
      if (item == nullptr || i + 2 >= lines.size() || !lines[i + 2].starts_with("        got: ")) {
        why = "no expression test for: " + line;
        return false;
      }
      item->exp = ParseSamples(std::string_view(lines[i + 2]).substr(13));
      i += 2;
      continue;
    }
    why = "unexpected line: " + line;
    return false;
  }
  return true;
}

// Drops expression tests whose result holds NaN (NaN never equals in
// promtool); returns how many.
size_t DropNaN(GeneratedCase& c) {
  size_t n = 0;
  for (TestGroup& g : c.test.tests) {
    n += std::erase_if(g.exprs, [](const ExprItem& e) {
      for (const ExpSample& s : e.exp) {
        if (std::isnan(s.value)) return true;
      }
      return false;
    });
  }
  return n;
}

// Runs promtool on `paths` and splits its output by file: two processes
// on the two halves, at once.
std::map<std::string, Section> RunPromtool(const std::vector<std::string>& paths) {
  auto run = [](std::vector<std::string> part) {
    // 2.42 writes headers and SUCCESS to stdout and failures to stderr,
    // unbuffered: one pipe for both keeps each file's lines under its header.
    std::vector<std::string> argv = {"/bin/sh", "-c",   "exec \"$0\" \"$@\" 2>&1",
                                     kPromtool, "test", "rules"};
    argv.insert(argv.end(), part.begin(), part.end());
    return test::RunProcess(argv, "", std::chrono::seconds(120));
  };
  auto middle = paths.begin() + static_cast<std::ptrdiff_t>(paths.size() / 2);
  auto first = std::async(std::launch::async, run, std::vector<std::string>(paths.begin(), middle));
  test::ProcessResult second = run(std::vector<std::string>(middle, paths.end()));
  test::ProcessResult one = first.get();
  REQUIRE_MESSAGE(!one.timed_out, "promtool test rules timed out");
  REQUIRE_MESSAGE(!second.timed_out, "promtool test rules timed out");
  std::map<std::string, Section> out = SplitSections(one.out);
  out.merge(SplitSections(second.out));
  return out;
}

// `text` without leading and trailing blank lines.
std::string TrimBlank(const std::string& text) {
  size_t begin = text.find_first_not_of('\n');
  size_t end = text.find_last_not_of('\n');
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

size_t AlertCount(const GeneratedCase& c) {
  size_t n = 0;
  for (const TestGroup& g : c.test.tests) {
    for (const AlertItem& a : g.alerts) n += a.exp.size();
  }
  return n;
}

TEST_CASE("ttam test-rules gives promtool 2.42's verdicts on generated rule unit tests") {
  if (kPromtool.empty()) {
    MESSAGE(test::kPromtoolMissing);
    return;
  }
  test::ProcessResult version = test::RunProcess({kPromtool, "--version"});
  if ((version.out + version.err).find("version 2.42.") == std::string::npos) {
    MESSAGE("SKIPPED: " << kPromtool << " is not 2.42; the generator keeps to 2.42's format");
    return;
  }
  auto started = std::chrono::steady_clock::now();
  test::TempDir dir;
  const char* keep = std::getenv("TTAM_RULETEST_DIFF_KEEP");

  // 1. Generate; promtool fills in the expectations.
  std::vector<GeneratedCase> cases;
  std::vector<std::string> paths;
  for (size_t i = 0; i < kFiles; ++i) {
    cases.push_back(test::ruletestdiff::Generate(kSeed, i));
    std::string rules = "rules_" + std::to_string(i) + ".yml";
    dir.Write(rules, cases.back().rules_yaml);
    paths.push_back(dir.Write("test_" + std::to_string(i) + ".yml",
                              test::ruletestdiff::RenderTestFile(cases.back().test, rules)));
  }
  std::map<std::string, Section> discovery = RunPromtool(paths);
  std::vector<std::string> unusable;
  size_t nan_dropped = 0;
  for (size_t i = 0; i < kFiles; ++i) {
    CAPTURE(paths[i]);
    auto it = discovery.find(paths[i]);
    REQUIRE(it != discovery.end());
    std::string why;
    if (!FillExpectations(cases[i], it->second, why)) {
      unusable.push_back(paths[i] + ": " + why);
      cases[i].test.tests.clear();
      continue;
    }
    nan_dropped += DropNaN(cases[i]);
    std::string rules = "rules_" + std::to_string(i) + ".yml";
    std::string yaml = test::ruletestdiff::RenderTestFile(cases[i].test, rules);
    dir.Write("test_" + std::to_string(i) + ".yml", yaml);
    if (keep != nullptr) {
      std::filesystem::create_directories(keep);
      dir.Write(rules, cases[i].rules_yaml);
      std::ofstream(std::string(keep) + "/" + rules) << cases[i].rules_yaml;
      std::ofstream(std::string(keep) + "/test_" + std::to_string(i) + ".yml") << yaml;
    }
  }
  for (const std::string& u : unusable) MESSAGE("unusable generated file: " << u);
  CHECK(unusable.empty());

  // 2. The final files pass under promtool ...
  std::vector<std::string> final_paths;
  for (size_t i = 0; i < kFiles; ++i) {
    if (!cases[i].test.tests.empty()) final_paths.push_back(paths[i]);
  }
  std::map<std::string, Section> verified = RunPromtool(final_paths);
  size_t promtool_passed = 0, alerts = 0, exprs = 0, items = 0;
  std::map<std::string, size_t> features;
  for (size_t i = 0; i < kFiles; ++i) {
    if (cases[i].test.tests.empty()) continue;
    const Section& s = verified[paths[i]];
    if (s.success) {
      ++promtool_passed;
    } else {
      std::string text;
      for (const std::string& l : s.lines) text += l + "\n";
      FAIL_CHECK("promtool fails its own expectations in " << paths[i] << ":\n" << text);
    }
    alerts += AlertCount(cases[i]);
    for (const TestGroup& g : cases[i].test.tests) {
      items += g.alerts.size() + g.exprs.size();
      for (const ExprItem& e : g.exprs) exprs += e.exp.size();
    }
    for (const std::string& f : cases[i].features) ++features[f];
  }
  CHECK(promtool_passed >= 300);
  auto promtool_done = std::chrono::steady_clock::now();

  // 3. Mutants: one expectation changed per file; promtool must fail each.
  std::vector<std::string> mutant_paths, mutant_what;
  std::map<std::string, size_t> mutant_kinds;
  for (size_t i = 0; i < kFiles; ++i) {
    if (cases[i].test.tests.empty()) continue;
    for (int k = 0; k < 3; ++k) {
      int choice = static_cast<int>((i + static_cast<size_t>(k)) % 3);
      auto file = cases[i].test;
      std::string what = test::ruletestdiff::Mutate(file, choice, kSeed + static_cast<uint32_t>(i));
      if (what.empty()) continue;
      ++mutant_kinds[choice == 0 ? "value" : choice == 1 ? "label" : "annotation"];
      std::string name = "mutant_" + std::to_string(i) + ".yml";
      mutant_paths.push_back(dir.Write(
          name, test::ruletestdiff::RenderTestFile(file, "rules_" + std::to_string(i) + ".yml")));
      mutant_what.push_back(what);
      break;
    }
  }
  std::map<std::string, Section> mutants = RunPromtool(mutant_paths);
  size_t promtool_caught = 0;
  for (size_t m = 0; m < mutant_paths.size(); ++m) {
    if (!mutants[mutant_paths[m]].success) {
      ++promtool_caught;
    } else {
      FAIL_CHECK("promtool passes the mutant " << mutant_paths[m] << " (" << mutant_what[m] << ")");
    }
  }
  auto mutants_done = std::chrono::steady_clock::now();

  // 4. ttam: every final file passes, every mutant fails.
  size_t ttam_passed = 0, ttam_caught = 0, texts_equal = 0;
  std::vector<std::string> differences;
#ifdef TTAM_HAVE_RULETEST
  for (const std::string& path : final_paths) {
    ruletest::FileOutcome outcome = ruletest::RunTestFile(path, RealFileSystem());
    if (outcome.Passed()) {
      ++ttam_passed;
    } else {
      differences.push_back("ttam fails " + path + " (promtool passes):\n" +
                            ruletest::PromtoolText(outcome));
    }
  }
  for (size_t m = 0; m < mutant_paths.size(); ++m) {
    ruletest::FileOutcome outcome = ruletest::RunTestFile(mutant_paths[m], RealFileSystem());
    if (!outcome.Passed()) {
      ++ttam_caught;
      // The failure text too: promtool's output for the file (without
      // 2.42's `Unit Testing:` header) must be ttam's PromtoolText.
      std::string promtool_text;
      for (const std::string& l : mutants[mutant_paths[m]].lines) promtool_text += l + "\n";
      if (TrimBlank(promtool_text) == TrimBlank(ruletest::PromtoolText(outcome))) {
        ++texts_equal;
      } else {
        differences.push_back("failure texts differ on the mutant " + mutant_paths[m] + " (" +
                              mutant_what[m] + ")\npromtool:\n" + promtool_text + "ttam:\n" +
                              ruletest::PromtoolText(outcome));
      }
    } else {
      differences.push_back("ttam passes the mutant " + mutant_paths[m] + " (" + mutant_what[m] +
                            "); promtool fails it");
    }
  }
  const bool ttam_ran = true;
#else
  const bool ttam_ran = false;
#endif
  auto ttam_done = std::chrono::steady_clock::now();

  auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::ostringstream summary;
  summary << "rule unit-test differential against " << kPromtool << " (2.42): " << kFiles
          << " generated (rule file, test file) pairs, " << final_paths.size() << " usable\n"
          << "  test items: " << items << " (expected alerts " << alerts << ", expected samples "
          << exprs << "); expression tests dropped for NaN results: " << nan_dropped << "\n"
          << "  promtool passes its own expectations: " << promtool_passed << "/"
          << final_paths.size() << "\n"
          << "  mutants: " << mutant_paths.size() << " (";
  for (const auto& [kind, n] : mutant_kinds) summary << n << " " << kind << " ";
  summary << "); promtool fails " << promtool_caught << "\n";
  if (ttam_ran) {
    summary << "  ttam passes " << ttam_passed << "/" << final_paths.size() << ", fails "
            << ttam_caught << "/" << mutant_paths.size() << " mutants, with promtool's failure "
            << "text exactly: " << texts_equal << "/" << ttam_caught << "\n";
  } else {
    summary << "  ttam: not built (no lib/ruletest runner in this tree); promtool side only\n";
  }
  summary << "  deliberate differences: none in the files; the generator keeps off what "
             "2.42 and 3.x compute differently (ruletest_gen.h): samples on window edges "
             "(closed windows in 2.42), counters near zero (rate's zero clamp, 2.51), sums of "
             "more than two inexact values (Kahan in 3.x, hash order in 2.42), avg_over_time "
             "over inexact values (incremental mean in 2.42)\n"
          << "  features:";
  for (const auto& [f, n] : features) summary << "\n      " << n << "x " << f;
  summary << "\n  time: promtool " << seconds(started, promtool_done) << " s + mutants "
          << seconds(promtool_done, mutants_done) << " s, ttam " << seconds(mutants_done, ttam_done)
          << " s";
  MESSAGE(summary.str());
  for (size_t i = 0; i < differences.size() && i < 50; ++i) MESSAGE(differences[i]);
  CHECK(differences.empty());
  CHECK(promtool_caught == mutant_paths.size());
  CHECK(mutant_paths.size() >= 300);
}

}  // namespace
}  // namespace ttam
