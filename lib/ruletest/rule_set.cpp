// Loading rule files for rule unit tests.

#include "ruletest/rule_set.h"

#include <algorithm>

#include "diag/diagnostic.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "rules/rule_file.h"
#include "ruletest/promtool_text.h"
#include "support/text.h"

namespace ttam::ruletest {
namespace {

// Group labels, then rule labels over them (labels.FromMaps), sorted by name.
StringMap Merge(const std::vector<rules::KeyValue>& group,
                const std::vector<rules::KeyValue>& rule) {
  StringMap out;
  auto set = [&](std::string_view k, std::string_view v) {
    for (auto& [name, value] : out) {
      if (name == k) {
        value = std::string(v);
        return;
      }
    }
    out.emplace_back(std::string(k), std::string(v));
  };
  for (const rules::KeyValue& kv : group) set(kv.key, kv.value);
  for (const rules::KeyValue& kv : rule) set(kv.key, kv.value);
  std::sort(out.begin(), out.end());
  return out;
}

Problem LoadProblem(const std::string& path, int line, int column, const std::string& message) {
  Problem p;
  p.kind = ProblemKind::kRuleLoad;
  p.position = Position{path, line, column};
  p.text = path + ": " +
           (line > 0 ? std::to_string(line) + ":" + std::to_string(column) + ": " : "") + message;
  p.summary = "rule file " + path + ": " + message;
  return p;
}

// The parse or check error of an expression as PromQL prints it; "" when valid.
std::string ExpressionError(const std::string& expr, const Options& options) {
  promql::ParseResult parsed = promql::Parse(expr, options.syntax);
  if (!parsed.ok()) {
    if (parsed.errors.empty()) return PromqlErrorText(expr, 0, "invalid expression");
    return PromqlErrorText(expr, parsed.errors.front().begin, parsed.errors.front().message);
  }
  promql::CheckOptions check;
  check.enable_experimental_functions = options.experimental_functions;
  check.source = expr;
  std::vector<promql::CheckError> errors = promql::Check(*parsed.expr, check);
  if (errors.empty()) return "";
  return PromqlErrorText(expr, errors.front().span.begin, errors.front().message);
}

}  // namespace

RuleSet LoadRuleSet(const std::vector<std::string>& files, FileSystem& fs, const Options& options) {
  RuleSet set;
  for (const std::string& path : files) {
    Result<std::string> text = fs.Read(path);
    if (!text) {
      set.errors.push_back(LoadProblem(path, 0, 0, text.error().message));
      continue;
    }
    diag::CollectingSink sink;
    rules::LoadOptions load;
    load.experimental_functions = options.experimental_functions;
    load.syntax = options.syntax;
    rules::RuleFile file = rules::LoadRuleFile(path, std::move(*text), sink, fs, load);
    bool failed = false;
    // Invalid expressions as rulefmt reports them (`L:C: group "g", rule N,
    // "name": could not parse expression: 1:7: parse error: ...`).
    size_t expr_errors = 0;
    for (const rules::Group& g : file.groups) {
      for (size_t i = 0; i < g.rules.size(); ++i) {
        const rules::Rule& r = g.rules[i];
        if (r.expr_valid || r.expr_node == nullptr || !r.expr_node->IsScalar()) continue;
        std::string error = ExpressionError(std::string(r.expr), options);
        if (error.empty()) continue;
        set.errors.push_back(LoadProblem(path, static_cast<int>(r.expr_node->mark.line),
                                         static_cast<int>(r.expr_node->mark.column),
                                         "group " + GoQuote(g.name) + ", rule " +
                                             std::to_string(i + 1) + ", " + GoQuote(r.Name()) +
                                             ": could not parse expression: " + error));
        ++expr_errors;
        failed = true;
      }
    }
    for (const diag::Diagnostic& d : sink.diagnostics) {
      if (d.severity != diag::Severity::kError) continue;
      if (options.ignore_unknown_fields && d.check == rules::kUnknownField) continue;
      if (expr_errors > 0 && (d.check == rules::kPromqlSyntax || d.check == rules::kPromqlType))
        continue;
      set.errors.push_back(
          LoadProblem(path, static_cast<int>(d.line), static_cast<int>(d.column), d.message));
      failed = true;
    }
    if (failed) continue;
    for (const rules::Group& g : file.groups) {
      auto group = std::make_unique<GroupDef>();
      group->name = g.name;
      group->file = path;
      group->query_offset_ms = g.query_offset_ms.value_or(0);
      group->limit = g.limit;
      for (const rules::Rule& r : g.rules) {
        auto rule = std::make_unique<RuleDef>();
        rule->name = std::string(r.Name());
        rule->alert = r.IsAlert();
        rule->expr = std::string(r.expr);
        promql::ParseResult parsed = promql::Parse(rule->expr, options.syntax);
        int line = r.node != nullptr ? static_cast<int>(r.node->mark.line) : 0;
        int column = r.node != nullptr ? static_cast<int>(r.node->mark.column) : 0;
        if (!parsed.ok()) {
          set.errors.push_back(
              LoadProblem(path, line, column,
                          "could not parse expression: " + (parsed.errors.empty()
                                                                ? std::string("invalid")
                                                                : parsed.errors.front().message)));
          failed = true;
          continue;
        }
        rule->position = Position{path, line, column};
        rule->ast = std::move(parsed.expr);
        Result<eval::Plan> plan = eval::Plan::Bind(*rule->ast);
        if (!plan) {
          set.errors.push_back(LoadProblem(path, line, column, plan.error().message));
          failed = true;
          continue;
        }
        rule->plan = std::make_unique<eval::Plan>(std::move(*plan));
        StringMap labels = Merge(g.labels, r.labels);
        if (rule->alert) {
          rule->alerting.name = rule->name;
          rule->alerting.labels = std::move(labels);
          for (const rules::KeyValue& kv : r.annotations)
            rule->alerting.annotations.emplace_back(std::string(kv.key), std::string(kv.value));
          std::sort(rule->alerting.annotations.begin(), rule->alerting.annotations.end());
          rule->alerting.for_ms = r.for_ms.value_or(0);
          rule->alerting.keep_firing_for_ms = r.keep_firing_for_ms.value_or(0);
        } else {
          rule->labels = std::move(labels);
        }
        group->rules.push_back(std::move(rule));
      }
      set.groups.push_back(std::move(group));
    }
    if (failed) set.groups.clear();
  }
  if (!set.errors.empty()) set.groups.clear();
  return set;
}

}  // namespace ttam::ruletest
