// Parses every `eval` expression of Prometheus's promqltest files in the
// shared corpus. An expression must parse unless the case expects failure
// (`eval_fail` or an `expect fail` line): those fail at parse time or at run
// time in Prometheus, and we cannot tell which from the file, so they are
// counted, not asserted (and run through the checker, which catches some of
// them). Every expression that parses must round-trip through the printer.
//
// Prometheus's promqltest enables every experimental parser feature for all
// files; the files themselves do not say which they need. kFeatureFiles
// names the files that use experimental syntax and the one feature each
// needs: they parse with that feature on, and every eval they contain that
// the stable parser rejects must be rejected with a message naming the
// feature's flag. All other files parse as stable PromQL.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "promql/check.h"
#include "promql/parser.h"
#include "promql/printer.h"

namespace ttam::promql {
namespace {

namespace fs = std::filesystem;

struct EvalCase {
  std::string file;
  int line = 0;
  std::string expr;
  bool expect_fail = false;
};

// Files that need an experimental parser feature, and which.
struct FeatureFile {
  std::string_view file;
  ParseOptions options;
  std::string_view flag;
};
const FeatureFile kFeatureFiles[] = {
    {"duration_expression.test", {.experimental_duration_expr = true}, kDurationExprFlag},
    {"extended_vectors.test", {.extended_range_selectors = true}, kExtendedRangeSelectorsFlag},
    {"fill-modifier.test", {.binop_fill_modifiers = true}, kBinopFillModifiersFlag},
};

std::string TrimLeft(const std::string& s) {
  size_t i = s.find_first_not_of(" \t");
  return i == std::string::npos ? "" : s.substr(i);
}

// Returns the expression after "eval... instant at T" or "eval... range from A to B step S".
std::string ExprOf(const std::string& line) {
  size_t pos = 0;
  int want = 0;  // Words before the expression.
  size_t p = line.find(' ');
  std::string kind = p == std::string::npos ? "" : TrimLeft(line.substr(p));
  if (kind.rfind("instant", 0) == 0)
    want = 4;  // eval instant at T
  else if (kind.rfind("range", 0) == 0)
    want = 8;  // eval range from A to B step S
  else
    return "";
  for (int i = 0; i < want; ++i) {
    pos = line.find_first_not_of(' ', pos);
    if (pos == std::string::npos) return "";
    pos = line.find(' ', pos);
    if (pos == std::string::npos) return "";
  }
  return TrimLeft(line.substr(pos));
}

std::vector<EvalCase> ReadEvals(const fs::path& path) {
  std::vector<EvalCase> out;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t = TrimLeft(line);
    if (t.rfind("eval", 0) == 0) {
      EvalCase c{path.filename().string(), n, ExprOf(t), t.rfind("eval_fail", 0) == 0};
      out.push_back(std::move(c));
    } else if (t.rfind("expect fail", 0) == 0 && !out.empty()) {
      out.back().expect_fail = true;
    }
  }
  return out;
}

TEST_CASE("Prometheus promqltest corpus parses and round-trips") {
  fs::path dir = fs::path(TTAM_CORPUS_DIR) / "prometheus/promql/promqltest/testdata";
  if (!fs::is_directory(dir)) {
    MESSAGE("SKIPPED: corpus not found at " << dir.string());
    return;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  int parsed = 0, round_tripped = 0, fail_rejected = 0, fail_accepted = 0, fail_checked = 0;
  int trim_ops = 0;
  std::map<std::string, std::pair<int, int>> gated;  // file -> (evals, rejected without the flag)
  std::vector<std::pair<std::string, ParseOptions>> all_exprs;
  CheckOptions check_options;
  check_options.enable_experimental_functions = true;
  for (const fs::path& file : files) {
    std::vector<EvalCase> evals = ReadEvals(file);
    const FeatureFile* feature = nullptr;
    for (const FeatureFile& f : kFeatureFiles) {
      if (f.file == file.filename().string()) feature = &f;
    }
    const ParseOptions options = feature ? feature->options : ParseOptions{};
    for (const EvalCase& c : evals) {
      CAPTURE(c.file);
      CAPTURE(c.line);
      CAPTURE(c.expr);
      ParseResult r = Parse(c.expr, options);
      if (feature) {
        auto& [count, rejected] =
            gated[std::string(feature->file) + " (" + std::string(feature->flag) + ")"];
        ++count;
        ParseResult stable = Parse(c.expr);
        if (r.ok() && !stable.ok()) {
          ++rejected;
          CHECK_MESSAGE(stable.errors[0].message.find(feature->flag) != std::string::npos,
                        stable.errors[0].message);
        }
      }
      if (c.expect_fail) {
        (r.ok() ? fail_accepted : fail_rejected)++;
        if (r.ok() && !Check(*r.expr, check_options).empty()) ++fail_checked;
      } else {
        CHECK_MESSAGE(r.ok(), (r.errors.empty() ? std::string("no tree") : r.errors[0].message));
      }
      if (!r.ok()) continue;
      ++parsed;
      if (c.expr.find(">/") != std::string::npos || c.expr.find("</") != std::string::npos) {
        ++trim_ops;
      }
      all_exprs.emplace_back(c.expr, options);
      std::string printed = Print(*r.expr);
      ParseResult again = Parse(printed, options);
      CAPTURE(printed);
      CHECK_MESSAGE(again.ok(),
                    (again.errors.empty() ? std::string("no tree") : again.errors[0].message));
      if (again.ok() && Equal(*r.expr, *again.expr)) {
        ++round_tripped;
      } else {
        CHECK_MESSAGE(false, "round trip differs");
      }
      // Enabling every feature never changes what an expression means.
      ParseResult all = Parse(c.expr, ParseOptions::All());
      CHECK_MESSAGE((all.ok() && Equal(*all.expr, *r.expr)), "differs with every feature on");
    }
  }
  // Every prefix of every parsed expression: no crash, and what parses round-trips.
  int prefixes = 0, prefix_ok = 0;
  for (const auto& [expr, options] : all_exprs) {
    for (size_t len = 0; len < expr.size(); ++len) {
      std::string prefix = expr.substr(0, len);
      ParseResult r = Parse(prefix, options);
      ++prefixes;
      if (!r.ok()) {
        CHECK_MESSAGE(!r.errors.empty(), prefix);
        continue;
      }
      ++prefix_ok;
      std::string printed = Print(*r.expr);
      ParseResult again = Parse(printed, options);
      CHECK_MESSAGE((again.ok() && Equal(*r.expr, *again.expr)), prefix << " -> " << printed);
    }
  }
  MESSAGE("prefixes: " << prefixes << " parsed without crashing, " << prefix_ok
                       << " of them valid and round-tripped");
  MESSAGE("corpus: " << files.size() << " files, " << parsed << " expressions parsed, "
                     << round_tripped << " round-tripped; expected failures: " << fail_rejected
                     << " rejected by the parser, " << fail_accepted
                     << " accepted by the parser, of which the checker rejects " << fail_checked
                     << " (the rest fail when evaluated)");
  MESSAGE("native histogram trim operators </ and >/ (stable syntax): " << trim_ops
                                                                        << " evals parsed");
  for (const auto& [file, counts] : gated) {
    MESSAGE(file << ": " << counts.first << " evals, " << counts.second
                 << " of them rejected without the flag, naming it");
  }
}

}  // namespace
}  // namespace ttam::promql
