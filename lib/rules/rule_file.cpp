#include "rules/rule_file.h"

#include <algorithm>
#include <set>

#include "config/reader.h"
#include "support/utf8.h"

namespace ttam::rules {
namespace {

constexpr std::string_view kStructure = "rules/structure";
constexpr std::string_view kDuplicateGroup = "rules/duplicate-group";
constexpr std::string_view kInvalidName = "rules/invalid-name";

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

bool IsKeyword(std::string_view word) {
  static const std::set<std::string_view> kWords = {
      "and",   "or",          "unless",      "by",     "without", "on",     "ignoring",
      "bool",  "group_left",  "group_right", "offset", "atan2",   "inf",    "nan",
      "Inf",   "NaN",         "start",       "end",    "sum",     "min",    "max",
      "avg",   "group",       "stddev",      "stdvar", "count",   "count_values",
      "bottomk", "topk",      "quantile",    "limitk", "limit_ratio"};
  return kWords.count(word) > 0;
}

}  // namespace

std::vector<std::string> SelectedMetricsLexical(std::string_view expr) {
  // A lexical approximation until the PromQL front end exists: metric names
  // are identifiers outside strings, braces, brackets and grouping lists that
  // are neither keywords nor function calls; `__name__="x"` inside braces too.
  std::vector<std::string> out;
  size_t i = 0;
  int brace = 0;
  while (i < expr.size()) {
    char c = expr[i];
    if (c == '"' || c == '\'' || c == '`') {
      size_t start = ++i;
      while (i < expr.size() && expr[i] != c) i += (expr[i] == '\\' && c != '`') ? 2 : 1;
      std::string_view literal = expr.substr(start, std::min(i, expr.size()) - start);
      // `{__name__="x"}`: the word before '=' was __name__.
      if (brace > 0 && start >= 2) {
        size_t k = start - 1;  // the quote
        while (k > 0 && (expr[k - 1] == ' ' || expr[k - 1] == '=')) --k;
        if (k >= 8 && expr.substr(k - 8, 8) == "__name__" && expr[start - 2] == '=' &&
            (start < 3 || expr[start - 3] != '!')) {
          out.emplace_back(literal);
        }
      }
      ++i;
      continue;
    }
    if (c == '#') {  // comment to end of line
      while (i < expr.size() && expr[i] != '\n') ++i;
      continue;
    }
    if (c == '{') ++brace;
    if (c == '}' && brace > 0) --brace;
    if (c == '[') {  // range or subquery durations
      while (i < expr.size() && expr[i] != ']') ++i;
      continue;
    }
    if (brace == 0 && IsIdentStart(c) && (i == 0 || !IsIdentChar(expr[i - 1]))) {
      size_t start = i;
      while (i < expr.size() && IsIdentChar(expr[i])) ++i;
      std::string_view word = expr.substr(start, i - start);
      size_t next = i;
      while (next < expr.size() && (expr[next] == ' ' || expr[next] == '\n' || expr[next] == '\t')) {
        ++next;
      }
      if (word == "by" || word == "without" || word == "on" || word == "ignoring" ||
          word == "group_left" || word == "group_right") {
        // Their label list, when there is one, names labels, not metrics.
        if (next < expr.size() && expr[next] == '(') {
          i = next;
          while (i < expr.size() && expr[i] != ')') ++i;
        }
        continue;
      }
      bool call = next < expr.size() && expr[next] == '(';
      // A number like 1e3 or a duration like 5m starts with a digit: not here.
      if (!call && !IsKeyword(word)) out.emplace_back(word);
      continue;
    }
    ++i;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

RuleFile LoadRuleFile(const std::string& path, std::string text, diag::Sink& sink) {
  RuleFile file;
  file.doc = yaml::Parse(path, std::move(text), sink);
  if (!file.doc) return file;
  FileSystem& fs = RealFileSystem();
  config::Context ctx(*file.doc, sink, fs);
  const yaml::Node* root_node = file.doc->empty ? nullptr : &file.doc->root;
  config::Object root(ctx, root_node, "");
  std::set<std::string> names;
  std::vector<config::Object> groups = root.List("groups");
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    config::Object& g = groups[gi];
    if (g.node() == nullptr) continue;  // not a mapping: already reported
    Group group;
    group.node = g.node();
    group.path = g.path();
    const yaml::Node* name_node = g.Field("name");
    auto name = g.String("name");
    if (!name || name->empty()) {
      ctx.Error(name_node != nullptr ? *name_node : *g.node(), g.PathOf("name"), kStructure,
                "the group needs a non-empty \"name\"");
    } else if (!names.insert(*name).second) {
      ctx.Error(*name_node, g.PathOf("name"), kDuplicateGroup,
                "group name \"" + *name + "\" is repeated in the same file; group names must be "
                "unique within a file");
    }
    if (name) group.name = *name;
    if (auto interval = g.Duration("interval")) group.interval_ms = *interval;
    g.Duration("query_offset");
    g.Int("limit", 0);
    if (auto labels = g.StringMap("labels")) {
      for (const auto& [k, v] : *labels) {
        if (k.empty() || k == "__name__" || FindInvalidUtf8(k) != std::string::npos) {
          g.Error("labels", kInvalidName, "invalid label name \"" + k + "\"");
        }
      }
    }
    std::vector<config::Object> rules = g.List("rules");
    for (config::Object& r : rules) {
      if (r.node() == nullptr) continue;  // not a mapping: already reported
      Rule rule;
      rule.node = r.node();
      rule.path = r.path();
      const yaml::Node* record_node = r.Field("record");
      auto record = r.String("record");
      auto alert = r.String("alert");
      const yaml::Node* expr_node = r.Field("expr");
      auto expr = r.String("expr");
      auto for_ms = r.Duration("for");
      auto keep_firing = r.Duration("keep_firing_for");
      auto labels = r.StringMap("labels");
      auto annotations = r.StringMap("annotations");
      bool has_record = record && !record->empty();
      bool has_alert = alert && !alert->empty();
      if (has_record && has_alert) {
        ctx.Error(*record_node, r.path(), kStructure,
                  "only one of \"record\" and \"alert\" may be set: a rule either records a "
                  "series or fires an alert");
      } else if (!has_record && !has_alert) {
        ctx.Error(*r.node(), r.path(), kStructure,
                  "one of \"record\" or \"alert\" must be set");
      }
      if (!expr || expr->empty()) {
        ctx.Error(expr_node != nullptr ? *expr_node : *r.node(), r.PathOf("expr"), kStructure,
                  "\"expr\" must be set: the PromQL expression the rule evaluates");
      }
      if (has_record) {
        if (annotations && !annotations->empty()) {
          r.Error("annotations", kStructure,
                  "recording rules cannot have annotations (only alerts do); remove them");
        }
        if (for_ms && *for_ms != 0) {
          r.Error("for", kStructure, "recording rules cannot have \"for\" (only alerts do)");
        }
        if (keep_firing && *keep_firing != 0) {
          r.Error("keep_firing_for", kStructure,
                  "recording rules cannot have \"keep_firing_for\" (only alerts do)");
        }
        if (FindInvalidUtf8(*record) != std::string::npos) {
          ctx.Error(*record_node, r.PathOf("record"), kInvalidName,
                    "invalid recording rule name: not valid UTF-8");
        }
        if (record->find_first_of("{}") != std::string::npos) {
          ctx.Error(*record_node, r.PathOf("record"), kInvalidName,
                    "braces in the recording rule name \"" + *record +
                        "\": the name is a metric name; selectors belong in \"expr\"");
        }
      }
      if (labels) {
        for (const auto& [k, v] : *labels) {
          if (k.empty() || k == "__name__" || FindInvalidUtf8(k) != std::string::npos) {
            r.Error("labels", kInvalidName,
                    "invalid label name \"" + k + "\"" +
                        (k == "__name__" ? ": rules cannot set the metric name through labels"
                                         : ""));
          }
          if (FindInvalidUtf8(v) != std::string::npos) {
            r.Error("labels", kInvalidName, "label \"" + k + "\" has a value that is not UTF-8");
          }
        }
      }
      if (annotations) {
        for (const auto& [k, v] : *annotations) {
          if (k.empty() || FindInvalidUtf8(k) != std::string::npos) {
            r.Error("annotations", kInvalidName, "invalid annotation name \"" + k + "\"");
          }
        }
      }
      r.Finish();
      if (record) rule.record = *record;
      if (alert) rule.alert = *alert;
      if (expr) {
        rule.expr = *expr;
        rule.expr_node = expr_node;
        rule.selected_metrics = SelectedMetricsLexical(*expr);
      }
      group.rules.push_back(std::move(rule));
    }
    g.Finish();
    file.groups.push_back(std::move(group));
  }
  root.Finish();
  file.valid = ctx.errors() == 0;
  return file;
}

}  // namespace ttam::rules
