// promtool's per-test-group evaluation loop.

#include "ruletest/group_eval.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>

#include "eval/engine.h"
#include "eval/promqltest.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "ruletest/alerting.h"
#include "ruletest/compare.h"
#include "ruletest/debug_dump.h"
#include "ruletest/query_reach.h"
#include "ruletest/series_input.h"
#include "support/number.h"
#include "support/text.h"

namespace ttam::ruletest {
namespace {

constexpr std::string_view kHistogramsInAlert =
    "native histograms: alerting rules over histogram samples not supported yet";
constexpr std::string_view kHistogramsInTemplate =
    "native histograms: template queries returning histogram samples not supported yet";

// An exp_samples `histogram:` as promtool reads it (ParseSeriesDesc of
// `{} <text>`, exactly one histogram value), as its TestExpression.
Result<std::string> ExpectedHistogram(const std::string& text) {
  const std::string line = "{} " + text;
  auto parsed = eval::promqltest::ParseSeriesDesc(line);
  if (auto* e = std::get_if<eval::promqltest::ParseError>(&parsed))
    return Error{"1:" + std::to_string(e->column) + ": parse error: " + e->message};
  const auto& desc = std::get<eval::promqltest::SeriesDesc>(parsed);
  if (desc.values.size() != 1)
    return Error{"expected 1 value, got " + std::to_string(desc.values.size())};
  const eval::promqltest::SeqValue& v = desc.values.front();
  if (v.kind == eval::promqltest::SeqValue::Kind::kOmitted)
    return Error{"expected histogram, got _"};
  if (v.kind == eval::promqltest::SeqValue::Kind::kFloat)
    return Error{"expected histogram, got " + FormatShortestFixed(v.value)};
  return eval::HistogramTestExpression(desc.histograms[v.histogram]);
}

// A query's value as a vector: EngineQueryFunc's rule.
Result<eval::Vector> ToVector(eval::Value value, int64_t t) {
  if (auto* v = std::get_if<eval::Vector>(&value)) return std::move(*v);
  if (auto* s = std::get_if<eval::Scalar>(&value))
    return eval::Vector{eval::VectorSample{model::Labels(), t, s->v}};
  return Error{"rule result is not a vector or scalar"};
}

// Parses, checks, binds and evaluates queries on the group's storage.
class Querier {
 public:
  Querier(eval::Storage& storage, const eval::EngineOptions& engine, const Options& options)
      : storage_(storage), engine_(engine), options_(options) {}

  Result<eval::Vector> Run(const eval::Plan& plan, int64_t t) const {
    Result<eval::Value> v = eval::EvalInstant(storage_, plan, t, engine_);
    if (!v) return v.error();
    return ToVector(std::move(*v), t);
  }

  Result<eval::Vector> Run(const std::string& expr, int64_t t) const {
    promql::ParseResult parsed = promql::Parse(expr, options_.syntax);
    if (!parsed.ok()) {
      if (parsed.errors.empty()) return Error{"1:1: parse error: invalid expression"};
      const promql::ParseError& e = parsed.errors.front();
      return Error{PromqlErrorText(expr, e.begin, e.message)};
    }
    promql::CheckOptions check;
    check.enable_experimental_functions = options_.experimental_functions;
    check.source = expr;
    std::vector<promql::CheckError> errors = promql::Check(*parsed.expr, check);
    if (!errors.empty())
      return Error{PromqlErrorText(expr, errors.front().span.begin, errors.front().message)};
    Result<eval::Plan> plan = eval::Plan::Bind(*parsed.expr);
    if (!plan) return plan.error();
    return Run(*plan, t);
  }

  eval::Storage& storage() const { return storage_; }

 private:
  eval::Storage& storage_;
  eval::EngineOptions engine_;
  const Options& options_;
};

// Label sets as hash keys (their hash is cached).
struct LabelsHasher {
  size_t operator()(const model::Labels& l) const { return static_cast<size_t>(l.Hash()); }
};
// A rule's output series in the store, each with the number of the last
// evaluation that wrote it.
struct Written {
  eval::Series* series = nullptr;
  uint64_t evaluation = 0;
};
using WrittenMap = std::unordered_map<model::Labels, Written, LabelsHasher>;

// A recording rule's output labels for a result's labels, with the number
// of the last evaluation that needed them.
struct Renamed {
  model::Labels labels;
  uint64_t evaluation = 0;
};
using RenamedMap = std::unordered_map<model::Labels, Renamed, LabelsHasher>;

// The per-test-group state of one rule.
struct RuleState {
  const RuleDef* def = nullptr;
  std::optional<AlertingRule> alerting;
  WrittenMap written;  // the series the previous evaluation wrote
  RenamedMap renamed;  // recording rules: the previous evaluation's output labels
  uint64_t evaluations = 0;
  std::optional<std::string> last_error;
};

// Recording rule output: name and labels set, duplicates and limit checked.
// The output labels of equal result labels are those of the previous
// evaluation (`renamed`): the same label sets come back, built once.
Result<eval::Vector> Record(const RuleDef& rule, eval::Vector vector, int64_t limit,
                            RenamedMap& renamed, uint64_t evaluation) {
  for (eval::VectorSample& s : vector) {
    auto it = renamed.find(s.labels);
    if (it != renamed.end()) {
      it->second.evaluation = evaluation;
      s.labels = it->second.labels;
      continue;
    }
    model::LabelsBuilder lb(s.labels);
    lb.Set(model::kMetricName, rule.name);
    for (const auto& [k, v] : rule.labels) lb.Set(k, v);
    model::Labels out = lb.Build();
    renamed.emplace(std::move(s.labels), Renamed{out, evaluation});
    s.labels = std::move(out);
  }
  for (auto it = renamed.begin(); it != renamed.end();)
    it = it->second.evaluation == evaluation ? std::next(it) : renamed.erase(it);
  // Duplicates: equal label sets have equal hashes, so only samples with
  // equal hashes are compared.
  std::vector<std::pair<uint64_t, size_t>> hashes;
  hashes.reserve(vector.size());
  for (size_t i = 0; i < vector.size(); ++i) hashes.emplace_back(vector[i].labels.Hash(), i);
  std::sort(hashes.begin(), hashes.end());
  for (size_t i = 0; i < hashes.size(); ++i) {
    for (size_t j = i + 1; j < hashes.size() && hashes[j].first == hashes[i].first; ++j) {
      if (vector[hashes[i].second].labels == vector[hashes[j].second].labels)
        return Error{"vector contains metrics with the same labelset after applying rule labels"};
    }
  }
  if (limit > 0 && static_cast<int64_t>(vector.size()) > limit) {
    return Error{"exceeded limit of " + std::to_string(limit) + " with " +
                 std::to_string(vector.size()) + " series"};
  }
  return vector;
}

// Group.Eval at `ts` for one rule.
void EvalRule(RuleState& state, const GroupDef& group, int64_t ts, const Querier& querier,
              const TemplateEnv& env) {
  const RuleDef& rule = *state.def;
  const int64_t t = ts - group.query_offset_ms;
  state.last_error.reset();
  const uint64_t evaluation = ++state.evaluations;
  Result<eval::Vector> result = querier.Run(*rule.plan, t);
  if (result && rule.alert) {
    for (const eval::VectorSample& s : *result) {
      if (s.h != nullptr) result = Error{std::string(kHistogramsInAlert)};
    }
  }
  if (result) {
    if (rule.alert) {
      result = state.alerting->Eval(*result, ts, group.query_offset_ms, group.limit, env);
    } else {
      result = Record(rule, std::move(*result), group.limit, state.renamed, evaluation);
    }
  }
  if (!result) {
    state.last_error = result.error().message;
    return;
  }
  // Each series is looked up in the store once, when it appears; while the
  // rule keeps writing it, `written` has it. The series this evaluation does
  // not write get a staleness marker and leave.
  eval::Storage& storage = querier.storage();
  for (const eval::VectorSample& s : *result) {
    auto it = state.written.find(s.labels);
    eval::Series& series =
        it != state.written.end() ? *it->second.series : storage.SeriesFor(s.labels);
    Status st = s.h != nullptr ? storage.AppendHistogramTo(series, t, *s.h)
                               : storage.AppendTo(series, t, s.v);
    if (!st) {
      state.last_error = st.error().message;
    } else if (it != state.written.end()) {
      it->second.evaluation = evaluation;
    } else {
      state.written.emplace(s.labels, Written{&series, evaluation});
    }
  }
  for (auto it = state.written.begin(); it != state.written.end();) {
    if (it->second.evaluation == evaluation) {
      ++it;
      continue;
    }
    (void)storage.AppendTo(*it->second.series, t, eval::StaleNaN());
    it = state.written.erase(it);
  }
}

// A rule group's state in one test group.
struct GroupState {
  const GroupDef* def;
  std::vector<RuleState> rules;
};

// Which samples the run may drop (Storage::DropBefore) when every query
// reads a bounded time back (query_reach.h): after step ts, no rule query of
// a later step reads before ts + step − rule_lag, and no expression test
// before expr_floor.
struct DropPlan {
  int64_t rule_lag = 0;
  int64_t expr_floor = INT64_MAX;
};

// The drop plan, or nullopt when some query can read elsewhere: `@`,
// negative offsets and the like, or a template that may call `query`.
std::optional<DropPlan> PlanDrops(const std::vector<GroupState>& groups, const TestGroup& group,
                                  int64_t mint, int64_t lookback_ms, const Options& options) {
  DropPlan plan;
  for (const GroupState& gs : groups) {
    for (const RuleState& rs : gs.rules) {
      if (rs.def->ast == nullptr) return std::nullopt;
      std::optional<int64_t> reach = QueryReach(*rs.def->ast, lookback_ms);
      if (!reach) return std::nullopt;
      plan.rule_lag = std::max(plan.rule_lag, gs.def->query_offset_ms + *reach);
      for (const StringMap* templates : {&rs.def->alerting.labels, &rs.def->alerting.annotations})
        for (const auto& [name, text] : *templates)
          if (text.find("query") != std::string::npos) return std::nullopt;
    }
  }
  for (const ExprTest& test : group.expr_tests) {
    promql::ParseResult parsed = promql::Parse(test.expr, options.syntax);
    if (!parsed.ok() || parsed.expr == nullptr) continue;  // fails without reading
    std::optional<int64_t> reach = QueryReach(*parsed.expr, lookback_ms);
    if (!reach) return std::nullopt;
    plan.expr_floor = std::min(plan.expr_floor, mint + test.eval_time_ms - *reach);
  }
  return plan;
}

Problem MakeProblem(ProblemKind kind, std::string text, Position position, std::string summary) {
  Problem p;
  p.kind = kind;
  p.text = std::move(text);
  p.position = std::move(position);
  p.summary = std::move(summary);
  return p;
}

// ParseMetric of an exp_samples labels string.
Result<model::Labels> ParseExpectedLabels(const std::string& text) {
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return model::Labels();
  auto parsed = eval::promqltest::ParseSeriesDesc(s);
  if (auto* e = std::get_if<eval::promqltest::ParseError>(&parsed))
    return Error{"1:" + std::to_string(e->column) + ": parse error: " + e->message};
  auto& desc = std::get<eval::promqltest::SeriesDesc>(parsed);
  if (!desc.values.empty())
    return Error{"1:" + std::to_string(s.size() + 1) + ": parse error: unexpected values"};
  return desc.labels;
}

}  // namespace

std::vector<size_t> EvaluationOrder(const RuleSet& rules, const std::vector<std::string>& order) {
  std::map<std::string, size_t> rank;
  for (size_t i = 0; i < order.size(); ++i) rank.emplace(order[i], i);
  std::vector<size_t> out(rules.groups.size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = i;
  auto key = [&](size_t i) {
    auto it = rank.find(rules.groups[i]->name);
    return it == rank.end() ? size_t{0} : it->second;
  };
  std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  return out;
}

std::vector<Problem> RunGroup(const TestGroup& group, const GroupContext& context,
                              std::string* debug_dump) {
  const std::string& path = *context.path;
  const TestFile& file = *context.file;
  const Options& options = *context.options;
  std::vector<Problem> problems;

  const int64_t step = file.evaluation_interval_ms;
  const int64_t interval = group.interval_ms != 0 ? group.interval_ms : step;
  const int64_t mint = group.start_ms;

  size_t failed = 0;
  Result<LazyInput> input = LazyInput::Parse(group.input_series, mint, interval, &failed);
  if (!input) {
    Mark where = failed < group.input_series.size() ? group.input_series[failed].mark : group.mark;
    problems.push_back(MakeProblem(ProblemKind::kInputSeries, input.error().message,
                                   PositionIn(path, where),
                                   "input_series: " + input.error().message));
    return problems;
  }
  if (!context.rules->errors.empty()) return context.rules->errors;

  for (const AlertTest& a : group.alert_tests) {
    if (!a.alertname.empty()) continue;
    std::string in = group.name.empty() ? "" : " (in TestGroup " + group.name + ")";
    std::string text =
        "an item under alert_rule_test misses required attribute alertname at "
        "eval_time " +
        ModelDuration(a.eval_time_ms) + in;
    problems.push_back(
        MakeProblem(ProblemKind::kMissingField, text, PositionIn(path, a.mark), text));
    return problems;
  }

  int64_t max_eval = 0;
  for (const AlertTest& a : group.alert_tests) max_eval = std::max(max_eval, a.eval_time_ms);
  for (const ExprTest& e : group.expr_tests) max_eval = std::max(max_eval, e.eval_time_ms);
  const int64_t maxt = mint + max_eval;

  eval::Storage storage;
  eval::EngineOptions engine;
  engine.lookback_ms = 5 * 60 * 1000;
  engine.max_samples = 10000;
  engine.delayed_name_removal = options.delayed_name_removal;
  engine.default_subquery_step_ms = step;
  Querier querier(storage, engine, options);

  TemplateEnv env;
  for (const auto& [k, v] : group.external_labels) env.external_labels.emplace_back(k, v);
  std::sort(env.external_labels.begin(), env.external_labels.end());
  env.external_url = group.external_url;
  env.query = [&querier](const std::string& expr,
                         int64_t t) -> Result<std::vector<tmpl::QuerySample>> {
    Result<eval::Vector> v = querier.Run(expr, t);
    if (!v) return v.error();
    std::vector<tmpl::QuerySample> out;
    for (const eval::VectorSample& s : *v) {
      if (s.h != nullptr) return Error{std::string(kHistogramsInTemplate)};
      tmpl::QuerySample q;
      for (const model::Label& l : s.labels) q.labels.emplace_back(l.name, l.value);
      q.value = s.v;
      out.push_back(std::move(q));
    }
    return out;
  };

  // Rule state, in evaluation order.
  std::vector<GroupState> groups;
  for (size_t gi : context.order) {
    const GroupDef& g = *context.rules->groups[gi];
    GroupState gs{&g, {}};
    for (const auto& r : g.rules) {
      RuleState rs;
      rs.def = r.get();
      if (r->alert) rs.alerting.emplace(r->alerting);
      gs.rules.push_back(std::move(rs));
    }
    groups.push_back(std::move(gs));
  }

  // Samples no later query reads are dropped every so often: every quarter
  // of the lag (or step) of evaluation time, so that a series holds at most
  // about 1.25 lags of samples and each sample is moved a few times.
  // The --debug dump reads every sample: nothing is dropped for it.
  const std::optional<DropPlan> drops =
      debug_dump != nullptr ? std::nullopt
                            : PlanDrops(groups, group, mint, engine.lookback_ms, options);
  int64_t dropped_before = mint;

  // Alert tests by eval_time, ascending.
  std::map<int64_t, std::vector<const AlertTest*>> alert_tests;
  for (const AlertTest& a : group.alert_tests) alert_tests[a.eval_time_ms].push_back(&a);
  auto next_alert = alert_tests.begin();

  for (int64_t ts = mint; ts <= maxt; ts += step) {
    if (Status st = input->AppendTill(ts, storage, !drops); !st) {
      problems.push_back(MakeProblem(ProblemKind::kInputSeries, st.error().message,
                                     PositionIn(path, group.mark), st.error().message));
    } else {
      std::vector<Problem> eval_errors;
      for (GroupState& gs : groups) {
        for (RuleState& rs : gs.rules) EvalRule(rs, *gs.def, ts, querier, env);
        for (const RuleState& rs : gs.rules) {
          if (!rs.last_error) continue;
          std::string text = "    rule: " + rs.def->name + ", time: " + GoDuration(ts) +
                             ", err: " + *rs.last_error;
          eval_errors.push_back(MakeProblem(
              ProblemKind::kRuleEval, text, rs.def->position,
              "rule " + rs.def->name + " failed at " + GoDuration(ts) + ": " + *rs.last_error));
        }
      }
      if (!eval_errors.empty()) {
        for (Problem& p : eval_errors) problems.push_back(std::move(p));
        return problems;
      }
    }
    while (next_alert != alert_tests.end() && ts - mint <= next_alert->first &&
           next_alert->first < ts + step - mint) {
      for (const AlertTest* test : next_alert->second) {
        std::vector<AlertItem> got;
        for (const GroupState& gs : groups) {
          for (const RuleState& rs : gs.rules) {
            if (!rs.alerting || rs.def->name != test->alertname) continue;
            for (const Alert* a : rs.alerting->Firing())
              got.push_back(AlertItem{a->labels, a->annotations});
          }
        }
        if (auto p = CompareAlerts(*test, std::move(got), group.name, path))
          problems.push_back(std::move(*p));
      }
      ++next_alert;
    }
    if (drops) {
      const int64_t before = std::min(ts + step - drops->rule_lag, drops->expr_floor);
      if (before - dropped_before >= std::max(drops->rule_lag / 4, step)) {
        storage.DropBefore(before);
        dropped_before = before;
      }
    }
  }

  for (const ExprTest& test : group.expr_tests) {
    auto expr_error = [&](const std::string& err) {
      std::string text = "    expr: " + GoQuote(test.expr) +
                         ", time: " + ModelDuration(test.eval_time_ms) + ", err: " + err;
      return MakeProblem(
          ProblemKind::kExprError, text, PositionIn(path, test.mark),
          "expr " + GoQuote(test.expr) + " at " + ModelDuration(test.eval_time_ms) + ": " + err);
    };
    Result<eval::Vector> got = querier.Run(test.expr, mint + test.eval_time_ms);
    if (!got) {
      problems.push_back(expr_error(got.error().message));
      continue;
    }
    std::vector<ExpectedSample> exp;
    bool bad = false;
    for (size_t i = 0; i < test.exp_samples.size(); ++i) {
      const ExpSample& s = test.exp_samples[i];
      Result<model::Labels> labels = ParseExpectedLabels(s.labels);
      Result<std::string> histogram = std::string();
      if (labels && s.histogram && !s.histogram->empty())
        histogram = ExpectedHistogram(*s.histogram);
      if (!labels || !histogram) {
        const std::string& err = !labels ? labels.error().message : histogram.error().message;
        Problem p = expr_error("labels " + GoQuote(s.labels) + ": " + err);
        p.kind = ProblemKind::kExpectedLabels;
        p.position = PositionIn(path, s.mark);
        problems.push_back(std::move(p));
        bad = true;
        break;
      }
      exp.push_back(ExpectedSample{SampleItem{*labels, s.value, *histogram}, i});
    }
    if (bad) continue;
    std::vector<SampleItem> got_items;
    for (const eval::VectorSample& s : *got) {
      got_items.push_back(
          SampleItem{s.labels, s.v, s.h != nullptr ? eval::HistogramTestExpression(*s.h) : ""});
    }
    if (auto p =
            CompareSamples(test, std::move(exp), std::move(got_items), file.fuzzy_compare, path))
      problems.push_back(std::move(*p));
  }
  if (debug_dump != nullptr) *debug_dump = DebugDump(storage, engine, mint, max_eval);
  return problems;
}

}  // namespace ttam::ruletest
