#include "config/relabel.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "config/target_group.h"
#include "model/names.h"
#include "support/go_regexp.h"
#include "support/md5.h"
#include "support/text.h"

namespace ttam::config {
namespace {

constexpr std::array<std::string_view, 11> kActions = {
    "replace",  "keep",      "drop",      "keepequal", "dropequal", "hashmod",
    "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase"};

std::string ActionList() {
  std::string out;
  for (auto a : kActions) out += (out.empty() ? "" : ", ") + std::string(a);
  return out;
}

/// `^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$`: a legacy label name in
/// which `$1` / `${name}` references may stand for parts.
bool IsLegacyNameTemplate(std::string_view s) {
  static const RE2 re(R"(^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$)");
  return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), re);
}

/// A target_label or labelmap replacement that may hold `$` references.
bool IsValidNameTemplate(std::string_view s, NameValidation scheme) {
  switch (scheme) {
    case NameValidation::kUtf8:
      return model::IsValidLabelName(s, scheme);
    case NameValidation::kLegacy:
      return IsLegacyNameTemplate(s);
  }
  return false;
}

std::string NameRule(NameValidation scheme) {
  switch (scheme) {
    case NameValidation::kUtf8:
      return "it must be non-empty, valid UTF-8";
    case NameValidation::kLegacy:
      return "with metric_name_validation_scheme: legacy it must match [a-zA-Z_][a-zA-Z0-9_]* "
             "(where the action allows it, with $1 or ${name} references)";
  }
  return "";
}

/// A field as go-yaml fills it: absent keeps the default, null sets the zero
/// value, a scalar sets the value.
struct StringField {
  bool present = false;
  bool ok = true;
  std::string value;
  const yaml::Node* node = nullptr;
};

StringField ReadString(Object& rule, std::string_view name) {
  StringField f;
  const yaml::Node* n = rule.Field(name);
  if (n == nullptr) return f;
  f.present = true;
  f.node = n;
  if (n->IsNull()) return f;
  if (!n->IsScalar()) {
    rule.ctx().Error(*n, rule.PathOf(name), kType,
                     "expected a string, got " + std::string(n->KindName()));
    f.ok = false;
    return f;
  }
  std::string error;
  auto text = ScalarText(*n, &error);
  if (!text) {
    rule.ctx().Error(*n, rule.PathOf(name), kValue, error);
    f.ok = false;
    return f;
  }
  f.value = *text;
  return f;
}

/// Validates one rule; reports the first problem, as Prometheus does, at the
/// field that causes it. Returns false when it reported one.
bool Validate(Object& rule, const RelabelConfig& c, NameValidation scheme, const StringField& regex,
              const StringField& target, const StringField& replacement, bool source_labels_set,
              bool modulus_set) {
  Context& ctx = rule.ctx();
  const yaml::Node& at = *rule.node();
  auto error_at = [&](const StringField& field, std::string_view name, std::string_view check,
                      std::string message) {
    if (field.node != nullptr) {
      ctx.Error(*field.node, rule.PathOf(name), check, std::move(message));
    } else {
      ctx.Error(at, rule.path(), check, std::move(message));
    }
    return false;
  };
  const std::string& a = c.action;
  bool needs_target = a == "replace" || a == "hashmod" || a == "lowercase" || a == "uppercase" ||
                      a == "keepequal" || a == "dropequal";
  bool plain_target = a == "lowercase" || a == "uppercase" || a == "keepequal" ||
                      a == "dropequal" || a == "hashmod";
  if (a == "hashmod" && c.modulus == 0) {
    ctx.Error(at, rule.path(), kRequired,
              "the hashmod action requires a non-zero modulus: add e.g. `modulus: 8`");
    return false;
  }
  if (needs_target && c.target_label.empty()) {
    return error_at(target, "target_label", kRequired,
                    "the " + a + " action requires target_label: name the label it writes");
  }
  if (a == "replace") {
    bool has_ref = c.target_label.find('$') != std::string::npos;
    bool valid = has_ref ? IsValidNameTemplate(c.target_label, scheme)
                         : model::IsValidLabelName(c.target_label, scheme);
    if (!valid) {
      return error_at(target, "target_label", kValue,
                      Quote(c.target_label) +
                          " is not a valid target_label for the replace "
                          "action: " +
                          NameRule(scheme));
    }
  }
  if (plain_target && !model::IsValidLabelName(c.target_label, scheme)) {
    return error_at(target, "target_label", kValue,
                    Quote(c.target_label) + " is not a valid target_label for the " + a +
                        " action: " + NameRule(scheme) + " (no $ references)");
  }
  if ((a == "lowercase" || a == "uppercase" || a == "keepequal" || a == "dropequal") &&
      c.replacement != "$1") {
    return error_at(replacement, "replacement", kConflict,
                    "replacement cannot be set for the " + a + " action: remove it");
  }
  if (a == "labelmap" && !IsValidNameTemplate(c.replacement, scheme)) {
    return error_at(replacement, "replacement", kValue,
                    Quote(c.replacement) +
                        " is not a valid replacement for the labelmap "
                        "action: it names the new label; " +
                        NameRule(scheme));
  }
  if (a == "keepequal" || a == "dropequal") {
    // Any regex written at all counts, even "(.*)": Prometheus compares the
    // compiled object with its default.
    std::vector<std::string> extra;
    if (regex.present) extra.push_back("regex");
    if (modulus_set && c.modulus != 0) extra.push_back("modulus");
    if (c.separator != ";") extra.push_back("separator");
    if (c.replacement != "$1") extra.push_back("replacement");
    if (!extra.empty()) {
      const yaml::Node* first = rule.node()->Find(extra[0]);
      std::string list;
      for (const auto& e : extra) list += (list.empty() ? "" : ", ") + e;
      ctx.Error(first != nullptr ? *first : at, rule.PathOf(extra[0]), kConflict,
                "the " + a + " action takes only source_labels and target_label: remove " + list);
      return false;
    }
  }
  if (a == "labeldrop" || a == "labelkeep") {
    std::vector<std::string> extra;
    if (source_labels_set) extra.push_back("source_labels");
    if (!c.target_label.empty()) extra.push_back("target_label");
    if (modulus_set && c.modulus != 0) extra.push_back("modulus");
    if (c.separator != ";") extra.push_back("separator");
    if (c.replacement != "$1") extra.push_back("replacement");
    if (!extra.empty()) {
      const yaml::Node* first = rule.node()->Find(extra[0]);
      std::string list;
      for (const auto& e : extra) list += (list.empty() ? "" : ", ") + e;
      ctx.Error(first != nullptr ? *first : at, rule.PathOf(extra[0]), kConflict,
                "the " + a + " action takes only regex (it matches label names): remove " + list);
      return false;
    }
  }
  return true;
}

RelabelConfig ReadRule(Object& rule, NameValidation scheme) {
  RelabelConfig c;
  Context& ctx = rule.ctx();
  c.origin = Origin{&ctx.doc(), rule.node(), rule.path()};
  bool ok = true;

  bool source_labels_set = false;
  if (const yaml::Node* n = rule.Field("source_labels"); n != nullptr && !n->IsNull()) {
    source_labels_set = true;
    std::string path = rule.PathOf("source_labels");
    if (!n->IsSequence()) {
      ctx.Error(
          *n, path, kType,
          "expected a list of label names, e.g. [__name__], got " + std::string(n->KindName()));
      ok = false;
    } else {
      for (size_t i = 0; i < n->items.size(); ++i) {
        const yaml::Node& item = n->items[i];
        std::string item_path = path + "[" + std::to_string(i) + "]";
        std::string error;
        std::optional<std::string> name;
        if (item.IsScalar()) name = ScalarText(item, &error);
        if (item.IsNull()) name = std::string();
        if (!item.IsScalar() && !item.IsNull()) {
          ctx.Error(item, item_path, kType,
                    "expected a label name, got " + std::string(item.KindName()));
          ok = false;
        } else if (!name) {
          ctx.Error(item, item_path, kValue, error);
          ok = false;
        } else if (!model::IsValidLabelName(*name, NameValidation::kUtf8)) {
          ctx.Error(item, item_path, kValue,
                    Quote(*name) +
                        " is not a valid label name: it must be non-empty, valid "
                        "UTF-8");
          ok = false;
        } else {
          c.source_labels.push_back(*name);
        }
      }
    }
  }

  StringField separator = ReadString(rule, "separator");
  ok = ok && separator.ok;
  if (separator.present) c.separator = separator.value;

  StringField regex = ReadString(rule, "regex");
  ok = ok && regex.ok;
  if (regex.present) {
    c.regex = regex.value;
    c.regex_set = true;
    if (regex.ok) {
      if (auto reason = RegexError(c.regex)) {
        ctx.Error(regex.node->IsNull() ? *rule.node() : *regex.node, rule.PathOf("regex"), kRegex,
                  "invalid regex " + Quote(c.regex) + ": " + *reason);
        ok = false;
      }
    }
  }

  bool modulus_set = rule.Has("modulus");
  if (auto m = rule.Int("modulus", 0)) {
    c.modulus = static_cast<uint64_t>(*m);
  } else if (modulus_set) {
    ok = false;
  }

  StringField target = ReadString(rule, "target_label");
  ok = ok && target.ok;
  if (target.present) c.target_label = target.value;

  StringField replacement = ReadString(rule, "replacement");
  ok = ok && replacement.ok;
  if (replacement.present) c.replacement = replacement.value;

  bool action_ok = true;
  if (const yaml::Node* n = rule.Field("action"); n != nullptr) {
    if (n->IsNull()) {
      ctx.Error(*n, rule.PathOf("action"), kRequired,
                "the relabel action is empty: set it to one of " + ActionList() +
                    " (or remove it for the default, replace)");
      action_ok = false;
    } else if (!n->IsScalar()) {
      ctx.Error(*n, rule.PathOf("action"), kType,
                "expected an action name, got " + std::string(n->KindName()));
      action_ok = false;
    } else {
      std::string lower = std::string(n->scalar);
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (std::find(kActions.begin(), kActions.end(), lower) == kActions.end()) {
        ctx.Error(*n, rule.PathOf("action"), kValue,
                  "unknown relabel action " + Quote(n->scalar) + "; use one of " + ActionList());
        action_ok = false;
      } else {
        c.action = lower;
      }
    }
  }
  rule.Finish();
  // A null entry (`- ` alone) has no node to validate at; the loader reports it.
  if (ok && action_ok && rule.node() != nullptr) {
    Validate(rule, c, scheme, regex, target, replacement, source_labels_set, modulus_set);
  }
  return c;
}

}  // namespace

std::optional<std::string> RegexError(std::string_view regex) {
  // Large configs repeat the same few regexes in every job (address
  // rewrites, labelmaps, drop lists); compiling each once saves most of the
  // load time. Only the verdicts are kept, not the compiled programs.
  static std::mutex mu;
  static std::unordered_map<std::string, std::optional<std::string>> verdicts;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = verdicts.find(std::string(regex));
    if (it != verdicts.end()) return it->second;
  }
  std::optional<std::string> verdict = GoRegexpError(regex);
  std::lock_guard<std::mutex> lock(mu);
  verdicts.emplace(std::string(regex), verdict);
  return verdict;
}

std::vector<RelabelConfig> ReadRelabelConfigs(Object& parent, std::string_view field,
                                              NameValidation scheme) {
  std::vector<RelabelConfig> out;
  for (Object& rule : parent.List(field)) out.push_back(ReadRule(rule, scheme));
  return out;
}

namespace {

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

/// Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; a reference
/// to a group that does not exist (or did not match) expands to nothing, and
/// a malformed `$` stays as text.
std::string Expand(const RE2& re, std::string_view tmpl, const re2::StringPiece* groups,
                   int ngroups) {
  std::string out;
  const auto& names = re.NamedCapturingGroups();
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$') {
      out += tmpl[i];
      continue;
    }
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string name;
    size_t end = i + 1;
    if (end < tmpl.size() && tmpl[end] == '{') {
      size_t close = tmpl.find('}', end);
      std::string_view inner = close == std::string_view::npos
                                   ? std::string_view()
                                   : tmpl.substr(end + 1, close - end - 1);
      if (close == std::string_view::npos || inner.empty() ||
          !std::all_of(inner.begin(), inner.end(), IsNameChar)) {
        out += '$';
        continue;
      }
      name = std::string(inner);
      end = close + 1;
    } else {
      while (end < tmpl.size() && IsNameChar(tmpl[end])) name += tmpl[end++];
      if (name.empty()) {
        out += '$';
        continue;
      }
    }
    int index = -1;
    if (std::all_of(name.begin(), name.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
      index = name.size() < 9 ? std::stoi(name) : -1;
    } else if (auto it = names.find(name); it != names.end()) {
      index = it->second;
    }
    if (index >= 0 && index < ngroups && groups[index].data() != nullptr) {
      out.append(groups[index].data(), groups[index].size());
    }
    i = end - 1;
  }
  return out;
}

uint64_t HashMod(std::string_view value, uint64_t modulus) {
  std::array<uint8_t, 16> digest = Md5(value);
  // Prometheus uses the last 8 bytes of the md5 sum, big-endian.
  uint64_t n = 0;
  for (int i = 8; i < 16; ++i) n = (n << 8) | digest[i];
  return n % modulus;
}

}  // namespace

std::shared_ptr<const RE2> CompiledRegex(std::string_view regex) {
  // Shared by every holder of the same regex while one is alive: a large
  // config repeats a few regexes in every job. Only weak references are
  // kept, so the programs of regexes nobody holds any more are freed (a
  // cache of every regex would keep megabytes of them).
  static std::mutex mu;
  static std::unordered_map<std::string, std::weak_ptr<const RE2>> compiled;
  std::string key(regex);
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = compiled.find(key);
    if (it != compiled.end()) {
      if (std::shared_ptr<const RE2> re = it->second.lock()) return re;
    }
  }
  std::shared_ptr<const RE2> re = CompileGoRegexp(regex);
  std::lock_guard<std::mutex> lock(mu);
  compiled[key] = re;
  return re;
}

struct Relabeler::Rule {
  RelabelConfig config;  // a copy: the Relabeler may outlive the rules it was given
  std::shared_ptr<const RE2> re;
};

Relabeler::Relabeler(const std::vector<RelabelConfig>& rules) {
  for (const RelabelConfig& r : rules) rules_.push_back(Rule{r, CompiledRegex(r.regex)});
}

Relabeler::~Relabeler() = default;

bool Relabeler::Apply(std::map<std::string, std::string>* labels) const {
  auto get = [&](const std::string& name) {
    auto it = labels->find(name);
    return it == labels->end() ? std::string() : it->second;
  };
  auto set = [&](const std::string& name, const std::string& value) {
    if (value.empty()) {
      labels->erase(name);
    } else {
      (*labels)[name] = value;
    }
  };
  for (const Rule& rule : rules_) {
    const RelabelConfig& c = rule.config;
    const RE2& re = *rule.re;
    if (!re.ok()) continue;
    std::string value;
    for (size_t i = 0; i < c.source_labels.size(); ++i) {
      if (i > 0) value += c.separator;
      value += get(c.source_labels[i]);
    }
    re2::StringPiece input(value);
    if (c.action == "drop") {
      if (RE2::FullMatch(input, re)) return false;
    } else if (c.action == "keep") {
      if (!RE2::FullMatch(input, re)) return false;
    } else if (c.action == "dropequal") {
      if (get(c.target_label) == value) return false;
    } else if (c.action == "keepequal") {
      if (get(c.target_label) != value) return false;
    } else if (c.action == "replace") {
      int n = re.NumberOfCapturingGroups() + 1;
      std::vector<re2::StringPiece> groups(static_cast<size_t>(n));
      if (!re.Match(input, 0, input.size(), RE2::UNANCHORED, groups.data(), n)) continue;
      std::string target = Expand(re, c.target_label, groups.data(), n);
      if (!model::IsValidLabelName(target, NameValidation::kUtf8)) continue;
      set(target, Expand(re, c.replacement, groups.data(), n));
    } else if (c.action == "lowercase" || c.action == "uppercase") {
      std::string out = value;
      bool lower = c.action == "lowercase";
      std::transform(out.begin(), out.end(), out.begin(), [lower](unsigned char ch) {
        return static_cast<char>(lower ? std::tolower(ch) : std::toupper(ch));
      });
      set(c.target_label, out);
    } else if (c.action == "hashmod") {
      set(c.target_label, std::to_string(HashMod(value, c.modulus)));
    } else if (c.action == "labelmap") {
      std::map<std::string, std::string> add;
      int n = re.NumberOfCapturingGroups() + 1;
      std::vector<re2::StringPiece> groups(static_cast<size_t>(n));
      for (const auto& [name, v] : *labels) {
        re2::StringPiece in(name);
        if (re.Match(in, 0, in.size(), RE2::UNANCHORED, groups.data(), n)) {
          add[Expand(re, c.replacement, groups.data(), n)] = v;
        }
      }
      for (auto& [name, v] : add) set(name, v);
    } else if (c.action == "labeldrop" || c.action == "labelkeep") {
      bool drop_matching = c.action == "labeldrop";
      for (auto it = labels->begin(); it != labels->end();) {
        bool match = RE2::FullMatch(it->first, re);
        it = match == drop_matching ? labels->erase(it) : std::next(it);
      }
    }
  }
  return true;
}

}  // namespace ttam::config
