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
  explicit RulesTemplateLabelAggregated(LabelRefFinder find) : find_(std::move(find)) {}

  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    const rules::Rule& rule = v.rule;
    if (!rule.IsAlert()) return;
    promql::LabelSet result = promql::ResultLabels(*v.ast);
    if (result.open && result.names.empty()) return;
    auto check = [&](std::string_view what, const std::vector<rules::KeyValue>& values) {
      for (const rules::KeyValue& kv : values) {
        if (kv.value_node == nullptr || !kv.value_node->IsScalar()) continue;
        if (kv.value.find("{{") == std::string::npos) continue;
        for (const tmpl::LabelReference& ref : find_(kv.value)) {
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
    check("label", rule.labels);
    check("annotation", rule.annotations);
  }

 private:
  LabelRefFinder find_;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesTemplateLabelAggregatedWith(LabelRefFinder find) {
  return std::make_unique<RulesTemplateLabelAggregated>(std::move(find));
}

std::unique_ptr<RulesCheck> MakeRulesTemplateLabelAggregated() {
  return MakeRulesTemplateLabelAggregatedWith(
      [](std::string_view text) { return tmpl::CheckTemplate(text).label_refs; });
}

}  // namespace ttam::lint::checks
