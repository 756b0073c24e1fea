// Differential test of ttam's evaluator against promtool 2.42's engine
// (`promtool test rules`). Generated data (eval_gen.h) is loaded into
// eval::Storage and written as input_series; thousands of generated
// expressions are evaluated by ttam at a few times, with immediate
// `__name__` dropping as promtool's default; ttam's results become the
// exp_samples of promql_expr_test entries, and promtool checks them. Its
// failure output (spec §4.6) is parsed back to the expression and time.
//
// Every promtool failure must be a deliberate difference (2.42 vs 3.x
// semantics, DeliberateDifferences, each with its reason), or it fails the
// test. Expressions ttam cannot evaluate yet
// (`not implemented: ...`) are skipped and counted; results holding NaN are
// skipped and counted (NaN never equals NaN in promtool's comparison). When
// ttam reports an error, promtool must report one too for that expression.
//
// To study a difference: TTAM_EVAL_DIFF_EXPR=EXPR runs that one expression
// and prints ttam's results; TTAM_EVAL_DIFF_KEEP=DIR keeps the test files.

#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "eval/engine.h"
#include "eval/plan.h"
#include "eval/storage.h"
#include "eval_gen.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "support/process.h"
#include "support/promtool.h"

namespace ttam {
namespace {

using test::evaldiff::GeneratedData;
using test::evaldiff::GeneratedSeries;

const std::string kPromtool = test::FindPromtool();
constexpr uint32_t kSeed = 20261205;
constexpr size_t kExpressions = 3200;
constexpr size_t kTestsPerFile = 2500;

// One value as promtool prints it in a failure: labels text and the value.
struct PrintedSample {
  std::string labels;
  double value = 0;
};

// A promtool failure of one promql_expr_test.
struct Failure {
  std::string err;  // the query error, when promtool reported one
  std::vector<PrintedSample> exp, got;
  std::string text;  // promtool's lines, for the report
};

// A deliberate difference: 2.42 and Prometheus 3 (which ttam follows) give
// different answers. `applies` sees the expression and promtool's failure.
struct Deliberate {
  std::string_view name;
  std::string_view reason;
  std::function<bool(const std::string& expr, const Failure& f)> applies;
};

bool CloseNumbers(double a, double b, double rel) {
  if (a == b) return true;
  if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) return false;
  return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b));
}

// The `name="value"` pairs of a printed label set (values unescaped only as
// far as the generator's labels need: they hold no quotes).
std::vector<std::pair<std::string, std::string>> LabelPairs(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::regex pair(R"re(([A-Za-z_][A-Za-z0-9_]*)="([^"]*)")re");
  std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), pair); it != std::sregex_iterator();
       ++it) {
    out.emplace_back((*it)[1].str(), (*it)[2].str());
  }
  return out;
}

// Equal label sets, except that label values that are numbers (count_values'
// output) may be within `rel` of each other.
bool CloseLabels(const std::string& a, const std::string& b, double rel) {
  if (a == b) return true;
  auto pa = LabelPairs(a), pb = LabelPairs(b);
  if (pa.size() != pb.size()) return false;
  for (size_t i = 0; i < pa.size(); ++i) {
    if (pa[i].first != pb[i].first) return false;
    if (pa[i].second == pb[i].second) continue;
    char *ea = nullptr, *eb = nullptr;
    double x = std::strtod(pa[i].second.c_str(), &ea), y = std::strtod(pb[i].second.c_str(), &eb);
    if (*ea != '\0' || *eb != '\0' || !CloseNumbers(x, y, rel)) return false;
  }
  return true;
}

// Last-bit differences: the same samples in the same order (promtool sorts
// both lists by labels), values (and numeric label values) within `rel` of
// each other; with `zero_sign`, also an infinity of the other sign (a
// division by a zero whose sign differs).
bool CloseValues(const Failure& f, double rel, bool zero_sign = false) {
  if (!f.err.empty() || f.exp.size() != f.got.size()) return false;
  for (size_t i = 0; i < f.exp.size(); ++i) {
    if (!CloseLabels(f.exp[i].labels, f.got[i].labels, rel)) return false;
    double a = f.exp[i].value, b = f.got[i].value;
    if (zero_sign && std::isinf(a) && a == -b) continue;
    if (!CloseNumbers(a, b, rel)) return false;
  }
  return true;
}

// The same values in any order, whatever the labels.
bool SameValues(const Failure& f) {
  if (!f.err.empty() || f.exp.size() != f.got.size()) return false;
  std::vector<double> a, b;
  for (const PrintedSample& s : f.exp) a.push_back(s.value);
  for (const PrintedSample& s : f.got) b.push_back(s.value);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

bool Matches(const std::string& expr, const char* pattern) {
  return std::regex_search(expr, std::regex(pattern));
}

// Differences between Prometheus 2.42 and 3 that ttam follows 3 on.
const std::vector<Deliberate>& DeliberateDifferences() {
  static const std::vector<Deliberate> list = {
      {"sum-kahan",
       "Prometheus 2.42's sum aggregation adds plainly (0.1+0.2+0.3 = 0.6000000000000001, "
       "measured); Prometheus 3 adds with Kahan-Neumaier compensation (PR #14074, 2024), so the "
       "last bits differ",
       [](const std::string& expr, const Failure& f) {
         return Matches(expr, R"(\bsum\b\s*(by|without|\())") && CloseValues(f, 1e-12);
       }},
      {"avg-incremental-mean",
       "Prometheus 2.42 computes avg and avg_over_time as an incremental mean "
       "(mean += v/n - mean/n); Prometheus 3 sums with Kahan compensation and divides once, "
       "falling back to the incremental mean only on overflow (PR #14413, 2024), so the last "
       "bits differ; and the mean of a single -0 is -0 in 2.42 but -0/1 + 0/1 = +0 in 3, so a "
       "division by it gives infinities of opposite signs",
       [](const std::string& expr, const Failure& f) {
         return Matches(expr, R"(\bavg(_over_time)?\b)") && CloseValues(f, 1e-12, true);
       }},
      {"map-ordered-output",
       "histogram_quantile and count_values emit their series in Go map iteration order, random "
       "in 2.42 and in 3.x alike (ttam: a fixed order); what consumes that order then varies from "
       "run to run: "
       "stdvar/stddev/sum/avg over them in the last bits, topk/bottomk in which series wins a tie",
       [](const std::string& expr, const Failure& f) {
         return Matches(expr, "histogram_quantile|count_values") &&
                ((Matches(expr, R"(\b(topk|bottomk)\b)") && SameValues(f)) ||
                 (Matches(expr, R"(\b(stdvar|stddev|sum|avg)\b\s*(by|without|\())") &&
                  CloseValues(f, 1e-12)));
       }},
      {"nested-subquery-window-edge",
       "a subquery inside a subquery is evaluated at the outer one's steps, multiples of its "
       "step, so the inner window (t - range, t] starts exactly on one of the inner steps: "
       "Prometheus 2.42's closed windows include that point, Prometheus 3's left-open windows "
       "(and ttam) do not; the generator keeps samples off window edges, but cannot keep "
       "subquery steps off them",
       [](const std::string& expr, const Failure&) {
         return Matches(expr, R"(\[[0-9]+[smhd]:[0-9]*[smhd]?\].*\[[0-9]+[smhd]:[0-9]*[smhd]?\])");
       }},
      {"at-window-slides",
       "predict_linear(x[10m] @ T, d) evaluated at several steps (here the steps of an "
       "enclosing subquery): Prometheus 3 reads the @-pinned window once, at the first step, "
       "and calls predict_linear with it at every step; Prometheus 2.42 re-reads the window at "
       "every step at step - offset, the offset having been computed for the first step, so "
       "its window slides with the steps (measured: the subquery's last point equals "
       "predict_linear(x[10m] @ T + (last step - first step), d))",
       [](const std::string& expr, const Failure&) {
         return Matches(expr, R"(predict_linear\([^@]*\] @ [0-9]+.*\[[0-9]+[smhd]:)");
       }},
  };
  return list;
}

// Go's %q of an ASCII string, as promtool prints the expression.
std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// model.Duration's String for whole seconds below a day: 30m5s, 1h0m5s is 1h5s.
std::string ModelDuration(int64_t s) {
  if (s == 0) return "0s";
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s % 3600 >= 60) out += std::to_string(s % 3600 / 60) + "m";
  if (s % 60) out += std::to_string(s % 60) + "s";
  return out;
}

// A YAML float that Go's strconv.ParseFloat reads back to the same double.
std::string YamlFloat(double v) {
  if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string YamlSingleQuoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// Parses promtool's `exp:`/`got:` list: `nil`, or `<labels> <value>` joined by ", ".
std::vector<PrintedSample> ParseSamples(std::string_view s) {
  std::vector<PrintedSample> out;
  if (s == "nil") return out;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    // The labels: up to the closing brace, skipping quoted strings.
    while (i < s.size() && s[i] != '{') ++i;
    bool quoted = false;
    for (; i < s.size(); ++i) {
      if (quoted) {
        if (s[i] == '\\') {
          ++i;
        } else if (s[i] == '"') {
          quoted = false;
        }
      } else if (s[i] == '"') {
        quoted = true;
      } else if (s[i] == '}') {
        ++i;
        break;
      }
    }
    PrintedSample sample;
    sample.labels = std::string(s.substr(start, i - start));
    while (i < s.size() && s[i] == ' ') ++i;
    size_t vend = s.find(", ", i);
    if (vend == std::string_view::npos) vend = s.size();
    std::string v(s.substr(i, vend - i));
    sample.value = std::strtod(v.c_str(), nullptr);
    out.push_back(std::move(sample));
    i = vend == s.size() ? vend : vend + 2;
  }
  return out;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Reads promtool's stderr: failures keyed by `<quoted expr> <time>`.
std::map<std::string, Failure> ParseFailures(const std::string& err) {
  std::map<std::string, Failure> out;
  std::vector<std::string> lines = Lines(err);
  static const std::string kExpr = "    expr: \"";
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!line.starts_with(kExpr)) continue;
    // The quoted expression ends at the first unescaped quote.
    size_t j = kExpr.size();
    for (; j < line.size() && line[j] != '"'; ++j) {
      if (line[j] == '\\') ++j;
    }
    std::string quoted = line.substr(kExpr.size() - 1, j - kExpr.size() + 2);
    static const std::string kTime = ", time: ";
    if (line.compare(j + 1, kTime.size(), kTime) != 0) continue;
    size_t tstart = j + 1 + kTime.size();
    size_t tend = line.find(',', tstart);
    std::string time = line.substr(tstart, tend - tstart);
    Failure f;
    f.text = line;
    if (tend != std::string::npos && line.compare(tend, 7, ", err: ") == 0) {
      f.err = line.substr(tend + 7);
    } else if (i + 2 < lines.size()) {
      static const std::string kExp = "        exp: ", kGot = "        got: ";
      if (lines[i + 1].starts_with(kExp) && lines[i + 2].starts_with(kGot)) {
        f.exp = ParseSamples(std::string_view(lines[i + 1]).substr(kExp.size()));
        f.got = ParseSamples(std::string_view(lines[i + 2]).substr(kGot.size()));
        f.text += "\n" + lines[i + 1] + "\n" + lines[i + 2];
      }
    }
    out[quoted + " " + time] = std::move(f);
  }
  return out;
}

// One promql_expr_test: what ttam computed.
struct TestCase {
  size_t expr_index = 0;
  int64_t t_s = 0;
  bool ttam_error = false;
  std::string error;
  std::vector<std::pair<std::string, double>> samples;  // labels text, value
};

std::string InputSeriesYaml(const GeneratedData& data) {
  std::string out;
  for (const GeneratedSeries& s : data.series) {
    out += "      - series: " + YamlSingleQuoted(model::FormatMetric(s.labels)) + "\n";
    out += "        values: " + YamlSingleQuoted(test::evaldiff::PromtoolValues(s)) + "\n";
  }
  return out;
}

std::string TestFileYaml(const std::string& input_series, const std::vector<std::string>& exprs,
                         const std::vector<TestCase>& cases, int64_t end_s) {
  std::string out =
      "# Generated by tests/promtool_diff/eval_test.cpp.\n"
      "evaluation_interval: 5s\n"
      "tests:\n"
      "  - interval: 1s\n"
      "    input_series:\n" +
      input_series + "    promql_expr_test:\n";
  for (const TestCase& c : cases) {
    out += "      - expr: " + YamlSingleQuoted(exprs[c.expr_index]) + "\n";
    out += "        eval_time: " + std::to_string(c.t_s) + "s\n";
    if (c.samples.empty()) {
      out += "        exp_samples: []\n";
      continue;
    }
    out += "        exp_samples:\n";
    for (const auto& [labels, v] : c.samples) {
      out += "          - labels: " + YamlSingleQuoted(labels) + "\n";
      out += "            value: " + YamlFloat(v) + "\n";
    }
  }
  // A last test at the end of the data: promtool loads input samples only up
  // to its last evaluation step, the latest eval_time (spec §4.3).
  out += "      - expr: vector(1)\n        eval_time: " + std::to_string(end_s) +
         "s\n        exp_samples:\n          - labels: '{}'\n            value: 1\n";
  return out;
}

TEST_CASE("ttam's evaluator gives promtool 2.42's results on generated data and expressions") {
  if (kPromtool.empty()) {
    MESSAGE(test::kPromtoolMissing);
    return;
  }
  test::ProcessResult version = test::RunProcess({kPromtool, "--version"});
  if ((version.out + version.err).find("version 2.42.") == std::string::npos) {
    MESSAGE("SKIPPED: " << kPromtool
                        << " is not 2.42; the deliberate differences are relative to 2.42");
    return;
  }
  auto started = std::chrono::steady_clock::now();

  GeneratedData data = test::evaldiff::GenerateData(kSeed);
  eval::Storage storage;
  for (const GeneratedSeries& s : data.series) {
    for (const auto& [t, v] : s.samples) REQUIRE(storage.Append(s.labels, t * 1000, v).ok());
  }
  std::vector<std::string> exprs = test::evaldiff::GenerateExpressions(kSeed, kExpressions);
  REQUIRE(exprs.size() == kExpressions);
  // TTAM_EVAL_DIFF_EXPR=EXPR compares that one expression instead and prints
  // ttam's results (to study a difference; the count check then fails).
  const char* only = std::getenv("TTAM_EVAL_DIFF_EXPR");
  if (only != nullptr) exprs = {only};

  // ttam's side.
  const std::vector<int64_t> times = test::evaldiff::EvaluationTimes();
  std::vector<TestCase> cases;
  size_t not_implemented_exprs = 0, nan_cases = 0, invalid = 0;
  std::map<std::string, size_t> not_implemented_by_reason;
  eval::EngineOptions options;  // immediate name dropping: promtool's default
  for (size_t i = 0; i < exprs.size(); ++i) {
    CAPTURE(exprs[i]);
    promql::ParseResult parsed = promql::Parse(exprs[i]);
    promql::CheckOptions check_options;
    if (!parsed.ok() || !promql::Check(*parsed.expr, check_options).empty()) {
      ++invalid;
      MESSAGE("generated an invalid expression: " << exprs[i]);
      continue;
    }
    Result<eval::Plan> plan = eval::Plan::Bind(*parsed.expr);
    REQUIRE(plan.ok());
    bool skipped = false;
    for (int64_t t : times) {
      Result<eval::Value> got = eval::EvalInstant(storage, *plan, t * 1000, options);
      TestCase c{i, t, false, "", {}};
      if (!got.ok()) {
        if (got.error().message.starts_with(eval::kNotImplemented)) {
          skipped = true;
          ++not_implemented_by_reason[got.error().message];
          break;
        }
        c.ttam_error = true;
        c.error = got.error().message;
      } else if (const auto* s = std::get_if<eval::Scalar>(&*got)) {
        c.samples.push_back({"{}", s->v});
      } else if (const auto* vec = std::get_if<eval::Vector>(&*got)) {
        for (const eval::VectorSample& s : *vec) {
          c.samples.push_back({model::FormatMetric(s.labels), s.v});
        }
      } else {
        FAIL("not an instant vector or scalar: " << exprs[i]);
      }
      if (std::any_of(c.samples.begin(), c.samples.end(),
                      [](const auto& s) { return std::isnan(s.second); })) {
        ++nan_cases;
        continue;
      }
      if (only != nullptr) {
        std::string got_text = c.ttam_error ? "error: " + c.error : std::string();
        for (const auto& [labels, v] : c.samples) got_text += labels + " " + YamlFloat(v) + "; ";
        MESSAGE("ttam at " << t << "s: " << got_text);
      }
      cases.push_back(std::move(c));
    }
    if (skipped) {
      ++not_implemented_exprs;
      std::erase_if(cases, [&](const TestCase& c) { return c.expr_index == i; });
    }
  }
  CHECK(invalid == 0);
  auto ttam_done = std::chrono::steady_clock::now();

  // promtool's side: a few files, each one test group with many tests.
  test::TempDir dir;
  std::string input_series = InputSeriesYaml(data);
  std::map<std::string, Failure> failures;
  size_t files = 0;
  for (size_t begin = 0; begin < cases.size(); begin += kTestsPerFile) {
    std::vector<TestCase> chunk(
        cases.begin() + static_cast<std::ptrdiff_t>(begin),
        cases.begin() + static_cast<std::ptrdiff_t>(std::min(cases.size(), begin + kTestsPerFile)));
    std::string name = "eval_" + std::to_string(files++) + ".yml";
    std::string yaml = TestFileYaml(input_series, exprs, chunk, data.end_s);
    std::string path = dir.Write(name, yaml);
    // TTAM_EVAL_DIFF_KEEP=DIR keeps the generated files there, to rerun
    // promtool by hand on a difference.
    if (const char* keep = std::getenv("TTAM_EVAL_DIFF_KEEP")) {
      std::ofstream(std::string(keep) + "/" + name) << yaml;
    }
    test::ProcessResult r =
        test::RunProcess({kPromtool, "test", "rules", path}, "", std::chrono::seconds(240));
    REQUIRE_MESSAGE(!r.timed_out, "promtool test rules timed out on " << path);
    std::map<std::string, Failure> f = ParseFailures(r.err);
    // A failure promtool reports that is not about one expression (a YAML
    // or load error) would go unnoticed in the map: require that every
    // FAILED file has parsed failures.
    if (r.exit_code != 0) {
      REQUIRE_MESSAGE(!f.empty(), "promtool failed without expression failures:\n" << r.err);
    }
    failures.merge(f);
  }
  auto promtool_done = std::chrono::steady_clock::now();

  // Compare.
  size_t equal = 0, errors_agreed = 0;
  std::map<std::string_view, size_t> deliberate;
  std::vector<std::string> differences;
  size_t matched_failures = 0;
  for (const TestCase& c : cases) {
    const std::string& expr = exprs[c.expr_index];
    auto it = failures.find(GoQuote(expr) + " " + ModelDuration(c.t_s));
    if (it != failures.end()) ++matched_failures;
    if (c.ttam_error) {
      if (it != failures.end() && !it->second.err.empty()) {
        ++errors_agreed;
      } else {
        differences.push_back("expr: " + expr + " at " + std::to_string(c.t_s) +
                              "s: ttam reports an error (" + c.error + "), promtool does not" +
                              (it == failures.end() ? "" : ":\n" + it->second.text));
      }
      continue;
    }
    if (it == failures.end()) {
      ++equal;
      continue;
    }
    const Deliberate* why = nullptr;
    for (const Deliberate& d : DeliberateDifferences()) {
      if (d.applies(expr, it->second)) {
        why = &d;
        break;
      }
    }
    if (why != nullptr) {
      ++deliberate[why->name];
      continue;
    }
    differences.push_back("expr: " + expr + " at " + std::to_string(c.t_s) + "s:\n" +
                          it->second.text);
  }

  auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::ostringstream summary;
  summary << "evaluator differential against " << kPromtool << " (2.42): " << exprs.size()
          << " expressions at " << times.size() << " times each, " << cases.size()
          << " compared in " << files << " file(s)\n"
          << "  equal: " << equal << "\n"
          << "  errors in both: " << errors_agreed << "\n"
          << "  skipped, NaN in the result (NaN never equals in promtool): " << nan_cases << "\n"
          << "  skipped, not implemented in ttam: " << not_implemented_exprs << " expressions\n";
  for (const auto& [reason, n] : not_implemented_by_reason) {
    summary << "      " << n << "x " << reason << "\n";
  }
  size_t deliberate_total = 0;
  for (const auto& [name, n] : deliberate) deliberate_total += n;
  summary << "  deliberate differences (2.42 vs 3.x): " << deliberate_total << "\n";
  for (const Deliberate& d : DeliberateDifferences()) {
    summary << "      " << deliberate[d.name] << "x " << d.name << ": " << d.reason << "\n";
  }
  summary << "  differences: " << differences.size() << "\n"
          << "  time: ttam " << seconds(started, ttam_done) << " s, promtool "
          << seconds(ttam_done, promtool_done) << " s";
  MESSAGE(summary.str());
  for (size_t i = 0; i < differences.size() && i < 400; ++i) MESSAGE(differences[i]);
  CHECK(exprs.size() - not_implemented_exprs >= 2000);
  CHECK(differences.empty());
  // Every failure promtool reported belongs to a compared case (the last
  // test, vector(1) at the end of the data, must pass).
  CHECK(matched_failures == failures.size());
}

}  // namespace
}  // namespace ttam
