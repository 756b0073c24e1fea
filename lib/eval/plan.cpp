#include "eval/plan.h"

namespace ttam::eval {

Result<Plan> Plan::Bind(const promql::Expr& root) {
  Plan plan;
  plan.root_ = &root;
  // An explicit stack: the parser accepts trees far deeper than the call stack.
  std::vector<const promql::Expr*> stack = {&root};
  while (!stack.empty()) {
    const promql::Expr* e = stack.back();
    stack.pop_back();
    if (const auto* vs = std::get_if<promql::VectorSelector>(&e->node)) {
      Result<std::vector<Matcher>> m = Matcher::MakeAll(vs->name, vs->matchers);
      if (!m) return m.error();
      plan.matchers_.emplace(e, std::move(*m));
    } else if (const auto* call = std::get_if<promql::Call>(&e->node)) {
      const promql::Function* f = promql::FindFunction(call->func);
      if (f == nullptr) return Error{"unknown function with name \"" + call->func + "\""};
      plan.functions_.emplace(e, FindFunctionImpl(*f));
    }
    promql::ForEachChild(e->node, [&](const promql::ExprPtr& child) {
      if (child) stack.push_back(child.get());
    });
  }
  return plan;
}

}  // namespace ttam::eval
