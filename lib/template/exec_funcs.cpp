#include "template/exec_funcs.h"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "support/go_regexp.h"
#include "support/number.h"
#include "support/text.h"
#include "support/units.h"
#include "template/go_case.h"
#include "template/go_fmt.h"
#include "template/unicode_class.h"

namespace ttam::tmpl {
namespace {

[[noreturn]] void Fail(std::string message) { throw CallError{std::move(message)}; }

// ---- Go's builtins (text/template/funcs.go) ----

enum class BasicKind : uint8_t { kInvalid, kBool, kInt, kFloat, kString };

BasicKind KindOf(const Value& v) {
  switch (v.kind) {
    case ValueKind::kBool:
      return BasicKind::kBool;
    case ValueKind::kInt:
      return BasicKind::kInt;
    case ValueKind::kFloat:
      return BasicKind::kFloat;
    case ValueKind::kString:
    case ValueKind::kHtml:
      return BasicKind::kString;
    default:
      return BasicKind::kInvalid;
  }
}

constexpr std::string_view kBadComparison = "incompatible types for comparison";
constexpr std::string_view kBadComparisonType = "invalid type for comparison";

bool Eq(const Value& a, std::span<const Value> others) {
  if (others.empty()) Fail("missing argument for comparison");
  const BasicKind k1 = KindOf(a);
  for (const Value& b : others) {
    const BasicKind k2 = KindOf(b);
    bool truth = false;
    if (k1 != k2) {
      if (a.kind != ValueKind::kInvalid && b.kind != ValueKind::kInvalid) {
        Fail(std::string(kBadComparison));
      }
    } else {
      switch (k1) {
        case BasicKind::kBool:
          truth = a.boolean == b.boolean;
          break;
        case BasicKind::kInt:
          truth = a.integer == b.integer;
          break;
        case BasicKind::kFloat:
          truth = a.number == b.number;
          break;
        case BasicKind::kString:
          truth = a.text == b.text;
          break;
        case BasicKind::kInvalid: {
          const bool a_nil = a.kind == ValueKind::kInvalid ||
                             (a.kind == ValueKind::kSample && !a.sample) ||
                             (a.kind == ValueKind::kSamples && !a.samples);
          const bool b_nil = b.kind == ValueKind::kInvalid ||
                             (b.kind == ValueKind::kSample && !b.sample) ||
                             (b.kind == ValueKind::kSamples && !b.samples);
          if (a_nil || b_nil) {
            truth = a_nil == b_nil;
          } else if (a.kind == ValueKind::kSample && b.kind == ValueKind::kSample) {
            truth = a.sample == b.sample;
          } else {
            Fail("non-comparable types " + GoPrintValue(a) + ": " + GoTypeName(a) + ", " +
                 GoTypeName(b) + ": " + GoPrintValue(b));
          }
          break;
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

bool Lt(const Value& a, const Value& b) {
  const BasicKind k1 = KindOf(a);
  const BasicKind k2 = KindOf(b);
  if (k1 == BasicKind::kInvalid || k2 == BasicKind::kInvalid) Fail(std::string(kBadComparisonType));
  if (k1 != k2) Fail(std::string(kBadComparison));
  switch (k1) {
    case BasicKind::kBool:
    case BasicKind::kInvalid:
      Fail(std::string(kBadComparisonType));
    case BasicKind::kInt:
      return a.integer < b.integer;
    case BasicKind::kFloat:
      return a.number < b.number;
    case BasicKind::kString:
      return a.text < b.text;
  }
  return false;
}

bool Le(const Value& a, const Value& b) {
  if (Lt(a, b)) return true;
  return Eq(a, std::span<const Value>(&b, 1));
}

size_t Length(const Value& v, bool* ok) {
  *ok = true;
  switch (v.kind) {
    case ValueKind::kString:
    case ValueKind::kHtml:
      return v.text.size();
    case ValueKind::kStringMap:
      return v.labels ? v.labels->size() : 0;
    case ValueKind::kAnyMap:
      return v.any_map ? v.any_map->size() : 0;
    case ValueKind::kSamples:
      return v.samples ? v.samples->size() : 0;
    default:
      *ok = false;
      return 0;
  }
}

int64_t IndexArg(const Value& index, size_t cap) {
  if (index.kind == ValueKind::kInvalid) Fail("cannot index slice/array with nil");
  if (index.kind != ValueKind::kInt) {
    Fail("cannot index slice/array with type " + GoTypeName(index));
  }
  const int64_t x = index.integer;
  if (x < 0 || static_cast<uint64_t>(x) > cap) Fail("index out of range: " + std::to_string(x));
  return x;
}

Value SampleValue(std::shared_ptr<QuerySample> s) {
  Value v;
  v.kind = ValueKind::kSample;
  v.sample = std::move(s);
  return v;
}

Value FnIndex(const CallContext&, std::vector<Value>& args) {
  Value item = args[0];
  if (item.kind == ValueKind::kInvalid) Fail("index of untyped nil");
  for (size_t i = 1; i < args.size(); ++i) {
    const Value& index = args[i];
    switch (item.kind) {
      case ValueKind::kString:
      case ValueKind::kHtml: {
        const int64_t x = IndexArg(index, item.text.size());
        if (static_cast<size_t>(x) == item.text.size()) Fail("reflect: string index out of range");
        item = Value::Int(static_cast<unsigned char>(item.text[static_cast<size_t>(x)]));
        break;
      }
      case ValueKind::kSamples: {
        const size_t n = item.samples ? item.samples->size() : 0;
        const int64_t x = IndexArg(index, n);
        if (static_cast<size_t>(x) == n) Fail("reflect: slice index out of range");
        item = SampleValue((*item.samples)[static_cast<size_t>(x)]);
        break;
      }
      case ValueKind::kStringMap:
      case ValueKind::kAnyMap: {
        if (index.kind == ValueKind::kInvalid) {
          Fail("value is nil; should be of type string");
        }
        if (index.kind != ValueKind::kString) {
          Fail("value has type " + GoTypeName(index) + "; should be string");
        }
        if (item.kind == ValueKind::kStringMap) {
          std::string found;
          if (item.labels) {
            for (const auto& [k, v] : *item.labels) {
              if (k == index.text) found = v;
            }
          }
          item = Value::String(std::move(found));
        } else {
          Value found;
          if (item.any_map) {
            for (const auto& [k, v] : *item.any_map) {
              if (k == index.text) found = v;
            }
          }
          item = std::move(found);
        }
        break;
      }
      case ValueKind::kSample:
        if (!item.sample) Fail("index of nil pointer");
        Fail("can't index item of type template.sample");
      case ValueKind::kInvalid:
        Fail("index of untyped nil");
      default:
        Fail("can't index item of type " + GoTypeName(item));
    }
  }
  return item;
}

Value FnSlice(const CallContext&, std::vector<Value>& args) {
  const Value& item = args[0];
  if (item.kind == ValueKind::kInvalid) Fail("slice of untyped nil");
  if (args.size() > 4) Fail("too many slice indexes: " + std::to_string(args.size() - 1));
  size_t cap = 0;
  switch (item.kind) {
    case ValueKind::kString:
    case ValueKind::kHtml:
      if (args.size() == 4) Fail("cannot 3-index slice a string");
      cap = item.text.size();
      break;
    case ValueKind::kSamples:
      cap = item.samples ? item.samples->size() : 0;
      break;
    default:
      Fail("can't slice item of type " + GoTypeName(item));
  }
  int64_t idx[3] = {0, static_cast<int64_t>(cap), static_cast<int64_t>(cap)};
  for (size_t i = 1; i < args.size(); ++i) idx[i - 1] = IndexArg(args[i], cap);
  if (idx[0] > idx[1]) {
    Fail("invalid slice index: " + std::to_string(idx[0]) + " > " + std::to_string(idx[1]));
  }
  if (args.size() == 4 && idx[1] > idx[2]) {
    Fail("invalid slice index: " + std::to_string(idx[1]) + " > " + std::to_string(idx[2]));
  }
  const auto from = static_cast<size_t>(idx[0]);
  const auto to = static_cast<size_t>(idx[1]);
  if (item.kind == ValueKind::kSamples) {
    Value out = item;
    out.samples = std::make_shared<SampleList>();
    if (item.samples)
      out.samples->assign(item.samples->begin() + static_cast<ptrdiff_t>(from),
                          item.samples->begin() + static_cast<ptrdiff_t>(to));
    return out;
  }
  Value out = item;
  out.text = item.text.substr(from, to - from);
  return out;
}

Value FnLen(const CallContext&, std::vector<Value>& args) {
  const Value& v = args[0];
  // Go calls Type() on the zero reflect.Value and recovers reflect's panic.
  if (v.kind == ValueKind::kInvalid) Fail("reflect: call of reflect.Value.Type on zero Value");
  if (v.kind == ValueKind::kSample && !v.sample) Fail("len of nil pointer");
  bool ok = false;
  const size_t n = Length(v, &ok);
  if (!ok) {
    std::string type = GoTypeName(v);
    if (v.kind == ValueKind::kSample) type = "template.sample";
    Fail("len of type " + type);
  }
  return Value::Int(static_cast<int64_t>(n));
}

Value FnNot(const CallContext&, std::vector<Value>& args) { return Value::Bool(!IsTrue(args[0])); }

Value FnEq(const CallContext&, std::vector<Value>& args) {
  return Value::Bool(Eq(args[0], std::span<const Value>(args).subspan(1)));
}
Value FnNe(const CallContext&, std::vector<Value>& args) {
  return Value::Bool(!Eq(args[0], std::span<const Value>(args).subspan(1)));
}
Value FnLt(const CallContext&, std::vector<Value>& args) {
  return Value::Bool(Lt(args[0], args[1]));
}
Value FnLe(const CallContext&, std::vector<Value>& args) {
  return Value::Bool(Le(args[0], args[1]));
}
Value FnGt(const CallContext&, std::vector<Value>& args) {
  return Value::Bool(!Le(args[0], args[1]));
}
Value FnGe(const CallContext&, std::vector<Value>& args) {
  return Value::Bool(!Lt(args[0], args[1]));
}

// and/or are evaluated lazily by the executor; these run only on values.
Value FnAnd(const CallContext&, std::vector<Value>& args) {
  for (const Value& v : args) {
    if (!IsTrue(v)) return v;
  }
  return args.back();
}
Value FnOr(const CallContext&, std::vector<Value>& args) {
  for (const Value& v : args) {
    if (IsTrue(v)) return v;
  }
  return args.back();
}

Value FnCall(const CallContext&, std::vector<Value>& args) {
  if (args[0].kind == ValueKind::kInvalid) Fail("call of nil");
  Fail("non-function of type " + GoTypeName(args[0]));
}

Value FnPrint(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoSprint(args));
}
Value FnPrintln(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoSprintln(args));
}
Value FnPrintf(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoSprintf(args[0].text, std::span<const Value>(args).subspan(1)));
}

// evalArgs of funcs.go: one string argument as it is, else fmt.Sprint.
std::string EscaperArgs(const std::vector<Value>& args) {
  if (args.size() == 1 && args[0].kind == ValueKind::kString) return args[0].text;
  return GoSprint(args);
}
Value FnHtml(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoHtmlEscape(EscaperArgs(args)));
}
Value FnJs(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoJsEscape(EscaperArgs(args)));
}
Value FnUrlquery(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoQueryEscape(EscaperArgs(args)));
}

// ---- Prometheus's functions (template/template.go) ----

constexpr std::string_view kNilDeref =
    "runtime error: invalid memory address or nil pointer dereference";

Value FnQuery(const CallContext& ctx, std::vector<Value>& args) {
  if (!ctx.options->query) Fail("query is not available here");
  Result<std::vector<QuerySample>> r = ctx.options->query(args[0].text);
  if (!r.ok()) Fail(r.error().message);
  Value out;
  out.kind = ValueKind::kSamples;
  out.samples = std::make_shared<SampleList>();
  for (QuerySample& s : r.value())
    out.samples->push_back(std::make_shared<QuerySample>(std::move(s)));
  return out;
}

Value FnFirst(const CallContext&, std::vector<Value>& args) {
  if (!args[0].samples || args[0].samples->empty()) {
    Fail("first() called on vector with no elements");
  }
  return SampleValue(args[0].samples->front());
}

std::string LabelOf(const QuerySample& s, std::string_view name) {
  for (const auto& [k, v] : s.labels) {
    if (k == name) return v;
  }
  return "";
}

Value FnLabel(const CallContext&, std::vector<Value>& args) {
  if (!args[1].sample) Fail(std::string(kNilDeref));
  return Value::String(LabelOf(*args[1].sample, args[0].text));
}

Value FnValue(const CallContext&, std::vector<Value>& args) {
  if (!args[0].sample) Fail(std::string(kNilDeref));
  return Value::Float(args[0].sample->value);
}

Value FnStrvalue(const CallContext&, std::vector<Value>& args) {
  if (!args[0].sample) Fail(std::string(kNilDeref));
  return Value::String(LabelOf(*args[0].sample, "__value__"));
}

Value FnArgs(const CallContext&, std::vector<Value>& args) {
  auto m = std::make_shared<AnyMap>();
  for (size_t i = 0; i < args.size(); ++i) m->emplace_back("arg" + std::to_string(i), args[i]);
  std::sort(m->begin(), m->end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Value out;
  out.kind = ValueKind::kAnyMap;
  out.any_map = std::move(m);
  return out;
}

// Go's regexp.Compile (unanchored, `.` not matching newlines); errors in
// Go's words: `error parsing regexp: missing closing ): ...`.
std::unique_ptr<RE2> CompileTemplateRegexp(const std::string& pattern, std::string* error) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_max_mem(int64_t{64} << 20);
  auto re = std::make_unique<RE2>(GoToRe2(pattern), options);
  if (!re->ok() || pattern.find("\\C") != std::string::npos) {
    std::optional<std::string> reason = GoRegexpError(pattern);
    *error = "error parsing regexp: " + (reason ? *reason : re->error());
    // Go's syntax.Error names the unclosed part, which GoRegexpError leaves out.
    if (re->error_code() == RE2::ErrorMissingParen) {
      *error += ": `" + pattern + "`";
    } else if (re->error_code() == RE2::ErrorMissingBracket) {
      *error += ": `" + re->error_arg() + "`";
    }
    return nullptr;
  }
  return re;
}

bool IsNameByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Go's Regexp.Expand of `repl` for one match.
void Expand(std::string& out, std::string_view repl, const RE2& re,
            const std::vector<re2::StringPiece>& groups) {
  size_t i = 0;
  while (i < repl.size()) {
    const size_t dollar = repl.find('$', i);
    if (dollar == std::string_view::npos) {
      out += repl.substr(i);
      return;
    }
    out += repl.substr(i, dollar - i);
    i = dollar + 1;
    if (i < repl.size() && repl[i] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string_view name;
    size_t next = i;
    if (i < repl.size() && repl[i] == '{') {
      size_t j = i + 1;
      while (j < repl.size() && IsNameByte(repl[j])) ++j;
      if (j == i + 1 || j >= repl.size() || repl[j] != '}') {
        out += '$';
        continue;
      }
      name = repl.substr(i + 1, j - i - 1);
      next = j + 1;
    } else {
      size_t j = i;
      while (j < repl.size() && IsNameByte(repl[j])) ++j;
      if (j == i) {
        out += '$';
        continue;
      }
      name = repl.substr(i, j - i);
      next = j;
    }
    i = next;
    int group = -1;
    bool numeric =
        std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) {
      if (name.size() <= 9) group = std::stoi(std::string(name));
    } else {
      const auto& names = re.NamedCapturingGroups();
      auto it = names.find(std::string(name));
      if (it != names.end()) group = it->second;
    }
    if (group >= 0 && static_cast<size_t>(group) < groups.size() &&
        groups[group].data() != nullptr) {
      out.append(groups[group].data(), groups[group].size());
    }
  }
}

Value FnReReplaceAll(const CallContext&, std::vector<Value>& args) {
  std::string error;
  auto re = CompileTemplateRegexp(args[0].text, &error);
  if (!re) {
    const std::string& p = args[0].text;
    const bool backquote =
        p.find('`') == std::string::npos && std::none_of(p.begin(), p.end(), [](char c) {
          return (static_cast<unsigned char>(c) < ' ' && c != '\t') || c == 0x7F;
        });
    const std::string quoted = backquote ? "`" + p + "`" : GoQuote(p);
    Fail("regexp: Compile(" + quoted + "): " + error);
  }
  const std::string& text = args[2].text;
  const std::string_view repl = args[1].text;
  const int ngroups = re->NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(static_cast<size_t>(ngroups));
  std::string out;
  size_t last_end = 0;
  size_t search = 0;
  const re2::StringPiece input(text);
  while (search <= text.size()) {
    if (!re->Match(input, search, text.size(), RE2::UNANCHORED, groups.data(), ngroups)) break;
    const auto a0 = static_cast<size_t>(groups[0].data() - text.data());
    const size_t a1 = a0 + groups[0].size();
    out.append(text, last_end, a0 - last_end);
    if (a1 > last_end || a0 == 0) Expand(out, repl, *re, groups);
    last_end = a1;
    size_t width = 1;
    if (search < text.size()) DecodeRune(text, search, &width);
    if (search + width > a1) {
      search += width;
    } else if (search + 1 > a1) {
      ++search;
    } else {
      search = a1;
    }
  }
  out.append(text, last_end);
  return Value::String(std::move(out));
}

Value FnMatch(const CallContext&, std::vector<Value>& args) {
  std::string error;
  auto re = CompileTemplateRegexp(args[0].text, &error);
  if (!re) Fail(error);
  return Value::Bool(RE2::PartialMatch(args[1].text, *re));
}

Value FnSafeHtml(const CallContext&, std::vector<Value>& args) {
  Value v = args[0];
  v.kind = ValueKind::kHtml;
  return v;
}

bool IsAlnumByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// cases.Title(language.AmericanEnglish, cases.NoLower): the first letter of
// each word title-cased (unicode.ToTitle: "élan" -> "Élan", "ǆ" -> "ǅ"; the
// few full mappings x/text/cases adds, such as "ß" -> "Ss", are not made),
// the rest left as they are. Words follow Unicode word breaking (UAX #29) as
// far as ASCII goes: letters, digits, `_` and non-ASCII runes form words,
// and `.`, `:` and `'` between two of them do not break one ("o'neil" ->
// "O'neil", "a.b" -> "A.b"; 2.42's strings.Title gave "O'Neil" and "A.B").
Value FnTitle(const CallContext&, std::vector<Value>& args) {
  const std::string& in = args[0].text;
  std::string s;
  s.reserve(in.size());
  bool in_word = false;
  for (size_t i = 0; i < in.size(); ++i) {
    const auto u = static_cast<unsigned char>(in[i]);
    if (!in_word && u >= 0x80) {
      size_t len = 1;
      s += TitleFirstRune(std::string_view(in).substr(i), &len);
      i += len - 1;
      in_word = true;
      continue;
    }
    s += static_cast<char>(!in_word && u >= 'a' && u <= 'z' ? u - 32 : u);
    if (IsAlnumByte(u) || u == '_') {
      in_word = true;
    } else if ((u == '.' || u == ':' || u == '\'') && in_word && i + 1 < in.size() &&
               IsAlnumByte(static_cast<unsigned char>(in[i + 1]))) {
      in_word = true;
    } else {
      in_word = false;
    }
  }
  return Value::String(std::move(s));
}

Value FnToUpper(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoToUpper(args[0].text));
}

Value FnToLower(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoToLower(args[0].text));
}

Value FnGraphLink(const CallContext&, std::vector<Value>& args) {
  return Value::String("/graph?g0.expr=" + GoQueryEscape(args[0].text) + "&g0.tab=0");
}

Value FnTableLink(const CallContext&, std::vector<Value>& args) {
  return Value::String("/graph?g0.expr=" + GoQueryEscape(args[0].text) + "&g0.tab=1");
}

Value FnSortByLabel(const CallContext&, std::vector<Value>& args) {
  Value v = args[1];
  if (v.samples) {
    const std::string& label = args[0].text;
    std::stable_sort(
        v.samples->begin(), v.samples->end(),
        [&](const std::shared_ptr<QuerySample>& a, const std::shared_ptr<QuerySample>& b) {
          return LabelOf(*a, label) < LabelOf(*b, label);
        });
  }
  return v;
}

// convertToFloat.
double ToFloat(const Value& v) {
  switch (v.kind) {
    case ValueKind::kFloat:
      return v.number;
    case ValueKind::kInt:
      return static_cast<double>(v.integer);
    case ValueKind::kString: {
      double f = 0;
      if (!ParseFloat(v.text, &f)) {
        Fail("strconv.ParseFloat: parsing " + GoQuote(v.text) + ": invalid syntax");
      }
      return f;
    }
    case ValueKind::kDuration:
      return static_cast<double>(v.integer) / 1e9;
    default:
      Fail("can't convert " + GoTypeName(v) + " to float");
  }
}

std::string Percent4g(double v) {
  return GoSprintf("%.4g", std::span<const Value>(std::vector<Value>{Value::Float(v)}));
}

Value FnHumanize(const CallContext&, std::vector<Value>& args) {
  double v = ToFloat(args[0]);
  if (v == 0 || std::isnan(v) || std::isinf(v)) return Value::String(Percent4g(v));
  std::string prefix;
  if (std::fabs(v) >= 1) {
    for (const char* p : {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
      if (std::fabs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return Value::String(Percent4g(v) + prefix);
  }
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return Value::String(Percent4g(v) + prefix);
}

Value FnHumanize1024(const CallContext&, std::vector<Value>& args) {
  double v = ToFloat(args[0]);
  if (std::fabs(v) <= 1 || std::isnan(v) || std::isinf(v)) return Value::String(Percent4g(v));
  std::string prefix;
  for (const char* p : {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
    if (std::fabs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return Value::String(Percent4g(v) + prefix);
}

Value FnHumanizeDuration(const CallContext&, std::vector<Value>& args) {
  double v = ToFloat(args[0]);
  if (std::isnan(v) || std::isinf(v)) return Value::String(Percent4g(v));
  if (v == 0) return Value::String(Percent4g(v) + "s");
  if (std::fabs(v) >= 1) {
    std::string sign;
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    const auto iv = static_cast<int64_t>(v);
    const int64_t seconds = iv % 60;
    const int64_t minutes = (iv / 60) % 60;
    const int64_t hours = (iv / 60 / 60) % 24;
    const int64_t days = iv / 60 / 60 / 24;
    auto s = [](int64_t x) { return std::to_string(x); };
    if (days != 0) {
      return Value::String(sign + s(days) + "d " + s(hours) + "h " + s(minutes) + "m " +
                           s(seconds) + "s");
    }
    if (hours != 0)
      return Value::String(sign + s(hours) + "h " + s(minutes) + "m " + s(seconds) + "s");
    if (minutes != 0) return Value::String(sign + s(minutes) + "m " + s(seconds) + "s");
    return Value::String(sign + Percent4g(v) + "s");
  }
  std::string prefix;
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return Value::String(Percent4g(v) + prefix + "s");
}

Value FnHumanizePercentage(const CallContext&, std::vector<Value>& args) {
  const double v = ToFloat(args[0]);
  return Value::String(Percent4g(v * 100) + "%");
}

// floatToTime: model.TimeFromUnixNano(int64(v*1e9)), i.e. millisecond precision.
bool FloatToTime(double v, int64_t* nanos) {
  if (std::isnan(v) || std::isinf(v)) return false;
  const double ts = v * 1e9;
  if (ts > 9223372036854775807.0 || ts < -9223372036854775808.0 || ts >= 9223372036854775808.0) {
    Fail(FormatGoValue(v) +
         " cannot be represented as a nanoseconds timestamp since it overflows "
         "int64");
  }
  const auto ns = static_cast<int64_t>(ts);
  *nanos = (ns / 1000000) * 1000000;
  return true;
}

Value FnHumanizeTimestamp(const CallContext&, std::vector<Value>& args) {
  const double v = ToFloat(args[0]);
  int64_t ns = 0;
  if (!FloatToTime(v, &ns)) return Value::String(Percent4g(v));
  return Value::String(GoPrintValue([&] {
    Value t;
    t.kind = ValueKind::kTime;
    t.integer = ns;
    return t;
  }()));
}

Value FnToTime(const CallContext&, std::vector<Value>& args) {
  const double v = ToFloat(args[0]);
  int64_t ns = 0;
  if (!FloatToTime(v, &ns)) Fail("value is NaN or Inf");
  Value t;
  t.kind = ValueKind::kTime;
  t.integer = ns;
  return t;
}

// toDuration (3.x, not in 2.42): seconds to a *time.Duration, refusing NaN,
// Inf and what overflows int64 nanoseconds, as floatToTime does for times.
Value FnToDuration(const CallContext&, std::vector<Value>& args) {
  const double v = ToFloat(args[0]);
  if (std::isnan(v) || std::isinf(v)) Fail("value is NaN or Inf");
  const double ns = v * 1e9;
  if (ns >= 9223372036854775808.0 || ns < -9223372036854775808.0) {
    Fail(FormatGoValue(v) +
         " cannot be represented as a nanoseconds duration since it overflows int64");
  }
  Value d;
  d.kind = ValueKind::kDuration;
  d.integer = static_cast<int64_t>(ns);
  return d;
}

Value FnNow(const CallContext& ctx, std::vector<Value>&) {
  return Value::Float(static_cast<double>(ctx.options->eval_time_ms) / 1000.0);
}

// The path of a URL: after the scheme and host, before `?` or `#`.
std::string UrlPath(std::string_view url) {
  size_t start = 0;
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const size_t slash = url.find('/', scheme + 3);
    if (slash == std::string_view::npos) return "";
    start = slash;
  }
  const size_t end = url.find_first_of("?#", start);
  return std::string(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
}

Value FnPathPrefix(const CallContext& ctx, std::vector<Value>&) {
  if (!ctx.options->function_external_url) Fail(std::string(kNilDeref));
  return Value::String(UrlPath(*ctx.options->function_external_url));
}

Value FnExternalUrl(const CallContext& ctx, std::vector<Value>&) {
  if (!ctx.options->function_external_url) Fail(std::string(kNilDeref));
  return Value::String(*ctx.options->function_external_url);
}

Value FnParseDuration(const CallContext&, std::vector<Value>& args) {
  std::string_view text = args[0].text;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  Result<std::chrono::milliseconds> d = ParseDuration(text);
  if (!d.ok()) Fail("not a valid duration string: " + GoQuote(args[0].text));
  const double seconds = static_cast<double>(d->count()) / 1000.0;
  return Value::Float(negative ? -seconds : seconds);
}

Value FnUrlQueryEscape(const CallContext&, std::vector<Value>& args) {
  return Value::String(GoQueryEscape(args[0].text));
}

// net.SplitHostPort.
bool SplitHostPort(std::string_view s, std::string* host, std::string* port) {
  const size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string_view h;
  if (!s.empty() && s[0] == '[') {
    const size_t end = s.find(']');
    if (end == std::string_view::npos) return false;
    if (end + 1 != colon) return false;
    h = s.substr(1, end - 1);
    if (h.find_first_of("[]") != std::string_view::npos) return false;
  } else {
    h = s.substr(0, colon);
    if (h.find(':') != std::string_view::npos) return false;
    if (h.find_first_of("[]") != std::string_view::npos) return false;
  }
  const std::string_view p = s.substr(colon + 1);
  if (p.find_first_of("[]") != std::string_view::npos) return false;
  *host = std::string(h);
  *port = std::string(p);
  return true;
}

Value FnStripPort(const CallContext&, std::vector<Value>& args) {
  std::string host, port;
  if (!SplitHostPort(args[0].text, &host, &port)) return args[0];
  return Value::String(host);
}

bool IsIp(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

Value FnStripDomain(const CallContext&, std::vector<Value>& args) {
  std::string host, port;
  if (!SplitHostPort(args[0].text, &host, &port)) host = args[0].text;
  if (IsIp(host)) return args[0];
  host = host.substr(0, host.find('.'));
  if (port.empty()) return Value::String(host);
  if (host.find(':') != std::string::npos) return Value::String("[" + host + "]:" + port);
  return Value::String(host + ":" + port);
}

using P = Param;

const std::vector<ExecFunction>& Table() {
  static const std::vector<ExecFunction> table = {
      // Go's builtins.
      {"and", {P::kReflect}, true, P::kReflect, FnAnd},
      {"or", {P::kReflect}, true, P::kReflect, FnOr},
      {"not", {P::kReflect}, false, P::kAny, FnNot},
      {"len", {P::kReflect}, false, P::kAny, FnLen},
      {"index", {P::kReflect}, true, P::kReflect, FnIndex},
      {"slice", {P::kReflect}, true, P::kReflect, FnSlice},
      {"print", {}, true, P::kAny, FnPrint},
      {"printf", {P::kString}, true, P::kAny, FnPrintf},
      {"println", {}, true, P::kAny, FnPrintln},
      {"html", {}, true, P::kAny, FnHtml},
      {"js", {}, true, P::kAny, FnJs},
      {"urlquery", {}, true, P::kAny, FnUrlquery},
      {"call", {P::kReflect}, true, P::kReflect, FnCall},
      {"eq", {P::kReflect}, true, P::kReflect, FnEq},
      {"ne", {P::kReflect, P::kReflect}, false, P::kAny, FnNe},
      {"lt", {P::kReflect, P::kReflect}, false, P::kAny, FnLt},
      {"le", {P::kReflect, P::kReflect}, false, P::kAny, FnLe},
      {"gt", {P::kReflect, P::kReflect}, false, P::kAny, FnGt},
      {"ge", {P::kReflect, P::kReflect}, false, P::kAny, FnGe},
      // Prometheus's function map.
      {"query", {P::kString}, false, P::kAny, FnQuery},
      {"first", {P::kSamples}, false, P::kAny, FnFirst},
      {"label", {P::kString, P::kSample}, false, P::kAny, FnLabel},
      {"value", {P::kSample}, false, P::kAny, FnValue},
      {"strvalue", {P::kSample}, false, P::kAny, FnStrvalue},
      {"args", {}, true, P::kAny, FnArgs},
      {"reReplaceAll", {P::kString, P::kString, P::kString}, false, P::kAny, FnReReplaceAll},
      {"safeHtml", {P::kString}, false, P::kAny, FnSafeHtml},
      {"match", {P::kString, P::kString}, false, P::kAny, FnMatch},
      {"title", {P::kString}, false, P::kAny, FnTitle},
      {"toUpper", {P::kString}, false, P::kAny, FnToUpper},
      {"toLower", {P::kString}, false, P::kAny, FnToLower},
      {"graphLink", {P::kString}, false, P::kAny, FnGraphLink},
      {"tableLink", {P::kString}, false, P::kAny, FnTableLink},
      {"sortByLabel", {P::kString, P::kSamples}, false, P::kAny, FnSortByLabel},
      {"humanize", {P::kAny}, false, P::kAny, FnHumanize},
      {"humanize1024", {P::kAny}, false, P::kAny, FnHumanize1024},
      {"humanizeDuration", {P::kAny}, false, P::kAny, FnHumanizeDuration},
      {"humanizePercentage", {P::kAny}, false, P::kAny, FnHumanizePercentage},
      {"humanizeTimestamp", {P::kAny}, false, P::kAny, FnHumanizeTimestamp},
      {"toTime", {P::kAny}, false, P::kAny, FnToTime},
      {"toDuration", {P::kAny}, false, P::kAny, FnToDuration},
      {"now", {}, false, P::kAny, FnNow},
      {"pathPrefix", {}, false, P::kAny, FnPathPrefix},
      {"externalURL", {}, false, P::kAny, FnExternalUrl},
      {"parseDuration", {P::kString}, false, P::kAny, FnParseDuration},
      {"urlQueryEscape", {P::kString}, false, P::kAny, FnUrlQueryEscape},
      {"stripPort", {P::kString}, false, P::kAny, FnStripPort},
      {"stripDomain", {P::kString}, false, P::kAny, FnStripDomain},
  };
  return table;
}

}  // namespace

std::string_view ParamTypeName(Param p) {
  switch (p) {
    case Param::kAny:
      return "interface {}";
    case Param::kReflect:
      return "reflect.Value";
    case Param::kString:
      return "string";
    case Param::kFloat:
      return "float64";
    case Param::kInt:
      return "int";
    case Param::kBool:
      return "bool";
    case Param::kSamples:
      return "template.queryResult";
    case Param::kSample:
      return "*template.sample";
  }
  return "";
}

const ExecFunction* FindExecFunction(std::string_view name) {
  for (const ExecFunction& f : Table()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool IsTrue(const Value& v) {
  switch (v.kind) {
    case ValueKind::kInvalid:
      return false;
    case ValueKind::kBool:
      return v.boolean;
    case ValueKind::kInt:
      return v.integer != 0;
    case ValueKind::kFloat:
      return v.number != 0;
    case ValueKind::kString:
    case ValueKind::kHtml:
      return !v.text.empty();
    case ValueKind::kStringMap:
      return v.labels && !v.labels->empty();
    case ValueKind::kAnyMap:
      return v.any_map && !v.any_map->empty();
    case ValueKind::kSamples:
      return v.samples && !v.samples->empty();
    case ValueKind::kSample:
      return v.sample != nullptr;
    case ValueKind::kTime:
    case ValueKind::kDuration:
    case ValueKind::kAlert:
      return true;
  }
  return false;
}

}  // namespace ttam::tmpl
