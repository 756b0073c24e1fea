#include "eval/binary.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "eval/go_math.h"

namespace ttam::eval {
namespace {

using promql::BinaryOp;
using promql::Cardinality;
using promql::VectorMatching;

// The labels an arithmetic result, `bool` or unary minus loses (schema.IsMetadataLabel).
constexpr std::string_view kMetadataLabels[] = {"__name__", "__type__", "__unit__"};

// Operators that change what a series measures, so the result loses its name
// (upstream's changesMetricSchema).
bool ChangesMetricSchema(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod:
    case BinaryOp::kPow:
    case BinaryOp::kAtan2:
      return true;
    default:
      return false;
  }
}

// One float operation (vectorElemBinop for floats): the value and whether to keep it.
// Comparisons return the left operand's value.
struct ElemResult {
  double v = 0;
  bool keep = true;
};

ElemResult ElemBinop(BinaryOp op, double l, double r) {
  switch (op) {
    case BinaryOp::kAdd:
      return {l + r};
    case BinaryOp::kSub:
      return {l - r};
    case BinaryOp::kMul:
      return {l * r};
    case BinaryOp::kDiv:
      return {l / r};
    case BinaryOp::kMod:
      return {std::fmod(l, r)};
    case BinaryOp::kPow:
      return {gomath::Pow(l, r)};
    case BinaryOp::kAtan2:
      return {gomath::Atan2(l, r)};
    case BinaryOp::kEql:
      return {l, l == r};
    case BinaryOp::kNeq:
      return {l, l != r};
    case BinaryOp::kGtr:
      return {l, l > r};
    case BinaryOp::kLss:
      return {l, l < r};
    case BinaryOp::kGte:
      return {l, l >= r};
    case BinaryOp::kLte:
      return {l, l <= r};
    default:
      return {0, false};
  }
}

bool IsMetadataLabel(std::string_view name) {
  return std::find(std::begin(kMetadataLabels), std::end(kMetadataLabels), name) !=
         std::end(kMetadataLabels);
}

// The key two samples match on: the `on` labels, or every label except the
// `ignoring` ones and the metric name; set operators also ignore `__type__`
// and `__unit__`, arithmetic and comparisons do not (as type_and_unit.test
// requires).
std::string Signature(const model::Labels& labels, const VectorMatching& m, bool set_op = false) {
  std::string key;
  for (const model::Label& l : labels) {
    bool listed = std::find(m.matching_labels.begin(), m.matching_labels.end(), l.name) !=
                  m.matching_labels.end();
    bool hidden = set_op ? IsMetadataLabel(l.name) : l.name == model::kMetricName;
    if (m.on ? !listed : (listed || hidden)) continue;
    key += l.name;
    key += '\xff';
    key += l.value;
    key += '\xff';
  }
  return key;
}

// upstream's Labels.MatchLabels: the labels a signature is built from.
model::Labels MatchLabels(const model::Labels& labels, const VectorMatching& m) {
  std::vector<model::Label> out;
  for (const model::Label& l : labels) {
    bool listed = std::find(m.matching_labels.begin(), m.matching_labels.end(), l.name) !=
                  m.matching_labels.end();
    if (listed == m.on && (m.on || l.name != model::kMetricName)) out.push_back(l);
  }
  return model::Labels::FromUnsorted(std::move(out));
}

// upstream's resultMetric: the labels of a vector-vector result, from the
// "many" side `lhs` and the "one" side `rhs`.
model::Labels ResultMetric(const model::Labels& lhs, const model::Labels& rhs, BinaryOp op,
                           const VectorMatching& m) {
  model::LabelsBuilder b(lhs);
  if (ChangesMetricSchema(op)) {
    for (std::string_view n : kMetadataLabels) b.Del(n);
  }
  if (m.card == Cardinality::kOneToOne) {
    if (m.on) {
      b.Keep(m.matching_labels);
    } else {
      for (const std::string& n : m.matching_labels) b.Del(n);
    }
  }
  for (const std::string& n : m.include_labels) {
    std::string_view v = rhs.Get(n);
    if (v.empty()) {
      b.Del(n);
    } else {
      b.Set(n, v);
    }
  }
  return b.Build();
}

Vector SetOp(BinaryOp op, const Vector& lhs, const Vector& rhs, const VectorMatching& m) {
  Vector out;
  if (op == BinaryOp::kOr) {
    if (lhs.empty()) return rhs;
    if (rhs.empty()) return lhs;
    std::unordered_set<std::string> left;
    for (const VectorSample& s : lhs) {
      left.insert(Signature(s.labels, m, true));
      out.push_back(s);
    }
    for (const VectorSample& s : rhs) {
      if (!left.contains(Signature(s.labels, m, true))) out.push_back(s);
    }
    return out;
  }
  if (lhs.empty() || rhs.empty()) return op == BinaryOp::kUnless ? lhs : Vector{};
  std::unordered_set<std::string> right;
  for (const VectorSample& s : rhs) right.insert(Signature(s.labels, m, true));
  for (const VectorSample& s : lhs) {
    if (right.contains(Signature(s.labels, m, true)) == (op == BinaryOp::kAnd)) out.push_back(s);
  }
  return out;
}

Result<Vector> VectorBinop(const promql::BinaryExpr& e, const Vector& lhs_in, const Vector& rhs_in,
                           bool delayed) {
  const VectorMatching& m = e.matching;
  const bool fill = m.fill_lhs.has_value() || m.fill_rhs.has_value();
  if ((lhs_in.empty() && rhs_in.empty()) || ((lhs_in.empty() || rhs_in.empty()) && !fill))
    return Vector{};
  // One-to-many runs as many-to-one with the sides swapped.
  const bool swapped = m.card == Cardinality::kOneToMany;
  const Vector& lhs = swapped ? rhs_in : lhs_in;
  const Vector& rhs = swapped ? lhs_in : rhs_in;
  // As upstream, the fill values are not swapped with the sides.
  const std::optional<double>& fill_rhs = m.fill_rhs;
  const std::optional<double>& fill_lhs = m.fill_lhs;

  std::unordered_map<std::string, size_t> right;  // Signature to index in rhs.
  std::vector<std::string> right_order;
  for (size_t i = 0; i < rhs.size(); ++i) {
    std::string sig = Signature(rhs[i].labels, m);
    auto [it, inserted] = right.try_emplace(sig, i);
    if (!inserted) {
      std::string a = rhs[i].labels.ToString();
      std::string b = rhs[it->second].labels.ToString();
      if (b < a) std::swap(a, b);
      return Error{"found duplicate series for the match group " +
                   MatchLabels(rhs[i].labels, m).ToString() + " on the " +
                   (swapped ? "left" : "right") + " hand-side of the operation: [" + a + ", " + b +
                   "];many-to-many matching not allowed: matching labels must be unique " +
                   "on one side"};
    }
    right_order.push_back(std::move(sig));
  }

  // Per matched signature: the hashes of result label sets (many-to-one only).
  std::unordered_map<std::string, std::unordered_set<uint64_t>> matched;
  Vector out;
  auto binop = [&](const VectorSample& ls, const VectorSample& rs,
                   const std::string& sig) -> Status {
    double fl = swapped ? rs.v : ls.v;
    double fr = swapped ? ls.v : rs.v;
    ElemResult r = ElemBinop(e.op, fl, fr);
    if (e.return_bool) r.v = r.keep ? 1.0 : 0.0;
    model::Labels metric = ResultMetric(ls.labels, rs.labels, e.op, m);
    if (e.return_bool && !delayed) metric = DropMetadata(metric);
    auto [it, first] = matched.try_emplace(sig);
    if (m.card == Cardinality::kOneToOne) {
      if (!first) {
        return Error{
            "multiple matches for labels: many-to-one matching must be explicit "
            "(group_left/group_right)"};
      }
    } else if (!it->second.insert(metric.Hash()).second) {
      return Error{"multiple matches for labels: grouping labels must ensure unique matches"};
    }
    // As upstream, only `bool` marks the result: arithmetic already lost the name.
    if (r.keep || e.return_bool) out.push_back({std::move(metric), ls.t, r.v, e.return_bool});
    return Ok();
  };
  for (const VectorSample& ls : lhs) {
    std::string sig = Signature(ls.labels, m);
    auto it = right.find(sig);
    if (it != right.end()) {
      if (Status st = binop(ls, rhs[it->second], sig); !st) return st.error();
    } else if (fill_rhs) {
      VectorSample filled{MatchLabels(ls.labels, m), ls.t, *fill_rhs};
      if (Status st = binop(ls, filled, sig); !st) return st.error();
    }
  }
  if (fill_lhs) {
    for (size_t i = 0; i < rhs.size(); ++i) {
      const std::string& sig = right_order[i];
      if (matched.contains(sig)) continue;
      VectorSample filled{MatchLabels(rhs[i].labels, m), rhs[i].t, *fill_lhs};
      if (Status st = binop(filled, rhs[i], sig); !st) return st.error();
    }
  }
  return out;
}

Vector VectorScalarBinop(const promql::BinaryExpr& e, const Vector& vec, double scalar,
                         bool scalar_on_left, bool delayed) {
  Vector out;
  for (const VectorSample& s : vec) {
    double l = scalar_on_left ? scalar : s.v;
    double r = scalar_on_left ? s.v : scalar;
    ElemResult res = ElemBinop(e.op, l, r);
    // A comparison keeps the vector element's value, whichever side it is on.
    if (promql::IsComparisonOp(e.op) && scalar_on_left) res.v = r;
    if (e.return_bool) {
      res.v = res.keep ? 1.0 : 0.0;
      res.keep = true;
    }
    if (!res.keep) continue;
    VectorSample o = s;
    o.v = res.v;
    if (ChangesMetricSchema(e.op) || e.return_bool) {
      if (!delayed) o.labels = DropMetadata(o.labels);
      o.drop_name = true;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

Result<Value> EvalBinary(const promql::BinaryExpr& e, const Value& lhs, const Value& rhs,
                         bool delayed_name_removal) {
  if (promql::IsTrimOp(e.op)) {
    return Error{std::string(kNotImplemented) + "operator " +
                 std::string(promql::BinaryOpName(e.op))};
  }
  const auto* ls = std::get_if<Scalar>(&lhs);
  const auto* rs = std::get_if<Scalar>(&rhs);
  const auto* lv = std::get_if<Vector>(&lhs);
  const auto* rv = std::get_if<Vector>(&rhs);
  if (ls && rs) {
    ElemResult r = ElemBinop(e.op, ls->v, rs->v);
    if (promql::IsComparisonOp(e.op)) r.v = r.keep ? 1.0 : 0.0;
    return Value(Scalar{ls->t, r.v});
  }
  Vector out;
  if (lv && rs) {
    out = VectorScalarBinop(e, *lv, rs->v, false, delayed_name_removal);
  } else if (ls && rv) {
    out = VectorScalarBinop(e, *rv, ls->v, true, delayed_name_removal);
  } else if (lv && rv) {
    if (promql::IsSetOp(e.op)) {
      out = SetOp(e.op, *lv, *rv, e.matching);
    } else {
      Result<Vector> r = VectorBinop(e, *lv, *rv, delayed_name_removal);
      if (!r) return r.error();
      out = std::move(*r);
    }
  } else {
    return Error{"binary operator " + std::string(promql::BinaryOpName(e.op)) +
                 " between unsupported operand types"};
  }
  // With delayed removal names are still there; the end of the query checks.
  if (!delayed_name_removal) {
    if (Status st = CheckDistinctLabels(out); !st) return st.error();
  }
  return Value(std::move(out));
}

Result<Value> EvalUnary(bool negative, Value operand, bool delayed_name_removal) {
  if (!negative) return operand;
  if (auto* s = std::get_if<Scalar>(&operand)) {
    s->v = -s->v;
    return operand;
  }
  auto* v = std::get_if<Vector>(&operand);
  if (v == nullptr) return Error{"unary minus on an unsupported operand type"};
  for (VectorSample& s : *v) {
    s.v = -s.v;
    if (!delayed_name_removal) s.labels = DropMetadata(s.labels);
    s.drop_name = true;
  }
  if (!delayed_name_removal) {
    if (Status st = CheckDistinctLabels(*v); !st) return st.error();
  }
  return operand;
}

model::Labels NameDropped(const model::Labels& labels, bool delayed_name_removal) {
  return delayed_name_removal ? labels : DropMetadata(labels);
}

model::Labels DropMetadata(const model::Labels& labels) { return labels.WithoutMetadata(); }

Status CheckDistinctLabels(const Vector& v) {
  if (v.size() < 2) return Ok();
  // Open addressing on the (cached) label hashes; equal hashes compare labels.
  size_t cap = 4;
  while (cap < v.size() * 2) cap *= 2;
  std::vector<size_t> slots(cap, 0);  // Index + 1 into v; 0 is empty.
  for (size_t i = 0; i < v.size(); ++i) {
    uint64_t h = v[i].labels.Hash();
    for (size_t j = h & (cap - 1);; j = (j + 1) & (cap - 1)) {
      if (slots[j] == 0) {
        slots[j] = i + 1;
        break;
      }
      const model::Labels& other = v[slots[j] - 1].labels;
      if (other.Hash() == h && other == v[i].labels)
        return Error{"vector cannot contain metrics with the same labelset"};
    }
  }
  return Ok();
}

}  // namespace ttam::eval
