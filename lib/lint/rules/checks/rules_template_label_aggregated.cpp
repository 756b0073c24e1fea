// rules/template-label-aggregated: an alert's labels and annotations are
// expanded with $labels set to the labels of the expression's result (not
// the rule's own labels). A label that an aggregation or vector match removed
// renders as an empty string, so the page reads "latency of  is above 1s".
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"

namespace ttam::lint::checks {
namespace {

std::string Keeps(const promql::LabelSet& labels) {
  if (labels.open) return "";
  if (labels.names.empty()) return " (it has no labels)";
  std::string out;
  for (const std::string& l : labels.names) out += (out.empty() ? "" : ", ") + l;
  return " (it keeps only " + out + ")";
}

class RulesTemplateLabelAggregated : public RulesCheck {
 public:
  // `builtin`: `find` is tmpl::CheckTemplate's, so the references the loader
  // found (RuleVisit::template_refs) are the same and need no second parse.
  RulesTemplateLabelAggregated(LabelRefFinder find, bool builtin)
      : find_(std::move(find)), builtin_(builtin) {}

  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    const rules::Rule& rule = v.rule;
    if (!rule.IsAlert()) return;
    promql::LabelSet result = promql::ResultLabels(*v.ast);
    if (result.open && result.names.empty()) return;
    auto check = [&](std::string_view what, const std::vector<rules::KeyValue>& values,
                     const std::vector<std::vector<tmpl::LabelReference>>* known) {
      if (known != nullptr && known->size() != values.size()) known = nullptr;
      for (size_t i = 0; i < values.size(); ++i) {
        const rules::KeyValue& kv = values[i];
        if (kv.value_node == nullptr || !kv.value_node->IsScalar()) continue;
        if (kv.value.find("{{") == std::string::npos) continue;
        std::vector<tmpl::LabelReference> found;
        if (known == nullptr) found = find_(kv.value);
        for (const tmpl::LabelReference& ref : known != nullptr ? (*known)[i] : found) {
          if (ref.name == "__name__" || result.CanHave(ref.name)) continue;
          bool own = false;
          for (const rules::KeyValue& l : rule.labels) own = own || l.key == ref.name;
          std::vector<diag::Note> notes;
          const promql::Expr* culprit = promql::WhereLabelDropped(*v.ast, ref.name);
          if (culprit != nullptr) {
            notes.push_back(RulesReporter::NoteInExpr(
                v, culprit->span, "label " + Quote(ref.name) + " is dropped here"));
          }
          std::string fix =
              own ? "the rule's own labels are not in $labels (it holds the query result's "
                    "labels): write the value itself"
                  : "keep " + ref.name +
                        " in the expression's aggregation or matching, or "
                        "remove it from the template";
          out.ReportInScalar(v, *kv.value_node, ref.begin, ref.end,
                             std::string(what) + " " + Quote(kv.key) + " uses $labels." + ref.name +
                                 ", but the expression's result cannot have label " +
                                 Quote(ref.name) + Keeps(result) +
                                 ": it renders as an empty string; " + fix,
                             std::move(notes));
        }
      }
    };
    const rules::TemplateRefs* refs = builtin_ ? v.template_refs : nullptr;
    check("label", rule.labels, refs != nullptr ? &refs->labels : nullptr);
    check("annotation", rule.annotations, refs != nullptr ? &refs->annotations : nullptr);
  }

 private:
  LabelRefFinder find_;
  bool builtin_;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesTemplateLabelAggregatedWith(LabelRefFinder find) {
  return std::make_unique<RulesTemplateLabelAggregated>(std::move(find), false);
}

std::unique_ptr<RulesCheck> MakeRulesTemplateLabelAggregated() {
  return std::make_unique<RulesTemplateLabelAggregated>(
      [](std::string_view text) { return tmpl::CheckTemplate(text).label_refs; }, true);
}

}  // namespace ttam::lint::checks
