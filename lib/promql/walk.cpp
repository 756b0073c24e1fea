#include "promql/walk.h"

#include <type_traits>
#include <variant>

namespace ttam::promql {

std::vector<const Expr*> Children(const Expr& e) {
  std::vector<const Expr*> out;
  auto add = [&](const ExprPtr& p) {
    if (p) out.push_back(p.get());
  };
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, VectorSelector>) {
          add(n.offset_expr);
        } else if constexpr (std::is_same_v<T, MatrixSelector>) {
          add(n.vector_selector);
          add(n.range_expr);
        } else if constexpr (std::is_same_v<T, SubqueryExpr>) {
          add(n.expr);
          add(n.range_expr);
          add(n.step_expr);
          add(n.offset_expr);
        } else if constexpr (std::is_same_v<T, UnaryExpr> || std::is_same_v<T, ParenExpr>) {
          add(n.expr);
        } else if constexpr (std::is_same_v<T, DurationExpr>) {
          add(n.lhs);
          add(n.rhs);
        } else if constexpr (std::is_same_v<T, Call>) {
          for (const auto& a : n.args) add(a);
        } else if constexpr (std::is_same_v<T, AggregateExpr>) {
          add(n.param);
          add(n.expr);
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          add(n.lhs);
          add(n.rhs);
        }
      },
      e.node);
  return out;
}

void Walk(const Expr& root,
          const std::function<bool(const Expr& node, std::span<const Expr* const> ancestors)>&
              visit) {
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
