#pragma once

// Rule lints (rules/* ids beyond validation): what loads in Prometheus but is
// still wrong. Each check is a file in lib/lint/rules/checks/rules_*.cpp and a row in
// lib/lint/rules/registry.cpp; checks walk the typed PromQL AST of each rule.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "diag/check_info.h"
#include "diag/diagnostic.h"
#include "lint/rules/metric_types.h"
#include "promql/ast.h"
#include "rules/rule_file.h"
#include "yaml/document.h"

namespace ttam::lint {

/// A recording rule of the input, as the cross-file checks' Begin needs it
/// before the first rule is visited (what a file-at-a-time run keeps of
/// every file: names, not trees).
struct RecordedRule {
  std::string record;         ///< the recorded series name
  std::string group;          ///< its group's name
  int64_t group_interval_ms;  ///< the group's interval; 0 = the global evaluation_interval
};

/// The recording rules of `files`, in file order.
std::vector<RecordedRule> CollectRecordedRules(std::span<const rules::RuleFile* const> files);

/// What rule checks read: the loaded rule files and, with --config, the
/// Prometheus config they run under (scrape intervals, metric relabelling).
struct RulesLintInput {
  /// The files LintRules visits; a RulesLinter (one file at a time) leaves
  /// it empty and sets `recorded` instead.
  std::span<const rules::RuleFile* const> files;
  const config::LoadedConfig* config = nullptr;  ///< null without --config
  /// Metric types from --metadata and scraped targets, merged over the
  /// built-in table; null: the built-in table alone (MetricTypesOf).
  const MetricTypes* types = nullptr;
  /// The recording rules of every file of the run (what Begin reads). Left
  /// empty, LintRules and RunRulesCheck collect them from `files`.
  std::span<const RecordedRule> recorded = {};
};

/// The metric types the checks use: `input.types`, or the built-in table.
inline const MetricTypes& MetricTypesOf(const RulesLintInput& input) {
  return input.types != nullptr ? *input.types : BuiltinMetricTypes();
}

/// One rule as a check sees it: where it is, and its parsed expression.
struct RuleVisit {
  const RulesLintInput& input;
  const rules::RuleFile& file;
  const rules::Group& group;
  const rules::Rule& rule;
  /// The parsed expression; null when it is invalid (already reported by the
  /// loader). Lives only for this visit: the linter parses each rule's
  /// expression once for all checks and frees it afterwards, so memory
  /// stays at one tree however many rules there are.
  const promql::Expr* ast;
  /// The `$labels.x` references of the rule's templates when the loader
  /// handed them over (rules::GroupConsumer); null: find them again.
  const rules::TemplateRefs* template_refs = nullptr;
};

/// Builds diagnostics for one rule check: position (also inside an
/// expression or template), source line, id, severity; drops findings that a
/// `# ttam: disable=<id>[,<id>]` comment switches off on the offending line,
/// on or above the rule, or on or above the group.
class RulesReporter {
 public:
  RulesReporter(diag::Sink& sink, std::string_view check, diag::Severity severity)
      : sink_(sink), check_(check), severity_(severity) {}

  /// Reports at `node` (a node of the visited rule's file).
  void Report(const RuleVisit& visit, const yaml::Node& node, std::string message,
              std::vector<diag::Note> notes = {});
  /// Reports at the part `span` of the visited rule's expression (byte
  /// offsets in rule.expr).
  void ReportInExpr(const RuleVisit& visit, promql::Span span, std::string message,
                    std::vector<diag::Note> notes = {});
  /// Reports at bytes [begin, end) of the value of `scalar` (a scalar node of
  /// the visited rule, such as a label or annotation template).
  void ReportInScalar(const RuleVisit& visit, const yaml::Node& scalar, size_t begin, size_t end,
                      std::string message, std::vector<diag::Note> notes = {});
  /// A note at the part `span` of the visited rule's expression, for a
  /// secondary location.
  static diag::Note NoteInExpr(const RuleVisit& visit, promql::Span span, std::string message);

  std::string_view check() const { return check_; }

 private:
  void Emit(const RuleVisit& visit, const yaml::Mark& at, uint32_t end_column, std::string message,
            std::vector<diag::Note> notes);

  diag::Sink& sink_;
  std::string_view check_;
  diag::Severity severity_;
};

/// One rule check. LintRules calls Begin once, OnRule for every rule in file
/// order (EndFile after each file's last rule), then Finish; cross-rule
/// checks keep what they need between calls (hashes, names, positions),
/// never the trees, nor pointers into a file after its EndFile: a file is
/// freed once it has been visited.
class RulesCheck {
 public:
  virtual ~RulesCheck() = default;
  /// Before the first rule: read what the whole input offers (the config,
  /// names of recorded series and their group intervals: `input.recorded`;
  /// `input.files` may be empty).
  virtual void Begin(const RulesLintInput& input) { (void)input; }
  /// Once per rule.
  virtual void OnRule(const RuleVisit& visit, RulesReporter& out) = 0;
  /// After the last rule of a file (before the file is freed);
  /// `more_files`: other files may follow (false after the last one, when
  /// nothing of this file needs to be kept).
  virtual void EndFile(bool more_files) { (void)more_files; }
  /// After the last rule.
  virtual void Finish(RulesReporter& out) { (void)out; }
};

/// A registry row: the check's id, default severity, one-line summary, factory
/// and whether it runs by default.
struct RulesCheckInfo {
  std::string_view id;
  diag::Severity severity;
  std::string_view summary;
  std::unique_ptr<RulesCheck> (*make)();
  /// Off-by-default checks run only when --enable names them (ID, group/*, strict).
  diag::Enablement enablement = diag::Enablement::kOnByDefault;
};

/// Every rule check, in one table (lib/lint/rules/registry.cpp).
std::span<const RulesCheckInfo> RulesChecks();

/// The ids the rule-file loader reports (validation), with summaries.
std::span<const diag::CheckInfo> RulesValidationChecks();

}  // namespace ttam::lint
