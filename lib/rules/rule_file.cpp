#include "rules/rule_file.h"

#include <algorithm>
#include <cctype>
#include <optional>
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
// `refs` (when given) gets each value's label references, one entry per value.
void CheckTemplates(const Rule& rule, std::string_view what, const std::vector<KeyValue>& values,
                    const yaml::Document& doc, diag::Sink& sink, uint64_t& errors,
                    std::vector<std::vector<tmpl::LabelReference>>* refs) {
  if (refs != nullptr) refs->resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const KeyValue& kv = values[i];
    if (kv.value_node == nullptr || !kv.value_node->IsScalar()) continue;
    if (kv.value.find("{{") == std::string::npos) continue;
    tmpl::TemplateReport report = tmpl::CheckTemplate(kv.value);
    if (refs != nullptr) (*refs)[i] = std::move(report.label_refs);
    for (const tmpl::TemplateError& e : report.errors) {
      ReportInScalar(sink, doc, *kv.value_node, e.begin, e.end, kTemplate,
                     std::string(what) + " \"" + std::string(kv.key) + "\" of alert \"" +
                         std::string(rule.alert) + "\": " + e.message);
      ++errors;
    }
  }
}

// Drops the unknown-field findings that --ignore-unknown-fields asks to
// ignore, before they are counted or shown.
class RuleUnknownFieldDropper : public diag::Sink {
 public:
  RuleUnknownFieldDropper(diag::Sink& next, bool drop) : next_(next), drop_(drop) {}
  void Report(diag::Diagnostic diagnostic) override {
    if (drop_ && diagnostic.check == kUnknownField) return;
    next_.Report(std::move(diagnostic));
  }

 private:
  diag::Sink& next_;
  bool drop_;
};

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Thanos's group field (also in the PrometheusRule CRD): how the ruler treats
// a store that answers only in part.
void ReadPartialResponseStrategy(yaml::Object& g) {
  auto strategy = g.String("partial_response_strategy");
  if (strategy && !EqualsIgnoringCase(*strategy, "warn") &&
      !EqualsIgnoringCase(*strategy, "abort")) {
    g.Error("partial_response_strategy", kValue,
            "unknown partial_response_strategy \"" + *strategy + "\"; use warn or abort");
  }
}

// vmalert's group fields; returns false when the group's expressions are not
// PromQL (type graphite or vlogs), so that they are not parsed as PromQL.
bool ReadVmalertGroupFields(yaml::Object& g) {
  auto type = g.Enum("type", {"prometheus", "graphite", "vlogs"});
  g.Int("concurrency", 0);
  g.Duration("eval_offset");
  g.Duration("eval_delay");
  g.Bool("eval_alignment");
  g.Field("params");  // url.Values: a map of lists, passed through to the datasource
  g.StringList("headers");
  g.StringList("notifier_headers");
  return !type || *type == "prometheus";
}

// Group fields of the other rulers: under a dialect that lacks them they are
// still unknown fields, but the message says which --dialect knows them.
struct RulerGroupField {
  std::string_view field;
  std::string_view dialect;
};
constexpr RulerGroupField kRulerGroupFields[] = {
    {"partial_response_strategy", "thanos"},
    {"type", "vmalert"},
    {"concurrency", "vmalert"},
    {"eval_offset", "vmalert"},
    {"eval_delay", "vmalert"},
    {"eval_alignment", "vmalert"},
    {"params", "vmalert"},
    {"headers", "vmalert"},
    {"notifier_headers", "vmalert"},
};

void ReportForeignGroupFields(yaml::Object& g, const LoadOptions& options, bool manifest) {
  for (const RulerGroupField& f : kRulerGroupFields) {
    if (!g.Has(f.field)) continue;
    bool known = (f.dialect == "thanos" && (manifest || options.dialect == Dialect::kThanos)) ||
                 (f.dialect == "vmalert" && options.dialect == Dialect::kVmalert);
    if (known || options.ignore_unknown_fields) continue;
    g.Field(f.field);  // reported here, with the hint, instead of by Finish()
    for (const yaml::Entry& e : g.node()->entries) {
      if (!e.key.IsScalar() || e.key.scalar != f.field) continue;
      g.ctx().Error(e.key, "", kUnknownField,
                    "unknown field \"" + std::string(f.field) + "\" in " + g.path() +
                        " (Prometheus rejects it): a " + std::string(f.dialect) +
                        " ruler field; lint with --dialect " + std::string(f.dialect) +
                        " if the file is for that ruler");
      break;
    }
  }
}

// A top-level `kind:` line: the text is (or holds) a Kubernetes manifest.
bool HasKindLine(std::string_view text, std::string_view kind) {
  size_t at = 0;
  while ((at = text.find("kind:", at)) != std::string_view::npos) {
    bool line_start = at == 0 || text[at - 1] == '\n';
    size_t value = at + 5;
    at = value;
    if (!line_start) continue;
    while (value < text.size() && (text[value] == ' ' || text[value] == '\t')) ++value;
    std::string_view rest = text.substr(value);
    bool quoted = !rest.empty() && (rest[0] == '"' || rest[0] == '\'');
    if (quoted) rest.remove_prefix(1);
    if (rest.substr(0, kind.size()) != kind) continue;
    rest.remove_prefix(kind.size());
    if (quoted && !rest.empty() && (rest[0] == '"' || rest[0] == '\'')) rest.remove_prefix(1);
    if (rest.empty() || rest[0] == '\n' || rest[0] == '\r' || rest[0] == ' ' || rest[0] == '#') {
      return true;
    }
  }
  return false;
}

// Where each YAML document of `text` starts: after a `---` line at column 0
// (a marker there also ends a block scalar, so none hides inside one).
struct RuleDocumentSpan {
  size_t begin = 0;
  size_t end = 0;
  uint32_t newlines_before = 0;  ///< lines of the file before `begin`
};

std::vector<RuleDocumentSpan> SplitRuleDocuments(std::string_view text) {
  std::vector<RuleDocumentSpan> out;
  RuleDocumentSpan current;
  uint32_t line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    std::string_view content = text.substr(pos, next - pos);
    bool marker = content.substr(0, 3) == "---" &&
                  (content.size() == 3 || content[3] == '\n' || content[3] == '\r' ||
                   content[3] == ' ' || content[3] == '\t');
    if (marker && pos != 0) {
      current.end = pos;
      out.push_back(current);
      current = {pos, 0, line};
    }
    ++line;
    pos = next;
  }
  current.end = text.size();
  out.push_back(current);
  return out;
}

// True when the document holds nothing but comments, blank lines and markers.
bool BlankRuleDocument(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    std::string_view line = text.substr(pos, next - pos);
    size_t first = line.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && line[first] != '#' && line.substr(0, 3) != "---" &&
        line.substr(0, 3) != "...") {
      return false;
    }
    pos = next;
  }
  return true;
}

}  // namespace

bool ParseDialect(std::string_view text, Dialect* out) {
  if (text == "prometheus") {
    *out = Dialect::kPrometheus;
  } else if (text == "thanos") {
    *out = Dialect::kThanos;
  } else if (text == "vmalert") {
    *out = Dialect::kVmalert;
  } else {
    return false;
  }
  return true;
}

bool HasRuleDocuments(std::string_view text, const LoadOptions& options) {
  if (options.dialect != Dialect::kVmalert && !HasKindLine(text, "PrometheusRule") &&
      !HasKindLine(text, "List")) {
    return false;
  }
  return SplitRuleDocuments(text).size() > 1;
}

std::vector<RuleFile> LoadRuleFiles(const std::string& path, std::string text, diag::Sink& sink,
                                    FileSystem& fs, const LoadOptions& options,
                                    GroupConsumer* consumer) {
  std::vector<RuleFile> out;
  if (!HasRuleDocuments(text, options)) {
    out.push_back(LoadRuleFile(path, std::move(text), sink, fs, options, consumer));
    if (consumer != nullptr) consumer->OnFileEnd(true);
    return out;
  }
  std::vector<RuleDocumentSpan> spans = SplitRuleDocuments(text);
  bool ended = false;  // the consumer heard the last document
  for (size_t i = 0; i < spans.size(); ++i) {
    const RuleDocumentSpan& span = spans[i];
    std::string_view body = std::string_view(text).substr(span.begin, span.end - span.begin);
    if (BlankRuleDocument(body)) continue;
    // Empty lines in place of the documents before keep every position the
    // file's own.
    std::string doc_text(span.newlines_before, '\n');
    doc_text += body;
    RuleFile file = LoadRuleFile(path, std::move(doc_text), sink, fs, options, consumer);
    if (file.not_rules) continue;  // no group went to the consumer
    out.push_back(std::move(file));
    if (consumer != nullptr) consumer->OnFileEnd(i + 1 == spans.size());
    ended = i + 1 == spans.size();
  }
  // The last documents held no rules: the consumer still hears that the
  // text is done.
  if (consumer != nullptr && !out.empty() && !ended) consumer->OnFileEnd(true);
  return out;
}

RuleFile LoadRuleFile(const std::string& path, std::string text, diag::Sink& sink, FileSystem& fs,
                      const LoadOptions& options, GroupConsumer* consumer) {
  RuleFile file;
  file.options = options;
  // Everything reported here, the YAML layer's findings included (duplicate
  // keys, syntax), is counted so that such a file is not called valid; what
  // --ignore-unknown-fields drops is neither shown nor counted.
  diag::ErrorCountingSink counted(sink);
  RuleUnknownFieldDropper out(counted, options.ignore_unknown_fields);
  file.doc = yaml::Parse(path, std::move(text), out);
  if (!file.doc) return file;
  yaml::Context ctx(*file.doc, out, fs, yaml::SchemaIds::ForArea("rules"));
  const yaml::Node* root_node = file.doc->empty ? nullptr : &file.doc->root;
  yaml::Object root(ctx, root_node, "");
  uint64_t invalid_exprs = 0;  // rules whose expr or templates are invalid (reported here)
  // The groups of one rule file (`manifest`: a PrometheusRule's spec); group
  // names are unique within it.
  auto load_groups = [&](yaml::Object& holder, bool manifest) {
    std::set<std::string> names;
    std::vector<yaml::Object> groups = holder.List("groups");
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
      ReportForeignGroupFields(g, options, manifest);
      // The PrometheusRule CRD has Thanos's field too.
      if (manifest || options.dialect == Dialect::kThanos) ReadPartialResponseStrategy(g);
      bool promql_exprs = true;
      if (options.dialect == Dialect::kVmalert) promql_exprs = ReadVmalertGroupFields(g);
      for (const KeyValue& kv : group.labels) {
        const std::string k(kv.key);
        if (k == "__name__" || !ValidLabelName(k, options)) {
          g.Error("labels", kInvalidName, "invalid label name \"" + k + "\"");
        }
      }
      std::vector<yaml::Object> rules = g.List("rules");
      group.rules.reserve(rules.size());
      // For the consumer: each rule's tree and template references, in rule
      // order.
      std::vector<promql::ExprPtr> trees;
      std::vector<TemplateRefs> refs;
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
        if (options.dialect == Dialect::kVmalert) {
          r.Bool("debug");
          r.Int("update_entries_limit", 0);
        }
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
        if (alert && alert_node != nullptr && alert_node->IsScalar())
          rule.alert = alert_node->scalar;
        rule.name_node = has_record ? record_node : has_alert ? alert_node : nullptr;
        rule.for_ms = for_ms;
        rule.keep_firing_for_ms = keep_firing;
        if (promql_exprs && expr && !expr->empty() && expr_node != nullptr &&
            expr_node->IsScalar()) {
          rule.expr = expr_node->scalar;
          rule.expr_node = expr_node;
          uint64_t expr_errors = 0;
          promql::ExprPtr ast = CheckExpr(rule, *file.doc, sink, options, expr_errors);
          rule.expr_valid = ast != nullptr;
          if (expr_errors > 0) ++invalid_exprs;
          if (consumer != nullptr) trees.resize(group.rules.size() + 1);
          if (consumer != nullptr) trees.back() = std::move(ast);
        }
        if (has_alert) {
          uint64_t template_errors = 0;
          TemplateRefs* mine = nullptr;
          if (consumer != nullptr) {
            refs.resize(group.rules.size() + 1);
            mine = &refs.back();
          }
          CheckTemplates(rule, "label", rule.labels, *file.doc, sink, template_errors,
                         mine != nullptr ? &mine->labels : nullptr);
          CheckTemplates(rule, "annotation", rule.annotations, *file.doc, sink, template_errors,
                         mine != nullptr ? &mine->annotations : nullptr);
          if (template_errors > 0) ++invalid_exprs;
        }
        group.rules.push_back(std::move(rule));
      }
      g.Finish();
      if (consumer != nullptr) {
        std::vector<const promql::Expr*> views(group.rules.size(), nullptr);
        for (size_t i = 0; i < trees.size(); ++i) views[i] = trees[i].get();
        refs.resize(group.rules.size());
        consumer->OnGroup(file, group, views, refs);
      }
      // Moving the group keeps its rules where they are (the vector's buffer).
      file.groups.push_back(std::move(group));
    }
  };
  // A Kubernetes manifest: the rule file is its spec. `kubectl get
  // prometheusrules -o yaml` wraps the manifests in a `kind: List`; objects
  // of other kinds (a bundle's ConfigMap, ...) hold no rules.
  auto manifest_kind = [](const yaml::Node* node) -> const std::string_view* {
    if (node == nullptr || !node->IsMap() || node->Find("apiVersion") == nullptr) return nullptr;
    const yaml::Node* kind = node->Find("kind");
    return kind != nullptr && kind->IsScalar() ? &kind->scalar : nullptr;
  };
  auto load_manifest = [&](yaml::Object& object) {
    object.Field("apiVersion");
    object.Field("kind");
    object.Field("metadata");
    yaml::Object spec = object.Sub("spec");
    load_groups(spec, true);
    spec.Finish();
  };
  const std::string_view* kind = manifest_kind(root_node);
  if (kind == nullptr) {
    load_groups(root, false);
  } else if (*kind == "PrometheusRule") {
    load_manifest(root);
  } else if (*kind == "List") {
    root.Field("apiVersion");
    root.Field("kind");
    root.Field("metadata");
    bool any = false;
    for (yaml::Object& item : root.List("items")) {
      const std::string_view* item_kind = manifest_kind(item.node());
      if (item_kind == nullptr || *item_kind != "PrometheusRule") continue;
      any = true;
      load_manifest(item);
      item.Finish();
    }
    if (!any) file.not_rules = true;
  } else {
    file.not_rules = true;
    file.valid = true;
    return file;
  }
  root.Finish();
  file.valid = counted.errors == 0 && invalid_exprs == 0;
  return file;
}

}  // namespace ttam::rules
