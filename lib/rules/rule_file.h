#pragma once

// The rule-file model: groups and rules as Prometheus 3 loads them (rulefmt),
// each expression parsed and type-checked by the PromQL front end, each label
// and annotation template checked as Go text/template. Every part keeps its
// YAML node, so lints can report at file:line:col, also inside expressions.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "model/names.h"
#include "promql/ast.h"
#include "promql/parser.h"
#include "support/filesystem.h"
#include "template/template_check.h"
#include "yaml/document.h"

namespace ttam::rules {

/// A label or annotation as written: key, value and their nodes.
struct KeyValue {
  std::string_view key;    ///< views into the file's YAML nodes (the RuleFile owns them)
  std::string_view value;  ///< empty when the value is not a scalar
  const yaml::Node* key_node = nullptr;
  const yaml::Node* value_node = nullptr;
};

/// One recording or alerting rule as written.
struct Rule {
  // The strings are views into the file's YAML nodes, which the RuleFile
  // owns: a 20,000-rule file keeps no second copy of its text.
  std::string_view record;  ///< set for recording rules
  std::string_view alert;   ///< set for alerting rules
  std::string_view expr;
  const yaml::Node* expr_node = nullptr;  ///< the expr scalar (for positions inside it)
  const yaml::Node* name_node = nullptr;  ///< the record or alert scalar
  const yaml::Node* node = nullptr;       ///< the rule mapping
  /// True when `expr` parsed and type-checked. The tree itself is not kept
  /// (20,000 rules' trees would dominate memory): a GroupConsumer gets each
  /// group's trees while it is loaded; lint::LintRules parses each
  /// expression again, one at a time.
  bool expr_valid = false;
  std::optional<int64_t> for_ms;              ///< `for`, when written
  std::optional<int64_t> keep_firing_for_ms;  ///< `keep_firing_for`, when written
  std::vector<KeyValue> labels;
  std::vector<KeyValue> annotations;

  bool IsAlert() const { return !alert.empty(); }
  /// The record or alert name.
  std::string_view Name() const { return alert.empty() ? record : alert; }
};

/// One rule group.
struct Group {
  std::string name;
  const yaml::Node* name_node = nullptr;
  int64_t interval_ms = 0;  ///< 0 = the global evaluation_interval
  std::optional<int64_t> query_offset_ms;
  int64_t limit = 0;
  std::vector<KeyValue> labels;
  std::vector<Rule> rules;
  const yaml::Node* node = nullptr;
};

/// Which ruler the files are written for: each accepts a few fields of its
/// own beside Prometheus's.
enum class Dialect {
  kPrometheus,  ///< rulefmt as Prometheus 3 loads it
  kThanos,      ///< + group `partial_response_strategy` (warn, abort)
  /// + group `type`, `concurrency`, `eval_offset`, `eval_delay`,
  /// `eval_alignment`, `params`, `headers`, `notifier_headers`; rule `debug`,
  /// `update_entries_limit`; several YAML documents in one file
  kVmalert,
};

/// Parses "prometheus", "thanos" or "vmalert"; returns false for anything else.
bool ParseDialect(std::string_view text, Dialect* out);

/// How rule files are validated: Prometheus's feature flags.
struct LoadOptions {
  /// --enable-feature=promql-experimental-functions
  bool experimental_functions = false;
  /// The experimental syntaxes (promql-duration-expr,
  /// promql-extended-range-selectors, promql-binop-fill-modifiers).
  promql::ParseOptions syntax;
  /// How record, label and annotation names are validated: UTF-8 (Prometheus
  /// 3's default) or legacy (`metric_name_validation_scheme: legacy`).
  model::NameValidation name_validation = model::NameValidation::kUtf8;
  /// The ruler whose extra fields are accepted.
  Dialect dialect = Dialect::kPrometheus;
  /// promtool's --ignore-unknown-fields: fields rulefmt does not know are
  /// not reported (custom metadata beside the rules).
  bool ignore_unknown_fields = false;
};

/// A parsed and validated rule file.
struct RuleFile {
  std::unique_ptr<yaml::Document> doc;
  std::vector<Group> groups;
  bool valid = false;   ///< no error was reported
  LoadOptions options;  ///< what it was loaded with (to parse its expressions again)
  /// A Kubernetes object of another kind than PrometheusRule (a manifest
  /// bundle's ConfigMap, ...): not rules, nothing was checked.
  bool not_rules = false;
};

/// The `$labels.x` references the loader found in one alert's templates:
/// `labels[i]` for `rule.labels[i]`, `annotations[i]` for
/// `rule.annotations[i]` (empty where the value is no template).
struct TemplateRefs {
  std::vector<std::vector<tmpl::LabelReference>> labels;
  std::vector<std::vector<tmpl::LabelReference>> annotations;
};

/// Receives each group as soon as it is loaded, with the expression trees of
/// its rules, so that a caller can lint while loading: no expression is
/// parsed twice, and no more than one group's trees are alive.
class GroupConsumer {
 public:
  virtual ~GroupConsumer() = default;
  /// After `group` of `file` is loaded; `trees[i]` is the tree of
  /// `group.rules[i]` (null when its expression is invalid or absent), freed
  /// afterwards (`refs` likewise). `file` is still being loaded: its doc and options are set,
  /// its groups and `valid` are not final. The rules stay where they are
  /// until the file is freed.
  /// `refs[i]`: the template references of `group.rules[i]` (alerts only;
  /// empty for recording rules), as tmpl::CheckTemplate found them.
  virtual void OnGroup(const RuleFile& file, const Group& group,
                       std::span<const promql::Expr* const> trees,
                       std::span<const TemplateRefs> refs) = 0;
  /// After the last group of a rule file (each document of a multi-document
  /// file), while it is still alive; `last_document`: no document of this
  /// text follows.
  virtual void OnFileEnd(bool last_document) = 0;
};

/// Validation ids the loader reports.
inline constexpr std::string_view kStructure = "rules/structure";
/// A field rulefmt does not know (was config/unknown-field).
inline constexpr std::string_view kUnknownField = "rules/unknown-field";
/// A field of the wrong YAML type (was config/type).
inline constexpr std::string_view kType = "rules/type";
/// A field whose value is invalid: a duration, a negative limit, an empty
/// list entry (was config/value).
inline constexpr std::string_view kValue = "rules/value";
inline constexpr std::string_view kDuplicateGroup = "rules/duplicate-group";
inline constexpr std::string_view kInvalidName = "rules/invalid-name";
inline constexpr std::string_view kPromqlSyntax = "promql/syntax";
inline constexpr std::string_view kPromqlType = "promql/type";
inline constexpr std::string_view kTemplate = "rules/template";

/// The metric names `rule` of `file` selects (its expression parsed again;
/// the model keeps no trees); empty when the expression is invalid.
std::vector<std::string> SelectedMetrics(const RuleFile& file, const Rule& rule);

/// Validates a rule file exactly as Prometheus 3 loads it (rulefmt): groups
/// with unique names, interval/limit/query_offset/labels, rules with exactly
/// one of record and alert, expr required and valid PromQL (parsed and type
/// checked, errors positioned inside the expression), valid record names,
/// `for` and `keep_firing_for` only on alerts, valid label and annotation
/// names, label and annotation values valid Go templates, unknown fields
/// rejected. `fs` is the file system the schema reader gets (the caller's:
/// lib/ never picks the real one).
/// A Kubernetes `PrometheusRule` manifest (`kind: PrometheusRule`) is read
/// as its `spec`: `spec.groups` are the groups, positions stay the manifest's.
RuleFile LoadRuleFile(const std::string& path, std::string text, diag::Sink& sink, FileSystem& fs,
                      const LoadOptions& options = {}, GroupConsumer* consumer = nullptr);

/// True when `text` holds several YAML documents that are each a rule file:
/// Kubernetes manifests (a top-level `kind: PrometheusRule` line) or, under
/// the vmalert dialect, any multi-document file.
bool HasRuleDocuments(std::string_view text, const LoadOptions& options);

/// Loads every document of a multi-document file (HasRuleDocuments) as its
/// own rule file, each at its real lines in `path`; a single-document file
/// gives one, as LoadRuleFile. Empty documents are left out. With a
/// `consumer`, every group of the files returned goes to it as it is loaded,
/// and the end of each file.
std::vector<RuleFile> LoadRuleFiles(const std::string& path, std::string text, diag::Sink& sink,
                                    FileSystem& fs, const LoadOptions& options = {},
                                    GroupConsumer* consumer = nullptr);

}  // namespace ttam::rules
