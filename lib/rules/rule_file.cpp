#include "rules/rule_file.h"

#include <algorithm>
#include <set>

#include "model/names.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "support/utf8.h"
#include "template/template_check.h"
#include "yaml/scalar_position.h"
#include "yaml/schema.h"

namespace ttam::rules {
namespace {

// A label or annotation name Prometheus accepts under `scheme`.
bool ValidLabelName(const std::string& k, const LoadOptions& options) {
  if (k.empty() || FindInvalidUtf8(k) != std::string::npos) return false;
  return model::IsValidLabelName(k, options.name_validation);
}

// Reads a string map field for validation and keeps its entries with their
// nodes (source order) for positions.
std::vector<KeyValue> KeyValues(yaml::Object& obj, std::string_view name) {
  std::vector<KeyValue> out;
  if (!obj.StringMap(name)) return out;
  const yaml::Node* node = obj.Field(name);
  if (node == nullptr || !node->IsMap()) return out;
  for (const yaml::Entry& e : node->entries) {
    if (!e.key.IsScalar()) continue;
    out.push_back({e.key.scalar,
                   e.value.IsScalar() ? std::string_view(e.value.scalar) : std::string_view(),
                   &e.key, &e.value});
  }
  return out;
}

// Reports a problem inside a scalar (an expression or a template) at the
// byte range [begin, end) of its value.
void ReportInScalar(diag::Sink& sink, const yaml::Document& doc, const yaml::Node& scalar,
                    size_t begin, size_t end, std::string_view check, std::string message,
                    std::string hint = {}) {
  yaml::ScalarSpan span = yaml::SpanInScalar(doc, scalar, begin, end);
  diag::Diagnostic d =
      yaml::MakeDiagnostic(doc, span.at, diag::Severity::kError, check, std::move(message));
  d.end_column = span.end_column;
  if (!hint.empty()) d.notes.push_back({d.path, d.line, d.column, "hint: " + hint});
  sink.Report(std::move(d));
}

// Parses and type-checks the rule's expression; errors point inside it.
// Returns the tree when the expression is valid.
promql::ExprPtr CheckExpr(const Rule& rule, const yaml::Document& doc, diag::Sink& sink,
                          const LoadOptions& options, uint64_t& errors) {
  promql::ParseResult parsed = promql::Parse(rule.expr, options.syntax);
  const yaml::Node& at = *rule.expr_node;
  if (!parsed.ok()) {
    for (const promql::ParseError& e : parsed.errors) {
      ReportInScalar(sink, doc, at, e.begin, e.end, kPromqlSyntax,
                     "invalid PromQL in \"expr\": " + e.message);
      ++errors;
    }
    return nullptr;
  }
  promql::CheckOptions check_options;
  check_options.enable_experimental_functions = options.experimental_functions;
  check_options.source = rule.expr;
  std::vector<promql::CheckError> problems = promql::Check(*parsed.expr, check_options);
  for (promql::CheckError& e : problems) {
    ReportInScalar(sink, doc, at, e.span.begin, e.span.end, kPromqlType,
                   "invalid PromQL in \"expr\": " + e.message, std::move(e.hint));
    ++errors;
  }
  if (!problems.empty()) return nullptr;
  return std::move(parsed.expr);
}

// Checks an alert's label or annotation values as Prometheus does when it
// loads the file: each must parse as a Go template with its functions and
// the variables $labels, $externalLabels, $externalURL and $value.
void CheckTemplates(const Rule& rule, std::string_view what, const std::vector<KeyValue>& values,
                    const yaml::Document& doc, diag::Sink& sink, uint64_t& errors) {
  for (const KeyValue& kv : values) {
    if (kv.value_node == nullptr || !kv.value_node->IsScalar()) continue;
    if (kv.value.find("{{") == std::string::npos) continue;
    tmpl::TemplateReport report = tmpl::CheckTemplate(kv.value);
    for (const tmpl::TemplateError& e : report.errors) {
      ReportInScalar(sink, doc, *kv.value_node, e.begin, e.end, kTemplate,
                     std::string(what) + " \"" + std::string(kv.key) + "\" of alert \"" +
                         std::string(rule.alert) + "\": " + e.message);
      ++errors;
    }
  }
}

}  // namespace

RuleFile LoadRuleFile(const std::string& path, std::string text, diag::Sink& sink, FileSystem& fs,
                      const LoadOptions& options) {
  RuleFile file;
  file.options = options;
  // The YAML layer reports straight to the sink (duplicate keys, syntax):
  // count what it reports so that such a file is not called valid.
  diag::ErrorCountingSink yaml_sink(sink);
  file.doc = yaml::Parse(path, std::move(text), yaml_sink);
  if (!file.doc) return file;
  yaml::Context ctx(*file.doc, sink, fs, yaml::SchemaIds::ForArea("rules"));
  const yaml::Node* root_node = file.doc->empty ? nullptr : &file.doc->root;
  yaml::Object root(ctx, root_node, "");
  std::set<std::string> names;
  uint64_t invalid_exprs = 0;  // rules whose expr or templates are invalid (reported here)
  std::vector<yaml::Object> groups = root.List("groups");
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    yaml::Object& g = groups[gi];
    if (g.node() == nullptr) continue;  // not a mapping: already reported
    Group group;
    group.node = g.node();
    const yaml::Node* name_node = g.Field("name");
    auto name = g.String("name");
    if (!name || name->empty()) {
      ctx.Error(name_node != nullptr ? *name_node : *g.node(), g.PathOf("name"), kStructure,
                "the group needs a non-empty \"name\"");
    } else if (!names.insert(*name).second) {
      ctx.Error(*name_node, g.PathOf("name"), kDuplicateGroup,
                "group name \"" + *name +
                    "\" is repeated in the same file; group names must be "
                    "unique within a file");
    }
    if (name) group.name = *name;
    group.name_node = name_node;
    if (auto interval = g.Duration("interval")) group.interval_ms = *interval;
    group.query_offset_ms = g.Duration("query_offset");
    if (auto limit = g.Int("limit", 0)) group.limit = *limit;
    group.labels = KeyValues(g, "labels");
    for (const KeyValue& kv : group.labels) {
      const std::string k(kv.key);
      if (k == "__name__" || !ValidLabelName(k, options)) {
        g.Error("labels", kInvalidName, "invalid label name \"" + k + "\"");
      }
    }
    std::vector<yaml::Object> rules = g.List("rules");
    group.rules.reserve(rules.size());
    for (yaml::Object& r : rules) {
      if (r.node() == nullptr) continue;  // not a mapping: already reported
      Rule rule;
      rule.node = r.node();
      const yaml::Node* record_node = r.Field("record");
      auto record = r.String("record");
      auto alert = r.String("alert");
      const yaml::Node* expr_node = r.Field("expr");
      auto expr = r.String("expr");
      auto for_ms = r.Duration("for");
      auto keep_firing = r.Duration("keep_firing_for");
      rule.labels = KeyValues(r, "labels");
      rule.annotations = KeyValues(r, "annotations");
      const std::vector<KeyValue>& labels = rule.labels;
      const std::vector<KeyValue>& annotations = rule.annotations;
      bool has_record = record && !record->empty();
      bool has_alert = alert && !alert->empty();
      if (has_record && has_alert) {
        ctx.Error(*record_node, r.path(), kStructure,
                  "only one of \"record\" and \"alert\" may be set: a rule either records a "
                  "series or fires an alert");
      } else if (!has_record && !has_alert) {
        ctx.Error(*r.node(), r.path(), kStructure, "one of \"record\" or \"alert\" must be set");
      }
      if (!expr || expr->empty()) {
        ctx.Error(expr_node != nullptr ? *expr_node : *r.node(), r.PathOf("expr"), kStructure,
                  "\"expr\" must be set: the PromQL expression the rule evaluates");
      }
      if (has_record) {
        if (!annotations.empty()) {
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
        if (options.name_validation == model::NameValidation::kLegacy &&
            !model::IsValidLegacyMetricName(*record)) {
          ctx.Error(*record_node, r.PathOf("record"), kInvalidName,
                    "invalid recording rule name \"" + *record +
                        "\" under metric_name_validation_scheme: legacy (letters, digits, '_' "
                        "and ':', not starting with a digit)");
        }
        if (record->find_first_of("{}") != std::string::npos) {
          ctx.Error(*record_node, r.PathOf("record"), kInvalidName,
                    "braces in the recording rule name \"" + *record +
                        "\": the name is a metric name; selectors belong in \"expr\"");
        }
      }
      {
        for (const KeyValue& kv : labels) {
          const std::string k(kv.key);
          std::string_view v = kv.value;
          if (k == "__name__" || !ValidLabelName(k, options)) {
            r.Error(
                "labels", kInvalidName,
                "invalid label name \"" + k + "\"" +
                    (k == "__name__" ? ": rules cannot set the metric name through labels" : ""));
          }
          if (FindInvalidUtf8(v) != std::string::npos) {
            r.Error("labels", kInvalidName, "label \"" + k + "\" has a value that is not UTF-8");
          }
        }
      }
      {
        for (const KeyValue& kv : annotations) {
          const std::string k(kv.key);
          if (!ValidLabelName(k, options)) {
            r.Error("annotations", kInvalidName,
                    "invalid annotation name \"" + k + "\"" +
                        (options.name_validation == model::NameValidation::kLegacy
                             ? " under metric_name_validation_scheme: legacy (letters, digits "
                               "and '_' only)"
                             : ""));
          }
        }
      }
      r.Finish();
      // Views into the nodes (String() returned copies for validation).
      const yaml::Node* alert_node = r.Field("alert");
      if (record && record_node != nullptr && record_node->IsScalar())
        rule.record = record_node->scalar;
      if (alert && alert_node != nullptr && alert_node->IsScalar()) rule.alert = alert_node->scalar;
      rule.name_node = has_record ? record_node : has_alert ? alert_node : nullptr;
      rule.for_ms = for_ms;
      rule.keep_firing_for_ms = keep_firing;
      if (expr && !expr->empty() && expr_node != nullptr && expr_node->IsScalar()) {
        rule.expr = expr_node->scalar;
        rule.expr_node = expr_node;
        uint64_t expr_errors = 0;
        promql::ExprPtr ast = CheckExpr(rule, *file.doc, sink, options, expr_errors);
        rule.expr_valid = ast != nullptr;
        if (expr_errors > 0) ++invalid_exprs;
      }
      if (has_alert) {
        uint64_t template_errors = 0;
        CheckTemplates(rule, "label", rule.labels, *file.doc, sink, template_errors);
        CheckTemplates(rule, "annotation", rule.annotations, *file.doc, sink, template_errors);
        if (template_errors > 0) ++invalid_exprs;
      }
      group.rules.push_back(std::move(rule));
    }
    g.Finish();
    file.groups.push_back(std::move(group));
  }
  root.Finish();
  file.valid = ctx.errors() == 0 && invalid_exprs == 0 && yaml_sink.errors == 0;
  return file;
}

}  // namespace ttam::rules
