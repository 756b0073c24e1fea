// Functions that work on labels or on the presence of series rather than on
// values: label_replace and label_join (Go's regexp Expand semantics),
// absent and absent_over_time (labels from the selector's equality
// matchers), sort and sort_desc (NaN last), sort_by_label and
// sort_by_label_desc (natural order).

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "eval/functions_impl.h"
#include "support/utf8.h"

namespace ttam::eval {
namespace {

const std::string* StringArg(const FunctionArgs& in, size_t i) {
  if (i >= in.args.size()) return nullptr;
  const auto* s = std::get_if<String>(&in.args[i]);
  return s == nullptr ? nullptr : &s->v;
}

// model.UTF8Validation.IsValidLabelName: any non-empty valid UTF-8.
bool IsValidLabelName(std::string_view name) {
  return !name.empty() && FindInvalidUtf8(name) == std::string_view::npos;
}

bool IsNameByte(unsigned char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c >= 0x80;
}

// One `$name`, `${name}` or `$1` reference at the start of `s` (Go's extract);
// false when malformed. `num` is -1 for a name that is not a group number.
bool ExtractRef(std::string_view s, std::string_view& name, int& num, std::string_view& rest) {
  if (s.empty()) return false;
  bool brace = s[0] == '{';
  if (brace) s.remove_prefix(1);
  size_t i = 0;
  while (i < s.size() && IsNameByte(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 0) return false;
  name = s.substr(0, i);
  if (brace) {
    if (i >= s.size() || s[i] != '}') return false;
    ++i;
  }
  num = 0;
  for (char c : name) {
    if (c < '0' || c > '9' || num >= 100000000) {
      num = -1;
      break;
    }
    num = num * 10 + (c - '0');
  }
  if (name[0] == '0' && name.size() > 1) num = -1;
  rest = s.substr(i);
  return true;
}

// Go's Regexp.ExpandString of `repl` with the groups of one match.
std::string Expand(const RE2& re, std::string_view repl,
                   const std::vector<re2::StringPiece>& groups) {
  std::string out;
  const std::map<std::string, int>& named = re.NamedCapturingGroups();
  while (!repl.empty()) {
    size_t dollar = repl.find('$');
    if (dollar == std::string_view::npos) break;
    out.append(repl.substr(0, dollar));
    repl.remove_prefix(dollar + 1);
    if (!repl.empty() && repl[0] == '$') {
      out += '$';
      repl.remove_prefix(1);
      continue;
    }
    std::string_view name;
    int num = 0;
    std::string_view rest;
    if (!ExtractRef(repl, name, num, rest)) {
      out += '$';
      continue;
    }
    repl = rest;
    int index = num;
    if (num < 0) {
      auto it = named.find(std::string(name));
      index = it == named.end() ? -1 : it->second;
    }
    if (index >= 0 && static_cast<size_t>(index) < groups.size() && groups[index].data() != nullptr)
      out.append(groups[index].data(), groups[index].size());
  }
  out.append(repl);
  return out;
}

// upstream's createLabelsForAbsentFunction over a selector's matchers.
model::Labels AbsentLabels(const promql::Expr* arg) {
  const promql::VectorSelector* vs = nullptr;
  if (arg != nullptr) {
    if (const auto* v = std::get_if<promql::VectorSelector>(&arg->node)) vs = v;
    if (const auto* m = std::get_if<promql::MatrixSelector>(&arg->node))
      vs = &std::get<promql::VectorSelector>(m->vector_selector->node);
  }
  model::LabelsBuilder b;
  if (vs == nullptr) return b.Build();
  std::vector<std::string> set;
  for (const promql::LabelMatcher& m : vs->matchers) {
    if (m.name == model::kMetricName) continue;
    bool has = std::find(set.begin(), set.end(), m.name) != set.end();
    if (m.op == promql::MatchOp::kEqual && !has) {
      b.Set(m.name, m.value);
      set.push_back(m.name);
    } else {
      b.Del(m.name);  // A deleted name stays "seen": a later `=` does not bring it back.
    }
  }
  return b.Build();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The run of digits or of non-digits at the start of `s`.
std::string_view Chunk(std::string_view s) {
  size_t n = 1;
  while (n < s.size() && IsDigit(s[n]) == IsDigit(s[0])) ++n;
  return s.substr(0, n);
}

// Natural order: runs of digits compare as numbers (leading zeros skipped,
// the longer run larger), everything else bytewise; equal values give 0.
int NaturalCompare(std::string_view a, std::string_view b) {
  while (!a.empty() && !b.empty()) {
    std::string_view ca = Chunk(a);
    std::string_view cb = Chunk(b);
    a.remove_prefix(ca.size());
    b.remove_prefix(cb.size());
    if (IsDigit(ca[0]) && IsDigit(cb[0])) {
      ca.remove_prefix(std::min(ca.find_first_not_of('0'), ca.size()));
      cb.remove_prefix(std::min(cb.find_first_not_of('0'), cb.size()));
      if (ca.size() != cb.size()) return ca.size() < cb.size() ? -1 : 1;
    }
    if (int c = ca.compare(cb); c != 0) return c < 0 ? -1 : 1;
  }
  if (a.empty() != b.empty()) return a.empty() ? -1 : 1;
  return 0;
}

Result<Value> SortByLabel(const FunctionArgs& in, bool desc) {
  const Vector* v = VectorArg(in);
  if (v == nullptr) return Error{"sort_by_label() expects an instant vector"};
  std::vector<std::string> names;
  for (size_t i = 1; i < in.args.size(); ++i) {
    const std::string* s = StringArg(in, i);
    if (s == nullptr) return Error{"sort_by_label() expects string label names"};
    names.push_back(*s);
  }
  Vector out = *v;
  // A total order (the full label sets break ties), so any sort gives upstream's result.
  std::sort(out.begin(), out.end(), [&](const VectorSample& a, const VectorSample& b) {
    for (const std::string& n : names) {
      std::string_view va = a.labels.Get(n);
      std::string_view vb = b.labels.Get(n);
      if (va == vb) continue;
      if (int c = NaturalCompare(va, vb); c != 0) return desc ? c > 0 : c < 0;
    }
    return desc ? b.labels < a.labels : a.labels < b.labels;
  });
  return Value(std::move(out));
}

const promql::Expr* FirstArgExpr(const FunctionArgs& in) {
  return in.call != nullptr && !in.call->args.empty() ? in.call->args[0].get() : nullptr;
}

}  // namespace

Result<Value> FuncLabelReplace(const FunctionArgs& in) {
  const Vector* v = VectorArg(in);
  const std::string* dst = StringArg(in, 1);
  const std::string* repl = StringArg(in, 2);
  const std::string* src = StringArg(in, 3);
  const std::string* regex = StringArg(in, 4);
  if (v == nullptr || !dst || !repl || !src || !regex)
    return Error{"label_replace() expects a vector and four strings"};
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re("^(?s:" + *regex + ")$", options);
  if (!re.ok()) return Error{"invalid regular expression in label_replace(): " + *regex};
  if (!IsValidLabelName(*dst))
    return Error{"invalid destination label name in label_replace(): " + *dst};
  Vector out = *v;
  std::vector<re2::StringPiece> groups(static_cast<size_t>(re.NumberOfCapturingGroups()) + 1);
  for (VectorSample& s : out) {
    std::string value(s.labels.Get(*src));
    if (!re.Match(value, 0, value.size(), RE2::UNANCHORED, groups.data(),
                  static_cast<int>(groups.size())))
      continue;
    std::string res = Expand(re, *repl, groups);
    s.labels = model::LabelsBuilder(s.labels).Set(*dst, res).Build();
  }
  if (Status st = CheckDistinctLabels(out); !st) return st.error();
  return Value(std::move(out));
}

Result<Value> FuncLabelJoin(const FunctionArgs& in) {
  const Vector* v = VectorArg(in);
  const std::string* dst = StringArg(in, 1);
  const std::string* sep = StringArg(in, 2);
  if (v == nullptr || !dst || !sep) return Error{"label_join() expects a vector and strings"};
  std::vector<std::string> sources;
  for (size_t i = 3; i < in.args.size(); ++i) {
    const std::string* s = StringArg(in, i);
    if (s == nullptr) return Error{"label_join() expects string source labels"};
    if (!IsValidLabelName(*s)) return Error{"invalid source label name in label_join(): " + *s};
    sources.push_back(*s);
  }
  if (!IsValidLabelName(*dst))
    return Error{"invalid destination label name in label_join(): " + *dst};
  Vector out = *v;
  for (VectorSample& s : out) {
    std::string joined;
    for (size_t i = 0; i < sources.size(); ++i) {
      if (i > 0) joined += *sep;
      joined += s.labels.Get(sources[i]);
    }
    s.labels = model::LabelsBuilder(s.labels).Set(*dst, joined).Build();
  }
  if (Status st = CheckDistinctLabels(out); !st) return st.error();
  return Value(std::move(out));
}

Result<Value> FuncAbsent(const FunctionArgs& in) {
  const Vector* v = VectorArg(in);
  if (v != nullptr && !v->empty()) return Value(Vector{});
  return Value(Vector{{AbsentLabels(FirstArgExpr(in)), in.t, 1}});
}

Result<Value> FuncAbsentOverTime(const FunctionArgs& in) {
  const Matrix* m = MatrixArg(in);
  if (m != nullptr && !m->empty()) return Value(Vector{});
  return Value(Vector{{AbsentLabels(FirstArgExpr(in)), in.t, 1}});
}

Result<Value> FuncSort(const FunctionArgs& in) {
  const Vector* v = VectorArg(in);
  if (v == nullptr) return Error{"sort() expects an instant vector"};
  Vector out = *v;
  std::stable_sort(out.begin(), out.end(), [](const VectorSample& a, const VectorSample& b) {
    return (!std::isnan(a.v) && std::isnan(b.v)) || a.v < b.v;
  });
  return Value(std::move(out));
}

Result<Value> FuncSortByLabel(const FunctionArgs& in) { return SortByLabel(in, false); }

Result<Value> FuncSortByLabelDesc(const FunctionArgs& in) { return SortByLabel(in, true); }

Result<Value> FuncSortDesc(const FunctionArgs& in) {
  const Vector* v = VectorArg(in);
  if (v == nullptr) return Error{"sort_desc() expects an instant vector"};
  Vector out = *v;
  std::stable_sort(out.begin(), out.end(), [](const VectorSample& a, const VectorSample& b) {
    return (!std::isnan(a.v) && std::isnan(b.v)) || a.v > b.v;
  });
  return Value(std::move(out));
}

}  // namespace ttam::eval
