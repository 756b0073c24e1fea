#include "eval/promqltest_run.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "eval/promqltest_load.h"
#include "support/number.h"
#include "support/text.h"

namespace ttam::eval::promqltest {
namespace {

std::string Num(double v) { return FormatNumber(v); }

const ExpectedSeries* FindExpected(const EvalCmd& cmd, const model::Labels& labels) {
  for (const ExpectedSeries& e : cmd.series) {
    if (e.series.labels == labels) return &e;
  }
  return nullptr;
}

// One expected float of an instant eval; nullopt for `_` or no value.
std::optional<double> ExpectedFloat(const ExpectedSeries& e) {
  if (e.series.values.empty() || e.series.values[0].kind != SeqValue::Kind::kFloat)
    return std::nullopt;
  return e.series.values[0].value;
}

std::string CompareVector(const EvalCmd& cmd, const Vector& got) {
  std::unordered_map<const ExpectedSeries*, bool> seen;
  for (size_t i = 0; i < got.size(); ++i) {
    const VectorSample& s = got[i];
    const ExpectedSeries* e = FindExpected(cmd, s.labels);
    if (e == nullptr) {
      return "unexpected metric " + s.labels.ToString() + " in result, has value " + Num(s.v);
    }
    if (cmd.Ordered() && e->position != static_cast<int>(i) + 1) {
      return "expected metric " + s.labels.ToString() + " with " +
             Num(ExpectedFloat(*e).value_or(NAN)) + " at position " + std::to_string(e->position) +
             " but was at " + std::to_string(i + 1);
    }
    std::optional<double> want = ExpectedFloat(*e);
    if (!want || !AlmostEqual(*want, s.v)) {
      return "expected " + (want ? Num(*want) : std::string("no value")) + " for " +
             s.labels.ToString() + " but got " + Num(s.v);
    }
    seen[e] = true;
  }
  for (const ExpectedSeries& e : cmd.series) {
    if (!seen.contains(&e)) {
      return "expected metric " + e.series.labels.ToString() + " with " +
             Num(ExpectedFloat(e).value_or(NAN)) + " not found";
    }
  }
  return "";
}

// Compares a matrix whose expected points sit at start + i*step.
std::string CompareMatrix(const EvalCmd& cmd, const Matrix& got, int64_t start, int64_t step) {
  if (cmd.Ordered()) return "expected ordered result, but query returned a matrix";
  std::unordered_map<const ExpectedSeries*, bool> seen;
  for (const MatrixSeries& s : got) {
    const ExpectedSeries* e = FindExpected(cmd, s.labels);
    if (e == nullptr) return "unexpected metric " + s.labels.ToString() + " in result";
    std::vector<Sample> want;
    for (size_t i = 0; i < e->series.values.size(); ++i) {
      const SeqValue& v = e->series.values[i];
      if (v.kind == SeqValue::Kind::kFloat) {
        want.push_back({start + static_cast<int64_t>(i) * step, v.value});
      }
    }
    if (want.size() != s.floats.size()) {
      return "expected " + std::to_string(want.size()) + " float points for " +
             s.labels.ToString() + ", but got " + std::to_string(s.floats.size());
    }
    for (size_t i = 0; i < want.size(); ++i) {
      if (want[i].t != s.floats[i].t || !AlmostEqual(want[i].v, s.floats[i].v)) {
        return "expected float value at index " + std::to_string(i) +
               " (t=" + std::to_string(want[i].t) + ") for " + s.labels.ToString() + " to be " +
               Num(want[i].v) + ", but got " + Num(s.floats[i].v) +
               " (t=" + std::to_string(s.floats[i].t) + ")";
      }
    }
    seen[e] = true;
  }
  for (const ExpectedSeries& e : cmd.series) {
    if (!seen.contains(&e)) return "expected metric " + e.series.labels.ToString() + " not found";
  }
  return "";
}

std::string Compare(const EvalCmd& cmd, const Value& got) {
  if (const auto* s = std::get_if<Scalar>(&got)) {
    if (!cmd.expected_scalar) return "received unexpected scalar " + Num(s->v);
    if (!AlmostEqual(*cmd.expected_scalar, s->v)) {
      return "expected scalar " + Num(*cmd.expected_scalar) + " but got " + Num(s->v);
    }
    return "";
  }
  if (const auto* s = std::get_if<String>(&got)) {
    if (!cmd.expected_string) return "received unexpected string \"" + s->v + "\"";
    if (*cmd.expected_string != s->v)
      return "expected string \"" + *cmd.expected_string + "\" but got \"" + s->v + "\"";
    return "";
  }
  if (cmd.expected_scalar) return "expected scalar but got a vector or matrix";
  if (cmd.expected_string) return "expected string but got a vector or matrix";
  if (const auto* m = std::get_if<Matrix>(&got)) {
    if (cmd.range) return CompareMatrix(cmd, *m, cmd.start_ms, cmd.step_ms);
    if (!cmd.range_vector) return "received range result on instant evaluation";
    return CompareMatrix(cmd, *m, cmd.range_vector->start_ms, cmd.range_vector->step_ms);
  }
  return CompareVector(cmd, std::get<Vector>(got));
}

// Runs one eval's query: its static error, an instant or a range query.
Result<Value> Evaluate(const EvalCmd& cmd, const Storage& storage, const EngineOptions& options) {
  if (cmd.static_error) return Error{*cmd.static_error};
  Result<Plan> plan = Plan::Bind(*cmd.ast);
  if (!plan) return plan.error();
  if (!cmd.range) return EvalInstant(storage, *plan, cmd.at_ms, options);
  Result<Matrix> m = EvalRange(storage, *plan, cmd.start_ms, cmd.end_ms, cmd.step_ms, options);
  if (!m) return m.error();
  return Value(std::move(*m));
}

// Why the engine cannot run `cmd` yet, or "" when it can.
std::string SkipReason(const EvalCmd& cmd, bool histograms_loaded, bool start_times_loaded) {
  if (cmd.has_histogram_expectation || histograms_loaded) return "native-histogram";
  if (start_times_loaded) return std::string(kNotImplemented) + "start timestamps (@st)";
  for (const Expectation& e : cmd.expectations) {
    if (e.kind == ExpectKind::kWarn || e.kind == ExpectKind::kInfo) {
      return std::string(kNotImplemented) + "annotations";
    }
  }
  if (cmd.legacy == LegacyModifier::kWarn || cmd.legacy == LegacyModifier::kInfo) {
    return std::string(kNotImplemented) + "annotations";
  }
  return "";
}

// Checks an error against the eval's expected failure; "" when it matches.
std::string CheckFailure(const EvalCmd& cmd, const std::string& error) {
  std::optional<std::string> msg = cmd.expected_fail_message;
  std::optional<std::string> regex = cmd.expected_fail_regexp;
  for (const Expectation& e : cmd.expectations) {
    if (e.kind != ExpectKind::kFail) continue;
    if (e.mode == MatchMode::kMessage) msg = e.text;
    if (e.mode == MatchMode::kRegex) regex = e.text;
  }
  if (msg && *msg != error) {
    return "expected error " + GoQuote(*msg) + " evaluating query " + GoQuote(cmd.expr) +
           " (line " + std::to_string(cmd.line) + "), got " + GoQuote(error);
  }
  if (regex) {
    RE2 re(*regex);
    if (!re.ok() || !RE2::PartialMatch(error, re)) {
      return "expected error matching pattern " + GoQuote(*regex) + " evaluating query " +
             GoQuote(cmd.expr) + " (line " + std::to_string(cmd.line) + "), got " + GoQuote(error);
    }
  }
  return "";
}

}  // namespace

int FileOutcome::Count(EvalStatus status) const {
  int n = 0;
  for (const EvalOutcome& e : evals) n += e.status == status;
  return n;
}

bool AlmostEqual(double a, double b, double epsilon) {
  if (IsStaleNaN(a) || IsStaleNaN(b)) return IsStaleNaN(a) && IsStaleNaN(b);
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  constexpr double kMinNormal = std::numeric_limits<double>::min();
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || std::fabs(a) + std::fabs(b) < kMinNormal)
    return diff < epsilon * kMinNormal;
  return diff / std::min(std::fabs(a) + std::fabs(b), std::numeric_limits<double>::max()) < epsilon;
}

EngineOptions PromqltestEngineOptions() {
  EngineOptions options;
  options.delayed_name_removal = true;
  options.max_samples = 10000;
  return options;
}

FileOutcome RunTestFile(const TestFile& file, const EngineOptions& options) {
  FileOutcome out;
  Storage storage;
  bool histograms_loaded = false;
  bool start_times_loaded = false;
  for (const Command& c : file.commands) {
    if (const auto* load = std::get_if<LoadCmd>(&c)) {
      histograms_loaded = histograms_loaded || load->has_histograms || load->with_nhcb;
      start_times_loaded =
          start_times_loaded || !load->default_start_offsets.empty() ||
          std::any_of(load->series.begin(), load->series.end(),
                      [](const LoadCmd::Entry& e) { return !e.start_offsets.empty(); });
      Status st = LoadInto(*load, storage);
      if (!st) {
        out.load_error = st.error().message;
        return out;
      }
      continue;
    }
    if (std::holds_alternative<ClearCmd>(c)) {
      storage.Clear();
      histograms_loaded = false;
      start_times_loaded = false;
      continue;
    }
    const auto& cmd = std::get<EvalCmd>(c);
    EvalOutcome o;
    o.line = cmd.line;
    o.reason = SkipReason(cmd, histograms_loaded, start_times_loaded);
    if (!o.reason.empty()) {
      out.evals.push_back(std::move(o));
      continue;
    }
    Result<Value> got = Evaluate(cmd, storage, options);
    if (!got) {
      if (got.error().message.starts_with(kNotImplemented)) {
        o.reason = got.error().message;
      } else if (cmd.ExpectsFailure()) {
        o.message = CheckFailure(cmd, got.error().message);
        o.status = o.message.empty() ? EvalStatus::kPassed : EvalStatus::kFailed;
      } else {
        o.status = EvalStatus::kFailed;
        o.message = "error evaluating query \"" + cmd.expr + "\" (line " +
                    std::to_string(cmd.line) + "): unexpected error: " + got.error().message;
      }
      out.evals.push_back(std::move(o));
      continue;
    }
    if (cmd.ExpectsFailure()) {
      o.status = EvalStatus::kFailed;
      o.message = "expected error evaluating query " + GoQuote(cmd.expr) + " (line " +
                  std::to_string(cmd.line) + ") but got none";
      out.evals.push_back(std::move(o));
      continue;
    }
    std::string diff = Compare(cmd, *got);
    o.status = diff.empty() ? EvalStatus::kPassed : EvalStatus::kFailed;
    if (!diff.empty()) {
      o.message = "error in " + std::string(cmd.range ? "range" : "instant") + " query \"" +
                  cmd.expr + "\" (line " + std::to_string(cmd.line) + "): " + diff;
    }
    out.evals.push_back(std::move(o));
  }
  return out;
}

}  // namespace ttam::eval::promqltest
