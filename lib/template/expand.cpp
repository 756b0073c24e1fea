#include "template/expand.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "template/exec_funcs.h"
#include "template/go_fmt.h"
#include "template/parser.h"
#include "template/template_check.h"
#include "template/tree.h"
#include "template/value.h"

namespace ttam::tmpl {
namespace {

// What rulefmt/rules prepend to every alert label and annotation (112 bytes).
constexpr std::string_view kPrefix =
    "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := "
    ".ExternalURL}}{{$value := .Value}}";

// Go's maxExecDepth is 100000; nested {{template}} calls stop far earlier here.
constexpr int kMaxExecDepth = 1000;
// Walks nested deeper than this (blocks within {{template}} calls) stop too.
constexpr int kMaxWalkDepth = 5000;

// Thrown by Executor::Errorf with the complete Go error text.
struct ExecFailure {
  std::string message;
};

enum class Flow : uint8_t { kNormal, kBreak, kContinue };

class Executor {
 public:
  Executor(const Tree& tree, const ExpandOptions& options, const AlertData& data)
      : tree_(tree), options_(options), data_(data) {
    ctx_.options = &options_;
    ctx_.data = &data_;
    template_name_ = options.name;
  }

  std::string Run() {
    Value dot;
    dot.kind = ValueKind::kAlert;
    dot.alert = std::shared_ptr<const AlertData>(&data_, [](const AlertData*) {});
    vars_.reserve(16);
    vars_.emplace_back("$", dot);
    // What the declarations Prometheus puts before the text define.
    vars_.emplace_back("$labels", EvalField("Labels", {}, std::nullopt, dot));
    vars_.emplace_back("$externalLabels", EvalField("ExternalLabels", {}, std::nullopt, dot));
    vars_.emplace_back("$externalURL", EvalField("ExternalURL", {}, std::nullopt, dot));
    vars_.emplace_back("$value", EvalField("Value", {}, std::nullopt, dot));
    Walk(dot, *tree_.root);
    return std::move(out_);
  }

 private:
  [[noreturn]] void Errorf(const std::string& message) {
    std::string text = "template: ";
    if (node_ == nullptr) {
      text += template_name_ + ": " + message;
    } else {
      const std::string_view src = tree_.source;
      const size_t pos = std::min<size_t>(node_->pos, src.size());
      const std::string_view before = src.substr(0, pos);
      const size_t nl = before.rfind('\n');
      const size_t col = nl == std::string_view::npos ? pos : pos - (nl + 1);
      const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
      // Go's ErrorContext: the failing node as Node.String() prints it, in full.
      const std::string context = node_->String();
      text += options_.name + ":" + std::to_string(line) + ":" + std::to_string(col) +
              ": executing \"" + template_name_ + "\" at <" + context + ">: " + message;
    }
    throw ExecFailure{std::move(text)};
  }

  void At(const Node& n) { node_ = &n; }

  // ---- walking ----

  Flow Walk(const Value& dot, const Node& node) {
    At(node);
    // The parser bounds nesting; this bounds it across {{template}} calls.
    if (walk_depth_ >= kMaxWalkDepth) {
      Errorf("exceeded maximum template depth (" + std::to_string(kMaxWalkDepth) + ")");
    }
    ++walk_depth_;
    const Flow f = WalkNode(dot, node);
    --walk_depth_;
    return f;
  }

  Flow WalkNode(const Value& dot, const Node& node) {
    switch (node.type) {
      case NodeType::kAction: {
        Value v = EvalPipeline(dot, node.kids[0].get());
        if (node.kids[0]->decls.empty()) {
          At(node);
          out_ += GoPrintValue(v);
        }
        return Flow::kNormal;
      }
      case NodeType::kIf:
      case NodeType::kWith:
        return WalkIfOrWith(node.type == NodeType::kWith, dot, node);
      case NodeType::kList:
        for (const auto& kid : node.kids) {
          const Flow f = Walk(dot, *kid);
          if (f != Flow::kNormal) return f;
        }
        return Flow::kNormal;
      case NodeType::kRange:
        WalkRange(dot, node);
        return Flow::kNormal;
      case NodeType::kTemplate:
        WalkTemplate(dot, node);
        return Flow::kNormal;
      case NodeType::kText:
        out_ += node.text;
        return Flow::kNormal;
      case NodeType::kBreak:
        return Flow::kBreak;
      case NodeType::kContinue:
        return Flow::kContinue;
      default:
        Errorf("unknown node: " + node.String());
    }
  }

  Flow WalkIfOrWith(bool is_with, const Value& dot, const Node& node) {
    const size_t mark = vars_.size();
    Value v = EvalPipeline(dot, node.kids[0].get());
    Flow f = Flow::kNormal;
    if (IsTrue(v)) {
      f = Walk(is_with ? v : dot, *node.kids[1]);
    } else if (node.kids[2]) {
      f = Walk(dot, *node.kids[2]);
    }
    vars_.resize(mark);
    return f;
  }

  void WalkRange(const Value& dot, const Node& r) {
    At(r);
    const size_t outer = vars_.size();
    const Node* pipe = r.kids[0].get();
    Value val = EvalPipeline(dot, pipe);
    const size_t mark = vars_.size();
    const size_t ndecl = pipe->decls.size();
    bool stop = false;
    auto one = [&](const Value& index, const Value& elem) {
      if (ndecl > 0) vars_[vars_.size() - 1].second = elem;
      if (ndecl > 1) vars_[vars_.size() - 2].second = index;
      const Flow f = Walk(elem, *r.kids[1]);
      vars_.resize(mark);
      if (f == Flow::kBreak) stop = true;
    };
    bool iterated = false;
    switch (val.kind) {
      case ValueKind::kSamples:
        if (val.samples) {
          const SampleList items = *val.samples;
          for (size_t i = 0; i < items.size() && !stop; ++i) {
            Value e;
            e.kind = ValueKind::kSample;
            e.sample = items[i];
            one(Value::Int(static_cast<int64_t>(i)), e);
            iterated = true;
          }
        }
        break;
      case ValueKind::kStringMap:
        if (val.labels) {
          LabelMap sorted = *val.labels;
          std::sort(sorted.begin(), sorted.end());
          for (size_t i = 0; i < sorted.size() && !stop; ++i) {
            one(Value::String(sorted[i].first), Value::String(sorted[i].second));
            iterated = true;
          }
        }
        break;
      case ValueKind::kAnyMap:
        if (val.any_map) {
          for (size_t i = 0; i < val.any_map->size() && !stop; ++i) {
            one(Value::String((*val.any_map)[i].first), (*val.any_map)[i].second);
            iterated = true;
          }
        }
        break;
      case ValueKind::kInt:
        // Go 1.22+ ranges over an integer (Prometheus 3.x).
        for (int64_t i = 0; i < val.integer && !stop; ++i) {
          one(Value::Int(i), Value::Int(i));
          iterated = true;
        }
        break;
      case ValueKind::kInvalid:
        break;
      default:
        Errorf("range can't iterate over " + GoPrintValue(val));
    }
    if (!iterated && r.kids[2]) Walk(dot, *r.kids[2]);
    vars_.resize(outer);
  }

  void WalkTemplate(const Value& dot, const Node& t) {
    At(t);
    const Node* body = tree_.Find(t.text);
    if (body == nullptr) Errorf("template " + GoQuoteString(t.text) + " not defined");
    if (depth_ >= kMaxExecDepth) {
      Errorf("exceeded maximum template depth (" + std::to_string(kMaxExecDepth) + ")");
    }
    Value new_dot = t.kids[0] ? EvalPipeline(dot, t.kids[0].get()) : Value{};
    std::vector<std::pair<std::string_view, Value>> saved_vars = std::move(vars_);
    vars_.clear();
    vars_.emplace_back("$", new_dot);
    std::string saved_name = template_name_;
    template_name_ = t.text;
    ++depth_;
    Walk(new_dot, *body);
    --depth_;
    template_name_ = std::move(saved_name);
    vars_ = std::move(saved_vars);
  }

  static std::string GoQuoteString(const std::string& s) {
    return GoSprintf("%q", std::vector<Value>{Value::String(s)});
  }

  // ---- evaluation ----

  Value EvalPipeline(const Value& dot, const Node* pipe) {
    if (pipe == nullptr) return Value{};
    At(*pipe);
    std::optional<Value> value;
    for (const auto& cmd : pipe->kids) value = EvalCommand(dot, *cmd, value);
    Value result = value ? std::move(*value) : Value{};
    for (const std::string& name : pipe->decls) {
      if (pipe->is_assign) {
        SetVar(name, result);
      } else {
        vars_.emplace_back(name, result);
      }
    }
    return result;
  }

  void SetVar(std::string_view name, const Value& v) {
    for (size_t i = vars_.size(); i > 0; --i) {
      if (vars_[i - 1].first == name) {
        vars_[i - 1].second = v;
        return;
      }
    }
    Errorf("undefined variable: " + std::string(name));
  }

  const Value& VarValue(std::string_view name) {
    for (size_t i = vars_.size(); i > 0; --i) {
      if (vars_[i - 1].first == name) return vars_[i - 1].second;
    }
    Errorf("undefined variable: " + std::string(name));
  }

  void NotAFunction(const std::vector<const Node*>& args, const std::optional<Value>& final) {
    if (args.size() > 1 || final) {
      Errorf("can't give argument to non-function " + args[0]->String());
    }
  }

  static std::vector<const Node*> Args(const Node& cmd) {
    std::vector<const Node*> args;
    for (const auto& k : cmd.kids) args.push_back(k.get());
    return args;
  }

  Value EvalCommand(const Value& dot, const Node& cmd, const std::optional<Value>& final) {
    const Node& first = *cmd.kids[0];
    const std::vector<const Node*> args = Args(cmd);
    switch (first.type) {
      case NodeType::kField:
        return EvalFieldNode(dot, first, args, final);
      case NodeType::kChain:
        return EvalChainNode(dot, first, args, final);
      case NodeType::kIdentifier:
        return EvalFunction(dot, first, cmd, &args, final);
      case NodeType::kPipe:
        NotAFunction(args, final);
        return EvalPipeline(dot, &first);
      case NodeType::kVariable:
        return EvalVariableNode(dot, first, args, final);
      default:
        break;
    }
    At(first);
    NotAFunction(args, final);
    switch (first.type) {
      case NodeType::kBool:
        return Value::Bool(first.boolean);
      case NodeType::kDot:
        return dot;
      case NodeType::kNil:
        Errorf("nil is not a command");
      case NodeType::kNumber:
        return IdealConstant(first);
      case NodeType::kString:
        return Value::String(first.text);
      default:
        Errorf("can't evaluate command " + GoQuoteString(first.String()));
    }
  }

  Value IdealConstant(const Node& n) {
    At(n);
    if (n.is_complex) Errorf("complex constants are not supported: " + n.text);
    const std::string& t = n.text;
    const bool hex_int = t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') &&
                         t.find_first_of("pP") == std::string::npos;
    const bool rune_int = !t.empty() && t[0] == '\'';
    if (n.is_float && !hex_int && !rune_int && t.find_first_of(".eEpP") != std::string::npos) {
      return Value::Float(n.float_value);
    }
    if (n.is_int) return Value::Int(n.int_value);
    if (n.is_uint) Errorf(t + " overflows int");
    return Value{};
  }

  Value EvalFieldNode(const Value& dot, const Node& field, const std::vector<const Node*>& args,
                      const std::optional<Value>& final) {
    At(field);
    return EvalFieldChain(dot, dot, field, field.ident, 0, args, final);
  }

  Value EvalChainNode(const Value& dot, const Node& chain, const std::vector<const Node*>& args,
                      const std::optional<Value>& final) {
    At(chain);
    if (chain.kids[0]->type == NodeType::kNil) {
      Errorf("indirection through explicit nil in " + chain.String());
    }
    Value pipe = EvalArg(dot, Param::kAny, *chain.kids[0]);
    return EvalFieldChain(dot, pipe, chain, chain.ident, 0, args, final);
  }

  Value EvalVariableNode(const Value& dot, const Node& var, const std::vector<const Node*>& args,
                         const std::optional<Value>& final) {
    At(var);
    Value value = VarValue(var.ident[0]);
    if (var.ident.size() == 1) {
      if (!args.empty()) NotAFunction(args, final);
      return value;
    }
    return EvalFieldChain(dot, value, var, var.ident, 1, args, final);
  }

  Value EvalFieldChain(const Value& /*dot*/, Value receiver, const Node& /*node*/,
                       const std::vector<std::string>& ident, size_t from,
                       const std::vector<const Node*>& args, const std::optional<Value>& final) {
    const size_t n = ident.size();
    for (size_t i = from; i + 1 < n; ++i)
      receiver = EvalField(ident[i], {}, std::nullopt, receiver);
    return EvalField(ident[n - 1], args, final, receiver);
  }

  Value EvalField(const std::string& name, const std::vector<const Node*>& args,
                  const std::optional<Value>& final, const Value& receiver) {
    if (receiver.kind == ValueKind::kInvalid) return Value{};
    const bool has_args = args.size() > 1 || final;
    auto method_args = [&] {
      const size_t got = (args.empty() ? 0 : args.size() - 1) + (final ? 1 : 0);
      if (got != 0) {
        Errorf("wrong number of args for " + name + ": want 0 got " + std::to_string(got));
      }
    };
    switch (receiver.kind) {
      case ValueKind::kAlert: {
        if (name == "Labels" || name == "ExternalLabels" || name == "ExternalURL" ||
            name == "Value") {
          if (has_args) Errorf(name + " has arguments but cannot be invoked as function");
          if (name == "Labels") return Value::Labels(LabelsOf(receiver.alert->labels, &labels_));
          if (name == "ExternalLabels") {
            return Value::Labels(LabelsOf(receiver.alert->external_labels, &external_labels_));
          }
          if (name == "ExternalURL") return Value::String(receiver.alert->external_url);
          return Value::Float(receiver.alert->value);
        }
        break;
      }
      case ValueKind::kSample: {
        if (!receiver.sample) Errorf("nil pointer evaluating *template.sample." + name);
        if (name == "Labels" || name == "Value") {
          if (has_args) Errorf(name + " has arguments but cannot be invoked as function");
          if (name == "Value") return Value::Float(receiver.sample->value);
          return Value::Labels(std::make_shared<const LabelMap>(receiver.sample->labels));
        }
        break;
      }
      case ValueKind::kStringMap: {
        if (has_args) Errorf(name + " is not a method but has arguments");
        if (receiver.labels) {
          for (const auto& [k, v] : *receiver.labels) {
            if (k == name) return Value::String(v);
          }
        }
        return Value::String("");
      }
      case ValueKind::kAnyMap: {
        if (has_args) Errorf(name + " is not a method but has arguments");
        for (const auto& [k, v] : *receiver.any_map) {
          if (k == name) return v;
        }
        return Value{};
      }
      case ValueKind::kTime: {
        const int64_t ns = receiver.integer;
        int64_t secs = ns / 1000000000;
        if (ns % 1000000000 < 0) --secs;
        if (name == "Unix") {
          method_args();
          Value v = Value::Int(secs);
          v.is_int64 = true;
          return v;
        }
        if (name == "UnixMilli" || name == "UnixNano") {
          method_args();
          Value v = Value::Int(name == "UnixMilli" ? ns / 1000000 : ns);
          v.is_int64 = true;
          return v;
        }
        if (name == "String") {
          method_args();
          return Value::String(GoPrintValue(receiver));
        }
        break;
      }
      case ValueKind::kDuration: {
        const int64_t ns = receiver.integer;
        if (name == "Seconds" || name == "Minutes" || name == "Hours") {
          method_args();
          const double unit = name == "Seconds" ? 1e9 : name == "Minutes" ? 60e9 : 3600e9;
          const int64_t whole = ns / static_cast<int64_t>(unit);
          const int64_t rest = ns % static_cast<int64_t>(unit);
          return Value::Float(static_cast<double>(whole) + static_cast<double>(rest) / unit);
        }
        if (name == "Milliseconds" || name == "Microseconds" || name == "Nanoseconds") {
          method_args();
          Value v = Value::Int(name == "Milliseconds"   ? ns / 1000000
                               : name == "Microseconds" ? ns / 1000
                                                        : ns);
          v.is_int64 = true;
          return v;
        }
        if (name == "String") {
          method_args();
          return Value::String(GoPrintValue(receiver));
        }
        break;
      }
      default:
        break;
    }
    Errorf("can't evaluate field " + name + " in type " + GoTypeName(receiver));
  }

  // The alert's maps outlive the execution: values point at them without
  // copying (an aliasing shared_ptr that owns nothing).
  static std::shared_ptr<const LabelMap> LabelsOf(const LabelMap& m,
                                                  std::shared_ptr<const LabelMap>* cache) {
    if (!*cache) *cache = std::shared_ptr<const LabelMap>(std::shared_ptr<const LabelMap>(), &m);
    return *cache;
  }

  Value EvalFunction(const Value& dot, const Node& ident, const Node& cmd,
                     const std::vector<const Node*>* args, const std::optional<Value>& final) {
    At(ident);
    const ExecFunction* fn = FindExecFunction(ident.text);
    if (fn == nullptr) Errorf(GoQuoteString(ident.text) + " is not a defined function");
    return EvalCall(dot, *fn, cmd, args, final);
  }

  Value EvalCall(const Value& dot, const ExecFunction& fn, const Node& node,
                 const std::vector<const Node*>* all_args, const std::optional<Value>& final) {
    std::vector<const Node*> args;
    if (all_args != nullptr && !all_args->empty())
      args.assign(all_args->begin() + 1, all_args->end());
    const std::string name(fn.name);
    const size_t num_in = args.size() + (final ? 1 : 0);
    size_t num_fixed = args.size();
    if (fn.variadic) {
      num_fixed = fn.params.size();
      if (num_in < num_fixed) {
        Errorf("wrong number of args for " + name + ": want at least " +
               std::to_string(fn.params.size()) + " got " + std::to_string(args.size()));
      }
    } else if (num_in != fn.params.size()) {
      Errorf("wrong number of args for " + name + ": want " + std::to_string(fn.params.size()) +
             " got " + std::to_string(num_in));
    }
    if (name == "and" || name == "or") {
      // Go 1.18+: and/or stop at the first false/true argument.
      Value v;
      for (const Node* a : args) {
        v = EvalArg(dot, Param::kReflect, *a);
        if (IsTrue(v) == (name == "or")) return v;
      }
      if (final) v = ValidateType(*final, Param::kReflect);
      return v;
    }
    std::vector<Value> argv;
    argv.reserve(num_in);
    size_t i = 0;
    for (; i < num_fixed && i < args.size(); ++i)
      argv.push_back(EvalArg(dot, fn.params[i], *args[i]));
    if (fn.variadic) {
      for (; i < args.size(); ++i) argv.push_back(EvalArg(dot, fn.variadic_param, *args[i]));
    }
    if (final) {
      Param t = fn.params.empty() ? fn.variadic_param : fn.params.back();
      if (fn.variadic) t = num_in - 1 < num_fixed ? fn.params[num_in - 1] : fn.variadic_param;
      argv.push_back(ValidateType(*final, t));
    }
    try {
      return fn.impl(ctx_, argv);
    } catch (const CallError& e) {
      At(node);
      Errorf("error calling " + name + ": " + e.message);
    }
  }

  static bool CanBeNil(Param p) {
    return p == Param::kAny || p == Param::kReflect || p == Param::kSamples || p == Param::kSample;
  }

  Value ValidateType(const Value& value, Param typ) {
    if (value.kind == ValueKind::kInvalid) {
      if (CanBeNil(typ)) {
        Value zero;
        if (typ == Param::kSamples) zero.kind = ValueKind::kSamples;
        if (typ == Param::kSample) zero.kind = ValueKind::kSample;
        return zero;
      }
      Errorf("invalid value; expected " + std::string(ParamTypeName(typ)));
    }
    bool ok = true;
    switch (typ) {
      case Param::kAny:
      case Param::kReflect:
        break;
      case Param::kString:
        ok = value.kind == ValueKind::kString;
        break;
      case Param::kFloat:
        ok = value.kind == ValueKind::kFloat;
        break;
      case Param::kInt:
        ok = value.kind == ValueKind::kInt && !value.is_int64;
        break;
      case Param::kBool:
        ok = value.kind == ValueKind::kBool;
        break;
      case Param::kSamples:
        ok = value.kind == ValueKind::kSamples;
        break;
      case Param::kSample:
        ok = value.kind == ValueKind::kSample;
        break;
    }
    if (!ok) {
      Errorf("wrong type for value; expected " + std::string(ParamTypeName(typ)) + "; got " +
             GoTypeName(value));
    }
    return value;
  }

  Value EvalArg(const Value& dot, Param typ, const Node& n) {
    At(n);
    switch (n.type) {
      case NodeType::kDot:
        return ValidateType(dot, typ);
      case NodeType::kNil:
        if (CanBeNil(typ)) return ValidateType(Value{}, typ);
        Errorf("cannot assign nil to " + std::string(ParamTypeName(typ)));
      case NodeType::kField:
        return ValidateType(EvalFieldNode(dot, n, {&n}, std::nullopt), typ);
      case NodeType::kVariable:
        return ValidateType(EvalVariableNode(dot, n, {}, std::nullopt), typ);
      case NodeType::kPipe:
        return ValidateType(EvalPipeline(dot, &n), typ);
      case NodeType::kIdentifier:
        return ValidateType(EvalFunction(dot, n, n, nullptr, std::nullopt), typ);
      case NodeType::kChain:
        return ValidateType(EvalChainNode(dot, n, {}, std::nullopt), typ);
      default:
        break;
    }
    switch (typ) {
      case Param::kBool:
        if (n.type == NodeType::kBool) return Value::Bool(n.boolean);
        Errorf("expected bool; found " + n.String());
      case Param::kFloat:
        if (n.type == NodeType::kNumber && n.is_float) return Value::Float(n.float_value);
        Errorf("expected float; found " + n.String());
      case Param::kInt:
        if (n.type == NodeType::kNumber && n.is_int) return Value::Int(n.int_value);
        Errorf("expected integer; found " + n.String());
      case Param::kString:
        if (n.type == NodeType::kString) return Value::String(n.text);
        Errorf("expected string; found " + n.String());
      case Param::kAny:
      case Param::kReflect:
        return EvalEmptyInterface(dot, n);
      case Param::kSamples:
      case Param::kSample:
        break;
    }
    Errorf("can't handle " + n.String() + " for arg of type " + std::string(ParamTypeName(typ)));
  }

  Value EvalEmptyInterface(const Value& dot, const Node& n) {
    At(n);
    switch (n.type) {
      case NodeType::kBool:
        return Value::Bool(n.boolean);
      case NodeType::kDot:
        return dot;
      case NodeType::kNumber:
        return IdealConstant(n);
      case NodeType::kString:
        return Value::String(n.text);
      default:
        Errorf("can't handle assignment of " + n.String() + " to empty interface argument");
    }
  }

  const Tree& tree_;
  const ExpandOptions& options_;
  const AlertData& data_;
  CallContext ctx_;
  std::string template_name_;
  std::vector<std::pair<std::string_view, Value>> vars_;  // names live in the tree
  const Node* node_ = nullptr;
  std::string out_;
  int depth_ = 0;
  int walk_depth_ = 0;
  std::shared_ptr<const LabelMap> labels_;
  std::shared_ptr<const LabelMap> external_labels_;
};

// The line (1-based) of byte `pos` in `text`.
size_t LineOf(std::string_view text, size_t pos) {
  pos = std::min(pos, text.size());
  return 1 + static_cast<size_t>(
                 std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(pos), '\n'));
}

// A template parsed once: its tree, or where and why parsing failed.
struct Parsed {
  std::optional<Tree> tree;
  size_t error_line = 0;
  std::string error;
};

// Rule templates repeat for every alert and every evaluation, so each thread
// keeps the trees it built (bounded; emptied when full).
std::shared_ptr<const Parsed> Parse(std::string_view text) {
  constexpr size_t kMaxCached = 4096;
  thread_local std::unordered_map<std::string, std::shared_ptr<const Parsed>> cache;
  const std::string key(text);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto parsed = std::make_shared<Parsed>();
  // One grammar: the checker's parser builds the tree as it checks.
  Tree tree;
  tree.source = std::string(kPrefix);
  tree.source += text;
  TemplateReport report;
  ParseAlertTemplate(text, report, &tree, static_cast<uint32_t>(kPrefix.size()));
  if (!report.errors.empty()) {
    parsed->error_line = LineOf(text, report.errors.front().begin);
    const TemplateError& e = report.errors.front();
    parsed->error = e.message.substr(0, e.go_length);
  } else {
    parsed->tree = std::move(tree);
  }
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(key, parsed);
  return parsed;
}

}  // namespace

Result<std::string> ExpandAlertTemplate(std::string_view text, const AlertData& data,
                                        const ExpandOptions& options) {
  const std::shared_ptr<const Parsed> parsed = Parse(text);
  if (!parsed->tree) {
    return Error{"error parsing template " + options.name + ": template: " + options.name + ":" +
                 std::to_string(parsed->error_line) + ": " + parsed->error};
  }
  Executor exec(*parsed->tree, options, data);
  try {
    return exec.Run();
  } catch (const ExecFailure& f) {
    return Error{"error executing template " + options.name + ": " + f.message};
  }
}

std::string FormatGoValue(double value) { return GoFormatFloat(value, 'g', -1); }

}  // namespace ttam::tmpl
