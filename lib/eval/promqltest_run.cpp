#include "eval/promqltest_run.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>

#include "eval/plan.h"
#include "eval/promqltest_classify.h"
#include "eval/promqltest_load.h"
#include "promql/parser.h"
#include "promql/printer.h"
#include "support/text.h"

namespace ttam::eval::promqltest {
namespace {

constexpr int64_t kMinute = 60 * 1000;

// One execution of an instant eval: the query text and tree, at a time.
struct InstantQuery {
  std::string text;
  const promql::Expr* ast = nullptr;
  int64_t t = 0;
};

// A failed eval ends with a message; an eval the engine cannot run ends
// with a skip reason. Neither: this step passed.
struct StepResult {
  std::string failure;
  std::string skip;
  bool done() const { return !failure.empty() || !skip.empty(); }
};

StepResult Fail(std::string message) { return {std::move(message), ""}; }

std::string LineOf(const EvalCmd& cmd) { return "(line " + std::to_string(cmd.line) + ")"; }

// upstream's expectCmd: a message, a regex, or (no msg/regex part) `^.*$`.
struct Matcher {
  const Expectation* e;
  bool Matches(const std::string& text) const {
    if (e->mode == MatchMode::kMessage) return e->text == text;
    // Go's `^.*$` (no msg/regex part) matches any text without a newline,
    // invalid UTF-8 included (Go reads each bad byte as U+FFFD).
    if (e->mode == MatchMode::kAny) return text.find('\n') == std::string::npos;
    RE2 re(e->text, RE2::Quiet);
    return re.ok() && RE2::PartialMatch(text, re);
  }
  std::string Type() const { return e->mode == MatchMode::kMessage ? "message" : "pattern"; }
  std::string Text() const { return e->mode == MatchMode::kAny ? "^.*$" : e->text; }
};

std::vector<Matcher> MatchersOf(const EvalCmd& cmd, ExpectKind kind) {
  std::vector<Matcher> out;
  for (const Expectation& e : cmd.expectations) {
    if (e.kind == kind) out.push_back({&e});
  }
  return out;
}

// Checks an error against the expected failure; "" when it matches.
std::string CheckFailure(const EvalCmd& cmd, const std::string& error) {
  std::string query = GoQuote(cmd.expr);
  if (cmd.expected_fail_message && *cmd.expected_fail_message != error) {
    return "expected error " + GoQuote(*cmd.expected_fail_message) + " evaluating query " + query +
           " " + LineOf(cmd) + ", but got: " + error;
  }
  if (cmd.expected_fail_regexp) {
    RE2 re(*cmd.expected_fail_regexp, RE2::Quiet);
    if (!re.ok() || !RE2::PartialMatch(error, re)) {
      return "expected error matching pattern " + GoQuote(*cmd.expected_fail_regexp) +
             " evaluating query " + query + " " + LineOf(cmd) + ", but got: " + error;
    }
  }
  std::vector<Matcher> fail = MatchersOf(cmd, ExpectKind::kFail);
  if (!fail.empty() && !fail.front().Matches(error)) {
    return "expected error matching " + GoQuote(fail.front().Text()) + " evaluating query " +
           query + " " + LineOf(cmd) + ", but got: " + error;
  }
  return "";
}

// Go's `%v` of a []error: `[a b]`.
std::string AllAnnotations(const std::vector<std::string>& all) {
  std::string out = "[";
  for (size_t i = 0; i < all.size(); ++i) out += (i > 0 ? " " : "") + all[i];
  return out + "]";
}

std::string CheckAnnotationsOfKind(const EvalCmd& cmd, const std::string& query,
                                   const std::vector<Matcher>& expected,
                                   const std::vector<std::string>& actual, std::string_view kind,
                                   const std::vector<std::string>& all) {
  if (expected.empty()) return "";
  std::string where = " for query " + GoQuote(query) + " " + LineOf(cmd);
  if (actual.empty())
    return "expected " + std::string(kind) + " annotations but none were found" + where;
  for (const Matcher& m : expected) {
    if (std::none_of(actual.begin(), actual.end(),
                     [&](const std::string& a) { return m.Matches(a); })) {
      return "expected " + std::string(kind) + " annotation matching " + m.Type() + " " +
             GoQuote(m.Text()) + " but no matching annotation was found" + where +
             ", found: " + AllAnnotations(all);
    }
  }
  for (const std::string& a : actual) {
    if (std::none_of(expected.begin(), expected.end(),
                     [&](const Matcher& m) { return m.Matches(a); })) {
      return "unexpected " + std::string(kind) + " annotation " + GoQuote(a) + " found for query " +
             query + " " + LineOf(cmd);
    }
  }
  return "";
}

// An engine error: a skip when the engine lacks the construct, else nullopt.
std::optional<StepResult> NotImplemented(const Error& error) {
  if (!error.message.starts_with(kNotImplemented)) return std::nullopt;
  return StepResult{"", error.message};
}

// upstream's AtModifierUnsafeFunctions: results that vary with the
// evaluation time even when their arguments do not.
bool IsAtModifierUnsafe(std::string_view func) {
  static constexpr std::array<std::string_view, 16> kUnsafe = {
      "days_in_month", "day_of_month", "day_of_week", "day_of_year",    "end",   "hour",
      "minute",        "month",        "year",        "predict_linear", "range", "start",
      "step",          "time",         "timestamp",   "start_timestamp"};
  return std::find(kUnsafe.begin(), kUnsafe.end(), func) != kUnsafe.end();
}

// Sets `@ t` on every selector and subquery without one, except under a
// subquery (which has one once visited, as in upstream's walk); false when
// the expression calls a function that is not step invariant (no re-runs).
bool PinToTime(promql::Expr& root, int64_t t) {
  struct Item {
    promql::Expr* e;
    bool frozen;
  };
  std::vector<Item> stack{{&root, false}};
  bool safe = true;
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    bool frozen = item.frozen;
    if (!frozen) {
      if (auto* vs = std::get_if<promql::VectorSelector>(&item.e->node)) {
        if (!vs->at) vs->at = promql::AtModifier{promql::AtKind::kTimestamp, t};
      } else if (auto* sq = std::get_if<promql::SubqueryExpr>(&item.e->node)) {
        // Once pinned (here or as written), nothing under it changes.
        if (!sq->at) sq->at = promql::AtModifier{promql::AtKind::kTimestamp, t};
        frozen = true;
      } else if (auto* call = std::get_if<promql::Call>(&item.e->node)) {
        if (IsAtModifierUnsafe(call->func)) safe = false;
      }
    }
    promql::ForEachChild(item.e->node, [&](promql::ExprPtr& child) {
      if (child) stack.push_back({child.get(), frozen});
    });
  }
  return safe;
}

class EvalRunner {
 public:
  EvalRunner(const EvalCmd& cmd, const Storage& storage, const RunOptions& options)
      : cmd_(cmd), storage_(storage), options_(options) {}

  StepResult Run() {
    if (cmd_.static_error) {
      std::string bad = CheckFailure(cmd_, *cmd_.static_error);
      if (bad.empty()) return {};
      return Fail("error creating " + std::string(cmd_.range ? "range" : "instant") +
                  " query for " + GoQuote(cmd_.expr) + " " + LineOf(cmd_) + ": " +
                  *cmd_.static_error);
    }
    return cmd_.range ? RunRange() : RunInstant();
  }

 private:
  Result<Plan> Bind(const promql::Expr& ast) { return Plan::Bind(ast); }

  StepResult RunRange() {
    Annotations annotations;
    Result<Plan> plan = Bind(*cmd_.ast);
    Result<Matrix> m = plan ? EvalRange(storage_, *plan, cmd_.start_ms, cmd_.end_ms, cmd_.step_ms,
                                        options_.engine, &annotations)
                            : Result<Matrix>(plan.error());
    if (!m) return OnError(m.error(), cmd_.expr);
    if (cmd_.ExpectsFailure()) return ExpectedErrorMissing(cmd_.expr);
    if (std::string bad = CheckAnnotations(cmd_, cmd_.expr, annotations); !bad.empty())
      return Fail(bad);
    std::string diff =
        CompareResult(cmd_, Value(std::move(*m)), {cmd_.start_ms, cmd_.end_ms, cmd_.step_ms});
    if (!diff.empty()) return Fail("error in eval " + cmd_.expr + " " + LineOf(cmd_) + ": " + diff);
    return {};
  }

  StepResult RunInstant() {
    int64_t t = cmd_.range_vector ? cmd_.range_vector->end_ms : cmd_.at_ms;
    std::vector<InstantQuery> queries{{cmd_.expr, cmd_.ast.get(), t}};
    promql::ExprPtr pinned;
    if (options_.at_modifier_runs) pinned = AddAtModifierRuns(t, queries);
    for (const InstantQuery& q : queries) {
      StepResult r = RunInstantQuery(q);
      if (r.done()) return r;
    }
    return {};
  }

  // Adds upstream's @ re-runs; returns the tree the added queries point into.
  promql::ExprPtr AddAtModifierRuns(int64_t t, std::vector<InstantQuery>& queries) {
    std::optional<AtModifierRuns> runs = AtModifierTestCases(*cmd_.ast, t);
    if (!runs) return nullptr;
    for (int64_t at : runs->times) queries.push_back({runs->text, runs->tree.get(), at});
    return std::move(runs->tree);
  }

  StepResult RunInstantQuery(const InstantQuery& q) {
    Annotations annotations;
    Result<Plan> plan = Bind(*q.ast);
    Result<Value> got = plan ? EvalInstant(storage_, *plan, q.t, options_.engine, &annotations)
                             : Result<Value>(plan.error());
    if (!got) return OnError(got.error(), q.text);
    if (cmd_.ExpectsFailure()) return ExpectedErrorMissing(q.text);
    if (std::string bad = CheckAnnotations(cmd_, q.text, annotations); !bad.empty())
      return Fail(bad);
    ExpectedGrid grid{q.t, std::numeric_limits<int64_t>::min(), 0};
    if (cmd_.range_vector) {
      grid = {cmd_.range_vector->start_ms, cmd_.range_vector->end_ms, cmd_.range_vector->step_ms};
    }
    std::string diff = CompareResult(cmd_, *got, grid);
    if (!diff.empty()) return Fail("error in eval " + q.text + " " + LineOf(cmd_) + ": " + diff);
    // Results that are not an instant vector or scalar have no range form.
    if (cmd_.range_vector || cmd_.expected_string) return {};
    static const RE2 kQueryContext(R"((start|end|range|step)\(\))");
    if (RE2::PartialMatch(q.text, kQueryContext)) return {};
    return RangeModeCheck(q, *plan, *got);
  }

  // Runs the query from T−1m to T+1m and compares the step at T.
  StepResult RangeModeCheck(const InstantQuery& q, const Plan& plan, const Value& instant) {
    Result<Matrix> m =
        EvalRange(storage_, plan, q.t - kMinute, q.t + kMinute, kMinute, options_.engine, nullptr);
    if (!m) {
      if (auto skip = NotImplemented(m.error())) return *skip;
      return Fail("error evaluating query " + GoQuote(q.text) + " " + LineOf(cmd_) +
                  " in range mode: " + m.error().message);
    }
    if (cmd_.Ordered()) return {};
    if (std::string unsorted = CheckMatrixSorted(*m); !unsorted.empty()) return Fail(unsorted);
    Vector vec;
    for (const MatrixSeries& s : *m) {
      for (const Sample& p : s.floats) {
        if (p.t == q.t) {
          vec.push_back({s.labels, p.t, p.v});
          break;
        }
      }
    }
    std::string diff;
    if (std::holds_alternative<Scalar>(instant)) {
      if (vec.empty()) {
        diff = "no value at the instant's time in the range result";
      } else {
        diff = CompareResult(cmd_, Scalar{q.t, vec[0].v}, {});
      }
    } else {
      diff = CompareResult(cmd_, vec, {});
    }
    if (diff.empty()) return {};
    return Fail("error in eval " + q.text + " " + LineOf(cmd_) + " range mode: " + diff);
  }

  StepResult OnError(const Error& error, const std::string& query) {
    if (auto skip = NotImplemented(error)) return *skip;
    if (cmd_.ExpectsFailure()) {
      std::string bad = CheckFailure(cmd_, error.message);
      return bad.empty() ? StepResult{} : Fail(bad);
    }
    return Fail("error evaluating query " + GoQuote(query) + " " + LineOf(cmd_) + ": " +
                error.message);
  }

  StepResult ExpectedErrorMissing(const std::string& query) {
    return Fail("expected error evaluating query " + GoQuote(query) + " " + LineOf(cmd_) +
                " but got none");
  }

  const EvalCmd& cmd_;
  const Storage& storage_;
  const RunOptions& options_;
};

}  // namespace

int FileOutcome::Count(EvalStatus status) const {
  int n = 0;
  for (const EvalOutcome& e : evals) n += e.status == status;
  return n;
}

EngineOptions PromqltestEngineOptions() {
  EngineOptions options;
  options.delayed_name_removal = true;
  options.max_samples = 10000;
  return options;
}

std::string CheckAnnotations(const EvalCmd& cmd, const std::string& query,
                             const Annotations& annotations) {
  std::vector<std::string> warnings, infos, all;
  for (const Annotation& a : annotations) {
    std::string text = AnnotationString(a, query);
    (a.kind == Annotation::Kind::kWarning ? warnings : infos).push_back(text);
    all.push_back(std::move(text));
  }
  std::string q = GoQuote(query);
  if (cmd.legacy == LegacyModifier::kWarn && warnings.empty()) {
    return "expected warnings evaluating query " + q + " " + LineOf(cmd) + " but got none";
  }
  if (cmd.legacy == LegacyModifier::kInfo && infos.empty()) {
    return "expected info annotations evaluating query " + q + " " + LineOf(cmd) + " but got none";
  }
  std::string bad =
      CheckAnnotationsOfKind(cmd, query, MatchersOf(cmd, ExpectKind::kWarn), warnings, "warn", all);
  if (bad.empty()) {
    bad =
        CheckAnnotationsOfKind(cmd, query, MatchersOf(cmd, ExpectKind::kInfo), infos, "info", all);
  }
  if (!bad.empty()) return bad;
  if (cmd.Has(ExpectKind::kNoWarn) && !warnings.empty()) {
    return "unexpected warning annotations evaluating query " + q + " " + LineOf(cmd) + ": " +
           AllAnnotations(all);
  }
  if (cmd.Has(ExpectKind::kNoInfo) && !infos.empty()) {
    return "unexpected info annotations evaluating query " + q + " " + LineOf(cmd) + ": " +
           AllAnnotations(all);
  }
  return "";
}

std::optional<AtModifierRuns> AtModifierTestCases(const promql::Expr& expr, int64_t t) {
  promql::ExprPtr copy = promql::Clone(expr);
  if (!PinToTime(*copy, t)) return std::nullopt;
  AtModifierRuns runs;
  runs.text = promql::Print(*copy);
  promql::ParseResult parsed = promql::Parse(runs.text, promql::ParseOptions::All());
  // The printer's contract is that its text parses back to the same tree.
  if (!parsed.ok()) return std::nullopt;
  runs.tree = std::move(parsed.expr);
  runs.times = {-10 * t, 0, t / 5, t, 10 * t};
  if (t == 0) runs.times = {-1000, 0, 1000};
  return runs;
}

std::string AnnotationString(const Annotation& annotation, std::string_view query) {
  if (query.empty()) return annotation.text + " (unknown position)";
  size_t begin = annotation.span.begin;
  if (begin > query.size()) return annotation.text + " (invalid position)";
  std::string_view before = query.substr(0, begin);
  size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  size_t line_start = before.rfind('\n');
  size_t column = line_start == std::string_view::npos ? begin + 1 : begin - line_start;
  return annotation.text + " (" + std::to_string(line) + ":" + std::to_string(column) + ")";
}

FileOutcome RunTestFile(const TestFile& file, const EngineOptions& engine) {
  RunOptions options;
  options.engine = engine;
  return RunTestFile(file, options);
}

FileOutcome RunTestFile(const TestFile& file, const RunOptions& options) {
  FileOutcome out;
  Storage storage;
  LoadedSeriesIndex index;
  for (const Command& c : file.commands) {
    if (const auto* load = std::get_if<LoadCmd>(&c)) {
      index.Add(*load);
      Status st = LoadInto(*load, storage);
      if (!st) {
        out.load_error = st.error().message;
        out.load_error_line = load->line;
        return out;
      }
      continue;
    }
    if (std::holds_alternative<ClearCmd>(c)) {
      storage.Clear();
      index.Clear();
      continue;
    }
    const auto& cmd = std::get<EvalCmd>(c);
    if (options.select && !options.select(cmd)) continue;
    EvalOutcome o;
    o.line = cmd.line;
    if (IsNativeHistogramEval(cmd, index)) {
      o.reason = "native-histogram";
    } else {
      StepResult r = EvalRunner(cmd, storage, options).Run();
      if (!r.skip.empty()) {
        o.reason = r.skip;
      } else {
        o.status = r.failure.empty() ? EvalStatus::kPassed : EvalStatus::kFailed;
        o.message = std::move(r.failure);
      }
    }
    out.evals.push_back(std::move(o));
  }
  return out;
}

}  // namespace ttam::eval::promqltest
