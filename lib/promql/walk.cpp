#include "promql/walk.h"

namespace ttam::promql {

std::vector<const Expr*> Children(const Expr& e) {
  std::vector<const Expr*> out;
  ForEachChild(e.node, [&](const ExprPtr& p) {
    if (p) out.push_back(p.get());
  });
  return out;
}

namespace {

// A stack that lives inline up to N elements and on the heap beyond: a rule's
// tree is small, and the lints walk every tree many times, so a walk should
// allocate nothing.
template <class T, size_t N>
class WalkStack {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return heap_.empty() ? inline_ : heap_.data(); }
  T& back() { return data()[size_ - 1]; }
  T& operator[](size_t i) { return data()[i]; }
  void push_back(const T& value) {
    if (size_ < N && heap_.empty()) {
      inline_[size_++] = value;
      return;
    }
    if (heap_.empty()) heap_.assign(inline_, inline_ + size_);
    heap_.resize(size_);
    heap_.push_back(value);
    ++size_;
  }
  void pop_back() { --size_; }
  void resize_down(size_t n) { size_ = n; }

 private:
  T inline_[N];
  std::vector<T> heap_;
  size_t size_ = 0;
};

}  // namespace

void Walk(
    const Expr& root,
    const std::function<bool(const Expr& node, std::span<const Expr* const> ancestors)>& visit) {
  // Each frame: a node, where its children start in `children`, and the next
  // one to visit. A frame's children are pushed when it is entered and
  // dropped when it is left.
  struct Frame {
    const Expr* node;
    size_t begin;
    size_t next;
  };
  WalkStack<const Expr*, 32> ancestors;
  WalkStack<const Expr*, 64> children;
  WalkStack<Frame, 32> stack;
  if (!visit(root, std::span<const Expr* const>())) return;
  auto enter = [&](const Expr* node) {
    size_t begin = children.size();
    ForEachChild(node->node, [&](const ExprPtr& p) {
      if (p) children.push_back(p.get());
    });
    stack.push_back({node, begin, begin});
    ancestors.push_back(node);
  };
  enter(&root);
  while (!stack.empty()) {
    Frame& top = stack.back();
    // The top frame's children run from top.begin to the end of `children`.
    if (top.next == children.size()) {
      children.resize_down(top.begin);
      stack.pop_back();
      ancestors.pop_back();
      continue;
    }
    const Expr* child = children[top.next++];
    if (!visit(*child, std::span<const Expr* const>(ancestors.data(), ancestors.size()))) continue;
    enter(child);
  }
}

const Expr& Unparen(const Expr& e) {
  const Expr* p = &e;
  while (const auto* paren = std::get_if<ParenExpr>(&p->node)) p = paren->expr.get();
  return *p;
}

}  // namespace ttam::promql
