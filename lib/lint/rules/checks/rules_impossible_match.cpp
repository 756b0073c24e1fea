// rules/impossible-match: a vector match on(l) (or group_left/right on(l))
// pairs series by their value of l, a missing label counting as empty. When
// one side can never carry l (it was aggregated away, as in
// `count(...) > 1 * on(instance) group_left(nodename) os_uname_info`), its
// series only meet series of the other side that lack l too; the other side
// is a plain selection of scraped series, which carry l, so the result is
// always empty and an alert on it never fires.
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/analysis.h"
#include "promql/check.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

bool ImpossibleMatchIsVector(const promql::Expr& e) {
  std::optional<promql::ValueType> t = promql::TypeOf(e);
  return t && *t == promql::ValueType::kVector;
}

class RulesImpossibleMatch : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    promql::Walk(*v.ast, [&](const promql::Expr& e, std::span<const promql::Expr* const>) {
      const auto* bin = std::get_if<promql::BinaryExpr>(&e.node);
      if (bin == nullptr || !bin->matching.on || bin->op == promql::BinaryOp::kOr) return true;
      if (!ImpossibleMatchIsVector(*bin->lhs) || !ImpossibleMatchIsVector(*bin->rhs)) return true;
      promql::LabelSet lhs = promql::ResultLabels(*bin->lhs);
      promql::LabelSet rhs = promql::ResultLabels(*bin->rhs);
      for (const std::string& label : bin->matching.matching_labels) {
        bool l = lhs.CanHave(label);
        bool r = rhs.CanHave(label);
        if (l == r) continue;
        // The side that cannot carry it, and the node that dropped it there.
        const promql::Expr& lacking = l ? *bin->rhs : *bin->lhs;
        const promql::Expr* where = promql::WhereLabelDropped(lacking, label);
        std::vector<diag::Note> notes;
        if (where != nullptr) {
          notes.push_back(
              RulesReporter::NoteInExpr(v, where->span, "label " + Quote(label) + " is lost here"));
        }
        out.ReportInExpr(
            v, e.span,
            std::string("on(") + label + ") can never match: the " + (l ? "right" : "left") +
                "-hand side cannot carry label " + Quote(label) + " while the " +
                (l ? "left" : "right") +
                "-hand side's series do, so no pair ever matches and the result is always "
                "empty; keep " +
                Quote(label) + " on both sides (e.g. by (" + label + ")) or match on other labels",
            std::move(notes));
        break;
      }
      return true;
    });
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesImpossibleMatch() {
  return std::make_unique<RulesImpossibleMatch>();
}

}  // namespace ttam::lint::checks
