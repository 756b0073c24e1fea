// The rule-check driver: runs the registry's checks and positions their
// findings (inside expressions too), honouring `# ttam: disable=` comments on
// the finding's line, on or above its rule, and on or above its group.
#include "lint/rules/linter.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "lint/config/check.h"
#include "promql/parser.h"
#include "yaml/scalar_position.h"

namespace ttam::lint {

void RulesReporter::Report(const RuleVisit& visit, const yaml::Node& node, std::string message,
                           std::vector<diag::Note> notes) {
  uint32_t end = 0;
  if (node.IsScalar() && node.style == yaml::ScalarStyle::kPlain &&
      node.scalar.find('\n') == std::string::npos) {
    end = node.mark.column + static_cast<uint32_t>(node.scalar.size());
  }
  Emit(visit, node.mark, end, std::move(message), std::move(notes));
}

void RulesReporter::ReportInExpr(const RuleVisit& visit, promql::Span span, std::string message,
                                 std::vector<diag::Note> notes) {
  const rules::Rule& rule = visit.rule;
  if (rule.expr_node != nullptr) {
    ReportInScalar(visit, *rule.expr_node, span.begin, span.end, std::move(message),
                   std::move(notes));
  } else if (rule.node != nullptr) {
    Emit(visit, rule.node->mark, 0, std::move(message), std::move(notes));
  }
}

void RulesReporter::ReportInScalar(const RuleVisit& visit, const yaml::Node& scalar, size_t begin,
                                   size_t end, std::string message, std::vector<diag::Note> notes) {
  if (visit.file.doc == nullptr) return;
  yaml::ScalarSpan span = yaml::SpanInScalar(*visit.file.doc, scalar, begin, end);
  Emit(visit, span.at, span.end_column, std::move(message), std::move(notes));
}

diag::Note RulesReporter::NoteInExpr(const RuleVisit& visit, promql::Span span,
                                     std::string message) {
  const rules::RuleFile& file = visit.file;
  const rules::Rule& rule = visit.rule;
  const yaml::Node* at = rule.expr_node != nullptr ? rule.expr_node : rule.node;
  if (file.doc == nullptr || at == nullptr) return {"", 0, 0, std::move(message)};
  yaml::Mark mark = rule.expr_node != nullptr
                        ? yaml::PositionInScalar(*file.doc, *rule.expr_node, span.begin)
                        : at->mark;
  return {file.doc->path, mark.line, mark.column, std::move(message)};
}

void RulesReporter::Emit(const RuleVisit& visit, const yaml::Mark& at, uint32_t end_column,
                         std::string message, std::vector<diag::Note> notes) {
  if (visit.file.doc == nullptr) return;
  const yaml::Document& doc = *visit.file.doc;
  if (IsSuppressed(doc, at.line, check_)) return;
  // A rule's first line is that of its first key; the comment above the
  // `- record:` line belongs to it.
  const rules::Rule& rule = visit.rule;
  if (rule.node != nullptr && IsSuppressed(doc, rule.node->mark.line, check_)) return;
  if (visit.group.node != nullptr && IsSuppressed(doc, visit.group.node->mark.line, check_)) {
    return;
  }
  diag::Diagnostic d = yaml::MakeDiagnostic(doc, at, severity_, check_, std::move(message));
  d.end_column = end_column;
  d.notes = std::move(notes);
  sink_.Report(std::move(d));
}

std::vector<RecordedRule> CollectRecordedRules(std::span<const rules::RuleFile* const> files) {
  std::vector<RecordedRule> out;
  for (const rules::RuleFile* file : files) {
    if (file == nullptr) continue;
    for (const rules::Group& group : file->groups) {
      for (const rules::Rule& rule : group.rules) {
        if (!rule.record.empty()) {
          out.push_back({std::string(rule.record), group.name, group.interval_ms});
        }
      }
    }
  }
  return out;
}

namespace {

// One group's rules: each expression from `trees` (the loader's) when given,
// else parsed here, once for all checks, and freed before the next rule.
void VisitGroup(const RulesLintInput& input, const rules::RuleFile& file, const rules::Group& group,
                std::span<const promql::Expr* const> trees,
                std::span<const rules::TemplateRefs> refs, const std::vector<RulesCheck*>& checks,
                const std::vector<RulesReporter*>& reporters) {
  for (size_t r = 0; r < group.rules.size(); ++r) {
    const rules::Rule& rule = group.rules[r];
    promql::ExprPtr parsed_here;
    const promql::Expr* ast = nullptr;
    if (r < trees.size()) {
      ast = trees[r];
    } else if (rule.expr_valid) {
      promql::ParseResult parsed = promql::Parse(rule.expr, file.options.syntax);
      if (parsed.ok()) parsed_here = std::move(parsed.expr);
      ast = parsed_here.get();
    }
    RuleVisit visit{input, file, group, rule, ast, r < refs.size() ? &refs[r] : nullptr};
    for (size_t i = 0; i < checks.size(); ++i) checks[i]->OnRule(visit, *reporters[i]);
  }
}

// One file's rules, then EndFile.
void VisitFile(const RulesLintInput& input, const rules::RuleFile& file, bool more_files,
               const std::vector<RulesCheck*>& checks,
               const std::vector<RulesReporter*>& reporters) {
  for (const rules::Group& group : file.groups) {
    VisitGroup(input, file, group, {}, {}, checks, reporters);
  }
  for (RulesCheck* check : checks) check->EndFile(more_files);
}

// Begin, one pass over the rules, Finish. Without `input.recorded`, the
// recording rules are collected from `input.files` first.
void RunChecks(const RulesLintInput& given, const std::vector<RulesCheck*>& checks,
               const std::vector<RulesReporter*>& reporters) {
  std::vector<RecordedRule> recorded;
  RulesLintInput input = given;
  if (input.recorded.empty()) {
    recorded = CollectRecordedRules(input.files);
    input.recorded = recorded;
  }
  for (RulesCheck* check : checks) check->Begin(input);
  for (size_t f = 0; f < input.files.size(); ++f) {
    if (input.files[f] == nullptr) continue;
    VisitFile(input, *input.files[f], f + 1 < input.files.size(), checks, reporters);
  }
  for (size_t i = 0; i < checks.size(); ++i) checks[i]->Finish(*reporters[i]);
}

}  // namespace

void RunRulesCheck(RulesCheck& check, const RulesLintInput& input, RulesReporter& out) {
  RunChecks(input, {&check}, {&out});
}

void LintRules(const RulesLintInput& input, diag::Sink& sink,
               const std::function<bool(std::string_view)>& enabled) {
  std::vector<RecordedRule> recorded;
  RulesLintInput all = input;
  if (all.recorded.empty()) {
    recorded = CollectRecordedRules(all.files);
    all.recorded = recorded;
  }
  RulesLinter linter(all, enabled);
  for (size_t f = 0; f < all.files.size(); ++f) {
    if (all.files[f] != nullptr) linter.Lint(*all.files[f], f + 1 < all.files.size());
  }
  linter.Finish(sink);
}

RulesLinter::RulesLinter(const RulesLintInput& input,
                         const std::function<bool(std::string_view)>& enabled)
    : input_(input) {
  for (const RulesCheckInfo& info : RulesChecks()) {
    if (enabled ? !enabled(info.id) : info.enablement == diag::Enablement::kOffByDefault) {
      continue;
    }
    checks_.push_back(info.make());
    reporters_.emplace_back(collected_, info.id, info.severity);
  }
  for (auto& check : checks_) check->Begin(input_);
}

RulesLinter::~RulesLinter() = default;

void RulesLinter::Lint(const rules::RuleFile& file, bool more_files) {
  for (const rules::Group& group : file.groups) LintGroup(file, group, {}, {});
  EndFile(more_files);
}

void RulesLinter::LintGroup(const rules::RuleFile& file, const rules::Group& group,
                            std::span<const promql::Expr* const> trees,
                            std::span<const rules::TemplateRefs> refs) {
  if (checks_view_.empty() && !checks_.empty()) {
    for (size_t i = 0; i < checks_.size(); ++i) {
      checks_view_.push_back(checks_[i].get());
      reporters_view_.push_back(&reporters_[i]);
    }
  }
  VisitGroup(input_, file, group, trees, refs, checks_view_, reporters_view_);
}

void RulesLinter::EndFile(bool more_files) {
  for (auto& check : checks_) check->EndFile(more_files);
}

void RulesLinter::Finish(diag::Sink& sink) {
  for (size_t i = 0; i < checks_.size(); ++i) checks_[i]->Finish(reporters_[i]);
  diag::ReportInFileOrder(std::move(collected_.diagnostics), sink);
  collected_.diagnostics.clear();
}

}  // namespace ttam::lint
