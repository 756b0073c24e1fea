#include "promql/walk.h"

namespace ttam::promql {

std::vector<const Expr*> Children(const Expr& e) {
  std::vector<const Expr*> out;
  ForEachChild(e.node, [&](const ExprPtr& p) {
    if (p) out.push_back(p.get());
  });
  return out;
}

void Walk(
    const Expr& root,
    const std::function<bool(const Expr& node, std::span<const Expr* const> ancestors)>& visit) {
  // Each frame: a node and how many of its children were pushed already.
  struct Frame {
    const Expr* node;
    std::vector<const Expr*> children;
    size_t next = 0;
  };
  std::vector<const Expr*> ancestors;
  std::vector<Frame> stack;
  if (!visit(root, ancestors)) return;
  stack.push_back({&root, Children(root)});
  ancestors.push_back(&root);
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.children.size()) {
      stack.pop_back();
      ancestors.pop_back();
      continue;
    }
    const Expr* child = top.children[top.next++];
    if (!visit(*child, ancestors)) continue;
    stack.push_back({child, Children(*child)});
    ancestors.push_back(child);
  }
}

const Expr& Unparen(const Expr& e) {
  const Expr* p = &e;
  while (const auto* paren = std::get_if<ParenExpr>(&p->node)) p = paren->expr.get();
  return *p;
}

}  // namespace ttam::promql
